// The full report's headline: the verdict with every failing model and why, or the broken runner. Pure.
import { formatBytes } from '../../config/units.js'
import { failingModels } from '../../judge/gate.js'
import type { ModelResult, Results } from '../../results.js'
import { escapeInline } from '../markdownSafety.js'
import { hostBudget, runnerHeadline } from '../runnerHeadline.js'
import { plural, targetKnown } from './labels.js'

export function headline(results: Results): string {
  const card = cardName(results)
  const prefix = results.mode === 'estimate' ? 'oom-gate (estimates only, nothing was run)' : 'oom-gate'
  const broken = runnerHeadline(results, prefix)
  if (broken !== null) return broken
  if (results.gate === 'pass') {
    const fit = results.models.filter(m => m.status === 'ok').length
    const known = results.models.filter(m => m.expect === 'oom' && m.status === 'oom').length
    const also = known > 0 ? `; ${known} known out-of-memory config${known === 1 ? '' : 's'} reported` : ''
    // A trace that fits passes nothing (contract 6): counted apart from the models that fit.
    const traced = results.models.filter(m => m.status === 'skipped' && m.trace).length
    const tracedToo =
      traced > 0 ? `; ${plural(traced, 'model')} traced to fit (a trace, not a measurement)` : ''
    return `### ✅ ${prefix}: ${plural(fit, 'model')} fit ${card}${also}${tracedToo}`
  }
  // Models that fail only because the base could not be read: said once, with cause and fix.
  const baseOnly = (m: ModelResult) =>
    m.baseline?.reasonCode === 'base-unreadable' && failingModels([{ ...m, baseline: null }]).length === 0
  const failed = results.models.filter(m => failingModels([m]).length > 0 && !baseOnly(m))
  const failing = failingModels(failed)
  const unread = results.models.some(baseOnly)
    ? (results.regression?.text ?? 'the base could not be read')
    : null
  const names = (ms: ModelResult[]) => ms.map(m => `**${escapeInline(m.name)}**`).join(', ')
  // An interrupted model was not measured to the end: that says nothing about the card.
  const cut = failed.filter(m => m.interrupted)
  const judged = failed.filter(m => !m.interrupted)
  const parts: string[] = []
  if (judged.length > 0 || (cut.length === 0 && unread === null))
    parts.push(`${judged.length > 0 ? names(judged) : 'the gate'} would not pass ${card}`)
  if (cut.length > 0) parts.push(`the gate was interrupted before ${names(cut)} finished`)
  if (unread !== null) parts.push('the regression check could not read the base (no comparison, no pass)')
  const lines = [`### ❌ ${prefix}: ${parts.join('; ')}`]
  if (unread !== null) lines.push(`- Base unreadable: ${escapeInline(unread)}`)
  if (failing.length > 0) lines.push(failing.map(f => `- ${escapeInline(f)}`).join('\n'))
  return lines.join('\n\n')
}

export function cardName(results: Results): string {
  const size = targetKnown(results) ? formatBytes(results.target.memoryBytes) : 'unknown-size'
  if (!targetKnown(results) && results.target.measures !== 'host') return 'on a target card of unknown size'
  if (results.target.measures === 'host') return hostBudget(results, size)
  const name = results.gpu.name && !results.target.emulated ? `${escapeInline(results.gpu.name)}, ` : ''
  return `on the ${name}${size} target card`
}
