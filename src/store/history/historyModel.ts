// history.json on the data branch: one entry per measured commit of the tracked branches, oldest
// first, with what the chart, the badges and the alerts need (peak and status per model). Pure:
// merging is a function of the file read at the branch tip and the new entry, so a writer that
// lost a race can redo it on the new tip without losing the other writer's entry.
import { z } from 'zod'
import { ResultsSchema, StatusSchema, type Results } from '../../results.js'
import { NO_PEAKS } from '../../judge/notRun.js'

export const HISTORY_FILE = 'history.json'

const bytes = z.number().int().nonnegative()

export const HistoryModelSchema = z.object({
  peakBytes: bytes.nullable(),
  status: StatusSchema,
  /** measure.repeat > 1: the spread of the repeated peaks; the noise floor of later comparisons. */
  spreadBytes: bytes.optional(),
  /** The commit whose measurement was reused (nothing changed under the model's paths). */
  reusedFrom: z.string().optional(),
  estimated: z.boolean().optional(),
  /** expect: oom in the config: running out of memory is the known state, not a failure. */
  expect: z.literal('oom').optional(),
  /** The trace's device peak over the measured peak (results.json tracedToMeasuredRatio). */
  tracedToMeasuredRatio: z.number().optional()
})
export type HistoryModel = z.infer<typeof HistoryModelSchema>

export const HistoryEntrySchema = z.object({
  commit: z.string().min(1),
  /** The commit's date (ISO 8601), from the push payload or the commits API. */
  date: z.string(),
  /** First line of the commit message. */
  message: z.string(),
  models: z.record(z.string(), HistoryModelSchema),
  // ---- extensions ----
  /** The card the models had to fit, and the limit (memory minus headroom): the chart's lines. */
  memoryBytes: bytes.nullable().optional(),
  limitBytes: bytes.nullable().optional(),
  gpuName: z.string().nullable().optional(),
  /** URL of the alert raised for this commit, so a re-run does not raise a second one. */
  alert: z.string().optional()
})
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>

export const HistorySchema = z.object({
  schemaVersion: z.literal(1),
  entries: z.array(HistoryEntrySchema)
})
export type History = z.infer<typeof HistorySchema>

export function emptyHistory(): History {
  return { schemaVersion: 1, entries: [] }
}

/** history.json text to a History; a file that is not one is an error naming the file. */
export function parseHistory(text: string, where = HISTORY_FILE): History {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new HistoryFileError(`${where}: not valid JSON; fix or delete it on the data branch`)
  }
  const parsed = HistorySchema.safeParse(json)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    throw new HistoryFileError(
      `${where}: not an oom-gate history (${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}); fix that entry or delete it on the data branch`
    )
  }
  return parsed.data
}

/** An entry of history.json that does not parse: where it is and which field is wrong. */
export interface SkippedEntry {
  /** 0-based index in `entries`. */
  index: number
  /** The entry's commit when it has a readable one, else null. */
  commit: string | null
  /** Dotted path of the first bad field inside the entry ("models.seg.peakBytes"). */
  field: string
  message: string
}

/** history.json that is not an oom-gate history at all (not JSON, no entries array). */
export class HistoryFileError extends Error {
  readonly code = 'history-corrupt'
}

/**
 * history.json read entry by entry, for reading only: a bad entry is skipped and named, the others
 * are kept. Throws HistoryFileError when the file as a whole is not a history. A writer must not
 * use this (it would drop the bad entries on the next write): see parseHistory.
 */
export function parseHistoryLenient(
  text: string,
  where = HISTORY_FILE
): { history: History; skipped: SkippedEntry[] } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new HistoryFileError(`${where}: not valid JSON; fix or delete it on the data branch`)
  }
  const shell = z.object({ schemaVersion: z.literal(1), entries: z.array(z.unknown()) }).safeParse(json)
  if (!shell.success) {
    const first = shell.error.issues[0]
    throw new HistoryFileError(
      `${where}: not an oom-gate history (${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'})`
    )
  }
  const entries: HistoryEntry[] = []
  const skipped: SkippedEntry[] = []
  shell.data.entries.forEach((raw, index) => {
    const parsed = HistoryEntrySchema.safeParse(raw)
    if (parsed.success) {
      entries.push(parsed.data)
      return
    }
    const first = parsed.error.issues[0]
    const commit = (raw as { commit?: unknown } | null)?.commit
    skipped.push({
      index,
      commit: typeof commit === 'string' && commit !== '' ? commit : null,
      field: first?.path.join('.') ?? '',
      message: first?.message ?? 'invalid'
    })
  })
  return { history: { schemaVersion: 1, entries }, skipped }
}

/** A skipped entry in words: "entries[3] (commit 1a2b3c4) field models.seg.peakBytes: ...". */
export function describeSkippedEntry(entry: SkippedEntry, where = HISTORY_FILE): string {
  const commit = entry.commit ? ` (commit ${entry.commit.slice(0, 7)})` : ''
  return `${where} entries[${entry.index}]${commit}, field ${entry.field || '(entry)'}: ${entry.message}`
}

export function serializeHistory(history: History): string {
  return JSON.stringify(history, null, 1) + '\n'
}

export interface CommitInfo {
  sha: string
  date: string
  message: string
}

/** The entry a run adds. Models removed from the config (kept in results for the report) are left out. */
export function historyEntryFrom(results: Results, commit: CommitInfo): HistoryEntry {
  const models: Record<string, HistoryModel> = {}
  for (const m of results.models) {
    if (m.baseline?.change === 'removed') continue
    const model: HistoryModel = { peakBytes: m.peakBytes, status: m.status }
    if (m.repeats && m.repeats.peaksBytes.length > 1) model.spreadBytes = m.repeats.spreadBytes
    if (m.reusedFrom) model.reusedFrom = m.reusedFrom
    if (m.estimated) model.estimated = true
    if (m.expect === 'oom') model.expect = 'oom'
    if (m.tracedToMeasuredRatio != null) model.tracedToMeasuredRatio = m.tracedToMeasuredRatio
    models[m.name] = model
  }
  return {
    commit: commit.sha,
    date: commit.date,
    message: firstLine(commit.message),
    models,
    memoryBytes: results.target.memoryBytes,
    limitBytes: results.target.limitBytes,
    gpuName: results.gpu.name
  }
}

function firstLine(message: string): string {
  const line = message.split(/\r?\n/, 1)[0] ?? ''
  return line.length > 200 ? `${line.slice(0, 199)}…` : line
}

/**
 * `entry` merged into `history`: an entry of the same commit is replaced (a re-run), keeping its
 * alert; entries are ordered by date (ties keep their order, the newcomer last); beyond `limit`
 * the oldest are dropped. `dropped` names their commits, whose results files go too.
 */
export function mergeHistory(
  history: History,
  entry: HistoryEntry,
  limit: number
): { history: History; dropped: string[] } {
  const existing = history.entries.find(e => e.commit === entry.commit)
  const merged: HistoryEntry = existing?.alert && !entry.alert ? { ...entry, alert: existing.alert } : entry
  const others = history.entries.filter(e => e.commit !== entry.commit)
  const ordered = sortByDate([...others, merged])
  const cut = Math.max(0, ordered.length - Math.max(1, limit))
  return {
    history: { schemaVersion: 1, entries: ordered.slice(cut) },
    dropped: ordered.slice(0, cut).map(e => e.commit)
  }
}

function sortByDate(entries: HistoryEntry[]): HistoryEntry[] {
  const time = (e: HistoryEntry) => {
    const t = Date.parse(e.date)
    return Number.isNaN(t) ? -Infinity : t
  }
  // Array.prototype.sort is stable: equal dates keep their order.
  return [...entries].sort((a, b) => time(a) - time(b))
}

/** The newest entry: what the badges show. */
export function latestEntry(history: History): HistoryEntry | null {
  return history.entries[history.entries.length - 1] ?? null
}

export function entryOf(history: History, commit: string): HistoryEntry | null {
  return history.entries.find(e => e.commit === commit) ?? null
}

/**
 * A base rebuilt from a history entry, for when the commit's results file is missing or does not
 * parse: the peaks and statuses history.json already holds (no peak source, no snapshot), so the
 * regression check still compares. The card comes from the entry's gpuName.
 */
export function resultsFromEntry(entry: HistoryEntry): Results {
  const gpuName = entry.gpuName ?? null
  return ResultsSchema.parse({
    schemaVersion: 1,
    gate: 'pass',
    commit: entry.commit,
    gpu: { name: gpuName, memoryBytes: entry.memoryBytes ?? null, driver: null },
    target: { memoryBytes: entry.memoryBytes ?? 0, limitBytes: entry.limitBytes ?? 0 },
    models: Object.entries(entry.models).map(([name, m]) => ({
      name,
      status: m.status,
      expect: m.expect ?? 'fit',
      peakBytes: m.peakBytes,
      peakSource: null,
      peaks: NO_PEAKS,
      durationMs: null,
      exitCode: null,
      oom: null,
      baseline: null,
      ...(m.spreadBytes !== undefined ? { repeats: { peaksBytes: [], spreadBytes: m.spreadBytes } } : {}),
      ...(m.estimated ? { estimated: true } : {}),
      ...(m.reusedFrom ? { reusedFrom: m.reusedFrom } : {}),
      measuredOn: gpuName === null ? null : { host: null, gpuName, runner: null }
    }))
  })
}
