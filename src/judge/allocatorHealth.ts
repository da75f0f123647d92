// PyTorch caching-allocator health of a run, from its probe records. Pure.
//
// num_alloc_retries counts the times cudaMalloc failed and the allocator freed its cached blocks
// and tried again: a run that needed that was at the edge of the card (or of the emulated target)
// even if its peak is below the limit, so the judge treats it as at risk. Fragmentation shows as
// reserved memory no tensor uses at the peak.
import type { ProbeRecord } from '../measurement.js'
import type { AllocatorHealth, SnapshotSummary } from '../results.js'

const EXPANDABLE = /(^|,)\s*expandable_segments\s*:\s*true\s*(,|$)/i

interface DeviceSums {
  retries: number | null
  ooms: number | null
  allocated: number | null
  active: number | null
  reserved: number | null
  split: number | null
}

const add = (a: number | null, b: number | null | undefined) => (b == null ? a : (a ?? 0) + b)

/**
 * The busiest device's allocator health (processes sharing a device add up, like the peaks in
 * summarizeProbes), or null when no record shows CUDA use. `snapshot` (the summary at the peak)
 * gives the exact reserved-but-unallocated bytes at that moment; without it the figure is peak
 * reserved minus peak active, a lower bound.
 */
export function allocatorHealth(
  probes: readonly ProbeRecord[],
  snapshot: SnapshotSummary | null = null
): AllocatorHealth | null {
  const devices = new Map<string, DeviceSums>()
  for (const record of probes) {
    for (const [index, d] of Object.entries(record.devices)) {
      const sums = devices.get(index) ?? {
        retries: null,
        ooms: null,
        allocated: null,
        active: null,
        reserved: null,
        split: null
      }
      sums.retries = add(sums.retries, d.numAllocRetries)
      sums.ooms = add(sums.ooms, d.numOoms)
      sums.allocated = add(sums.allocated, d.maxAllocatedBytes)
      sums.active = add(sums.active, d.maxActiveBytes)
      sums.reserved = add(sums.reserved, d.maxReservedBytes)
      sums.split = add(sums.split, d.maxInactiveSplitBytes)
      devices.set(index, sums)
    }
  }
  const busiest = [...devices.entries()]
    .filter(([, d]) => d.reserved !== null)
    .sort(([a, x], [b, y]) => (y.reserved ?? 0) - (x.reserved ?? 0) || Number(a) - Number(b))[0]
  if (busiest === undefined) return null
  const [device, d] = busiest
  const fromSnapshot =
    snapshot !== null && snapshot.reservedBytes !== null
      ? Math.max(0, snapshot.reservedBytes - snapshot.allocatedBytes)
      : null
  const fromPeaks = d.reserved !== null && d.active !== null ? Math.max(0, d.reserved - d.active) : null
  return {
    device,
    torchVersion: probes.map(p => p.torchVersion).find(v => v) ?? null,
    numAllocRetries: d.retries,
    numOoms: d.ooms,
    peakAllocatedBytes: d.allocated,
    peakActiveBytes: d.active,
    peakReservedBytes: d.reserved,
    peakInactiveSplitBytes: d.split,
    reservedUnallocatedBytes: fromSnapshot ?? fromPeaks,
    reservedUnallocatedSource: fromSnapshot !== null ? 'snapshot' : fromPeaks !== null ? 'peaks' : null,
    expandableSegments: probes.some(p => EXPANDABLE.test(p.allocConf ?? ''))
  }
}

/** The snapshot summary of the record with the most memory allocated at its moment, or null. */
export function chooseSnapshot(probes: readonly ProbeRecord[]): SnapshotSummary | null {
  return probes
    .map(p => p.snapshotSummary ?? null)
    .filter((s): s is SnapshotSummary => s !== null)
    .reduce<SnapshotSummary | null>(
      (a, b) => (a === null || b.allocatedBytes > a.allocatedBytes ? b : a),
      null
    )
}

/** Why a snapshot was asked for but is missing from the results, for the report's notes. */
export function snapshotProblems(probes: readonly ProbeRecord[]): string[] {
  return probes.map(p => p.snapshotProblem).filter((p): p is string => typeof p === 'string' && p !== '')
}
