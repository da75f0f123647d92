// Attach "what would fit" to a model that ran out of memory or is at risk: the estimate of
// its own config and the ranked fixes, calibrated by the measurement where there is one.
import type { ModelConfig } from '../config/schema.js'
import type { ModelResultInput } from '../results.js'
import { estimatePeak } from './estimate.js'
import { expandableSegmentsFix, rankFixes, withAllocatorFix } from './rankFixes.js'
import { note, withNotes } from '../notes.js'

export function adviseModel(
  result: ModelResultInput,
  model: ModelConfig,
  limitBytes: number
): ModelResultInput {
  if (result.status !== 'oom' && result.status !== 'at-risk') return result
  // Measured fragmentation: an allocator setting, ranked with the recipe changes (or alone).
  const allocatorFix = expandableSegmentsFix(result.allocator, {
    peakBytes: result.peakBytes ?? null,
    limitBytes,
    oomRequestBytes: result.status === 'oom' ? (result.oom?.triedToAllocateBytes ?? 0) : null
  })
  if (model.estimate === null) {
    const advised = { ...result, ...(allocatorFix !== null ? { advice: [allocatorFix] } : {}) }
    // A model with a `trace:` block gets its fixes traced (src/pipeline/traceModels.ts).
    return model.trace !== null
      ? advised
      : withNotes(
          advised,
          note(
            'estimate-block-missing',
            'add an `estimate:` block (arch, image, patch, batch, precision) to this model to get ranked fixes'
          )
        )
  }
  const estimate = estimatePeak(model.estimate)
  // Only a finished run's peak is a measurement of the whole need; an OOM stopped short of it.
  const measured = result.status === 'at-risk' && !result.estimated ? result.peakBytes : null
  const calibration = measured != null && estimate.totalBytes > 0 ? measured / estimate.totalBytes : null
  return {
    ...result,
    estimate: { totalBytes: estimate.totalBytes, breakdown: estimate.breakdown, calibration },
    advice: withAllocatorFix(
      rankFixes(model.estimate, { limitBytes, measuredPeakBytes: measured ?? null }),
      allocatorFix
    )
  }
}
