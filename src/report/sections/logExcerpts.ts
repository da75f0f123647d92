// A model's last lines of output, folded, wrapped in LOG_BLOCK_START/END so that fitting a size
// limit cuts them first. Pure.
import type { ModelResult } from '../../results.js'
import { LOG_BLOCK_END, LOG_BLOCK_START } from '../logBlocks.js'
import { escapeHtml, fencedBlock } from '../markdownSafety.js'
import { terminalText } from '../../terminalText.js'
import { perModel, type Section } from './section.js'

export function logExcerpt(m: ModelResult, maxLines: number): string {
  if (m.logTail.length === 0 || m.status === 'ok' || m.status === 'skipped') return ''
  // Tails from older results or other tools may still hold escape codes, control bytes or bidi overrides.
  const lines = m.logTail.slice(-maxLines).map(terminalText)
  return [
    `<details><summary>${escapeHtml(m.name)}: last ${lines.length} lines of output</summary>`,
    '',
    LOG_BLOCK_START,
    fencedBlock(lines.join('\n')),
    LOG_BLOCK_END,
    '</details>'
  ].join('\n')
}

/** The log excerpts of the models `which` keeps (all by default), options.logLines lines each (200). */
export function logExcerpts(which?: (m: ModelResult) => boolean): Section {
  return perModel((m, options) => logExcerpt(m, options.logLines ?? 200), which)
}
