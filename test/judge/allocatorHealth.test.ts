import { describe, expect, it } from 'vitest'
import { allocatorHealth, chooseSnapshot } from '../../src/judge/allocatorHealth.js'
import { failingModels } from '../../src/judge/gate.js'
import { judgeModel } from '../../src/judge/judgeModel.js'
import type { ProbeRecord } from '../../src/measurement.js'
import { ModelResultSchema, type SnapshotSummary } from '../../src/results.js'
import { GiB, measurement, modelConfig } from '../support/builders.js'

const target = { memoryBytes: 80 * GiB, limitBytes: 77 * GiB }
const MiB = 2 ** 20

function probe(
  pid: number,
  device: Partial<ProbeRecord['devices'][string]>,
  extra: Partial<ProbeRecord> = {}
): ProbeRecord {
  return {
    pid,
    torchVersion: '2.3.1+cu121',
    devices: {
      '0': {
        maxAllocatedBytes: 60 * GiB,
        maxReservedBytes: 70 * GiB,
        totalBytes: 80 * GiB,
        usedBeyondReservedBytes: 600 * MiB,
        numAllocRetries: 0,
        numOoms: 0,
        maxActiveBytes: 62 * GiB,
        maxInactiveSplitBytes: 3 * GiB,
        ...device
      }
    },
    capFraction: null,
    exception: null,
    final: true,
    ...extra
  }
}

const summary = (allocatedBytes: number, reservedBytes: number | null): SnapshotSummary => ({
  format: 'torch-2.1',
  device: 0,
  moment: 'peak',
  allocatedBytes,
  reservedBytes,
  oomRequestBytes: null,
  traceEvents: 100,
  coversPeak: true,
  categories: { parameters: 0, gradients: 0, optimizer: 0, activations: allocatedBytes, other: 0 },
  sites: [],
  files: [],
  reason: 'retries'
})

const smi = {
  nvidiaSmiBytes: 71 * GiB,
  torchReservedBytes: 70 * GiB,
  torchAllocatedBytes: 60 * GiB,
  hostRssBytes: null
}
const judge = (probes: ProbeRecord[]) =>
  ModelResultSchema.parse(judgeModel(modelConfig(), measurement({ peaks: smi, probes }), target))

describe('allocator health in the verdict', () => {
  it('a run below the limit that needed allocator retries is at risk, with the count, and fails the gate', () => {
    const result = judge([probe(7, { numAllocRetries: 3 })])
    expect(result.status).toBe('at-risk')
    expect(result.peakBytes).toBe(71 * GiB) // below the 77 GiB limit
    expect(result.reason).toMatch(/^fit only through 3 allocator retries \(num_alloc_retries\)/)
    expect(failingModels([result])).toEqual([`sapiens_1b: ${result.reason}`])
  })

  it('without retries the same run is ok, and carries its allocator health', () => {
    const result = judge([probe(7, {})])
    expect(result.status).toBe('ok')
    expect(result.allocator).toEqual({
      device: '0',
      torchVersion: '2.3.1+cu121',
      numAllocRetries: 0,
      numOoms: 0,
      peakAllocatedBytes: 60 * GiB,
      peakActiveBytes: 62 * GiB,
      peakReservedBytes: 70 * GiB,
      peakInactiveSplitBytes: 3 * GiB,
      reservedUnallocatedBytes: 8 * GiB, // peak reserved - peak active: a lower bound
      reservedUnallocatedSource: 'peaks',
      expandableSegments: false
    })
    expect(result.snapshot).toBeUndefined()
  })

  it('a probe from before allocator stats leaves them unknown (null), never 0, and no verdict change', () => {
    const old = probe(7, {})
    for (const key of ['numAllocRetries', 'numOoms', 'maxActiveBytes', 'maxInactiveSplitBytes'] as const)
      delete old.devices['0']![key]
    const result = judge([old])
    expect(result.status).toBe('ok')
    expect(result.allocator).toMatchObject({
      numAllocRetries: null,
      peakActiveBytes: null,
      reservedUnallocatedBytes: null
    })
  })

  it('no CUDA use: no allocator health', () => {
    expect(allocatorHealth([{ ...probe(1, {}), devices: {} }])).toBeNull()
    expect(judge([]).allocator).toBeUndefined()
  })

  it('takes reserved-but-unallocated at the peak from the snapshot, and the largest snapshot of the processes', () => {
    const small = { ...probe(8, {}), snapshotSummary: summary(10 * GiB, 12 * GiB) }
    const big = { ...probe(9, {}), snapshotSummary: summary(58 * GiB, 69 * GiB) }
    expect(chooseSnapshot([small, big])).toBe(big.snapshotSummary)
    const result = judge([small, big])
    expect(result.snapshot).toMatchObject({ allocatedBytes: 58 * GiB })
    expect(result.allocator).toMatchObject({
      reservedUnallocatedBytes: 11 * GiB,
      reservedUnallocatedSource: 'snapshot'
    })
  })

  it('adds processes per device, takes the busiest, sees expandable segments in PYTORCH_CUDA_ALLOC_CONF', () => {
    const a = probe(
      1,
      { numAllocRetries: 1 },
      { allocConf: 'max_split_size_mb:128, expandable_segments:True' }
    )
    const b = probe(2, { numAllocRetries: 2, maxReservedBytes: 1 * GiB })
    b.devices['1'] = { ...b.devices['0']!, maxReservedBytes: 50 * GiB, numAllocRetries: 0 }
    expect(allocatorHealth([a, b])).toMatchObject({
      device: '0',
      numAllocRetries: 3,
      peakReservedBytes: 71 * GiB,
      expandableSegments: true
    })
  })

  it('says why a snapshot is missing in the notes', () => {
    const result = judge([
      { ...probe(1, {}), snapshotSummary: null, snapshotProblem: 'snapshot/1.json: ENOENT' }
    ])
    expect(result.notes).toContain('memory snapshot: snapshot/1.json: ENOENT')
  })
})
