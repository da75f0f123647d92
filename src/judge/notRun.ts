// A model the gate has no measurement of: skipped (filtered out, refused) or failed without a
// run (not measured by any matrix job, no free GPU). Every peak is unknown: null, never 0.
import type { ModelResultInput, OomReport } from '../results.js'
import { reasonFields, type Reason } from '../reasons.js'

export const NO_PEAKS = {
  nvidiaSmiBytes: null,
  torchReservedBytes: null,
  torchAllocatedBytes: null,
  hostRssBytes: null
}

export function notRun(
  model: { name: string; expect: 'fit' | 'oom' },
  status: 'skipped' | 'failed',
  why: Reason,
  options: { refused?: boolean } = {}
): ModelResultInput {
  return {
    name: model.name,
    status,
    expect: model.expect,
    peakBytes: null,
    peakSource: null,
    peaks: NO_PEAKS,
    durationMs: null,
    exitCode: null,
    oom: null,
    baseline: null,
    ...reasonFields(why),
    ...(options.refused === undefined ? {} : { refused: options.refused })
  }
}

/**
 * The OOM record of a model predicted (by its estimate or its trace) to need more than the card
 * has, `totalCapacityBytes` bytes: nothing ran, so nothing is known of a framework or a GPU; the
 * prediction's own allocated and reserved peaks (bytes) where it counted them, else null.
 */
export function predictedOom(
  totalCapacityBytes: number,
  evidence: string,
  counted: { allocatedBytes: number | null; reservedBytes: number | null } = {
    allocatedBytes: null,
    reservedBytes: null
  }
): OomReport {
  return {
    kind: 'gpu-oom',
    framework: null,
    gpuIndex: null,
    triedToAllocateBytes: null,
    totalCapacityBytes,
    freeBytes: null,
    ...counted,
    evidence
  }
}
