// PyTorch's own peaks from the probe records: processes sharing a device (DDP ranks on one card
// are rare, DataLoader workers hold nothing) add up per device; the peak is the largest device.
// Device keys are as each process saw them (after CUDA_VISIBLE_DEVICES), which all processes of a
// run share. Unknown stays null.
import type { ProbeRecord } from '../../measurement.js'

export function summarizeProbes(records: ProbeRecord[]): {
  torchReservedBytes: number | null
  torchAllocatedBytes: number | null
} {
  const reserved = new Map<string, number>()
  const allocated = new Map<string, number>()
  for (const record of records) {
    for (const [device, stats] of Object.entries(record.devices)) {
      if (stats.maxReservedBytes !== null)
        reserved.set(device, (reserved.get(device) ?? 0) + stats.maxReservedBytes)
      if (stats.maxAllocatedBytes !== null)
        allocated.set(device, (allocated.get(device) ?? 0) + stats.maxAllocatedBytes)
    }
  }
  const max = (m: Map<string, number>) => (m.size === 0 ? null : Math.max(...m.values()))
  return { torchReservedBytes: max(reserved), torchAllocatedBytes: max(allocated) }
}
