// The human-readable form of a trace (`oom-gate trace` without --json): the three peaks, where the
// peak falls, what is live there by category and by module. Pure.
import { formatBytes } from '../config/units.js'
import { TRACE_CATEGORIES, type TraceResult } from './traceResult.js'

/** Rows of `byModule` shown; the rest is summed into one line. */
const MODULE_ROWS = 10

/** The table, one string with newlines; `entry` and `batch` head it. */
export function renderTrace(result: TraceResult, entry: string): string {
  const lines: string[] = []
  const batch = result.batch === null || result.batch === undefined ? '' : `, batch ${result.batch}`
  const setup = [
    result.precision ?? 'fp32',
    result.ddp ? 'DDP' : null,
    result.checkpointed ? `checkpointing ${result.checkpointed.class.join('/')}` : null,
    result.iterations === undefined ? null : `${result.iterations} steps`
  ].filter((part): part is string => part !== null)
  lines.push(`Trace of ${entry}${batch} (torch ${result.torch}, ${setup.join(', ')})`)
  lines.push(`  parameters          ${result.parameters.toLocaleString('en-US')}`)
  lines.push(
    `  allocated peak      ${formatBytes(result.allocatedPeakBytes)}   (torch.cuda.max_memory_allocated)`
  )
  lines.push(`  reserved peak       ${formatBytes(result.reservedPeakBytes)}   (caching allocator replay)`)
  const context =
    result.cudaContextBytes === undefined ? '' : ` + ${formatBytes(result.cudaContextBytes)} CUDA context`
  lines.push(`  device peak         ${formatBytes(result.devicePeakBytes)}   (reserved${context})`)
  const where = [
    result.peakPhase ?? 'n/a',
    result.peakIteration === null ? null : `step ${result.peakIteration}`,
    result.peakOp ? `at ${result.peakOp}` : null,
    result.peakModule ? `in ${result.peakModule}` : null
  ].filter((part): part is string => part !== null)
  lines.push(`  peak falls in       ${where.join(', ')}`)
  lines.push('', '  live at the peak, by category')
  for (const category of TRACE_CATEGORIES) {
    const bytes = result.byCategory[category]
    const share = result.allocatedPeakBytes > 0 ? (100 * bytes) / result.allocatedPeakBytes : 0
    lines.push(
      `    ${category.padEnd(13)} ${formatBytes(bytes).padStart(11)}  ${share.toFixed(1).padStart(5)}%`
    )
  }
  const modules = result.byModule ?? []
  if (modules.length > 0) {
    lines.push('', '  live at the peak, by module (largest first)')
    for (const row of modules.slice(0, MODULE_ROWS))
      lines.push(`    ${formatBytes(row.bytes).padStart(11)}  ${row.module} (${row.category})`)
    const rest = modules.slice(MODULE_ROWS).reduce((sum, row) => sum + row.bytes, 0)
    if (rest > 0)
      lines.push(`    ${formatBytes(rest).padStart(11)}  ${modules.length - MODULE_ROWS} more rows`)
  }
  if (result.notes.length > 0) lines.push('', ...result.notes.map(note => `  note: ${note}`))
  return lines.join('\n')
}
