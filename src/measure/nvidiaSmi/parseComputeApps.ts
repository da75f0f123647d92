// Rows of `nvidia-smi --query-compute-apps=pid,gpu_uuid,used_memory --format=csv[,noheader][,nounits]`.
// A row's memory is null when the driver cannot say ([N/A] under containers, MIG, WDDM): unknown, not 0.
import { isUnavailableCell, parseIntCell, parseMiBCell, splitCsvRow } from './nvidiaSmiCsv.js'

export const COMPUTE_APPS_FIELDS = 'pid,gpu_uuid,used_memory'

export interface ComputeAppRow {
  pid: number
  gpuUuid: string
  usedBytes: number | null
}

export type ComputeAppsLine =
  | { kind: 'row'; row: ComputeAppRow }
  | { kind: 'header' }
  | { kind: 'blank' }
  /** Anything else: Xid/ECC messages, NVML errors, garbage. */
  | { kind: 'stray'; text: string }

export function parseComputeAppsLine(line: string): ComputeAppsLine {
  const text = line.trim()
  // Some drivers say so instead of printing nothing: an empty tick, not a stray line.
  if (text === '' || /^No running (compute )?processes found/i.test(text)) return { kind: 'blank' }
  const cells = splitCsvRow(text)
  if (cells[0] === 'pid') return { kind: 'header' }
  if (cells.length !== 3) return { kind: 'stray', text }
  const pid = parseIntCell(cells[0])
  const gpuUuid = cells[1] ?? ''
  const usedBytes = parseMiBCell(cells[2])
  if (pid === null || !/^(GPU|MIG)-[\w-]+$/.test(gpuUuid)) return { kind: 'stray', text }
  if (usedBytes === null && !isUnavailableCell(cells[2])) return { kind: 'stray', text }
  return { kind: 'row', row: { pid, gpuUuid, usedBytes } }
}

export interface TimedLine {
  text: string
  atMs: number
}

/**
 * Groups a captured `-lms` stream into ticks (see TickGrouper for the rules); header, blank and
 * stray lines are dropped. For tests and offline analysis; the live sampler uses TickGrouper directly.
 */
export function groupComputeAppsTicks(lines: TimedLine[], gapMs: number): ComputeAppRow[][] {
  const grouper = new TickGrouper(gapMs)
  const ticks: ComputeAppRow[][] = []
  for (const line of lines) {
    const parsed = parseComputeAppsLine(line.text)
    if (parsed.kind === 'header' || parsed.kind === 'blank') grouper.separate()
    if (parsed.kind !== 'row') continue
    const tick = grouper.add(`${parsed.row.pid} ${parsed.row.gpuUuid}`, line.atMs)
    if (tick === ticks.length) ticks.push([])
    ticks[tick]?.push(parsed.row)
  }
  return ticks
}

/**
 * With `noheader` an `-lms` stream has no separator between ticks, and a tick with no process
 * prints nothing at all. A new tick starts when a row's key (pid, GPU) repeats within the current
 * tick (one process cannot appear twice on one GPU in one tick), when more than gapMs passed since
 * the previous row (nvidia-smi writes a tick's rows at once), or after a header/blank line.
 * Splitting a tick in two only under-reports that instant; merging two would double-count, which
 * the repeated-key rule prevents for every process that appears in both.
 */
export class TickGrouper {
  private tick = -1
  private keys = new Set<string>()
  private lastAtMs = Number.NEGATIVE_INFINITY
  private separated = true

  constructor(private readonly gapMs: number) {}

  /** The tick id (0, 1, 2...) this row belongs to. */
  add(key: string, atMs: number): number {
    if (this.separated || this.keys.has(key) || atMs - this.lastAtMs > this.gapMs) {
      this.tick++
      this.keys.clear()
      this.separated = false
    }
    this.keys.add(key)
    this.lastAtMs = atMs
    return this.tick
  }

  separate(): void {
    this.separated = true
  }

  get current(): number {
    return this.tick
  }
}
