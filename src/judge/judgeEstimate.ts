// The static pre-check (mode: estimate): judge a model from its analytical estimate, run nothing.
import { estimatePeak } from '../advise/estimate.js'
import type { ModelConfig } from '../config/schema.js'
import { formatBytes } from '../config/units.js'
import type { ModelResultInput } from '../results.js'
import type { Target } from './judgeModel.js'
import { NO_PEAKS, notRun, predictedOom } from './notRun.js'
import { reason } from '../reasons.js'

export function judgeEstimate(model: ModelConfig, target: Target): ModelResultInput {
  if (model.estimate === null) {
    const why = reason(
      'no-estimate-block',
      'no `estimate:` block in the config, so there is nothing to judge without a GPU'
    )
    return { ...notRun(model, 'skipped', why), estimated: true }
  }
  const estimate = estimatePeak(model.estimate)
  const total = estimate.totalBytes
  const over = total > target.memoryBytes
  return {
    name: model.name,
    expect: model.expect,
    status: over ? 'oom' : total > target.limitBytes ? 'at-risk' : 'ok',
    estimated: true,
    peakBytes: total,
    peakSource: 'estimate',
    peaks: NO_PEAKS,
    durationMs: null,
    exitCode: null,
    baseline: null,
    oom: over
      ? predictedOom(
          target.memoryBytes,
          `estimated peak ${formatBytes(total)} exceeds the card's ${formatBytes(target.memoryBytes)}`
        )
      : null,
    estimate: { totalBytes: total, breakdown: estimate.breakdown, calibration: null }
  }
}
