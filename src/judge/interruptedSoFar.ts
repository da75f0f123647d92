// The entry of a model that was still running when the gate was asked to stop, written at once
// from its last live reading: a container stop (docker stop, Kubernetes, systemd) SIGKILLs the
// gate 10 s after SIGTERM, before the run's own stop and final measurement may be done. The final
// measurement replaces this entry if the gate gets to write it. Pure.
import { note, notesFields } from '../notes.js'
import { reason, reasonFields } from '../reasons.js'
import { INTERRUPTED_REASON } from './judgeModel.js'
import type { ModelResultInput } from '../results.js'
import { NO_PEAKS } from './notRun.js'

/** A live reading of the run (src/measurement.ts ProgressSample): bytes and ms. */
export interface LiveReading {
  elapsedMs: number
  peakBytes: number | null
  source: 'nvidia-smi' | 'nvidia-smi-device' | 'host'
}

export const PROVISIONAL_NOTE =
  'provisional: written when the gate was asked to stop, from the last live reading; the final measurement replaces it if the gate lived to write it'

/** `failed` and `interrupted`, with the peak so far (null when nothing was read yet). */
export function interruptedSoFar(
  model: { name: string; expect: 'fit' | 'oom' },
  reading: LiveReading | null
): ModelResultInput {
  const peak = reading?.peakBytes ?? null
  const peaks =
    peak === null || reading === null
      ? NO_PEAKS
      : reading.source === 'host'
        ? { ...NO_PEAKS, hostRssBytes: peak }
        : reading.source === 'nvidia-smi'
          ? { ...NO_PEAKS, nvidiaSmiBytes: peak }
          : { ...NO_PEAKS, deviceUsedDeltaBytes: peak }
  return {
    name: model.name,
    status: 'failed',
    expect: model.expect,
    peakBytes: peak,
    peakSource: peak === null ? null : reading!.source,
    peaks,
    durationMs: reading ? Math.round(reading.elapsedMs) : null,
    exitCode: null,
    oom: null,
    baseline: null,
    ...reasonFields(reason('interrupted', INTERRUPTED_REASON)),
    ...notesFields([note('provisional', PROVISIONAL_NOTE)]),
    interrupted: true
  }
}
