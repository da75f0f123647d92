// Reads the records the torch probe wrote (OOM_GATE_RESULT_DIR/probe/<pid>.json). A process killed
// mid-write leaves at most a hidden temp file (the probe renames into place), but the directory is
// user-writable, so every file is validated and a bad one is skipped, never fatal. A record that
// names a memory snapshot gets it summarised (snapshotSummary), or the reason it could not be
// (snapshotProblem).
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join, normalize, sep } from 'node:path'
import { z } from 'zod'
import { summarizeSnapshot } from '../../judge/snapshot/summarizeSnapshot.js'
import type { ProbeRecord } from '../types.js'

const bytes = z.number().int().nonnegative().nullable()
const optionalCount = z.number().int().nonnegative().nullable().optional()
/** Snapshot JSON larger than this is left to memory_viz: parsing it would hold the gate's memory. */
const MAX_SNAPSHOT_JSON_BYTES = 512 * 2 ** 20

const ProbeRecordSchema = z.object({
  pid: z.number().int().positive(),
  torchVersion: z.string().nullable(),
  devices: z.record(
    z.string().regex(/^\d+$/),
    z.object({
      maxAllocatedBytes: bytes,
      maxReservedBytes: bytes,
      totalBytes: bytes,
      usedBeyondReservedBytes: bytes,
      numAllocRetries: optionalCount,
      numOoms: optionalCount,
      maxActiveBytes: optionalCount,
      maxInactiveSplitBytes: optionalCount
    })
  ),
  capFraction: z.number().positive().max(1).nullable(),
  exception: z.string().nullable(),
  final: z.boolean(),
  allocConf: z.string().nullable().optional(),
  memoryHistory: z.string().nullable().optional(),
  cwd: z.string().nullable().optional(),
  snapshot: z
    .object({
      pickle: z.string(),
      json: z.string(),
      reason: z.string(),
      historyApi: z.string().nullable(),
      peakAllocatedBytes: bytes
    })
    .nullable()
    .optional()
}) satisfies z.ZodType<ProbeRecord & { cwd?: string | null }>

export interface ReadProbeOptions {
  /** What snapshot paths are shown relative to in results.json (default runs/<result dir name>, as the pipeline lays out oom-gate-out). */
  artifactDir?: string
}

/** Valid probe records under `resultDir/probe/`, ordered by PID; [] when there are none. */
export async function readProbeRecords(
  resultDir: string,
  options: ReadProbeOptions = {}
): Promise<ProbeRecord[]> {
  const dir = join(resultDir, 'probe')
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return []
  }
  const records: ProbeRecord[] = []
  for (const name of names) {
    if (!/^\d+\.json$/.test(name)) continue
    try {
      const parsed = ProbeRecordSchema.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8')))
      if (!parsed.success) continue
      const { cwd, ...record } = parsed.data
      records.push(await withSnapshotSummary(record, resultDir, cwd ?? null, options))
    } catch {
      // unreadable or not JSON: skipped like an invalid record
    }
  }
  return records.sort((a, b) => a.pid - b.pid)
}

async function withSnapshotSummary(
  record: ProbeRecord,
  resultDir: string,
  cwd: string | null,
  options: ReadProbeOptions
): Promise<ProbeRecord> {
  const ref = record.snapshot
  if (!ref) return record
  const inside = (rel: string) => {
    const path = normalize(join(resultDir, rel))
    return path.startsWith(normalize(resultDir) + sep) ? path : null
  }
  const jsonPath = inside(ref.json)
  if (jsonPath === null || inside(ref.pickle) === null) {
    return {
      ...record,
      snapshotSummary: null,
      snapshotProblem: `snapshot path outside the result directory: ${ref.json}`
    }
  }
  const shown = options.artifactDir ?? `runs/${basename(resultDir)}`
  try {
    const size = (await stat(jsonPath)).size
    if (size > MAX_SNAPSHOT_JSON_BYTES) {
      return {
        ...record,
        snapshotSummary: null,
        snapshotProblem: `${ref.json} is ${Math.round(size / 2 ** 20)} MiB, too large to summarise here; open ${ref.pickle} at pytorch.org/memory_viz`
      }
    }
    const result = summarizeSnapshot(JSON.parse(await readFile(jsonPath, 'utf8')), {
      peakAllocatedBytes: ref.peakAllocatedBytes,
      stripPrefixes: cwd ? [cwd] : []
    })
    if (!result.ok)
      return { ...record, snapshotSummary: null, snapshotProblem: `${ref.json}: ${result.error}` }
    return {
      ...record,
      snapshotSummary: {
        ...result.summary,
        files: [`${shown}/${ref.pickle}`, `${shown}/${ref.json}`],
        reason: ref.reason
      },
      snapshotProblem: null
    }
  } catch (err) {
    return { ...record, snapshotSummary: null, snapshotProblem: `${ref.json}: ${(err as Error).message}` }
  }
}
