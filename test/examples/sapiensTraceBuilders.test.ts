// The trace builders of the examples (contract 7): Sapiens in plain PyTorch at its real shapes
// (parameter counts of docs' reference facts, the padded token grid), the builder of the upstream
// code (what can run without the Sapiens clone: its config lookup, its recipe from the config's
// optim_wrapper, its import error), and the demo's toys, each trained for real on CPU tensors at a
// small size through test/trace/figures/check_builders.py.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { findTorchPython } from '../../src/measure/probe/findPython.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const checker = join(root, 'test/trace/figures/check_builders.py')
const SAPIENS = 'examples/sapiens-normal/trace_sapiens.py:build'
const UPSTREAM = 'examples/sapiens-normal/trace_sapiens_upstream.py:build'
const TINY = 'examples/tiny-normal/trace_tiny.py:build'

function python(): string {
  const found = findTorchPython()
  if (found === null)
    throw new Error('no Python with torch found (install python3-torch or set OOM_GATE_PYTHON)')
  return found.python
}

interface Checked {
  ok: boolean
  error: string | null
  parameters?: number
  loss?: number
}

function check(command: 'run-entry' | 'params', entry: string, args: Record<string, unknown>): Checked {
  const run = spawnSync(python(), [checker, command, entry, JSON.stringify(args)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000
  })
  const line = run.stdout.trim().split('\n').pop() ?? ''
  if (!line.startsWith('{')) throw new Error(`no result from check_builders.py: ${run.stderr}`)
  return JSON.parse(line) as Checked
}

function py(code: string, cwd = root): string {
  const run = spawnSync(python(), ['-c', code], { cwd, encoding: 'utf8', timeout: 120_000 })
  if (run.status !== 0) throw new Error(run.stderr)
  return run.stdout.trim()
}

const torchMajor = () => Number(py('import torch; print(torch.__version__.split(".")[0])'))

describe('examples/sapiens-normal/trace_sapiens.py', () => {
  it('builds the reference parameter counts (backbone + VitNormalHead) for the four sizes', () => {
    const reference: Record<string, string> = {
      'sapiens_0.3b': '0.339',
      'sapiens_0.6b': '0.671',
      sapiens_1b: '1.179',
      sapiens_2b: '2.176'
    }
    for (const [arch, billions] of Object.entries(reference)) {
      const result = check('params', SAPIENS, { arch })
      expect(result.error).toBeNull()
      expect({ arch, billions: ((result.parameters ?? 0) / 1e9).toFixed(3) }).toEqual({ arch, billions })
    }
  }, 240_000)

  it('has the padded token grid: 1024x768 is 64x48 at patch 16 and 32x24 at patch 32', () => {
    const out = py(
      'import sys; sys.path.insert(0, "examples/sapiens-normal"); import trace_sapiens as t; ' +
        'print(t.token_grid((1024, 768), 16), t.token_grid((1024, 768), 32))'
    )
    expect(out).toBe('(64, 48) (32, 24)')
  })

  it('trains on CPU tensors at a small size: eager, checkpointed, bf16 autocast', () => {
    const small = { image: '64x48', shrink: 16, layers: 2 }
    for (const args of [
      { batch: 2, arch: 'sapiens_0.3b', attention: 'eager', ...small },
      { batch: 1, arch: 'sapiens_2b', patch: 32, attention: 'eager', checkpointing: true, ...small },
      { batch: 1, arch: 'sapiens_1b', attention: 'eager', precision: 'bf16-amp', ...small }
    ]) {
      const result = check('run-entry', SAPIENS, args)
      expect({ args, error: result.error }).toEqual({ args, error: null })
    }
  }, 240_000)

  it('takes SDPA only where torch has it, and names a bad argument', () => {
    const sdpa = check('run-entry', SAPIENS, { attention: 'sdpa', image: '64x48', shrink: 16, layers: 2 })
    if (torchMajor() >= 2) expect(sdpa.error).toBeNull()
    else expect(sdpa.error).toMatch(/^ValueError: attention=sdpa needs torch >= 2\.0 \(this is torch 1\./)
    expect(check('run-entry', SAPIENS, { arch: 'sapiens_3b' }).error).toMatch(
      /^ValueError: arch must be one of sapiens_0\.3b, sapiens_0\.6b, sapiens_1b, sapiens_2b, got 'sapiens_3b'/
    )
    expect(check('run-entry', SAPIENS, { patch: 8 }).error).toMatch(
      /^ValueError: patch must be 16 or 32, got 8/
    )
    expect(check('run-entry', SAPIENS, { image: '1024' }).error).toMatch(
      /^ValueError: image must be HEIGHTxWIDTH/
    )
  }, 120_000)
})

describe('examples/sapiens-normal/trace_sapiens_upstream.py', () => {
  const load =
    'import sys; sys.path.insert(0, "examples/sapiens-normal"); import trace_sapiens_upstream as u; '

  it('finds the upstream config, the 2b file with its space before .py included', () => {
    const seg = mkdtempSync(join(tmpdir(), 'sapiens-seg-'))
    const folder = join(seg, 'configs/sapiens_normal/normal_general')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'sapiens_2b_normal_general-1024x768 .py'), '')
    writeFileSync(join(folder, 'sapiens_1b_normal_general-1024x768.py'), '')
    const out = py(
      `${load}import os; print(os.path.basename(u.config_path(${JSON.stringify(seg)}, "sapiens_2b")) + "|" + ` +
        `os.path.basename(u.config_path(${JSON.stringify(seg)}, "sapiens_1b")))`
    )
    expect(out).toBe('sapiens_2b_normal_general-1024x768 .py|sapiens_1b_normal_general-1024x768.py')
    expect(check('run-entry', UPSTREAM, { seg_root: seg, arch: 'sapiens_0.3b' }).error).toMatch(
      /^FileNotFoundError: no sapiens_0\.3b config in .*normal_general \(looked for/
    )
  })

  it('says what to install when the clone is not importable (mmengine missing here)', () => {
    const seg = mkdtempSync(join(tmpdir(), 'sapiens-seg-'))
    const config = join(seg, 'sapiens_2b_normal_general-1024x768 .py')
    writeFileSync(config, '')
    const result = check('run-entry', UPSTREAM, { config })
    expect(result.error).toMatch(
      /^ImportError: trace_sapiens_upstream\.py needs the Sapiens clone installed \(mmengine, mmcv>=2 .*trace_sapiens\.py \(plain PyTorch\) instead/
    )
  })

  it('maps the normal_general optim_wrapper to AdamW, clip 1.0 and fp32; an AmpOptimWrapper to autocast', () => {
    // facebookresearch/sapiens @ 3e829ac2, seg/configs/sapiens_normal/normal_general/*: optim_wrapper
    const upstream =
      "{'optimizer': {'type': 'AdamW', 'lr': 5e-4, 'betas': (0.9, 0.999), 'weight_decay': 0.1}, " +
      "'paramwise_cfg': {'num_layers': 48, 'layer_decay_rate': 0.85}, " +
      "'constructor': 'LayerDecayOptimWrapperConstructor', 'clip_grad': {'max_norm': 1., 'norm_type': 2}}"
    const out = py(`${load}import json; print(json.dumps(u.recipe(${upstream})))`)
    expect(JSON.parse(out)).toEqual([
      { lr: 5e-4, betas: [0.9, 0.999], weight_decay: 0.1 },
      { iterations: 2, zero_grad: 'before_forward', clip_grad_norm: 1, precision: 'fp32' }
    ])
    const amp = py(
      `${load}print(u.recipe({'type': 'AmpOptimWrapper', 'dtype': 'bfloat16', 'optimizer': {'type': 'AdamW', 'lr': 1e-4}})[1]['precision'])`
    )
    expect(amp).toBe('bf16-amp')
  })
})

describe('examples/tiny-normal/trace_tiny.py', () => {
  it("builds train.py's own model for each toy and trains it on CPU tensors", () => {
    for (const size of ['0.3b', '0.6b', '1b', '2b']) {
      const result = check('run-entry', TINY, { size, image: '64x48' })
      expect({ size, error: result.error }).toEqual({ size, error: null })
    }
    expect(check('run-entry', TINY, { size: '3b' }).error).toMatch(
      /^ValueError: size must be one of 0\.3b, 0\.6b, 1b, 2b/
    )
  }, 240_000)
})
