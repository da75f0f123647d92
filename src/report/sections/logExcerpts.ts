// A model's last lines of output, folded, wrapped in LOG_BLOCK_START/END so that fitting a size
// limit cuts them first. Pure.
import { stripVTControlCharacters } from 'node:util'
import type { ModelResult } from '../../results.js'
import { LOG_BLOCK_END, LOG_BLOCK_START } from '../logBlocks.js'
import { escapeHtml, fencedBlock } from '../markdownSafety.js'

export function logExcerpt(m: ModelResult, maxLines: number): string {
  if (m.logTail.length === 0 || m.status === 'ok' || m.status === 'skipped') return ''
  // Tails from older results or other tools may still hold terminal escape codes.
  const lines = m.logTail.slice(-maxLines).map(l => stripVTControlCharacters(l))
  return [
    `<details><summary>${escapeHtml(m.name)}: last ${lines.length} lines of output</summary>`,
    '',
    LOG_BLOCK_START,
    fencedBlock(lines.join('\n')),
    LOG_BLOCK_END,
    '</details>'
  ].join('\n')
}
