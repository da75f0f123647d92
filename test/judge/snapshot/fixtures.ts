// Snapshot fixtures in the layouts torch writes, built from the documented structure:
//  - 1.13: a list of segments whose blocks keep `history` [{addr, real_size, frames}] and no address
//    (https://zdevito.github.io/2022/08/16/memory-snapshots.html, torch 1.13's _memory_viz.py);
//  - 2.0: {segments, device_traces}, blocks still with `history`, per-device trace entries
//    {action, addr, size, stream, frames} (https://zdevito.github.io/2022/12/09/memory-traces.html);
//  - 2.1+: blocks with address, requested_size and frames; trace actions alloc, free_requested,
//    free_completed, segment_alloc, segment_free, oom (with device_free), snapshot (the
//    Snapshot/Segment/Block/TraceEntry TypedDicts in torch/cuda/memory.py's _snapshot()).
// Block states: active_allocated, active_pending_free (docs: active_awaiting_free), inactive.
export const GiB = 2 ** 30
export const MiB = 2 ** 20
const SP = '/opt/conda/lib/python3.10/site-packages'

export const frame = (filename: string, line: number, name: string) => ({ filename, line, name })
export const torchFile = (rel: string) => `${SP}/torch/${rel}`

/** Stacks as torch records them, innermost first. */
export const stacks = {
  moveToGpu: [
    frame(torchFile('nn/modules/module.py'), 1143, '<lambda>'),
    frame(torchFile('nn/modules/module.py'), 797, '_apply'),
    frame(torchFile('nn/modules/module.py'), 1145, 'to'),
    frame('/work/repo/tools/train.py', 41, 'build_model')
  ],
  loadCheckpoint: [
    frame(torchFile('serialization.py'), 1112, 'load'),
    frame(`${SP}/mmengine/runner/checkpoint.py`, 345, 'load_from_local'),
    frame('/work/repo/tools/train.py', 52, 'main')
  ],
  attention: [
    frame(torchFile('nn/functional.py'), 1858, 'softmax'),
    frame('/work/repo/models/vit.py', 120, 'forward'),
    frame(torchFile('nn/modules/module.py'), 1501, '_call_impl'),
    frame('/work/repo/models/vit.py', 210, 'forward'),
    frame(torchFile('nn/modules/module.py'), 1501, '_call_impl'),
    frame('/work/repo/tools/train.py', 70, 'train_step')
  ],
  mlp: [
    frame(torchFile('nn/modules/linear.py'), 114, 'forward'),
    frame(torchFile('nn/modules/module.py'), 1501, '_call_impl'),
    frame('/work/repo/models/vit.py', 131, 'forward'),
    frame(torchFile('nn/modules/module.py'), 1501, '_call_impl'),
    frame('/work/repo/tools/train.py', 70, 'train_step')
  ],
  adamState: [
    frame(torchFile('optim/adamw.py'), 160, '_init_group'),
    frame(torchFile('optim/adamw.py'), 184, 'step'),
    frame(torchFile('optim/optimizer.py'), 373, 'wrapper'),
    frame(`${SP}/mmengine/optim/optimizer/optimizer_wrapper.py`, 196, 'step'),
    frame('/work/repo/tools/train.py', 75, 'train_step')
  ],
  backwardCall: [
    frame(torchFile('autograd/graph.py'), 744, '_engine_run_backward'),
    frame(torchFile('autograd/__init__.py'), 267, 'backward'),
    frame(torchFile('_tensor.py'), 522, 'backward'),
    frame('/work/repo/tools/train.py', 73, 'train_step')
  ],
  /** The autograd engine's device thread: C++ only (stacks='all') or nothing (stacks='python'). */
  engineThread: [frame('??', 0, 'torch::autograd::Engine::thread_main')],
  input: [frame('/work/repo/tools/train.py', 66, 'train_step')]
}

type Frames = ReturnType<typeof frame>[]
interface Alloc {
  size: number
  frames: Frames
  state?: string
}

const BASE = 0x7f3a_0000_0000

/** One segment tiled by the given blocks, then an inactive remainder. */
function tile(total: number, allocs: Alloc[]) {
  let address = BASE
  const blocks = allocs.map(a => {
    const block = { address, size: a.size, frames: a.frames, state: a.state ?? 'active_allocated' }
    address += a.size
    return block
  })
  const used = address - BASE
  if (used < total) blocks.push({ address, size: total - used, frames: [], state: 'inactive' })
  return blocks
}

export function torch113(total: number, allocs: Alloc[]) {
  return [
    {
      device: 0,
      address: BASE,
      total_size: total,
      allocated_size: allocs.reduce((s, a) => s + a.size, 0),
      active_size: allocs.reduce((s, a) => s + a.size, 0),
      stream: 0,
      segment_type: 'large',
      blocks: tile(total, allocs).map(b =>
        b.state === 'inactive'
          ? { size: b.size, state: b.state }
          : {
              size: b.size,
              state: b.state,
              history: [{ addr: b.address, real_size: b.size, frames: b.frames }]
            }
      )
    }
  ]
}

export function torch20(total: number, allocs: Alloc[], trace: unknown[]) {
  return { segments: torch113(total, allocs), device_traces: [trace] }
}

export function torch21(total: number, allocs: Alloc[], trace: unknown[], device = 0) {
  const blocks = tile(total, allocs).map(b => ({
    address: b.address,
    size: b.size,
    requested_size: b.state === 'inactive' ? 0 : b.size - 512,
    state: b.state,
    frames: b.state === 'inactive' ? [] : b.frames
  }))
  return {
    segments: [
      {
        device,
        address: BASE,
        total_size: total,
        stream: 0,
        segment_type: 'large',
        segment_pool_id: [0, 0],
        allocated_size: allocs.reduce((s, a) => s + a.size, 0),
        active_size: allocs.reduce((s, a) => s + a.size, 0),
        requested_size: allocs.reduce((s, a) => s + a.size, 0),
        blocks
      }
    ],
    device_traces: device === 0 ? [trace] : [[], trace]
  }
}

export const addressOf = (allocs: Alloc[], index: number) =>
  BASE + allocs.slice(0, index).reduce((s, a) => s + a.size, 0)
