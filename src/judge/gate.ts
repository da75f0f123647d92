// The gate (contract 2): which models fail it, and why, in one line each.
import { formatBytes } from '../config/units.js'
import type { ModelResult, Results } from '../results.js'

const FAILING = new Set(['oom', 'at-risk', 'failed', 'timeout'])
const NOT_AN_OOM = new Set(['failed', 'timeout'])

/** Why this model fails the gate, or null when it does not. */
export function failureOf(model: ModelResult): string | null {
  if (model.status === 'skipped')
    return model.refused ? `${model.name}: not run: ${model.reason ?? 'refused'}` : null
  if (model.expect === 'fit' && FAILING.has(model.status)) return `${model.name}: ${describeStatus(model)}`
  // A known OOM passes only as an OOM: a crash, a plain kill or a timeout is not the expected OOM.
  if (model.expect === 'oom' && NOT_AN_OOM.has(model.status))
    return `${model.name}: expected an OOM, but ${describeStatus(model)}`
  if (model.baseline?.regressed) {
    const ratio = model.baseline.deltaRatio
    const pct = ratio === null ? '' : ` by ${(ratio * 100).toFixed(1)}%`
    return `${model.name}: peak memory regressed${pct} over ${model.baseline.commit?.slice(0, 7) ?? 'the base'}`
  }
  // No comparison, no pass (contract 6): history exists but the base could not be read.
  if (model.baseline?.reasonCode === 'base-unreadable') {
    return `${model.name}: not compared with the base: ${model.baseline.reason ?? 'the base could not be read'}`
  }
  return null
}

export function failingModels(models: readonly ModelResult[]): string[] {
  return models.map(failureOf).filter((line): line is string => line !== null)
}

export function gateOf(models: readonly ModelResult[]): Results['gate'] {
  return failingModels(models).length > 0 ? 'fail' : 'pass'
}

function describeStatus(model: ModelResult): string {
  switch (model.status) {
    case 'oom':
      return model.oom?.kind === 'host-oom' ? 'ran out of host memory' : 'ran out of GPU memory'
    case 'at-risk':
      // A reason is set when the run is at risk below the limit (allocator retries).
      if (model.reason) return model.reason
      return `peak ${formatBytes(model.peakBytes)} is above the limit (memory minus headroom): it would run out of memory, or come within the headroom, on the target`
    case 'timeout':
      return 'timed out'
    default:
      return `failed (${model.reason ?? 'non-zero exit'})`
  }
}
