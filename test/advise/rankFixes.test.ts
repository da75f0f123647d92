import { describe, expect, it } from 'vitest'
import { estimatePeak } from '../../src/advise/estimate.js'
import { rankFixes } from '../../src/advise/rankFixes.js'
import { EstimateSpecSchema, type EstimateSpecInput } from '../../src/config/estimateSpec.js'

const GIB = 2 ** 30
const limitBytes = Math.round(80 * GIB * 0.97)
const spec = (s: EstimateSpecInput) => EstimateSpecSchema.parse(s)
const story = spec({ arch: 'sapiens_2b', image: '1024x768', attention: 'eager' })

describe('rankFixes', () => {
  const fixes = rankFixes(story, { limitBytes, measuredPeakBytes: null })

  it('lists fits first, each with its estimated peak and verdict', () => {
    expect(fixes[0]!.fits).toBe(true)
    const firstMiss = fixes.findIndex(f => !f.fits)
    if (firstMiss >= 0) expect(fixes.slice(firstMiss).every(f => !f.fits)).toBe(true)
    for (const f of fixes) expect(f.fits).toBe(f.estimatedPeakBytes <= limitBytes)
  })

  it('offers bf16 AMP, checkpointing, FSDP over 2 and 4, a smaller model and a larger patch', () => {
    expect(fixes.map(f => f.id)).toEqual(
      expect.arrayContaining(['bf16-amp', 'checkpointing', 'fsdp-2', 'fsdp-4', 'smaller-model', 'patch-32'])
    )
  })

  it('warns that a larger patch leaves the pretrained token grid', () => {
    const patch = fixes.find(f => f.id === 'patch-32')!
    expect(patch.fits).toBe(true)
    expect(patch.warning).toMatch(/position embeddings must be interpolated/)
    expect(patch.warning).toMatch(/patch-embedding weights no longer match/)
  })

  it('puts a flag in the same recipe before a different model or input', () => {
    const order = fixes.filter(f => f.fits).map(f => f.id)
    expect(order.indexOf('checkpointing')).toBeLessThan(order.indexOf('smaller-model'))
    expect(order.indexOf('smaller-model')).toBeLessThan(order.indexOf('patch-32'))
  })

  it('estimates each fix as the estimator does the changed recipe', () => {
    const patch = fixes.find(f => f.id === 'patch-32')!
    expect(patch.estimatedPeakBytes).toBe(estimatePeak({ ...story, patch: 32 }).totalBytes)
    const smaller = fixes.find(f => f.id === 'smaller-model')!
    expect(smaller.title).toMatch(/sapiens_1b/)
  })

  it('offers only fixes that apply', () => {
    const ids = (s: EstimateSpecInput) =>
      rankFixes(spec(s), { limitBytes, measuredPeakBytes: null }).map(f => f.id)
    expect(ids({ arch: 'sapiens_2b', image: '1024x768' }).some(id => id.startsWith('batch-'))).toBe(false)
    expect(ids({ arch: 'sapiens_0.3b', image: '1024x768' })).not.toContain('smaller-model')
    expect(ids({ arch: 'sapiens_2b', image: '1024x768', precision: 'bf16-amp' })).not.toContain('bf16-amp')
    expect(ids({ arch: 'sapiens_2b', image: '1024x768', checkpointing: true })).not.toContain('checkpointing')
    expect(ids({ arch: 'sapiens_2b', image: '1024x768', fsdp: 4 })).not.toContain('fsdp-2')
    expect(ids({ arch: 'bert_large', tokens: 512 }).some(id => id.startsWith('patch-'))).toBe(false)
  })

  it('keeps the effective batch with gradient accumulation, choosing the largest micro-batch that fits', () => {
    const s = spec({ arch: 'sapiens_2b', image: '1024x768', batch: 4, ddp: true })
    const batch = rankFixes(s, { limitBytes, measuredPeakBytes: null }).filter(f => f.id.startsWith('batch-'))
    expect(batch).toHaveLength(1)
    const micro = Number(batch[0]!.id.slice('batch-'.length))
    expect(4 % micro).toBe(0)
    expect(batch[0]!.title).toContain(`over ${4 / micro} steps`)
    expect(batch[0]!.detail).toContain(`accumulative_counts=${4 / micro}`)
    if (batch[0]!.fits && micro < 2) {
      expect(estimatePeak({ ...s, batch: 2, 'grad-accumulation': 2 }).totalBytes).toBeGreaterThan(limitBytes)
    }
  })

  it('scales by measured/estimated and says so', () => {
    const s = spec({ arch: 'sapiens_1b', image: '1024x768', batch: 2, ddp: true, attention: 'eager' })
    const estimated = estimatePeak(s).totalBytes
    const plain = rankFixes(s, { limitBytes, measuredPeakBytes: null })
    const scaled = rankFixes(s, {
      limitBytes: 10 * limitBytes,
      measuredPeakBytes: Math.round(estimated * 1.1)
    })
    const a = plain.find(f => f.id === 'checkpointing')!
    const b = scaled.find(f => f.id === 'checkpointing')!
    expect(b.estimatedPeakBytes / a.estimatedPeakBytes).toBeCloseTo(1.1, 3)
    // Said once for all fixes (fix.caveat), not in each detail.
    expect(b.caveat).toMatchObject({
      code: 'scaled',
      text: expect.stringMatching(/Scaled by measured\/estimated = 1\.10/)
    })
    expect(b.detail).not.toMatch(/Scaled/)
    expect(a.caveat).toBeNull()
  })

  it('does not scale down by a run that stopped at the limit', () => {
    const estimated = estimatePeak(story).totalBytes
    const fixes2 = rankFixes(story, { limitBytes, measuredPeakBytes: Math.round(estimated * 0.7) })
    const plain = rankFixes(story, { limitBytes, measuredPeakBytes: null })
    expect(fixes2.map(f => f.estimatedPeakBytes)).toEqual(plain.map(f => f.estimatedPeakBytes))
    expect(fixes2.every(f => f.caveat?.code === 'not-scaled')).toBe(true)
    expect(fixes2[0]!.caveat!.text).toMatch(/Not scaled/)
  })

  it('warns that bf16 AMP sends sapiens_2b attention to the math path', () => {
    const s = spec({ arch: 'sapiens_2b', image: '1024x768', attention: 'efficient', batch: 2, ddp: true })
    const bf16 = rankFixes(s, { limitBytes, measuredPeakBytes: null }).find(f => f.id === 'bf16-amp')!
    expect(bf16.warning).toMatch(/math path/)
  })

  it('says checkpointing needs a code change in Sapiens (its ViT has no with_cp) and ranks it after FSDP', () => {
    const sapiens = rankFixes(spec({ arch: 'sapiens_2b', image: '1024x768', batch: 2, ddp: true }), {
      limitBytes,
      measuredPeakBytes: null
    })
    const ckpt = sapiens.find(f => f.id === 'checkpointing')!
    expect(ckpt.warning).toMatch(
      /needs a code change in Sapiens: its VisionTransformer .* has no with_cp option/
    )
    const fitting = sapiens.filter(f => f.fits).map(f => f.id)
    expect(fitting.indexOf('fsdp-2')).toBeLessThan(fitting.indexOf('checkpointing'))
    // A toy with Sapiens' head and explicit dims is Sapiens too; a plain ViT is not.
    const toy = spec({ arch: 'sapiens_2b', dims: { hidden: 128, layers: 48, heads: 32 }, image: '320x240' })
    expect(
      rankFixes(toy, { limitBytes, measuredPeakBytes: null }).find(f => f.id === 'checkpointing')?.warning
    ).toMatch(/code change/)
    const vit = rankFixes(spec({ arch: 'vit_large', image: '224x224', batch: 512 }), {
      limitBytes,
      measuredPeakBytes: null
    })
    expect(vit.find(f => f.id === 'checkpointing')?.warning).toBeNull()
  })

  it("gives mmengine's own switches: AmpOptimWrapper for AMP, model_wrapper_cfg for FSDP", () => {
    const amp = fixes.find(f => f.id === 'bf16-amp')!
    expect(amp.detail).toContain(
      '--cfg-options optim_wrapper.type=AmpOptimWrapper optim_wrapper.dtype=bfloat16'
    )
    const fsdp = fixes.find(f => f.id === 'fsdp-2')!
    expect(fsdp.detail).toContain(
      'tools/dist_train.sh CONFIG 2 --cfg-options model_wrapper_cfg.type=MMFullyShardedDataParallel'
    )
  })
})
