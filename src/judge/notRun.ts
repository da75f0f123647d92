// A model the gate has no measurement of: skipped (filtered out, refused) or failed without a
// run (not measured by any matrix job, no free GPU). Every peak is unknown: null, never 0.
import type { ModelResultInput } from '../results.js'
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
