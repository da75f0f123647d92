// Reads the records the torch probe wrote (OOM_GATE_RESULT_DIR/probe/<pid>.json). A process killed
// mid-write leaves at most a hidden temp file (the probe renames into place), but the directory is
// user-writable, so every file is validated and a bad one is skipped, never fatal. The memory
// snapshot a record names is summarised after measuring (pipeline/snapshotSummaries.ts).
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { ProbeRecord } from '../../measurement.js'

const bytes = z.number().int().nonnegative().nullable()
const optionalCount = z.number().int().nonnegative().nullable().optional()

const ProbeRecordSchema = z.object({
  pid: z.number().int().positive(),
  torchVersion: z.string().nullable(),
  cudaAvailable: z.boolean().nullable().optional(),
  cudaBuild: z.string().nullable().optional(),
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
}) satisfies z.ZodType<ProbeRecord>

/** Valid probe records under `resultDir/probe/`, ordered by PID; [] when there are none. */
export async function readProbeRecords(resultDir: string): Promise<ProbeRecord[]> {
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
      records.push(parsed.data)
    } catch {
      // unreadable or not JSON: skipped like an invalid record
    }
  }
  return records.sort((a, b) => a.pid - b.pid)
}
