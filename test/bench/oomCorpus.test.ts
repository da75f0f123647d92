// The scoring behind `npm run bench`'s held-out OOM accuracy: what counts as a number stated right.
import { describe, expect, it } from 'vitest'
import { sameNumber, scoreCorpus, type CorpusEntry } from '../../bench/oomCorpus.js'

const GiB = 2 ** 30

const entry = (over: Partial<CorpusEntry>): CorpusEntry => ({
  id: 'e',
  source: 'https://github.com/o/r/issues/1',
  kind: 'gpu-oom',
  framework: 'pytorch',
  gpuIndex: null,
  triedToAllocateBytes: null,
  totalCapacityBytes: null,
  freeBytes: null,
  allocatedBytes: null,
  reservedBytes: null,
  evidenceIncludes: null,
  ...over
})

describe('sameNumber', () => {
  it('accepts a size within ±0.5% and rejects one beyond', () => {
    expect(sameNumber('totalCapacityBytes', 100 * GiB, 100.4 * GiB)).toBe(true)
    expect(sameNumber('totalCapacityBytes', 100 * GiB, 99.6 * GiB)).toBe(true)
    expect(sameNumber('totalCapacityBytes', 100 * GiB, 100.6 * GiB)).toBe(false)
  })

  it('wants null for an unstated number, never a guess, and an exact GPU index', () => {
    expect(sameNumber('freeBytes', null, null)).toBe(true)
    expect(sameNumber('freeBytes', null, 0)).toBe(false)
    expect(sameNumber('freeBytes', 0, null)).toBe(false)
    expect(sameNumber('gpuIndex', 1, 1)).toBe(true)
    expect(sameNumber('gpuIndex', 100, 100.4)).toBe(false)
  })
})

describe('scoreCorpus', () => {
  it('counts the kind and the numbers of each entry, and names the misses', () => {
    const log =
      'ggml_backend_cuda_buffer_type_alloc_buffer: allocating 512.00 MiB on device 1: cudaMalloc failed: out of memory'
    const score = scoreCorpus([
      { entry: entry({ id: 'right', gpuIndex: 1, triedToAllocateBytes: 512 * 2 ** 20 }), log },
      { entry: entry({ id: 'numbers', gpuIndex: 0, triedToAllocateBytes: 512 * 2 ** 20 }), log },
      {
        entry: entry({ id: 'kind', kind: 'host-oom', gpuIndex: 1, triedToAllocateBytes: 512 * 2 ** 20 }),
        log
      }
    ])
    expect(score).toMatchObject({ entries: 3, kindRight: 2, numbersRight: 2 })
    expect(score.misses).toEqual(['numbers: gpuIndex 1 (want 0)', 'kind: kind gpu-oom (want host-oom)'])
  })

  it('counts look-alikes that came out as an OOM, each read with its stated exit status, and recovered as part of the kind', () => {
    const caught = ['WARNING: CUDA out of memory during batch 812, skipping batch', 'step 813'].join('\n')
    const words = 'FATAL: pool alloc failed'
    const score = scoreCorpus([
      { entry: entry({ id: 'fallback', kind: 'not-oom', framework: null }), log: words },
      { entry: entry({ id: 'on-exit-0', kind: 'not-oom', framework: null, exitCode: 0 }), log: words },
      { entry: entry({ id: 'survived', recovered: true, exitCode: 0 }), log: caught },
      { entry: entry({ id: 'died', recovered: false, exitCode: 0 }), log: caught }
    ])
    expect(score).toMatchObject({ entries: 4, lookalikes: 2, falseOoms: 1, kindRight: 2 })
    expect(score.misses).toEqual([
      'fallback: kind host-oom (want not-oom)',
      'died: kind gpu-oom recovered true (want gpu-oom recovered false)'
    ])
  })
})
