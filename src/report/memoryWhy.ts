// "Why the memory": a collapsed block per model with PyTorch's allocator health and, from a memory
// snapshot, the allocation sites alive at the peak and those that grew since the baseline. Pure.
import { formatBytes } from '../config/units.js'
import type { ModelResult, SnapshotCategory, SnapshotSummary } from '../results.js'
import { escapeHtml, escapeInline } from './markdownSafety.js'
import { perModel, type Section } from './sections/section.js'

export interface MemoryWhyOptions {
  /** Where the run's artifacts are (the workflow run page); without it the text names the artifact. */
  artifactsUrl?: string | null
  /** Sites shown (default 5). */
  topSites?: number
}

const CATEGORY_LABEL: Record<SnapshotCategory, string> = {
  parameters: 'parameters',
  gradients: 'gradients',
  optimizer: 'optimizer state',
  activations: 'activations',
  other: 'other'
}

const REASON_LABEL: Record<string, string> = {
  oom: 'the run ran out of memory',
  retries: 'the caching allocator had to free its cache and retry',
  'over-limit': "PyTorch's pool plus the memory beyond it passed the limit",
  peak: 'measure.snapshot: always (a dump at each new peak)'
}

/** The blocks of every model, the artifacts linked from the workflow run page where there is one. */
export const memoryWhySection: Section = perModel((m, options) =>
  memoryWhy(m, { artifactsUrl: options.runUrl })
)

/** The collapsed block for one model, or '' when the probe saw no CUDA use and took no snapshot. */
export function memoryWhy(m: ModelResult, options: MemoryWhyOptions = {}): string {
  const a = m.allocator ?? null
  const s = m.snapshot ?? null
  if (a === null && s === null) return ''
  const parts: string[] = []
  if (a !== null) parts.push(allocatorLine(m))
  if (s !== null) parts.push(...snapshotLines(s, options))
  const grew = m.baseline?.sites ?? []
  if (grew.length > 0 && m.baseline) {
    parts.push(
      [
        `Grew since ${escapeInline(m.baseline.commit?.slice(0, 7) ?? 'the base')}:`,
        '',
        '| Allocation site | Kind | Base | Now | Change |',
        '| --- | --- | --- | --- | --- |',
        ...grew.map(
          g =>
            `| ${escapeInline(g.site)} | ${CATEGORY_LABEL[g.category]} | ${formatBytes(g.baseBytes)} | ${formatBytes(g.headBytes)} | +${formatBytes(g.deltaBytes)} |`
        )
      ].join('\n')
    )
  }
  const what = s !== null ? 'allocator health and where the peak came from' : 'allocator health'
  return [
    `<details><summary>${escapeHtml(m.name)}: ${what}</summary>`,
    '',
    parts.join('\n\n'),
    '',
    '</details>'
  ].join('\n')
}

function allocatorLine(m: ModelResult): string {
  const a = m.allocator!
  const torch = a.torchVersion ? `, PyTorch ${escapeInline(a.torchVersion)}` : ''
  const lines = [
    `Allocator (GPU ${escapeInline(a.device)}${torch}): peak allocated ${formatBytes(a.peakAllocatedBytes)}, active ${formatBytes(a.peakActiveBytes)}, reserved ${formatBytes(a.peakReservedBytes)}.`
  ]
  if (a.reservedUnallocatedBytes !== null) {
    const how =
      a.reservedUnallocatedSource === 'snapshot'
        ? 'at the peak (memory snapshot)'
        : 'at the peak, at least (peak reserved − peak active)'
    lines.push(`Reserved but unallocated ${how}: ${formatBytes(a.reservedUnallocatedBytes)}.`)
  }
  if (a.peakInactiveSplitBytes !== null && a.peakInactiveSplitBytes > 0)
    lines.push(
      `Inactive split blocks (free pieces that cannot be released) up to ${formatBytes(a.peakInactiveSplitBytes)}.`
    )
  const retries = a.numAllocRetries
  if (retries !== null) {
    lines.push(
      retries > 0
        ? `⚠️ ${retries} allocator ${retries === 1 ? 'retry' : 'retries'} (num_alloc_retries): the run fit only after PyTorch freed its cache and retried.`
        : 'No allocator retries.'
    )
  }
  if (a.numOoms !== null && a.numOoms > 0)
    lines.push(
      `${a.numOoms} out-of-memory ${a.numOoms === 1 ? 'error' : 'errors'} raised by the allocator (num_ooms).`
    )
  return lines.join('  \n')
}

function snapshotLines(s: SnapshotSummary, options: MemoryWhyOptions): string[] {
  const out: string[] = []
  const moment =
    s.moment === 'oom'
      ? `Just before the failing allocation${s.oomRequestBytes !== null ? ` (of ${formatBytes(s.oomRequestBytes)})` : ''}`
      : s.moment === 'peak'
        ? `At the peak (replayed from ${s.traceEvents} allocator events)`
        : 'When the snapshot was taken (this torch records no event trace)'
  out.push(
    `${moment}, GPU ${s.device}: ${formatBytes(s.allocatedBytes)} allocated, ${formatBytes(s.reservedBytes)} reserved.` +
      (s.coversPeak === false
        ? ' ⚠️ The recorded history does not reach back to the peak torch reported, so this is a later moment.'
        : '')
  )
  const kinds = (Object.entries(s.categories) as [SnapshotCategory, number][])
    .filter(([, bytes]) => bytes > 0)
    .sort((x, y) => y[1] - x[1])
    .map(([c, bytes]) => `${CATEGORY_LABEL[c]} ${formatBytes(bytes)}`)
  if (kinds.length > 0) out.push(`By kind: ${kinds.join(' · ')}`)
  const top = s.sites.slice(0, options.topSites ?? 5)
  if (top.length > 0) {
    out.push(
      [
        `Top ${top.length} allocation ${top.length === 1 ? 'site' : 'sites'} by bytes alive (innermost frame outside torch):`,
        '',
        '| Allocation site | Kind | Bytes alive | Blocks |',
        '| --- | --- | --- | --- |',
        ...top.map(
          t =>
            `| ${escapeInline(t.site)} | ${CATEGORY_LABEL[t.category]} | ${formatBytes(t.bytes)} | ${t.blocks} |`
        )
      ].join('\n')
    )
  }
  if (s.files.length > 0) {
    const pickle = s.files.find(f => f.endsWith('.pickle')) ?? s.files[0]!
    const artifacts = options.artifactsUrl
      ? `[this workflow run's artifacts](${options.artifactsUrl})`
      : "this workflow run's artifacts"
    const why = s.reason ? ` Taken because ${REASON_LABEL[s.reason] ?? escapeInline(s.reason)}.` : ''
    out.push(
      `Snapshot: \`${pickle.replace(/`/g, '')}\` under the output directory (\`oom-gate-out/\`), in ${artifacts} where the workflow uploads it (the README's workflows do); open it at https://pytorch.org/memory_viz (drop the file on the page).${why}`
    )
  }
  return out
}
