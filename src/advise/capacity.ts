// Capacity: the largest per-GPU batch that fits the limit, found over traces the way people find it
// by trial and OOM (or Lightning's BatchSizeFinder on the GPU): an exponential search from the
// config's batch (doubling while it fits, halving while it does not), then a bisection between the
// largest batch that fit and the smallest that did not. Memory grows with the batch, so the
// boundary is exact in at most about 2·log2(maxBatch) traces. Pure: the caller hands the trace.
import type { Capacity } from '../results.js'

/** A trace of one batch: its device peak in bytes, or why there is none. */
export type BatchProbe = (
  batch: number
) => Promise<{ ok: true; peakBytes: number } | { ok: false; message: string }>

export interface CapacityOptions {
  /** Where the search starts (the config's batch); clamped to 1..maxBatch. */
  startBatch: number
  maxBatch: number
  limitBytes: number
  /** Most traces the search may run; past it the bounds found so far are reported. */
  maxTraces?: number
}

/** Default trace budget: enough for an exact answer up to maxBatch 2^16. */
export const DEFAULT_MAX_TRACES = 34

/**
 * The largest batch whose traced device peak is <= `limitBytes`. Each batch is probed at most once.
 * `largestBatch` 0: batch 1 does not fit; `smallestFailingBatch` null: `maxBatch` fits; a failed
 * trace stops the search with `error` and the bounds known so far.
 */
export async function searchCapacity(probe: BatchProbe, options: CapacityOptions): Promise<Capacity> {
  const maxBatch = Math.max(1, Math.floor(options.maxBatch))
  const budget = options.maxTraces ?? DEFAULT_MAX_TRACES
  const peaks = new Map<number, number>()
  let fits: number | null = null
  let fails: number | null = null
  let error: string | null = null
  let traces = 0
  const tryBatch = async (batch: number): Promise<boolean | null> => {
    const known = peaks.get(batch)
    if (known !== undefined) return known <= options.limitBytes
    if (traces >= budget) return null
    traces++
    const outcome = await probe(batch)
    if (!outcome.ok) {
      error = `batch ${batch}: ${outcome.message}`
      return null
    }
    peaks.set(batch, outcome.peakBytes)
    const ok = outcome.peakBytes <= options.limitBytes
    if (ok) fits = Math.max(fits ?? 0, batch)
    else fails = Math.min(fails ?? Infinity, batch)
    return ok
  }

  // Exponential phase: bracket the boundary.
  let batch = Math.min(maxBatch, Math.max(1, Math.floor(options.startBatch)))
  const first = await tryBatch(batch)
  if (first === true) {
    while (batch < maxBatch) {
      batch = Math.min(maxBatch, batch * 2)
      const ok = await tryBatch(batch)
      if (ok !== true) break
    }
  } else if (first === false) {
    while (batch > 1) {
      batch = Math.floor(batch / 2)
      const ok = await tryBatch(batch)
      if (ok !== false) break
    }
  }
  // Bisection between the largest fit (0: none) and the smallest failure.
  while (error === null && fails !== null && (fits ?? 0) + 1 < fails) {
    const mid = Math.floor(((fits ?? 0) + fails) / 2)
    if ((await tryBatch(mid)) === null) break
  }
  const largest: number | null = fits ?? (fails === 1 ? 0 : null)
  return {
    largestBatch: largest,
    smallestFailingBatch: fails,
    largestBatchPeakBytes: fits === null ? null : (peaks.get(fits) ?? null),
    smallestFailingPeakBytes: fails === null ? null : (peaks.get(fails) ?? null),
    limitBytes: options.limitBytes,
    maxBatch,
    traces,
    error
  }
}

/** "batch 2 fits, 3 does not" (or "batch 1 does not fit", "every batch up to 256 fits"). */
export function capacityLine(capacity: Capacity): string {
  const { largestBatch: fits, smallestFailingBatch: fails } = capacity
  if (fits === 0) return 'batch 1 does not fit'
  if (fits !== null && fails === null && capacity.error === null)
    return `every batch up to ${capacity.maxBatch} fits`
  const parts: string[] = []
  if (fits !== null) parts.push(`batch ${fits} fits`)
  if (fails !== null)
    parts.push(fits !== null && fails === fits + 1 ? `${fails} does not` : `batch ${fails} does not`)
  if (fits !== null && fails !== null && fails > fits + 1) parts.push(`between them not traced`)
  return parts.length > 0 ? parts.join(', ') : 'unknown'
}
