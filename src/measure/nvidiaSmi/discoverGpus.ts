// The runner's GPUs, from nvidia-smi. Three outcomes, never an exception: GPUs found (with their
// MIG mode and any warning nvidia-smi printed before the rows); no nvidia-smi at all (`absent`: a
// machine without NVIDIA GPUs); or nvidia-smi present and failing or hung (`runnerError`: the
// runner is broken, contract 6).
import type { GpuDiscovery } from '../../measurement.js'
import { DEFAULT_QUERY_TIMEOUT_MS, queryGpus, queryMigModes } from './nvidiaSmiQueries.js'
import { note } from '../../notes.js'

export async function discoverGpus(options: { timeoutMs?: number } = {}): Promise<GpuDiscovery> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS
  const result = await queryGpus(timeoutMs)
  if (!result.ok) {
    return {
      gpus: [],
      driver: null,
      notes: [note('no-gpu-found', `no GPU found: ${result.error}`)],
      absent: result.missing,
      runnerError: result.runnerError
    }
  }
  const notes = result.warnings.map(w =>
    note('nvidia-smi-warned', `nvidia-smi warned "${w}"; its rows were used`)
  )
  const modes = await queryMigModes(timeoutMs)
  const gpus = result.value.map(g => ({ ...g, mig: modes.get(g.index) ?? null }))
  for (const gpu of gpus.filter(g => g.mig)) {
    notes.push(
      note(
        'mig-enabled',
        `GPU ${gpu.index} is partitioned (MIG mode enabled): runs get a slice of it, not its whole memory`
      )
    )
  }
  const driver = gpus.find(g => g.driver !== null)?.driver ?? null
  return { gpus, driver, notes, absent: false, runnerError: null }
}
