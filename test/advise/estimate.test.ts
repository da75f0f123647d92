import { describe, expect, it } from 'vitest'
import { BREAKDOWN_TERMS, estimatePeak } from '../../src/advise/estimate.js'
import { EstimateSpecSchema, type EstimateSpecInput } from '../../src/config/estimateSpec.js'

const GIB = 2 ** 30
const LIMIT_80GIB = 80 * GIB * 0.97 // the A800's 80 GiB minus the default 3% headroom
const est = (spec: EstimateSpecInput) => estimatePeak(EstimateSpecSchema.parse(spec))
const sapiens = (arch: string, extra: Partial<EstimateSpecInput> = {}) =>
  est({ arch, image: '1024x768', precision: 'fp32', optimizer: 'adamw', ...extra })

// The reports (facebookresearch/sapiens issues 86 and 92): on one A800 80GB, sapiens_1b
// fine-tunes, sapiens_2b at patch 16 runs out of memory (#92: at "batch size 1"), and at patch 32
// it runs. Sapiens installs torch 2.x, where its attention is F.scaled_dot_product_attention.
describe('the Sapiens story', () => {
  it('defaults to memory-efficient attention (torch >= 2.0), where 2b fits at batch 1', () => {
    const e = sapiens('sapiens_2b')
    expect(e.attention).toBe('efficient')
    expect(e.totalBytes / GIB).toBeCloseTo(52.9, 1)
    expect(sapiens('sapiens_2b', { ddp: true }).totalBytes / GIB).toBeCloseTo(61.3, 1)
    // The fine-tune script's TRAIN_BATCH_SIZE_PER_GPU=2 under DDP does not fit.
    expect(sapiens('sapiens_2b', { batch: 2, ddp: true }).totalBytes / GIB).toBeCloseTo(88.7, 1)
  })

  describe('eager attention at batch 1 (torch < 2.0: Sapiens falls back to its Python softmax)', () => {
    const eager = { attention: 'eager', batch: 1 } as const
    it('sapiens_1b fits an 80 GiB card', () => {
      expect(sapiens('sapiens_1b', eager).totalBytes).toBeLessThan(LIMIT_80GIB)
    })
    it('sapiens_2b at patch 16 does not, by tens of GiB of s^2 scores', () => {
      const e = sapiens('sapiens_2b', eager)
      expect(e.totalBytes).toBeGreaterThan(80 * GIB)
      expect(e.breakdown.attentionScores).toBeGreaterThan(40 * GIB)
    })
    it('sapiens_2b at patch 32 fits', () => {
      expect(sapiens('sapiens_2b', { ...eager, patch: 32 }).totalBytes).toBeLessThan(LIMIT_80GIB)
    })
    it('the smaller sizes fit too', () => {
      for (const arch of ['sapiens_0.3b', 'sapiens_0.6b']) {
        expect(sapiens(arch, eager).totalBytes).toBeLessThan(LIMIT_80GIB)
      }
    })
  })

  describe('memory-efficient SDPA (torch >= 2.0 in fp32)', () => {
    it('every size fits at batch 1, so batch 1 alone cannot explain the report', () => {
      for (const arch of ['sapiens_0.3b', 'sapiens_0.6b', 'sapiens_1b', 'sapiens_2b']) {
        expect(sapiens(arch, { attention: 'efficient' }).totalBytes).toBeLessThan(LIMIT_80GIB)
      }
    })
    it('at batch 2 under DDP (the fine-tune scripts): 1b fits, 2b at patch 16 does not, at patch 32 it does', () => {
      const ddp2 = { attention: 'efficient', batch: 2, ddp: true } as const
      expect(sapiens('sapiens_1b', ddp2).totalBytes).toBeLessThan(LIMIT_80GIB)
      expect(sapiens('sapiens_2b', ddp2).totalBytes).toBeGreaterThan(80 * GIB)
      expect(sapiens('sapiens_2b', { ...ddp2, patch: 32 }).totalBytes).toBeLessThan(LIMIT_80GIB)
    })
  })
})

describe('estimatePeak', () => {
  it('breakdown terms sum to the total and include every modelled term', () => {
    for (const spec of [
      { arch: 'sapiens_2b', image: '1024x768', attention: 'eager' },
      { arch: 'vit_large', image: '224x224', batch: 32, precision: 'bf16-amp', fsdp: 4 },
      { arch: 'bert_large', tokens: 512, batch: 8, ddp: true, dropout: true }
    ] as EstimateSpecInput[]) {
      const e = est(spec)
      expect(Object.keys(e.breakdown).sort()).toEqual([...BREAKDOWN_TERMS].sort())
      expect(Object.values(e.breakdown).reduce((a, b) => a + b, 0)).toBe(e.totalBytes)
      expect(e.reservedBytes).toBe(e.totalBytes - e.breakdown.cudaContext)
    }
  })

  it('reports the tokens, grid and parameters', () => {
    const e = sapiens('sapiens_2b')
    expect(e.tokens).toBe(3072)
    expect(e.grid).toEqual({ rows: 64, cols: 48 })
    expect(sapiens('sapiens_2b', { patch: 32 }).tokens).toBe(768)
    expect(est({ arch: 'vit_base', image: '224x224' }).tokens).toBe(197) // + class token
  })

  it('grows with batch and tokens; shrinks with checkpointing, bf16 and sharding', () => {
    const base = sapiens('sapiens_1b')
    expect(sapiens('sapiens_1b', { batch: 2 }).totalBytes).toBeGreaterThan(base.totalBytes)
    expect(sapiens('sapiens_1b', { patch: 32 }).totalBytes).toBeLessThan(base.totalBytes)
    expect(sapiens('sapiens_1b', { checkpointing: true }).totalBytes).toBeLessThan(base.totalBytes)
    expect(sapiens('sapiens_1b', { precision: 'bf16-amp' }).totalBytes).toBeLessThan(base.totalBytes)
    expect(sapiens('sapiens_1b', { fsdp: 2 }).totalBytes).toBeLessThan(base.totalBytes)
    expect(sapiens('sapiens_1b', { fsdp: 4 }).totalBytes).toBeLessThan(
      sapiens('sapiens_1b', { fsdp: 2 }).totalBytes
    )
  })

  it('checkpointing keeps one fp32 residual per layer and no s^2 scores', () => {
    const e = sapiens('sapiens_2b', { attention: 'eager', checkpointing: true, batch: 2 })
    expect(e.breakdown.attentionScores).toBe(0)
    const perLayer = 4 * 3072 * 2 * 1920
    expect(e.stages['forward-end']).toBeGreaterThan(48 * perLayer)
    expect(e.breakdown.layerActivations === 0 || e.breakdown.layerActivations >= perLayer).toBe(true)
  })

  it('DDP adds a gradient-sized bucket; keep-grads keeps gradients at the peak', () => {
    const plain = sapiens('sapiens_1b')
    const ddp = sapiens('sapiens_1b', { ddp: true })
    expect(ddp.breakdown.ddpBuckets).toBe(Math.round(4 * plain.params))
    const kept = sapiens('sapiens_1b', { 'keep-grads': true })
    expect(kept.breakdown.gradients).toBe(Math.round(4 * plain.params))
    expect(plain.breakdown.gradients).toBeLessThan(kept.breakdown.gradients)
  })

  it('names the SDPA math fallback for a misaligned head dim in 16-bit', () => {
    const e = sapiens('sapiens_2b', { precision: 'bf16-amp', attention: 'efficient' })
    expect(e.attention).toBe('math')
    expect(e.breakdown.attentionScores).toBeGreaterThan(20 * GIB)
    expect(e.notes).toContainEqual({ code: 'sdpa-math-path', text: expect.stringMatching(/head dim 60/) })
    expect(sapiens('sapiens_1b', { precision: 'bf16-amp' }).attention).toBe('efficient')
  })

  it('adds NCCL to the context when distributed, and takes a measured context', () => {
    expect(sapiens('sapiens_1b').breakdown.cudaContext).toBe(0.5 * GIB)
    expect(sapiens('sapiens_1b', { ddp: true }).breakdown.cudaContext).toBe(0.75 * GIB)
    expect(sapiens('sapiens_1b', { 'cuda-context': '1343MiB' }).breakdown.cudaContext).toBe(1343 * 2 ** 20)
  })

  it('throws a plain Error naming the known architectures for an unknown one', () => {
    expect(() => est({ arch: 'sapiens_3b', image: '1024x768' })).toThrow(Error)
    expect(() => est({ arch: 'sapiens_3b', image: '1024x768' })).toThrow(
      /unknown architecture "sapiens_3b".*sapiens_2b/
    )
  })

  it('rejects shapes that cannot exist', () => {
    expect(() => est({ dims: { hidden: 100, layers: 2, heads: 3 }, image: '64x64' })).toThrow(
      /not divisible by 3 heads/
    )
    expect(() => est({ arch: 'bert_large', image: '224x224' })).toThrow(/text model; give tokens/)
    expect(() => est({ arch: 'bert_large', tokens: 1024 })).toThrow(/at most 512 tokens/)
  })

  it('custom dims next to an arch keep its patch padding and head', () => {
    const e = est({ arch: 'sapiens_1b', dims: { hidden: 1024, layers: 24, heads: 16 }, image: '1024x768' })
    expect(e.paramsHead).toBeGreaterThan(0)
    expect(e.tokens).toBe(3072)
    expect(e.params).toBe(sapiens('sapiens_0.3b').params)
  })

  it('takes explicit dims: mlp-ratio as a multiple of hidden, head channels for the normal head', () => {
    const base = { arch: 'sapiens_2b', image: '320x240', attention: 'eager' } as const
    const byRatio = est({ ...base, dims: { hidden: 128, layers: 48, heads: 32, 'mlp-ratio': 4 } })
    const bySize = est({ ...base, dims: { hidden: 128, layers: 48, heads: 32, mlp: 512 } })
    expect(byRatio.totalBytes).toBe(bySize.totalBytes)
    expect(byRatio.dims.mlp).toBe(512)
    // The toy head: 48 channels instead of 768 shrinks head parameters and activations.
    const toy = est({ ...base, dims: { hidden: 128, layers: 48, heads: 32, 'head-channels': 48 } })
    const wide = est({ ...base, dims: { hidden: 128, layers: 48, heads: 32 } })
    expect(toy.paramsHead).toBe(128 * 48 * 16 + 2 * 48 * 48 * 16 + 3 * (48 * 48 + 48) + 48 * 3 + 3)
    expect(wide.breakdown.headActivations / toy.breakdown.headActivations).toBeGreaterThan(10)
    expect(() =>
      EstimateSpecSchema.parse({
        ...base,
        dims: { hidden: 128, layers: 48, heads: 32, mlp: 512, 'mlp-ratio': 4 }
      })
    ).toThrow(/not both/)
  })

  it('drop path keeps only two per-sample masks per layer; allocator-slack replaces the fixed slack', () => {
    const vit = {
      dims: { hidden: 1280, layers: 32, heads: 16 },
      image: '256x192',
      padding: 2,
      batch: 64
    } as const
    const plain = est(vit)
    const dropPath = est({ ...vit, 'drop-path': true })
    // timm's drop_path saves a (batch, 1, 1) fp32 mask per branch (saved_tensors_hooks on torch
    // 1.13 and 2.6), never the branch output: 64 * 4 B rounds to one 512 B block.
    expect(dropPath.breakdown.layerActivations - plain.breakdown.layerActivations).toBe(32 * 2 * 512)
    const noSlack = est({ ...vit, 'allocator-slack': 0 })
    expect(plain.breakdown.allocatorSlack - noSlack.breakdown.allocatorSlack).toBe(0.5 * GIB)
  })
})
