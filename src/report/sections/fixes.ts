// What would fit, per model: the full list with each fix's reasoning (the full report; folded in
// the comment) and the one line of the fixes that fit (the comment). A caveat every fix shares
// (fix.caveat: how the estimates were calibrated) is said once, above them. Pure.
import { formatBytes } from '../../config/units.js'
import type { Fix, ModelResult } from '../../results.js'
import { escapeInline } from '../markdownSafety.js'

export function adviceList(m: ModelResult): string {
  const calibrated = m.estimate?.calibration != null
  const anyTraced = (m.advice ?? []).some(f => f.traced)
  const how = anyTraced
    ? 'each fix traced with the fix applied where it says "traced", estimated where it says "about"'
    : `estimated${calibrated ? ' and calibrated to this measurement' : ''}`
  const intro = `What would fit for ${escapeInline(m.name)}, ${how} (best first):`
  const caveats = sharedCaveats(m.advice ?? [])
  const items = (m.advice ?? []).map((fix, i) => {
    const mark = fix.fits ? '✅' : '❌'
    const warning = fix.warning ? ` ⚠️ ${escapeInline(fix.warning)}` : ''
    return `${i + 1}. ${mark} ${escapeInline(fix.title)}: ${fullPeak(fix)}. ${escapeInline(fix.detail)}${warning}`
  })
  return [intro, ...caveats.map(c => `${escapeInline(c)}`), ...items].join('\n')
}

/** A fix's peak as the full list says it: traced with the fix applied, else the estimate. */
function fullPeak(fix: Fix): string {
  if (fix.traced) return `traced ${formatBytes(fix.traced.devicePeakBytes)}`
  const why = fix.traceError ? ` (not traced: ${escapeInline(fix.traceError)})` : ''
  return `about ${formatBytes(fix.estimatedPeakBytes)}${why}`
}

/** A fix's peak in the comment's one line: `=` for a traced peak, `≈` for an estimate. */
function shortPeak(fix: Fix): string {
  return fix.traced
    ? `traced ${formatBytes(fix.traced.devicePeakBytes)}`
    : `≈${formatBytes(fix.estimatedPeakBytes)}`
}

/** The distinct caveats of a model's fixes, each once (older results carry them in `detail`). */
export function sharedCaveats(fixes: Fix[]): string[] {
  return [...new Set(fixes.flatMap(f => (f.caveat ? [f.caveat.text] : [])))]
}

/** Short names for the fix ids of src/advise/rankFixes.ts; any other id shows its title. */
function shortName(fix: Fix): string {
  const id = fix.id
  if (id === 'bf16-amp') return 'bf16 mixed precision'
  if (id === 'checkpointing') return 'checkpointing'
  if (id === 'bf16-amp+checkpointing') return 'bf16 + checkpointing'
  if (id === 'expandable-segments') return 'expandable_segments'
  let match = /^fsdp-(\d+)$/.exec(id)
  if (match) return `FSDP over ${match[1]} GPUs`
  match = /^batch-(\d+)$/.exec(id)
  if (match) return `batch ${match[1]} + accumulation`
  match = /^patch-(\d+)$/.exec(id)
  if (match) return `patch ${match[1]}`
  return fix.title
}

/** What a fix's warning is about, in a few words, where the id says it; else the mark alone. */
function shortWarning(fix: Fix): string {
  if (!fix.warning) return ''
  if (fix.id.startsWith('patch-')) return ' ⚠️ leaves the pretrained grid'
  if (fix.id === 'smaller-model') return ' ⚠️ usually less accurate'
  return ' ⚠️'
}

/**
 * The comment's line for a failing model: its fixes that fit, best first, with estimated peaks
 * (`checkpointing ≈444 MiB · patch 32 ≈457 MiB ⚠️ leaves the pretrained grid`). '' when the model
 * has no advice; a line saying none fits when none does (the full list is in the details).
 */
export function fittingFixesLine(m: ModelResult): string {
  const advice = m.advice ?? []
  if (advice.length === 0) return ''
  const fitting = advice.filter(f => f.fits)
  const name = `**${escapeInline(m.name)}**`
  if (fitting.length === 0) return `${name}: none of the ${advice.length} estimated fixes would fit.`
  const items = fitting.map(f => `${escapeInline(shortName(f))} ${shortPeak(f)}${shortWarning(f)}`)
  return `Fixes that fit ${name}: ${items.join(' · ')}`
}
