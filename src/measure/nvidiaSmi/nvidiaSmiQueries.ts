// One-shot nvidia-smi queries: the cards (discovery, the pre-run baseline), their MIG mode, and
// the compute processes at one instant (foreign processes before a run, the release wait after it).
import type { GpuInfo, RunnerError } from '../../results.js'
import { parseIntCell, splitCsvRow } from './nvidiaSmiCsv.js'
import { COMPUTE_APPS_FIELDS, parseComputeAppsLine, type ComputeAppRow } from './parseComputeApps.js'
import { GPU_QUERY_FIELDS, parseGpuQuery } from './parseGpuQuery.js'
import { nvidiaSmiOnce } from './nvidiaSmiOnce.js'

export const DEFAULT_QUERY_TIMEOUT_MS = 10_000

export type QueryResult<T> =
  | { ok: true; value: T; warnings: string[] }
  | { ok: false; error: string; missing: boolean; runnerError: RunnerError | null }

export async function queryGpus(timeoutMs = DEFAULT_QUERY_TIMEOUT_MS): Promise<QueryResult<GpuInfo[]>> {
  const result = await nvidiaSmiOnce(
    [`--query-gpu=${GPU_QUERY_FIELDS}`, '--format=csv,noheader,nounits'],
    timeoutMs
  )
  if (!result.ok) return result
  const gpus = parseGpuQuery(result.stdout)
  if (gpus.length === 0) {
    const said = result.stdout.trim().split('\n')[0]?.slice(0, 200) ?? ''
    return {
      ok: false,
      error: 'nvidia-smi listed no GPU',
      missing: false,
      runnerError: {
        kind: 'no-devices',
        message: `nvidia-smi answered but listed no GPU${said ? ` ("${said}")` : ''}`,
        fix: 'check that the card is present (`lspci | grep -i nvidia`) and dmesg for NVRM errors; inside a container, pass the GPUs to it (`--gpus all`)',
        detail: said || null
      }
    }
  }
  return { ok: true, value: gpus, warnings: result.warnings }
}

/**
 * MIG mode per GPU index (`mig.mode.current`): true Enabled, false Disabled, null unknown
 * ([N/A] on cards without MIG, or a driver too old to know the field). Never fails: an error is
 * an empty map, since discovery already proved nvidia-smi works.
 */
export async function queryMigModes(
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS
): Promise<Map<number, boolean | null>> {
  const modes = new Map<number, boolean | null>()
  const result = await nvidiaSmiOnce(
    ['--query-gpu=index,mig.mode.current', '--format=csv,noheader'],
    timeoutMs
  )
  if (!result.ok) return modes
  for (const line of result.stdout.split('\n')) {
    const [indexCell, modeCell] = splitCsvRow(line)
    const index = parseIntCell(indexCell)
    if (index === null) continue
    modes.set(index, modeCell === 'Enabled' ? true : modeCell === 'Disabled' ? false : null)
  }
  return modes
}

export async function queryComputeApps(
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS
): Promise<QueryResult<ComputeAppRow[]>> {
  const result = await nvidiaSmiOnce(
    [`--query-compute-apps=${COMPUTE_APPS_FIELDS}`, '--format=csv,noheader,nounits'],
    timeoutMs
  )
  if (!result.ok) return result
  const rows: ComputeAppRow[] = []
  for (const line of result.stdout.split('\n')) {
    const parsed = parseComputeAppsLine(line)
    if (parsed.kind === 'row') rows.push(parsed.row)
  }
  return { ok: true, value: rows, warnings: result.warnings }
}
