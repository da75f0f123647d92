// Which user code allocated a block, and what kind of memory it is, from the Python frames the
// allocator recorded with it (innermost first). Pure string work on file names.
import type { SnapshotCategory } from '../../results.js'
import type { RawFrame } from './rawSnapshot.js'

/** A file inside the torch package (installed, or a source checkout's torch/). */
const TORCH_FILE = /(^|[\\/])torch[\\/]/
const PACKAGE_ROOT = /^.*[\\/](?:site-packages|dist-packages)[\\/]/

/** Site of a block whose allocation was recorded with no Python frame at all. */
export const NO_PYTHON_FRAMES = '(no Python frames: autograd engine thread or C++)'
/** Site of a block allocated before the recorded history starts. */
export const BEFORE_HISTORY = '(allocated before the recorded history)'

function isPython(frame: RawFrame): boolean {
  return frame.filename.endsWith('.py')
}

function isTorch(frame: RawFrame): boolean {
  return TORCH_FILE.test(frame.filename)
}

function inTorch(frame: RawFrame, path: string, names?: readonly string[]): boolean {
  const file = frame.filename.replaceAll('\\', '/')
  const at = file.lastIndexOf('/torch/')
  const rel = at >= 0 ? file.slice(at + '/torch/'.length) : file.startsWith('torch/') ? file.slice(6) : null
  if (rel === null || !rel.startsWith(path)) return false
  return names === undefined || names.includes(frame.name)
}

/**
 * `file:line (function)` of the innermost Python frame outside torch, with site-packages and the
 * given prefixes (the repository root) cut off; the innermost torch frame where no user frame
 * was recorded; NO_PYTHON_FRAMES without any Python frame.
 */
export function allocationSite(frames: readonly RawFrame[], stripPrefixes: readonly string[] = []): string {
  const python = frames.filter(isPython)
  const frame = python.find(f => !isTorch(f)) ?? python[0]
  if (frame === undefined) return NO_PYTHON_FRAMES
  let file = frame.filename
  const prefix = stripPrefixes.find(p => p !== '' && file.startsWith(p.endsWith('/') ? p : `${p}/`))
  if (prefix !== undefined) file = file.slice(prefix.length).replace(/^[\\/]/, '')
  else file = file.replace(PACKAGE_ROOT, '')
  return `${file}:${frame.line}${frame.name ? ` (${frame.name})` : ''}`
}

const TO_DEVICE = ['_apply', 'to', 'cuda', 'half', 'float', 'bfloat16', 'double', 'type', 'to_empty']
const LOADING = ['load_state_dict', '_load_from_state_dict']
const FORWARD = ['_call_impl', '_wrapped_call_impl', '__call__', 'forward']

/**
 * What a block holds, judged from torch's own frames on its allocation stack:
 * - optimizer: allocated inside torch/optim (state such as Adam's exp_avg, and step temporaries);
 * - gradients: allocated in backward, or with no Python frame at all: the autograd engine runs
 *   backward on its own device threads, which carry no Python stack ("Things allocated during the
 *   backward pass have no stack frames because they are run on another C++ thread",
 *   https://github.com/pytorch/pytorch/pull/82146): parameter .grad and backward temporaries;
 * - parameters: moving or loading a module (Module._apply/.to/.cuda, load_state_dict,
 *   torch.load, nn.Parameter, nn.init, a module's __init__ on the device);
 * - activations: inside a module's forward (Module.__call__, torch.nn.functional, checkpoint);
 * - other: anything else (inputs, user tensors, workspaces allocated from Python).
 */
export function categoryOf(frames: readonly RawFrame[]): SnapshotCategory {
  const python = frames.filter(isPython)
  if (python.length === 0) return 'gradients'
  if (python.some(f => inTorch(f, 'optim/'))) return 'optimizer'
  if (
    python.some(
      f =>
        inTorch(f, 'autograd/__init__.py', ['backward', 'grad']) ||
        inTorch(f, 'autograd/graph.py', ['_engine_run_backward']) ||
        inTorch(f, '_tensor.py', ['backward'])
    )
  )
    return 'gradients'
  if (
    python.some(
      f =>
        inTorch(f, 'nn/modules/module.py', [...TO_DEVICE, ...LOADING]) ||
        inTorch(f, 'nn/parameter.py') ||
        inTorch(f, 'nn/init.py') ||
        inTorch(f, 'serialization.py') ||
        (inTorch(f, 'nn/modules/') && (f.name === '__init__' || f.name === 'reset_parameters'))
    )
  )
    return 'parameters'
  if (
    python.some(
      f =>
        inTorch(f, 'nn/modules/module.py', FORWARD) ||
        inTorch(f, 'nn/functional.py') ||
        inTorch(f, 'utils/checkpoint.py')
    )
  )
    return 'activations'
  return 'other'
}
