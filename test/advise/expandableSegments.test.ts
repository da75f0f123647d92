import { describe, expect, it } from 'vitest'
import { adviseModel } from '../../src/advise/adviseModel.js'
import {
  expandableSegmentsFix,
  rankFixes,
  torchAtLeast21,
  withAllocatorFix
} from '../../src/advise/rankFixes.js'
import { EstimateSpecSchema } from '../../src/config/estimateSpec.js'
import type { AllocatorHealth } from '../../src/results.js'
import { modelConfig } from '../support/builders.js'

const GiB = 2 ** 30
const limitBytes = 77 * GiB
const fragmented: AllocatorHealth = {
  device: '0',
  torchVersion: '2.3.1+cu121',
  numAllocRetries: 4,
  numOoms: 0,
  peakAllocatedBytes: 60 * GiB,
  peakActiveBytes: 62 * GiB,
  peakReservedBytes: 74 * GiB,
  peakInactiveSplitBytes: 9 * GiB,
  reservedUnallocatedBytes: 12 * GiB,
  reservedUnallocatedSource: 'snapshot',
  expandableSegments: false
}

describe('expandable_segments as a ranked fix', () => {
  it('reads torch versions', () => {
    expect(['2.1.0', '2.4.0a0+git1234', '3.0.0', '10.0'].map(torchAtLeast21)).toEqual([
      true,
      true,
      true,
      true
    ])
    expect(['2.0.1+cu118', '1.13.1', '', null].map(torchAtLeast21)).toEqual([false, false, false, false])
  })

  it('is offered for large fragmentation on torch >= 2.1, with the reserve taken off the measured peak', () => {
    const fix = expandableSegmentsFix(fragmented, { peakBytes: 78 * GiB, limitBytes })
    expect(fix).toMatchObject({
      id: 'expandable-segments',
      title: 'Set PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True',
      estimatedPeakBytes: 66 * GiB,
      fits: true
    })
    expect(fix!.detail).toMatch(/^12\.00 GiB of the 74\.00 GiB PyTorch reserved held no tensor at the peak/)
  })

  it('an OOM adds the failed request and warns that the need may be higher', () => {
    const fix = expandableSegmentsFix(fragmented, {
      peakBytes: 78 * GiB,
      limitBytes,
      oomRequestBytes: 2 * GiB
    })
    expect(fix).toMatchObject({
      estimatedPeakBytes: 68 * GiB,
      warning: expect.stringMatching(/first failing allocation/)
    })
  })

  it('is not offered on torch 2.0, when already set, for small fragmentation, or without numbers', () => {
    const none = (a: Partial<AllocatorHealth>, peakBytes: number | null = 78 * GiB) =>
      expandableSegmentsFix({ ...fragmented, ...a }, { peakBytes, limitBytes })
    expect(none({ torchVersion: '2.0.1' })).toBeNull()
    expect(none({ expandableSegments: true })).toBeNull()
    expect(none({ reservedUnallocatedBytes: 400 * 2 ** 20 })).toBeNull() // under 512 MiB
    expect(none({ reservedUnallocatedBytes: 5 * GiB })).toBeNull() // under 10% of 74 GiB
    expect(none({ reservedUnallocatedBytes: null })).toBeNull()
    expect(none({}, null)).toBeNull()
    expect(expandableSegmentsFix(null, { peakBytes: 1, limitBytes })).toBeNull()
  })

  it('ranks before every recipe change that fits no better', () => {
    const spec = EstimateSpecSchema.parse({ arch: 'sapiens_2b', image: '1024x768', attention: 'eager' })
    const fixes = rankFixes(spec, { limitBytes, measuredPeakBytes: null })
    const fits = expandableSegmentsFix(fragmented, { peakBytes: 78 * GiB, limitBytes })!
    expect(withAllocatorFix(fixes, fits)[0]).toBe(fits)
    const misses = { ...fits, fits: false }
    const ranked = withAllocatorFix(fixes, misses)
    const at = ranked.indexOf(misses)
    expect(ranked.slice(0, at).every(f => f.fits)).toBe(true)
    expect(ranked.slice(at + 1).every(f => !f.fits)).toBe(true)
    expect(withAllocatorFix(fixes, null)).toEqual(fixes)
  })

  it('adviseModel gives it to an at-risk model even without an estimate block', () => {
    const result = adviseModel(
      {
        name: 'm',
        status: 'at-risk',
        peakBytes: 78 * GiB,
        peakSource: 'nvidia-smi',
        peaks: {
          nvidiaSmiBytes: 78 * GiB,
          torchReservedBytes: null,
          torchAllocatedBytes: null,
          hostRssBytes: null
        },
        durationMs: 1,
        exitCode: 0,
        oom: null,
        baseline: null,
        allocator: fragmented
      },
      modelConfig({ estimate: null }),
      limitBytes
    )
    expect(result.advice?.map(f => f.id)).toEqual(['expandable-segments'])
    const ok = adviseModel(
      { ...result, status: 'ok', advice: undefined },
      modelConfig({ estimate: null }),
      limitBytes
    )
    expect(ok.advice).toBeUndefined()
  })
})
