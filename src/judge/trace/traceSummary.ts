// A trace (contract 7's JSON) as results.json keeps it, with the request that produced it.
import type { TraceSummary } from '../../results.js'
import type { TraceResult } from '../../trace/traceResult.js'

/** What was asked of the tracer, besides the builder: the fields a fix changes. */
export interface TraceAsked {
  entry: string
  batch: number | null
  args: Record<string, unknown>
  precision: string | null
  checkpoint: string | null
}

/** The trace's peaks (bytes) and its request; `batch` is what the tracer reports, else what was asked. */
export function summarizeTrace(result: TraceResult, asked: TraceAsked): TraceSummary {
  return {
    devicePeakBytes: result.devicePeakBytes,
    allocatedPeakBytes: result.allocatedPeakBytes,
    reservedPeakBytes: result.reservedPeakBytes,
    cudaContextBytes: result.cudaContextBytes ?? null,
    batch: result.batch ?? asked.batch,
    precision: result.precision ?? asked.precision,
    checkpoint: asked.checkpoint,
    args: asked.args,
    entry: asked.entry,
    peakPhase: result.peakPhase,
    parameters: result.parameters,
    torch: result.torch
  }
}
