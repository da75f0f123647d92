// The runner's GPUs, from nvidia-smi. No GPU (no nvidia-smi, NVML errors, a hang) is an empty
// list with a note saying why: never an exception.
import type { GpuInfo } from '../results.js'
import { DEFAULT_QUERY_TIMEOUT_MS, queryGpus } from './nvidiaSmiQueries.js'

export interface GpuDiscovery {
  gpus: GpuInfo[]
  driver: string | null
  notes: string[]
}

export async function discoverGpus(options: { timeoutMs?: number } = {}): Promise<GpuDiscovery> {
  const result = await queryGpus(options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS)
  if (!result.ok) return { gpus: [], driver: null, notes: [`no GPU found: ${result.error}`] }
  const driver = result.value.find(g => g.driver !== null)?.driver ?? null
  return { gpus: result.value, driver, notes: [] }
}
