// Which number the verdict uses (contract 3): what the card sees, where we can know it.
import type { Measurement } from '../measurement.js'
import type { PeakSource } from '../results.js'
import { note, type Note } from '../notes.js'

export interface ChosenPeak {
  peakBytes: number | null
  peakSource: PeakSource | null
  notes: Note[]
}

/**
 * nvidia-smi's per-process rows of our tree first (driver level: includes the CUDA context and
 * library workspaces); else the device's memory.used minus the pre-run baseline; else torch's
 * reserved pool plus the context measured beside it; else host RSS, only for a run given no GPU.
 */
export function choosePeak(m: Measurement): ChosenPeak {
  const { peaks } = m
  // On a multi-GPU run one card may be attributed per process while another fell back to its
  // device delta: the verdict takes the larger, or it would under-report.
  const delta = peaks.deviceUsedDeltaBytes ?? null
  if (peaks.nvidiaSmiBytes !== null && (delta === null || peaks.nvidiaSmiBytes >= delta)) {
    return { peakBytes: peaks.nvidiaSmiBytes, peakSource: 'nvidia-smi', notes: [] }
  }
  if (delta !== null) return { peakBytes: delta, peakSource: 'nvidia-smi-device', notes: [] }
  if (peaks.torchReservedBytes !== null) {
    const context = cudaContextBytes(m)
    if (context === null) {
      return {
        peakBytes: peaks.torchReservedBytes,
        peakSource: 'torch',
        notes: [
          note(
            'context-not-included',
            "torch's reserved pool only: the CUDA context and library workspaces (typically 0.3 to 2 GiB) could not be measured and are not included"
          )
        ]
      }
    }
    return { peakBytes: peaks.torchReservedBytes + context, peakSource: 'torch', notes: [] }
  }
  // Host RSS is no reading of GPU memory: a run given GPUs is never judged by it (contract 6).
  if (peaks.hostRssBytes !== null && m.gpus.length === 0)
    return { peakBytes: peaks.hostRssBytes, peakSource: 'host', notes: [] }
  if (m.gpus.length > 0) return { peakBytes: null, peakSource: null, notes: [] }
  return {
    peakBytes: null,
    peakSource: null,
    notes: [note('no-reading', 'no sampler produced a reading (the command ended before the first sample)')]
  }
}

/**
 * The probe reads device memory in use beyond torch's pool once CUDA is up; what other
 * processes held before the run is not ours. Largest over the run's processes and devices.
 */
function cudaContextBytes(m: Measurement): number | null {
  let best: number | null = null
  for (const probe of m.probes) {
    for (const [index, device] of Object.entries(probe.devices)) {
      if (device.usedBeyondReservedBytes === null) continue
      const foreign = m.gpus[Number(index)]?.baselineBytes ?? 0
      const own = Math.max(0, device.usedBeyondReservedBytes - foreign)
      best = best === null ? own : Math.max(best, own)
    }
  }
  return best
}
