// The trace next to the measurement: the ratio in results.json, in history, and the report's line.
import { describe, expect, it } from 'vitest'
import { withTrace } from '../../src/judge/trace/judgeTrace.js'
import { renderReport } from '../../src/report/renderReport.js'
import { tracedVsMeasuredLine } from '../../src/report/traceLines.js'
import { ModelResultSchema, type TraceSummary } from '../../src/results.js'
import { historyEntryFrom } from '../../src/store/history/historyModel.js'
import { modelResult, results } from '../support/builders.js'

const GIB = 2 ** 30
const summary: TraceSummary = {
  devicePeakBytes: 9 * GIB,
  allocatedPeakBytes: 8 * GIB,
  reservedPeakBytes: 8.5 * GIB,
  cudaContextBytes: 0.5 * GIB,
  batch: 2,
  precision: 'fp32',
  checkpoint: null,
  args: {},
  entry: 'trace_model.py:build',
  peakPhase: 'backward',
  parameters: 1000,
  torch: '2.6.0'
}

describe('traced vs measured', () => {
  it('keeps the ratio of a finished run and shows it next to the measurement', () => {
    const measured = modelResult({ name: 'm', status: 'ok', peakBytes: 10 * GIB, peakSource: 'nvidia-smi' })
    const m = ModelResultSchema.parse(withTrace(measured, { ok: true, summary }))
    expect(m.tracedToMeasuredRatio).toBeCloseTo(0.9, 10)
    expect(tracedVsMeasuredLine(m)).toBe(
      '**m**, traced vs measured: traced 9.00 GiB on the device (allocated 8.00 GiB, reserved 8.50 GiB, CUDA context 512 MiB) at batch 2 under torch 2.6.0; measured 10.00 GiB: traced/measured 0.90 (a ratio that grows over commits is memory the trace does not see: workspaces, fragmentation, a leak).'
    )
    const r = results([m])
    expect(renderReport(r)).toContain('traced/measured 0.90')
    expect(
      historyEntryFrom(r, { sha: 'abc', date: '2026-12-06T00:00:00Z', message: 'x' }).models['m']
    ).toMatchObject({
      tracedToMeasuredRatio: 0.9
    })
  })

  it('has no ratio for an OOM (stopped short of its need) and keeps a failed trace as its line', () => {
    const oom = modelResult({ status: 'oom', peakBytes: 10 * GIB, peakSource: 'nvidia-smi' })
    expect(withTrace(oom, { ok: true, summary }).tracedToMeasuredRatio).toBeNull()
    const failed = ModelResultSchema.parse(
      withTrace(modelResult({ name: 'm', status: 'ok' }), {
        ok: false,
        message: 'x.py:3 in build: ValueError: no'
      })
    )
    expect(failed.traceError).toBe('x.py:3 in build: ValueError: no')
    expect(tracedVsMeasuredLine(failed)).toBe('**m**: the trace failed: x.py:3 in build: ValueError: no')
  })
})
