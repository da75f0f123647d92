// The report's cross-check line for the training log's own peak (mmengine `memory:`).
import { describe, expect, it } from 'vitest'
import { renderReport } from '../../src/report/renderReport.js'
import { modelResult, results } from '../support/builders.js'

const MiB = 2 ** 20
const GiB = 2 ** 30
const trainingLog = { peakAllocatedBytes: 48213 * MiB, source: 'mmengine' as const, lines: 2 }

describe('training log cross-check in the report', () => {
  it("shows the log's own peak next to a larger device-level peak", () => {
    const m = modelResult({ name: 'sapiens_1b', peakBytes: 52 * GiB, peakSource: 'nvidia-smi', trainingLog })
    const report = renderReport(results([m]))
    expect(report).toContain(
      "**sapiens\\_1b**: the training log's own peak: 48213 MiB allocated (mmengine `memory:`, torch.cuda.max_memory_allocated, 2 log lines); the gate's 52.00 GiB also counts the allocator's cache and the CUDA context."
    )
  })

  it('says when the log saw more than the sampler (a missed spike)', () => {
    const m = modelResult({ name: 'sapiens_1b', peakBytes: 40 * GiB, peakSource: 'nvidia-smi', trainingLog })
    expect(renderReport(results([m]))).toMatch(
      /more than the 40.00 GiB the gate sampled: the sampler missed part of the peak/
    )
  })

  it('compares nothing with a host-memory peak, and says nothing without a log value', () => {
    const host = modelResult({ name: 'a', peakBytes: 60 * GiB, peakSource: 'host', trainingLog })
    expect(renderReport(results([host]))).toMatch(
      /own peak: 48213 MiB allocated \(mmengine `memory:`, torch.cuda.max_memory_allocated, 2 log lines\)\.\n/
    )
    const none = modelResult({ name: 'a', peakBytes: 60 * GiB, peakSource: 'nvidia-smi' })
    expect(renderReport(results([none]))).not.toContain("training log's own peak")
  })
})
