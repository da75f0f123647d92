// Where the peak came from: replays a torch memory snapshot's allocator trace back to the moment
// the most memory was allocated (or to the OOM) and sums the blocks alive then by allocation site.
// Pure: raw snapshot JSON in, summary out.
import { SNAPSHOT_CATEGORIES, type SnapshotCategory, type SnapshotSummary } from '../../results.js'
import { allocationSite, BEFORE_HISTORY, categoryOf } from './allocationSite.js'
import {
  parseSnapshot,
  type ParsedSnapshot,
  type RawBlock,
  type RawFrame,
  type RawTraceEntry
} from './rawSnapshot.js'

export interface SummarizeOptions {
  /**
   * allocated_bytes.all.peak the probe read when it took the snapshot: the replay "covers the peak"
   * when it finds at least this much alive at some moment. Null: unknown.
   */
  peakAllocatedBytes?: number | null
  /** Prefixes cut from file names (the repository root, the run's cwd). */
  stripPrefixes?: readonly string[]
  /** Sites kept, largest first (default 10). */
  topSites?: number
}

/** Block states that hold memory a tensor still uses (2.x names "active_pending_free"; its docs say "active_awaiting_free"). */
const ALIVE = new Set(['active_allocated', 'active_pending_free', 'active_awaiting_free'])
const FREE_ACTIONS = new Set(['free_completed', 'free'])

interface Alive {
  size: number
  /** null: allocated before the recorded trace, site unknown. */
  frames: RawFrame[] | null
}

/** The frames a 1.13/2.0 block keeps in `history` (newest first) for its current allocation. */
function blockFrames(block: RawBlock, address: number): RawFrame[] {
  if (block.frames != null) return block.frames
  const history = block.history ?? []
  const current = history.find(h => h.addr === address) ?? history[0]
  return current?.frames ?? []
}

function aliveAtEnd(snapshot: ParsedSnapshot, device: number): Map<number, Alive> {
  const alive = new Map<number, Alive>()
  for (const segment of snapshot.segments) {
    if (segment.device !== device) continue
    let address = segment.address
    for (const block of segment.blocks) {
      // 1.13/2.0 blocks have no address: they tile their segment in order.
      const at = block.address ?? address
      address = at + block.size
      if (ALIVE.has(block.state)) alive.set(at, { size: block.size, frames: blockFrames(block, at) })
    }
  }
  return alive
}

function reservedAtEnd(snapshot: ParsedSnapshot, device: number): number {
  return snapshot.segments.filter(s => s.device === device).reduce((sum, s) => sum + s.total_size, 0)
}

/** Change of allocated bytes an event made (alloc +, free -). */
function allocatedDelta(e: RawTraceEntry): number {
  if (e.action === 'alloc') return e.size
  if (FREE_ACTIONS.has(e.action)) return -e.size
  return 0
}

/** Change of reserved bytes an event made (segment_alloc/map +, segment_free/unmap -). */
function reservedDelta(e: RawTraceEntry): number {
  if (e.action === 'segment_alloc' || e.action === 'segment_map') return e.size
  if (e.action === 'segment_free' || e.action === 'segment_unmap') return -e.size
  return 0
}

interface DeviceSummary {
  device: number
  moment: SnapshotSummary['moment']
  allocatedBytes: number
  reservedBytes: number
  oomRequestBytes: number | null
  traceEvents: number
  maxReplayedBytes: number
  alive: Map<number, Alive>
}

function summarizeDevice(snapshot: ParsedSnapshot, device: number): DeviceSummary {
  const trace = snapshot.traces[device] ?? []
  const alive = aliveAtEnd(snapshot, device)
  const endAllocated = [...alive.values()].reduce((sum, b) => sum + b.size, 0)
  let reserved = reservedAtEnd(snapshot, device)
  if (trace.length === 0) {
    return {
      device,
      moment: 'snapshot',
      allocatedBytes: endAllocated,
      reservedBytes: reserved,
      oomRequestBytes: null,
      traceEvents: 0,
      maxReplayedBytes: endAllocated,
      alive
    }
  }
  // Allocated bytes after each event, replayed backwards from the state at the snapshot.
  const after: number[] = new Array<number>(trace.length)
  let total = endAllocated
  for (let i = trace.length - 1; i >= 0; i--) {
    after[i] = total
    total -= allocatedDelta(trace[i]!)
  }
  const before0 = total
  // The moment: just before the last OOM (what was alive when it failed), else the latest maximum.
  let lastOom = -1
  for (let i = trace.length - 1; i >= 0 && lastOom < 0; i--) if (trace[i]!.action === 'oom') lastOom = i
  let maxReplayed = before0
  let peakAfter = -1 // -1: the state before the first recorded event
  for (let i = 0; i < trace.length; i++) {
    if (after[i]! >= maxReplayed) {
      maxReplayed = after[i]!
      peakAfter = i
    }
  }
  const momentAfter = lastOom >= 0 ? lastOom - 1 : peakAfter
  // Undo the events after the moment. A block freed after it gets the frames of its recorded alloc.
  const allocFrames = new Map<number, RawFrame[] | null>()
  const framesOfFree: (RawFrame[] | null)[] = new Array<RawFrame[] | null>(trace.length).fill(null)
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!
    if (e.addr === undefined) continue
    if (e.action === 'alloc') allocFrames.set(e.addr, e.frames ?? [])
    else if (FREE_ACTIONS.has(e.action)) {
      framesOfFree[i] = allocFrames.get(e.addr) ?? null
      allocFrames.delete(e.addr)
    }
  }
  for (let i = trace.length - 1; i > momentAfter; i--) {
    const e = trace[i]!
    reserved -= reservedDelta(e)
    if (e.addr === undefined) continue
    if (e.action === 'alloc') alive.delete(e.addr)
    else if (FREE_ACTIONS.has(e.action)) alive.set(e.addr, { size: e.size, frames: framesOfFree[i] ?? null })
  }
  const allocatedBytes = momentAfter >= 0 ? after[momentAfter]! : before0
  return {
    device,
    moment: lastOom >= 0 ? 'oom' : 'peak',
    allocatedBytes,
    reservedBytes: reserved,
    oomRequestBytes: lastOom >= 0 ? trace[lastOom]!.size : null,
    traceEvents: trace.length,
    maxReplayedBytes: maxReplayed,
    alive
  }
}

/**
 * Summarises a snapshot at its peak: the device with the most memory allocated at its moment,
 * the bytes alive then per category and per user-code allocation site (largest first).
 * Sizes are allocator block sizes (rounded as torch's allocated_bytes counts them), in bytes.
 * Errors: `{ok: false}` with a one-line reason when `raw` is not a snapshot of a known layout.
 */
export function summarizeSnapshot(
  raw: unknown,
  options: SummarizeOptions = {}
): { ok: true; summary: Omit<SnapshotSummary, 'files' | 'reason'> } | { ok: false; error: string } {
  const parsed = parseSnapshot(raw)
  if (!parsed.ok) return parsed
  const snapshot = parsed.snapshot
  const devices = new Set<number>(snapshot.segments.map(s => s.device))
  snapshot.traces.forEach((trace, i) => {
    if (trace.length > 0) devices.add(i)
  })
  if (devices.size === 0) devices.add(0)
  const chosen = [...devices]
    .sort((a, b) => a - b)
    .map(d => summarizeDevice(snapshot, d))
    .reduce((a, b) => (b.allocatedBytes > a.allocatedBytes ? b : a))

  const categories = Object.fromEntries(SNAPSHOT_CATEGORIES.map(c => [c, 0])) as Record<
    SnapshotCategory,
    number
  >
  const sites = new Map<string, { site: string; category: SnapshotCategory; bytes: number; blocks: number }>()
  for (const block of chosen.alive.values()) {
    const site = block.frames === null ? BEFORE_HISTORY : allocationSite(block.frames, options.stripPrefixes)
    const category = block.frames === null ? 'other' : categoryOf(block.frames)
    categories[category] += block.size
    const key = `${category}\u0000${site}`
    const entry = sites.get(key) ?? { site, category, bytes: 0, blocks: 0 }
    entry.bytes += block.size
    entry.blocks += 1
    sites.set(key, entry)
  }
  const top = [...sites.values()]
    .sort((a, b) => b.bytes - a.bytes || a.site.localeCompare(b.site))
    .slice(0, options.topSites ?? 10)
  const hint = options.peakAllocatedBytes ?? null
  return {
    ok: true,
    summary: {
      format: snapshot.format,
      device: chosen.device,
      moment: chosen.moment,
      allocatedBytes: chosen.allocatedBytes,
      // Exact: events after the moment are all in the trace (it is cut at its start, not its end).
      reservedBytes: chosen.reservedBytes,
      oomRequestBytes: chosen.oomRequestBytes,
      traceEvents: chosen.traceEvents,
      coversPeak: hint === null || hint <= 0 ? null : chosen.maxReplayedBytes >= hint,
      categories,
      sites: top
    }
  }
}
