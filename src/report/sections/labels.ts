// Words both documents use for a model's status, peak and change against the base. Pure.
import { formatBytes } from '../../config/units.js'
import type { ModelResult, Results } from '../../results.js'
import { escapeInline } from '../markdownSafety.js'

const STATUS_LABEL: Record<ModelResult['status'], string> = {
  ok: '✅ ok',
  'at-risk': '⚠️ at risk',
  oom: '❌ out of memory',
  failed: '❌ failed',
  timeout: '⏱️ timeout',
  skipped: '⏭️ skipped'
}

export function statusCell(m: ModelResult): string {
  if (m.expect === 'oom') {
    if (m.status === 'oom') return '☑️ out of memory (expected)'
    if (m.status === 'ok') return '🎉 fits now (expected OOM)'
  }
  const label = STATUS_LABEL[m.status]
  if (m.trace && m.estimated)
    return m.status === 'skipped' ? '🔎 traced: fits (not measured)' : `${label} (trace)`
  return m.estimated ? `${label} (estimate)` : label
}

export function peakCell(m: ModelResult): string {
  if (m.peakBytes === null) return 'n/a'
  // An OOM's peak is what was reached before the failing allocation: the need is higher.
  return m.status === 'oom' && !m.estimated ? `≥ ${formatBytes(m.peakBytes)}` : formatBytes(m.peakBytes)
}

/** The base's peak and the change against it, as the tables show them. */
export function baseCells(m: ModelResult): [string, string] {
  const b = m.baseline
  if (b === null) return ['n/a', 'n/a']
  if (b.change === 'new') return ['—', 'new']
  if (b.change === 'removed') return [formatBytes(b.peakBytes), 'removed']
  if (b.reasonCode === 'base-unreadable') return ['unreadable', 'not compared: the base could not be read']
  if (b.reason) return [formatBytes(b.peakBytes), `not compared: ${escapeInline(b.reason)}`]
  if (b.peakBytes === null || b.deltaBytes == null) return [formatBytes(b.peakBytes), 'n/a']
  const sign = b.deltaBytes > 0 ? '+' : b.deltaBytes < 0 ? '−' : '±'
  const pct = b.deltaRatio === null ? '' : ` (${sign}${Math.abs(b.deltaRatio * 100).toFixed(1)}%)`
  const arrow = b.regressed ? ' ▲' : b.deltaBytes < 0 && b.change !== 'noise' ? ' ▼' : ''
  const noise = b.change === 'noise' ? ' (within noise)' : ''
  return [formatBytes(b.peakBytes), `${sign}${formatBytes(Math.abs(b.deltaBytes))}${pct}${arrow}${noise}`]
}

export function plural(n: number, noun: string): string {
  return n === 1 ? `1 ${noun}` : `${n} ${noun}s`
}

/** The target's size is known (older files get `memoryKnown` at parse: src/results.ts). */
export function targetKnown(results: Results): boolean {
  return results.target.memoryKnown
}
