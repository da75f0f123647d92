// The trace in the report: the traced peak next to the measured one (and their ratio), and the
// largest batch that fits. Pure: from results.json's model entry only.
import { capacityLine } from '../advise/capacity.js'
import { formatBytes } from '../config/units.js'
import type { ModelResult, TraceSummary } from '../results.js'
import { escapeInline } from './markdownSafety.js'

function atBatch(trace: TraceSummary): string {
  return trace.batch === null ? "at the builder's default batch" : `at batch ${trace.batch}`
}

/**
 * "Traced vs measured: traced 7.21 GiB (...) at batch 2 under torch 2.6.0; measured 7.50 GiB:
 * traced/measured 0.96." for a measured model with a trace; the trace alone otherwise; the
 * tracer's error when it failed. Empty when the model has no trace.
 */
export function tracedVsMeasuredLine(m: ModelResult): string {
  const name = `**${escapeInline(m.name)}**`
  if (m.traceError && !m.trace) return `${name}: the trace failed: ${escapeInline(m.traceError)}`
  const t = m.trace
  if (!t) return ''
  const traced = `traced ${formatBytes(t.devicePeakBytes)} on the device (allocated ${formatBytes(t.allocatedPeakBytes)}, reserved ${formatBytes(t.reservedPeakBytes)}, CUDA context ${formatBytes(t.cudaContextBytes)}) ${atBatch(t)} under torch ${escapeInline(t.torch)}`
  if (m.tracedToMeasuredRatio != null) {
    return `${name}, traced vs measured: ${traced}; measured ${formatBytes(m.peakBytes)}: traced/measured ${m.tracedToMeasuredRatio.toFixed(2)} (a ratio that grows over commits is memory the trace does not see: workspaces, fragmentation, a leak).`
  }
  return `${name}, ${traced} (a trace of the model's code on the CPU, not a measurement).`
}

/** "Capacity of **x** (by 5 traces): batch 2 fits (70.1 GiB), 3 does not (89.6 GiB) under the 77.6 GiB limit." */
export function capacityReportLine(m: ModelResult): string {
  const c = m.capacity
  if (!c) return ''
  const peaks: string[] = []
  if (c.largestBatchPeakBytes !== null)
    peaks.push(`batch ${c.largestBatch}: ${formatBytes(c.largestBatchPeakBytes)}`)
  if (c.smallestFailingPeakBytes !== null)
    peaks.push(`batch ${c.smallestFailingBatch}: ${formatBytes(c.smallestFailingPeakBytes)}`)
  const error = c.error ? `; the search stopped: ${escapeInline(c.error)}` : ''
  return `Largest batch per GPU that fits for **${escapeInline(m.name)}** (by ${c.traces} trace${c.traces === 1 ? '' : 's'}, the ${formatBytes(c.limitBytes)} limit): ${capacityLine(c)}${peaks.length > 0 ? ` (${peaks.join(', ')})` : ''}${error}.`
}
