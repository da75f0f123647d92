// The pre-check from a trace (mode: estimate): a model whose traced device peak is above the limit
// fails with the numbers; one that fits is not passed (contract 6: a trace is evidence for a
// failing pre-check, never for a pass): it is `skipped` with "traced: fits" and its numbers, so the
// pre-check fails nothing it cannot show and passes nothing it did not measure.
import type { ModelConfig } from '../../config/schema.js'
import { formatBytes } from '../../config/units.js'
import type { ModelResultInput, TraceSummary } from '../../results.js'
import type { Target } from '../judgeModel.js'
import { NO_PEAKS, notRun, predictedOom } from '../notRun.js'
import { note, notesFields, type Note } from '../../notes.js'
import { reason as traceReason, reasonFields } from '../../reasons.js'

/** The trace of a model, or why there is none (the tracer's one line). */
export type TraceVerdictInput = { ok: true; summary: TraceSummary } | { ok: false; message: string }

function atBatch(summary: TraceSummary): string {
  return summary.batch === null ? "at the builder's default batch" : `at batch ${summary.batch}`
}

/** "traced: 84.3 GiB of a 77.6 GiB limit at batch 2" (device peak: reserved + CUDA context). */
export function tracedLine(summary: TraceSummary, limitBytes: number): string {
  return `traced: ${formatBytes(summary.devicePeakBytes, { digits: 1 })} of a ${formatBytes(limitBytes, { digits: 1 })} limit ${atBatch(summary)}`
}

/**
 * Status of `model` in the pre-check from its trace. `estimated` (the analytical estimate's
 * verdict, when the model has an `estimate:` block) is kept as `estimate`; the trace decides.
 * A failed trace fails the model with the tracer's line (fail closed: the config asks for a trace).
 */
export function judgeTrace(
  model: ModelConfig,
  target: Target,
  trace: TraceVerdictInput,
  estimated: ModelResultInput | null
): ModelResultInput {
  const estimate = estimated?.estimate ? { estimate: estimated.estimate } : {}
  if (!trace.ok) {
    const reason = traceReason(
      'trace-failed',
      `the trace failed: ${trace.message}; fix the builder (oom-gate trace ${model.trace?.entry ?? ''} shows the same), or remove trace: to judge from the estimate`
    )
    return {
      ...notRun(model, 'failed', reason),
      estimated: true,
      traceError: trace.message,
      ...estimate
    }
  }
  const { summary } = trace
  const peak = summary.devicePeakBytes
  const found: Note[] = []
  if (estimated?.peakBytes != null && (estimated.status === 'ok') !== peak <= target.limitBytes) {
    found.push(
      note(
        'trace-over-estimate',
        `the estimate (${formatBytes(estimated.peakBytes, { digits: 1 })}) and the trace (${formatBytes(peak, { digits: 1 })}) disagree; the trace counts the model's own code, so it decides`
      )
    )
  }
  const notes = notesFields(found)
  if (peak <= target.limitBytes) {
    const reason = traceReason(
      'traced-fits-not-measured',
      `traced: fits (${formatBytes(peak, { digits: 1 })} of a ${formatBytes(target.limitBytes, { digits: 1 })} limit ${atBatch(summary)}); a trace is not a measurement and passes nothing: measure on a GPU runner`
    )
    return {
      ...notRun(model, 'skipped', reason),
      estimated: true,
      trace: summary,
      ...notes,
      ...estimate
    }
  }
  const over = peak > target.memoryBytes
  const line = `${tracedLine(summary, target.limitBytes)} (a trace of the model's code on the CPU, not a measurement)`
  return {
    name: model.name,
    expect: model.expect,
    status: over ? 'oom' : 'at-risk',
    estimated: true,
    peakBytes: peak,
    peakSource: 'trace',
    peaks: NO_PEAKS,
    durationMs: null,
    exitCode: null,
    baseline: null,
    ...reasonFields(traceReason('traced-over-limit', line)),
    ...notes,
    trace: summary,
    oom: over
      ? predictedOom(
          target.memoryBytes,
          `${line}; the card has ${formatBytes(target.memoryBytes, { digits: 1 })}`,
          {
            allocatedBytes: summary.allocatedPeakBytes,
            reservedBytes: summary.reservedPeakBytes
          }
        )
      : null,
    ...estimate
  }
}

/**
 * A measured model with its trace next to the measurement: `tracedToMeasuredRatio` = traced device
 * peak / measured peak, for a run that finished with a measured peak (an OOM stopped short of its
 * need, so its peak is no denominator). A failed trace is kept as `traceError`; the status is the
 * measurement's.
 */
export function withTrace(result: ModelResultInput, trace: TraceVerdictInput): ModelResultInput {
  if (!trace.ok) return { ...result, trace: null, traceError: trace.message }
  const measured =
    (result.status === 'ok' || result.status === 'at-risk') &&
    !result.estimated &&
    result.peakSource !== 'estimate' &&
    result.peakSource !== 'trace' &&
    result.peakBytes != null &&
    result.peakBytes > 0
      ? result.peakBytes
      : null
  return {
    ...result,
    trace: trace.summary,
    tracedToMeasuredRatio: measured === null ? null : trace.summary.devicePeakBytes / measured
  }
}
