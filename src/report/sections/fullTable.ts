// The full report's table: every column for every model (status, peak, limit, share, how it was
// measured, duration, and the base when there is one). Pure.
import { formatBytes, formatDuration } from '../../config/units.js'
import type { ModelResult, Results } from '../../results.js'
import { escapeInline } from '../markdownSafety.js'
import { baseCells, peakCell, statusCell, targetKnown } from './labels.js'

const SOURCE_LABEL: Record<string, string> = {
  'nvidia-smi': 'nvidia-smi, process tree',
  'nvidia-smi-device': 'nvidia-smi, device used − baseline',
  torch: 'torch reserved + context',
  host: 'host RSS',
  trace: 'trace (CPU, not measured)',
  estimate: 'estimate'
}

/** How host memory was measured (peaks.hostMethod), as the report names it. */
const HOST_METHOD_LABEL: Record<string, string> = {
  'cgroup-v1': 'host, memory cgroup (v1)',
  'cgroup-v1-unreclaimable': 'host, memory cgroup (v1), page cache excluded',
  'cgroup-v2': 'host, memory cgroup (v2)',
  'cgroup-v2-unreclaimable': 'host, memory cgroup (v2), page cache excluded',
  pss: 'host PSS',
  rss: 'host RSS'
}

export function fullTable(results: Results): string {
  const withBase = results.models.some(m => m.baseline !== null)
  const share = results.target.measures === 'host' ? 'Share of budget' : 'Share of card'
  const header = ['Model', 'Status', 'Peak', 'Limit', share, 'Measured by', 'Duration']
  if (withBase) header.push('Base', 'Change')
  const rows = results.models.map(m => {
    const share =
      // A target of 0 bytes is a card whose size could not be read (brokenRunnerTarget): no share.
      m.peakBytes === null || !targetKnown(results)
        ? 'n/a'
        : `${((m.peakBytes / results.target.memoryBytes) * 100).toFixed(0)}%`
    const cells = [
      escapeInline(m.name),
      statusCell(m),
      peakCell(m),
      formatBytes(results.target.limitBytes),
      share,
      measuredBy(m),
      formatDuration(m.durationMs)
    ]
    if (withBase) cells.push(...baseCells(m))
    return `| ${cells.join(' | ')} |`
  })
  return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows].join('\n')
}

function measuredBy(m: ModelResult): string {
  if (m.reusedFrom) return `reused from ${m.reusedFrom.slice(0, 7)}`
  if (m.peakSource === null) return 'n/a'
  const hostMethod = m.peakSource === 'host' ? m.peaks.hostMethod : undefined
  const label = (hostMethod && HOST_METHOD_LABEL[hostMethod]) ?? SOURCE_LABEL[m.peakSource] ?? m.peakSource
  return m.stoppedEarly ? `${label}, stopped early` : label
}
