// The comment's one table: `Model | Peak | of limit | vs base | Status`. One threshold: the
// percentages are of the limit the verdict used (memory minus headroom). `vs base` only when some
// model was compared with a base. Pure.
import type { ModelResult, Results } from '../../results.js'
import { escapeInline } from '../markdownSafety.js'
import { baseCells, peakCell, statusCell } from './labels.js'

export function compactTable(results: Results): string {
  const withBase = results.models.some(m => m.baseline !== null)
  const header = ['Model', 'Peak', 'of limit', ...(withBase ? ['vs base'] : []), 'Status']
  const rows = results.models.map(m => {
    const cells = [escapeInline(m.name), peakCell(m), ofLimit(m, results.target.limitBytes)]
    if (withBase) cells.push(baseCells(m)[1])
    cells.push(statusCell(m))
    return `| ${cells.join(' | ')} |`
  })
  return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows].join('\n')
}

function ofLimit(m: ModelResult, limitBytes: number): string {
  // A limit of 0 bytes is a card whose size could not be read (brokenRunnerTarget): no share.
  if (m.peakBytes === null || limitBytes <= 0) return 'n/a'
  return `${((m.peakBytes / limitBytes) * 100).toFixed(0)}%`
}
