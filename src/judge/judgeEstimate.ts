// The static pre-check (mode: estimate): judge a model from its analytical estimate, run nothing.
import { estimatePeak } from '../advise/estimate.js'
import type { ModelConfig } from '../config/schema.js'
import { formatBytes } from '../config/units.js'
import type { ModelResultInput } from '../results.js'
import type { Target } from './judgeModel.js'

export function judgeEstimate(model: ModelConfig, target: Target): ModelResultInput {
  const base = {
    name: model.name,
    expect: model.expect,
    peaks: { nvidiaSmiBytes: null, torchReservedBytes: null, torchAllocatedBytes: null, hostRssBytes: null },
    durationMs: null,
    exitCode: null,
    baseline: null,
    estimated: true
  }
  if (model.estimate === null) {
    return {
      ...base,
      status: 'skipped',
      peakBytes: null,
      peakSource: null,
      oom: null,
      reason: 'no `estimate:` block in the config, so there is nothing to judge without a GPU'
    }
  }
  const estimate = estimatePeak(model.estimate)
  const total = estimate.totalBytes
  const over = total > target.memoryBytes
  return {
    ...base,
    status: over ? 'oom' : total > target.limitBytes ? 'at-risk' : 'ok',
    peakBytes: total,
    peakSource: 'estimate',
    oom: over
      ? {
          kind: 'gpu-oom',
          framework: null,
          gpuIndex: null,
          triedToAllocateBytes: null,
          totalCapacityBytes: target.memoryBytes,
          freeBytes: null,
          allocatedBytes: null,
          reservedBytes: null,
          evidence: `estimated peak ${formatBytes(total)} exceeds the card's ${formatBytes(target.memoryBytes)}`
        }
      : null,
    estimate: { totalBytes: total, breakdown: estimate.breakdown, calibration: null }
  }
}
