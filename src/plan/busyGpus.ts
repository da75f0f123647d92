// GPUs that another job is using when the gate starts: not used, so that a smoke run neither
// shares a card with a stranger (and runs out of memory because of it) nor is judged on a
// card that is partly taken. Pure: the caller queries nvidia-smi right before the first start.
import { formatBytes } from '../config/units.js'
import type { GpuInfo } from '../results.js'

/**
 * Default of `measure.gpu-idle`: memory.used of a card with no process listed above which it counts as busy. Since driver
 * R510 an idle card reads a few hundred MiB of driver-reserved memory; 1 GiB stays clear of
 * that, while a process hidden from nvidia-smi's process list (another container's, without
 * the host PID namespace) holds its CUDA context plus its tensors, typically well above it.
 * A stranger holding less than that is missed by this rule; it still shows up as its row when
 * nvidia-smi lists it, which is the main rule. A desktop's display (Xorg, a compositor: graphics
 * processes, which --query-compute-apps does not list) can hold more: raise the setting there.
 */
export const IDLE_USED_LIMIT_BYTES = 1024 * 2 ** 20

/** A row of `nvidia-smi --query-compute-apps=pid,gpu_uuid,used_memory` (measure/nvidiaSmi/parseComputeApps). */
export interface ComputeProcess {
  pid: number
  gpuUuid: string
  usedBytes: number | null
}

export interface BusyGpu {
  gpu: GpuInfo
  /** Why, in words, for the report. */
  why: string
}

/**
 * Splits `gpus` into free and busy. `processes` are the compute processes at this instant,
 * none of them ours (nothing of the gate runs yet), or null when they could not be listed;
 * `memoryUsedBytes` of each GPU should be as fresh.
 */
export function findBusyGpus(
  gpus: readonly GpuInfo[],
  processes: readonly ComputeProcess[] | null,
  idleBytes: number = IDLE_USED_LIMIT_BYTES
): { free: GpuInfo[]; busy: BusyGpu[] } {
  const free: GpuInfo[] = []
  const busy: BusyGpu[] = []
  for (const gpu of gpus) {
    const strangers = (processes ?? []).filter(p => gpu.uuid !== null && p.gpuUuid === gpu.uuid)
    const used = gpu.memoryUsedBytes
    if (strangers.length > 0) {
      const list = strangers
        .slice(0, 5)
        .map(p => `pid ${p.pid}${p.usedBytes !== null ? ` ${formatBytes(p.usedBytes)}` : ''}`)
      const more = strangers.length > 5 ? ` and ${strangers.length - 5} more` : ''
      busy.push({ gpu, why: `another process holds memory on it (${list.join(', ')}${more})` })
    } else if (used !== null && used > idleBytes) {
      busy.push({
        gpu,
        why: `${formatBytes(used)} in use and no process listed (an idle card reads less than ${formatBytes(idleBytes)}, measure.gpu-idle; a process of another container, or a display?)`
      })
    } else free.push(gpu)
  }
  return { free, busy }
}
