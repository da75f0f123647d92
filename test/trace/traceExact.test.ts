// The trace counts what the loop really allocates: on meta it equals the same trace on real CPU
// tensors byte for byte, under torch 1.13 and 2.x, for builders the formula estimator cannot
// express; and each place where CUDA differs from meta (dropout mask, fused SDPA, autocast, the
// caching allocator, zero_grad's set_to_none) is checked against its rule.
import { beforeAll, describe, expect, it } from 'vitest'
import { PYTHONS, runScenarios, type Scenario, type ScenarioJson } from './pythons.js'

const vit = 'test/trace/builders/vit.py:build'
const PLACEMENT = 'test/trace/builders/placement.py:build'
// Activations dominate at this size, so the peak falls in forward/backward, not in the step.
const big = { dim: 64, depth: 2, heads: 4, patch: 8, height: 64, width: 64 }

/** Configurations traced on meta and on CPU. */
const CONFIGS: Record<string, Record<string, unknown>> = {
  vit: { entry: vit, batch: 2 },
  vitEager: { entry: vit, batch: 2, args: { sdpa: false } },
  decoder: { entry: 'test/trace/builders/decoder.py:build', batch: 2 },
  mha: { entry: 'test/trace/builders/mha.py:build', batch: 16, args: { tokens: 64 } },
  mhaNoDropout: { entry: 'test/trace/builders/mha.py:build', batch: 16, args: { tokens: 64, dropout: 0.0 } },
  ddp: { entry: vit, batch: 2, args: { loop: { ddp: true } } },
  accumulation: { entry: vit, batch: 2, args: { loop: { grad_accumulation: 3 } } },
  keepGrads: { entry: vit, batch: 16, args: { ...big, loop: { set_to_none: false } } },
  noneGrads: { entry: vit, batch: 16, args: { ...big, loop: { set_to_none: true } } },
  afterForward: { entry: vit, batch: 2, args: { loop: { zero_grad: 'after_forward', clip_grad_norm: 1.0 } } },
  big: { entry: vit, batch: 16, args: big },
  bigEager: { entry: vit, batch: 16, args: { ...big, sdpa: false } },
  bigBf16: { entry: vit, batch: 16, args: big, precision: 'bf16-amp' },
  decoderFp16: { entry: 'test/trace/builders/decoder.py:build', batch: 2, precision: 'fp16-amp' },
  bigCheckpoint: { entry: vit, batch: 16, args: big, checkpoint: 'auto' },
  bigBf16Checkpoint: { entry: vit, batch: 16, args: big, precision: 'bf16-amp', checkpoint: 'auto' }
}

/** torch 1.13's CPU kernels have no fp16 convolution or matmul: its fp16 trace runs on meta only. */
const NO_CPU_ON_1 = new Set(['decoderFp16'])

const scenarios: Scenario[] = [
  ...Object.entries(CONFIGS).flatMap(([name, request]): Scenario[] => [
    { name: `${name}/meta`, kind: 'trace', request: { ...request, device: 'meta' } },
    { name: `${name}/cpu`, kind: 'trace', request: { ...request, device: 'cpu' } }
  ]),
  // In this order, in one process: a variant that sets the default dtype comes between two
  // traces of the same request (as a model's fixes do in runTraces).
  ...['default', 'cpu', 'numpy', 'buffer'].map((where): Scenario => ({
    name: `placed-${where}`,
    kind: 'trace',
    request: { entry: PLACEMENT, batch: 4, args: { where } }
  })),
  { name: 'placed-half', kind: 'trace', request: { entry: PLACEMENT, batch: 4, args: { half: true } } },
  { name: 'placed-again', kind: 'trace', request: { entry: PLACEMENT, batch: 4 } },
  ...['dropout', 'sdpa_fp32', 'sdpa_bf16', 'autocast', 'allocator', 'checkpoint_autocast'].map(
    (probe): Scenario => ({
      name: probe,
      kind: 'probe',
      probe
    })
  )
]

const MIB = 1 << 20

describe.each(PYTHONS)('trace under $label', ({ python, major }) => {
  let out: Record<string, ScenarioJson> = {}
  const trace = (name: string) => {
    const outcome = out[name]
    expect(outcome, name).toBeDefined()
    if (!outcome.ok) throw new Error(`${name}: exit ${outcome.exitCode}: ${outcome.message}`)
    return outcome.result
  }

  beforeAll(async () => {
    out = await runScenarios(python, scenarios)
    expect(String(out.torch)).toMatch(new RegExp(`^${major}\\.`))
  }, 600_000)

  it.each(Object.keys(CONFIGS))('%s: meta equals real CPU tensors byte for byte', name => {
    const meta = trace(`${name}/meta`)
    if (major === 1 && NO_CPU_ON_1.has(name)) {
      expect(out[`${name}/cpu`].message).toMatch(/not implemented for 'Half'/)
      expect(meta.byCategory.activations).toBeLessThan(trace('decoder/meta').byCategory.activations)
      return
    }
    const cpu = trace(`${name}/cpu`)
    const fields = [
      'allocatedPeakBytes',
      'reservedPeakBytes',
      'byCategory',
      'peakPhase',
      'peakIteration',
      'peakOp',
      'peakModule'
    ]
    for (const field of fields) expect(meta[field], field).toEqual(cpu[field])
    const sum = Object.values(meta.byCategory as Record<string, number>).reduce((a, b) => a + b, 0)
    expect(sum).toBe(meta.allocatedPeakBytes)
    expect(meta.reservedPeakBytes).toBeGreaterThanOrEqual(meta.allocatedPeakBytes)
    expect(meta.devicePeakBytes).toBe(meta.reservedPeakBytes + 512 * MIB)
  })

  it('counts what the builder left on the CPU (device="cpu", from_numpy, a CPU buffer) as training on the GPU would', () => {
    const placed = trace('placed-default')
    expect(placed.notes.join(' ')).not.toMatch(/off the trace device/)
    for (const where of ['cpu', 'numpy']) {
      const moved = trace(`placed-${where}`)
      expect(moved.allocatedPeakBytes, where).toBe(placed.allocatedPeakBytes)
      expect(moved.byCategory, where).toEqual(placed.byCategory)
      expect(moved.notes[0], where).toMatch(
        /^the builder left \d+ tensor\(s\) of \d+ MiB off the trace device/
      )
    }
    // The 1 MiB buffer is the model's: counted with the parameters.
    expect(trace('placed-buffer').byCategory.parameters).toBe(placed.byCategory.parameters + MIB)
  })

  it("a variant's torch.set_default_dtype does not leak into the next trace in the same process", () => {
    expect(trace('placed-half').byCategory.parameters).toBeLessThan(
      trace('placed-default').byCategory.parameters
    )
    expect(trace('placed-again')).toMatchObject({
      allocatedPeakBytes: trace('placed-default').allocatedPeakBytes,
      byCategory: trace('placed-default').byCategory
    })
  })

  it('dropout keeps a 1-byte mask, as CUDA native_dropout does', () => {
    // input 4096 B + output 4096 B + bool mask 1024 B (a float noise tensor would be 4096 B)
    expect(trace('dropout').bytes).toBe(4096 + 4096 + 1024)
    expect(trace('mha/meta').allocatedPeakBytes).toBeGreaterThan(
      trace('mhaNoDropout/meta').allocatedPeakBytes
    )
  })

  it('scaled_dot_product_attention keeps no L x L matrix: the fused kernel CUDA would choose', () => {
    if (major === 1) {
      expect(trace('sdpa_fp32').absent).toBe(true)
      return
    }
    // q, k, v, out: 4 x 2*4*64*16 elements; logsumexp 2*4*64 fp32 (memory-efficient rounds L
    // up to 32). The math path would add the 2*4*64*64 fp32 attention matrix (131072 B).
    expect(trace('sdpa_fp32')).toMatchObject({ bytes: 4 * 32768 + 2048, kernels: { efficient: 1 } })
    expect(trace('sdpa_bf16')).toMatchObject({ bytes: 4 * 16384 + 2048, kernels: { flash: 1 } })
    expect(trace('vit/meta').notes.join(' ')).toMatch(/efficient x4/)
    expect(trace('bigEager/meta').byCategory.activations).toBeGreaterThan(
      trace('big/meta').byCategory.activations
    )
  })

  it('autocast is emulated as CUDA runs it: bf16 matmuls, fp32 norms and softmax, cached weight casts', () => {
    const probe = trace('autocast')
    expect(probe.kept.map((k: { dtype: string }) => k.dtype)).toEqual([
      'torch.bfloat16',
      'torch.bfloat16',
      'torch.float32',
      'torch.float32'
    ])
    // x 2048 + weight 16384 + bias 512 + a, b 1024 each + two bf16 copies of x saved for the
    // weight gradient 1024 each + LayerNorm out 2048, mean/rstd 512 each, its params 512 each
    // + softmax out 2048. The cached bf16 weight is freed when autocast exits (not saved: x
    // needs no grad).
    expect(probe.bytes).toBe(2048 + 16384 + 512 + 2 * 1024 + 2 * 1024 + 2048 + 2 * 512 + 2 * 512 + 2048)
    const fp32 = trace('big/meta')
    const bf16 = trace('bigBf16/meta')
    expect(bf16.precision).toBe('bf16-amp')
    expect(bf16.byCategory.activations).toBeLessThan(fp32.byCategory.activations)
    expect(trace('decoderFp16/meta').notes.join(' ')).toMatch(/fp16-amp: CUDA autocast emulated/)
  })

  it('replays the caching allocator: 2 MiB small segments, 20 MiB below 10 MiB, 2 MiB rounding above', () => {
    expect(trace('allocator')).toEqual({
      small: 2 * MIB,
      large_split: 20 * MIB,
      best_fit: 20 * MIB,
      round_large: 24 * MIB,
      no_split_large: 24 * MIB,
      merge: 20 * MIB,
      peak: 20 * MIB
    })
  })

  it("zero_grad's set_to_none changes the peak; the default is the running torch's", () => {
    const keep = trace('keepGrads/meta')
    const none = trace('noneGrads/meta')
    expect(keep.allocatedPeakBytes).toBeGreaterThan(none.allocatedPeakBytes)
    expect(trace('big/meta').allocatedPeakBytes).toBe(
      major === 1 ? keep.allocatedPeakBytes : none.allocatedPeakBytes
    )
  })

  it('DDP adds its flat gradient buckets, a full copy of the gradients', () => {
    const plain = trace('vit/meta')
    const ddp = trace('ddp/meta')
    expect(ddp.ddp).toBe(true)
    expect(ddp.byCategory.other).toBeGreaterThanOrEqual(4 * plain.parameters)
    expect(ddp.byCategory.other).toBeLessThan(4 * plain.parameters + 512 * 4)
    expect(ddp.allocatedPeakBytes - plain.allocatedPeakBytes).toBe(ddp.byCategory.other)
  })

  it('gradient accumulation and zero_grad after forward run their micro-batches', () => {
    const accumulation = trace('accumulation/meta')
    expect(accumulation.gradAccumulation).toBe(3)
    expect(accumulation.allocatedPeakBytes).toBeGreaterThanOrEqual(trace('vit/meta').allocatedPeakBytes)
    expect(trace('afterForward/meta').peakIteration).toBeGreaterThanOrEqual(1)
  })

  it('checkpointing the repeated blocks (auto) keeps fewer activations', () => {
    const checkpointed = trace('bigCheckpoint/meta')
    expect(checkpointed.checkpointed).toEqual({ class: ['Block'], modules: 2 })
    expect(checkpointed.byCategory.activations).toBeLessThan(trace('big/meta').byCategory.activations)
  })
  it('what backward allocates counts for the module whose forward made the node (torch 2.x)', () => {
    // The peak of this ViT falls in backward, outside any module's forward: torch 2.x names the
    // running autograd node, whose module the forward stamped; torch 1.13 has no such call, so its
    // backward's own tensors stay in '(backward)'.
    const big = trace('big/meta')
    expect(big.peakPhase).toBe('backward')
    const rows = big.byModule as { module: string; category: string; bytes: number }[]
    const inBackward = rows.filter(r => r.module === '(backward)')
    if (major === 2) {
      expect(big.peakModule).toMatch(/^blocks\.\d+\./)
      expect(inBackward).toEqual([])
    } else {
      expect(big.peakModule).toBeNull()
      expect(inBackward.map(r => r.category)).toEqual(['activations'])
    }
  })
  it('a checkpointed block recomputes under the autocast its forward ran under, as CUDA does', () => {
    // The model's own `from torch.utils.checkpoint import checkpoint` call, in bf16-amp: without
    // re-entering the emulation the recompute ran in fp32 (torch 1.13: silently more bytes;
    // 2.x: CheckpointError on the metadata mismatch).
    expect(trace('checkpoint_autocast').dtypes).toEqual(['torch.bfloat16', 'torch.bfloat16'])
    const both = trace('bigBf16Checkpoint/meta')
    expect(both.checkpointed).toEqual({ class: ['Block'], modules: 2 })
    expect(both.byCategory.activations).toBeLessThan(trace('bigBf16/meta').byCategory.activations)
    expect(both.allocatedPeakBytes).toBeLessThan(trace('bigCheckpoint/meta').allocatedPeakBytes)
  })
})
