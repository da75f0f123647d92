// The run's notes and each model's, as a list. Pure.
import type { Results } from '../../results.js'
import { escapeInline } from '../markdownSafety.js'

export function notes(results: Results): string {
  const items = [
    ...results.notes.map(n => escapeInline(n)),
    ...results.models.flatMap(m => m.notes.map(n => `${escapeInline(m.name)}: ${escapeInline(n)}`))
  ]
  return items.length === 0 ? '' : ['Notes:', ...items.map(n => `- ${n}`)].join('\n')
}
