// report.md, the job summary and the PR comment: one markdown document from results.json.
// Pure: the same results always render the same text.
import { stripVTControlCharacters } from 'node:util'
import { formatBytes, formatDuration } from '../config/units.js'
import { failingModels } from '../judge/gate.js'
import { describePin } from '../plan/runnerPin.js'
import { describeOom, familyAdvice } from '../judge/oom/describeOom.js'
import type { ModelResult, Results } from '../results.js'
import { LOG_BLOCK_END, LOG_BLOCK_START } from './logBlocks.js'
import { escapeHtml, escapeInline, fencedBlock } from './markdownSafety.js'
import { trainingLogLine } from './trainingLogLine.js'
import { memoryWhy } from './memoryWhy.js'
import { hostBudget, hostWhy, runnerHeadline } from './runnerHeadline.js'

export interface ReportOptions {
  /** Lines of output kept per model in the log excerpts. */
  logLines?: number
  /** The workflow run page, where the oom-gate-out artifact (memory snapshots) can be downloaded. */
  artifactsUrl?: string | null
}

const STATUS_LABEL: Record<ModelResult['status'], string> = {
  ok: '✅ ok',
  'at-risk': '⚠️ at risk',
  oom: '❌ out of memory',
  failed: '❌ failed',
  timeout: '⏱️ timeout',
  skipped: '⏭️ skipped'
}

const SOURCE_LABEL: Record<string, string> = {
  'nvidia-smi': 'nvidia-smi, process tree',
  'nvidia-smi-device': 'nvidia-smi, device used − baseline',
  torch: 'torch reserved + context',
  host: 'host RSS',
  estimate: 'estimate'
}

export function renderReport(results: Results, options: ReportOptions = {}): string {
  const sections = [
    headline(results),
    table(results),
    ...results.models.flatMap(m => modelDetails(m, results.target)),
    runnerFacts(results),
    notes(results),
    ...results.models.map(m => memoryWhy(m, { artifactsUrl: options.artifactsUrl })),
    ...results.models.map(m => logExcerpt(m, options.logLines ?? 200))
  ]
  return sections.filter(s => s !== '').join('\n\n') + '\n'
}

function headline(results: Results): string {
  const card = cardName(results)
  const prefix = results.mode === 'estimate' ? 'oom-gate (estimates only, nothing was run)' : 'oom-gate'
  const broken = runnerHeadline(results, prefix)
  if (broken !== null) return broken
  if (results.gate === 'pass') {
    const fit = results.models.filter(m => m.status === 'ok').length
    const known = results.models.filter(m => m.expect === 'oom' && m.status === 'oom').length
    const also = known > 0 ? `; ${known} known out-of-memory config${known === 1 ? '' : 's'} reported` : ''
    return `### ✅ ${prefix}: ${plural(fit, 'model')} fit ${card}${also}`
  }
  const failing = failingModels(results.models)
  const failed = results.models.filter(m => failingModels([m]).length > 0)
  const names = (ms: ModelResult[]) => ms.map(m => `**${escapeInline(m.name)}**`).join(', ')
  // An interrupted model was not measured to the end: that says nothing about the card.
  const cut = failed.filter(m => m.interrupted)
  const judged = failed.filter(m => !m.interrupted)
  const parts: string[] = []
  if (judged.length > 0 || cut.length === 0)
    parts.push(`${judged.length > 0 ? names(judged) : 'the gate'} would not pass ${card}`)
  if (cut.length > 0) parts.push(`the gate was interrupted before ${names(cut)} finished`)
  const lines = [`### ❌ ${prefix}: ${parts.join('; ')}`]
  if (failing.length > 0) lines.push(failing.map(f => `- ${escapeInline(f)}`).join('\n'))
  return lines.join('\n\n')
}

/** The target's size is known (older files without `memoryKnown`: a size above 0). */
function targetKnown(results: Results): boolean {
  return results.target.memoryKnown ?? results.target.memoryBytes > 0
}

function cardName(results: Results): string {
  const size = targetKnown(results) ? formatBytes(results.target.memoryBytes) : 'unknown-size'
  if (!targetKnown(results) && results.target.measures !== 'host') return 'on a target card of unknown size'
  if (results.target.measures === 'host') return hostBudget(results, size)
  const name = results.gpu.name && !results.target.emulated ? `${escapeInline(results.gpu.name)}, ` : ''
  return `on the ${name}${size} target card`
}

function table(results: Results): string {
  const withBase = results.models.some(m => m.baseline !== null)
  const share = results.target.measures === 'host' ? 'Share of budget' : 'Share of card'
  const header = ['Model', 'Status', 'Peak', 'Limit', share, 'Measured by', 'Duration']
  if (withBase) header.push('Base', 'Change')
  const rows = results.models.map(m => {
    const share =
      // A target whose size could not be read (brokenRunnerTarget): no share.
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

function statusCell(m: ModelResult): string {
  if (m.expect === 'oom') {
    if (m.status === 'oom') return '☑️ out of memory (expected)'
    if (m.status === 'ok') return '🎉 fits now (expected OOM)'
  }
  const label = STATUS_LABEL[m.status]
  return m.estimated ? `${label} (estimate)` : label
}

function peakCell(m: ModelResult): string {
  if (m.peakBytes === null) return 'n/a'
  // An OOM's peak is what was reached before the failing allocation: the need is higher.
  return m.status === 'oom' && !m.estimated ? `≥ ${formatBytes(m.peakBytes)}` : formatBytes(m.peakBytes)
}

/** How host memory was measured (peaks.hostMethod), as the report names it. */
const HOST_METHOD_LABEL: Record<string, string> = {
  'cgroup-v1': 'host, memory cgroup (v1)',
  'cgroup-v1-unreclaimable': 'host, memory cgroup (v1), page cache excluded',
  'cgroup-v2': 'host, memory cgroup (v2)',
  pss: 'host PSS',
  rss: 'host RSS'
}

function measuredBy(m: ModelResult): string {
  if (m.reusedFrom) return `reused from ${m.reusedFrom.slice(0, 7)}`
  if (m.peakSource === null) return 'n/a'
  const hostMethod = m.peakSource === 'host' ? m.peaks.hostMethod : undefined
  const label = (hostMethod && HOST_METHOD_LABEL[hostMethod]) ?? SOURCE_LABEL[m.peakSource] ?? m.peakSource
  return m.stoppedEarly ? `${label}, stopped early` : label
}

/** How host memory was measured on this runner, from each model's peaks.hostMethod. */
const HOST_METHOD_WORDS: Record<string, string> = {
  'cgroup-v1': 'the memory charged to its own memory cgroup (v1)',
  'cgroup-v1-unreclaimable':
    'what the kernel cannot reclaim in its own memory cgroup (v1: anonymous + shmem + kernel memory, page cache excluded)',
  'cgroup-v2': 'the memory charged to its own memory cgroup (v2)',
  pss: 'the PSS of its process tree',
  rss: 'the RSS of its process tree'
}

function hostMethodWords(results: Results): string {
  const methods = [...new Set(results.models.flatMap(m => (m.peaks.hostMethod ? [m.peaks.hostMethod] : [])))]
  if (methods.length === 0) return 'the host memory of each run'
  return `for each run ${methods.map(h => HOST_METHOD_WORDS[h] ?? h).join(' or ')}`
}

function baseCells(m: ModelResult): [string, string] {
  const b = m.baseline
  if (b === null) return ['n/a', 'n/a']
  if (b.change === 'new') return ['—', 'new']
  if (b.change === 'removed') return [formatBytes(b.peakBytes), 'removed']
  if (b.reason) return [formatBytes(b.peakBytes), `not compared: ${escapeInline(b.reason)}`]
  if (b.peakBytes === null || b.deltaBytes == null) return [formatBytes(b.peakBytes), 'n/a']
  const sign = b.deltaBytes > 0 ? '+' : b.deltaBytes < 0 ? '−' : '±'
  const pct = b.deltaRatio === null ? '' : ` (${sign}${Math.abs(b.deltaRatio * 100).toFixed(1)}%)`
  const arrow = b.regressed ? ' ▲' : b.deltaBytes < 0 && b.change !== 'noise' ? ' ▼' : ''
  const noise = b.change === 'noise' ? ' (within noise)' : ''
  return [formatBytes(b.peakBytes), `${sign}${formatBytes(Math.abs(b.deltaBytes))}${pct}${arrow}${noise}`]
}

function modelDetails(m: ModelResult, target: Results['target']): string[] {
  const out: string[] = []
  const name = `**${escapeInline(m.name)}**`
  if (m.status === 'oom' && m.oom && m.estimated) {
    out.push(
      `${name} would run out of GPU memory: ${escapeInline(m.oom.evidence ?? 'its estimate exceeds the card')}.`
    )
  } else if (m.status === 'oom' && m.oom) {
    const what = m.oom.kind === 'host-oom' ? 'host memory' : 'GPU memory'
    const framework = m.oom.framework ? ` (${escapeInline(m.oom.framework)})` : ''
    out.push(`${name} ran out of ${what}${framework}: ${escapeInline(describeOom(m.oom))}.`)
    const advice = familyAdvice(m.oom)
    if (advice)
      out.push(`What it means: ${escapeInline(advice.title)}. Usual fix: ${escapeInline(advice.fix)}.`)
  } else if (m.status === 'at-risk' && m.reason) {
    // At risk below the limit (allocator retries, an OOM it caught): the reason says why.
    out.push(`${name} finished, but ${escapeInline(m.reason)}.`)
    if (m.oom?.recovered === true) {
      const what = m.oom.kind === 'host-oom' ? 'host memory' : 'GPU memory'
      out.push(`It ran out of ${what} and went on: ${escapeInline(describeOom(m.oom))}.`)
    }
  } else if (m.status === 'at-risk' && m.peakBytes !== null) {
    const where = target.measures === 'host' ? 'the host budget' : 'the target card'
    out.push(
      m.peakBytes > target.memoryBytes
        ? `${name} finished here, but its peak of ${formatBytes(m.peakBytes)} is more than ${where}'s ${formatBytes(target.memoryBytes)}: there it would run out of memory.`
        : `${name} finished, but its peak of ${formatBytes(m.peakBytes)} leaves less than the configured headroom below ${formatBytes(target.memoryBytes)}.`
    )
  } else if (m.reason && m.status !== 'ok') {
    out.push(`${name}: ${escapeInline(m.reason)}.`)
  }
  if (m.expect === 'oom' && m.status === 'ok') {
    out.push(`${name} was expected to run out of memory and now fits: consider removing \`expect: oom\`.`)
  }
  const fromLog = trainingLogLine(m)
  if (fromLog) out.push(fromLog)
  if (m.advice && m.advice.length > 0) out.push(adviceList(m))
  return out
}

function adviceList(m: ModelResult): string {
  const calibrated = m.estimate?.calibration != null
  const intro = `What would fit for ${escapeInline(m.name)}, estimated${calibrated ? ' and calibrated to this measurement' : ''} (best first):`
  const items = (m.advice ?? []).map((fix, i) => {
    const mark = fix.fits ? '✅' : '❌'
    const warning = fix.warning ? ` ⚠️ ${escapeInline(fix.warning)}` : ''
    return `${i + 1}. ${mark} ${escapeInline(fix.title)}: about ${formatBytes(fix.estimatedPeakBytes)}. ${escapeInline(fix.detail)}${warning}`
  })
  return [intro, ...items].join('\n')
}

function runnerFacts(results: Results): string {
  const lines: string[] = []
  const gpu = results.gpu
  if (gpu.name !== null) {
    const parts = [escapeInline(gpu.name), formatBytes(gpu.memoryBytes)]
    if (gpu.driver) parts.push(`driver ${escapeInline(gpu.driver)}`)
    if (results.gpus.length > 1) parts.push(`${results.gpus.length} GPUs`)
    if (results.gpus.some(g => g.mig)) parts.push('partitioned (MIG): runs get a slice, not the whole card')
    const pin = results.runner?.pin
    if (pin) parts.push(describePin(pin.gpus))
    lines.push(`Runner: ${parts.join(', ')}`)
  } else if (results.runnerError) {
    lines.push('Runner: nvidia-smi failed (see above); no GPU memory was measured')
  } else if (results.mode !== 'estimate') {
    lines.push(`Runner: ${hostWhy(results)}; memory is ${hostMethodWords(results)}`)
  }
  const torch = results.runner?.torchVersion
  if (torch) lines.push(`PyTorch ${escapeInline(torch)}`)
  const t = results.target
  const limit = `limit ${formatBytes(t.limitBytes)} (${formatBytes(t.memoryBytes)} minus headroom)`
  lines.push(
    t.emulated
      ? `Target: ${formatBytes(t.memoryBytes)}, emulated on this larger card by capping PyTorch's allocator; ${limit}`
      : `Target: ${limit}`
  )
  const foreign = results.models.flatMap(m =>
    m.gpus
      .filter(g => (g.baselineBytes ?? 0) > 0)
      .map(g => `GPU ${g.index}: ${formatBytes(g.baselineBytes)} before ${escapeInline(m.name)}`)
  )
  if (foreign.length > 0)
    lines.push(`Memory held by other processes (not counted): ${[...new Set(foreign)].join('; ')}`)
  if (results.comparedWith) {
    const { distance, from } = results.comparedWith
    const start =
      from === 'merge-group-base'
        ? 'the merge group’s base (the target branch with the PRs queued ahead)'
        : from === 'push-parent'
          ? 'the commit before this push'
          : 'the PR’s base'
    const back = distance === 0 ? start : `${distance} commit${distance === 1 ? '' : 's'} before ${start}`
    lines.push(`Compared with ${results.comparedWith.commit.slice(0, 7)} (${back})`)
  }
  return lines.join('  \n')
}

function notes(results: Results): string {
  const items = [
    ...results.notes.map(n => escapeInline(n)),
    ...results.models.flatMap(m => m.notes.map(n => `${escapeInline(m.name)}: ${escapeInline(n)}`))
  ]
  return items.length === 0 ? '' : ['Notes:', ...items.map(n => `- ${n}`)].join('\n')
}

function logExcerpt(m: ModelResult, maxLines: number): string {
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

function plural(n: number, noun: string): string {
  return n === 1 ? `1 ${noun}` : `${n} ${noun}s`
}
