// MIG devices from `nvidia-smi -L`: a runner pinned to a MIG slice names it by its MIG UUID, which
// --query-gpu does not list; -L prints each MIG device under its parent GPU:
//   GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-5d5ba0d6-...)
//     MIG 1g.5gb      Device  0: (UUID: MIG-c6d4f1ef-...)
import type { MigDevice } from '../../plan/runnerPin.js'
import { nvidiaSmiOnce } from './nvidiaSmiOnce.js'
import { DEFAULT_QUERY_TIMEOUT_MS } from './nvidiaSmiQueries.js'

/** Parses `nvidia-smi -L` output into MIG devices with their parent GPU's UUID. */
export function parseMigList(stdout: string): MigDevice[] {
  const devices: MigDevice[] = []
  let parent: string | null = null
  for (const line of stdout.split('\n')) {
    const gpu = /^GPU \d+: .*\(UUID: (GPU-[0-9a-fA-F-]+)\)\s*$/.exec(line)
    if (gpu) {
      parent = gpu[1]!
      continue
    }
    const mig = /^\s+MIG\s+(\S+)?\s*Device\s+\d+: \(UUID: (MIG-[^)\s]+)\)\s*$/.exec(line)
    if (mig && parent) devices.push({ uuid: mig[2]!, parentUuid: parent, profile: mig[1] ?? null })
  }
  return devices
}

/** The machine's MIG devices; empty when nvidia-smi -L fails (discovery already judged nvidia-smi). */
export async function listMigDevices(timeoutMs = DEFAULT_QUERY_TIMEOUT_MS): Promise<MigDevice[]> {
  const result = await nvidiaSmiOnce(['-L'], timeoutMs)
  return result.ok ? parseMigList(result.stdout) : []
}
