// The memory snapshot a torch probe record names (measure.snapshot), read from the model's result
// directory and summarised at its peak by the pure summarizer (judge/snapshot/): snapshotSummary on
// the record, or snapshotProblem saying why it could not be. Pipeline level: measure/ reads the
// records, judging reads the summaries, and the file reading stays at this edge.
import { readFile, stat } from 'node:fs/promises'
import { basename, join, normalize, sep } from 'node:path'
import { summarizeSnapshot } from '../judge/snapshot/summarizeSnapshot.js'
import type { ProbeRecord } from '../measurement.js'

/** Snapshot JSON larger than this is left to memory_viz: parsing it would hold the gate's memory. */
const MAX_SNAPSHOT_JSON_BYTES = 512 * 2 ** 20

export interface SnapshotSummaryOptions {
  /** What snapshot paths are shown relative to in results.json (default runs/<result dir name>, as the pipeline lays out oom-gate-out). */
  artifactDir?: string
}

/**
 * `probes` with each named snapshot summarised (paths are relative to `resultDir`; one outside it
 * is not followed). Never throws: a snapshot that cannot be read or parsed becomes snapshotProblem.
 * The probe's `cwd` is used to shorten file names and then dropped.
 */
export async function summarizeProbeSnapshots(
  probes: readonly ProbeRecord[],
  resultDir: string,
  options: SnapshotSummaryOptions = {}
): Promise<ProbeRecord[]> {
  return Promise.all(probes.map(p => withSnapshotSummary(p, resultDir, options)))
}

async function withSnapshotSummary(
  probe: ProbeRecord,
  resultDir: string,
  options: SnapshotSummaryOptions
): Promise<ProbeRecord> {
  const { cwd, ...record } = probe
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
