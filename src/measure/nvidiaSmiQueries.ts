// One-shot nvidia-smi queries: the cards (discovery, the pre-run baseline) and the compute
// processes at one instant (foreign processes before a run, the release wait after it).
import type { GpuInfo } from '../results.js'
import { COMPUTE_APPS_FIELDS, parseComputeAppsLine, type ComputeAppRow } from './parseComputeApps.js'
import { GPU_QUERY_FIELDS, parseGpuQuery } from './parseGpuQuery.js'
import { nvidiaSmiOnce } from './nvidiaSmiOnce.js'

export const DEFAULT_QUERY_TIMEOUT_MS = 10_000

export type QueryResult<T> = { ok: true; value: T } | { ok: false; error: string }

export async function queryGpus(timeoutMs = DEFAULT_QUERY_TIMEOUT_MS): Promise<QueryResult<GpuInfo[]>> {
  const result = await nvidiaSmiOnce(
    [`--query-gpu=${GPU_QUERY_FIELDS}`, '--format=csv,noheader,nounits'],
    timeoutMs
  )
  if (!result.ok) return result
  const gpus = parseGpuQuery(result.stdout)
  if (gpus.length === 0) return { ok: false, error: 'nvidia-smi listed no GPU' }
  return { ok: true, value: gpus }
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
  return { ok: true, value: rows }
}
