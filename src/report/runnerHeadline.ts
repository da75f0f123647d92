// The headline when the runner, not a model, failed the gate (contract 6): nvidia-smi failing or
// hung before or during the job. It names the cause and the fix first, then which models it left
// unmeasured, so nobody reads a driver problem as a model that does not fit. Pure.
import { hasNote } from '../notes.js'
import type { Results } from '../results.js'
import { escapeInline } from './markdownSafety.js'

/** Null when the runner is fine. */
export function runnerHeadline(results: Results, prefix: string): string | null {
  const error = results.runnerError
  if (!error) return null
  const unmeasured = results.models.filter(m => m.runnerError).map(m => `**${escapeInline(m.name)}**`)
  const lines = [
    `### ❌ ${prefix}: the runner is broken, not the models`,
    `**Cause:** ${escapeInline(error.message)}.  \n**Fix:** ${escapeInline(error.fix)}.`
  ]
  if (unmeasured.length > 0) lines.push(`Not measured because of it (failed): ${unmeasured.join(', ')}.`)
  if (error.detail) lines.push(`nvidia-smi said: \`${error.detail.replace(/`/g, "'")}\``)
  return lines.join('\n\n')
}

/** How the headline names a host-memory budget: plainly, host memory and not GPU memory was judged. */
export function hostBudget(results: Results, size: string): string {
  return `in ${size} of host memory (host memory was judged, not GPU memory: ${hostWhy(results)})`
}

/** Why host memory was judged: the runner has no nvidia-smi, or the config asked for it. */
export function hostWhy(results: Results): string {
  // Older results' wording is given its code where results.json is parsed (src/notes.ts).
  return hasNote(results, 'host-judged') ? 'no nvidia-smi on this runner' : 'measure.sampler: host'
}
