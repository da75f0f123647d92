// The comment's first line: the verdict in words, naming what fails and the limit it was judged
// against (`❌ tiny_2b does not fit: 1.01 GiB of a 970 MiB limit (1000 MiB − 3%)`), or a pass in
// one line. A broken runner says so first (runnerHeadline). Branches on codes only. Pure.
import { formatBytes } from '../../config/units.js'
import { failureOf } from '../../judge/gate.js'
import type { ModelResult, Results } from '../../results.js'
import { escapeInline } from '../markdownSafety.js'
import { runnerHeadline } from '../runnerHeadline.js'
import { plural } from './labels.js'

/** Models named in the verdict before "and N more". */
const NAMED = 3

export function verdict(results: Results): string {
  const estimate = results.mode === 'estimate' ? ' (estimates only, nothing was run)' : ''
  const broken = runnerHeadline(results, 'oom-gate')
  if (broken !== null) return broken
  const limit = limitWords(results.target)
  if (results.gate === 'pass') {
    const fit = results.models.filter(m => m.status === 'ok').length
    const known = results.models.filter(m => m.expect === 'oom' && m.status === 'oom').length
    const also = known > 0 ? `; ${plural(known, 'known out-of-memory config')} reported` : ''
    // A trace that fits passes nothing (contract 6): said apart from the models measured to fit.
    const traced = results.models.filter(m => m.status === 'skipped' && m.trace).length
    const tracedToo =
      traced > 0 ? `; ${plural(traced, 'model')} traced to fit (a trace, not a measurement)` : ''
    return `### ✅ ${fit === results.models.length ? 'All ' : ''}${plural(fit, 'model')} fit the ${limit}${also}${tracedToo}${estimate}`
  }
  const failing = results.models.filter(m => failureOf(m) !== null)
  if (failing.length === 0) return `### ❌ The gate failed${estimate}`
  const only = failing.length === 1 ? failing[0]! : null
  if (only && overLimit(only, results.target) && only.status === 'at-risk')
    return `### ❌ ${name(only)} does not fit: ${only.peakSource === 'trace' ? 'traced ' : ''}${formatBytes(only.peakBytes)} of a ${limit}${estimate}`
  const phrases = failing.slice(0, NAMED).map(m => phrase(m, results.target))
  const more = failing.length > NAMED ? `; and ${failing.length - NAMED} more` : ''
  return `### ❌ ${phrases.join('; ')}${more} · ${limit}${estimate}`
}

/** `970 MiB limit (1000 MiB − 3%)`: the limit and how it follows from the memory and headroom. */
export function limitWords(target: Results['target']): string {
  const { memoryBytes, limitBytes } = target
  if (!target.memoryKnown) return 'a limit of unknown size (the card could not be read)'
  if (memoryBytes <= 0) return `${formatBytes(limitBytes)} limit`
  const headroom = memoryBytes - limitBytes
  if (headroom <= 0) return `${formatBytes(limitBytes)} limit`
  const pct = (headroom / memoryBytes) * 100
  // Headroom is configured as a percentage or in bytes: show the one it reads as.
  const minus = Math.abs(pct - Math.round(pct)) < 0.05 ? `${Math.round(pct)}%` : formatBytes(headroom)
  return `${formatBytes(limitBytes)} limit (${formatBytes(memoryBytes)} − ${minus})`
}

function overLimit(m: ModelResult, target: Results['target']): boolean {
  return m.peakBytes !== null && m.peakBytes > target.limitBytes
}

function name(m: ModelResult): string {
  return `**${escapeInline(m.name)}**`
}

/** What went wrong with one failing model, in a few words, from its codes. */
function phrase(m: ModelResult, target: Results['target']): string {
  const n = name(m)
  if (m.status === 'skipped') return `${n} was not run`
  if (m.interrupted) return `${n} was interrupted`
  if (m.expect === 'oom' && (m.status === 'failed' || m.status === 'timeout'))
    return `${n} ${m.status === 'failed' ? 'failed' : 'timed out'} instead of the expected OOM`
  if (m.expect === 'fit') {
    switch (m.status) {
      case 'oom':
        if (m.estimated) return `${n} does not fit: estimated ${formatBytes(m.peakBytes)}`
        return `${n} ran out of ${m.oom?.kind === 'host-oom' ? 'host' : 'GPU'} memory${m.peakBytes !== null ? ` at ≥ ${formatBytes(m.peakBytes)}` : ''}`
      case 'at-risk':
        if (m.oom?.recovered === true) return `${n} ran out of memory and recovered`
        return overLimit(m, target)
          ? `${n} does not fit: ${formatBytes(m.peakBytes)}`
          : `${n} is at risk at ${formatBytes(m.peakBytes)}`
      case 'timeout':
        return `${n} timed out`
      case 'failed':
        return `${n} failed`
    }
  }
  if (m.baseline?.reasonCode === 'base-unreadable')
    return `${n} could not be compared: the base could not be read (no comparison, no pass)`
  if (m.baseline?.regressed) {
    const ratio = m.baseline.deltaRatio
    return `${n}'s peak grew${ratio === null ? '' : ` by ${(ratio * 100).toFixed(1)}%`} over the base`
  }
  return `${n} failed`
}
