// Each model's explanation in sentences: why it failed or is at risk, the training log's own peak,
// and its fixes with their reasoning. Pure.
import { formatBytes } from '../../config/units.js'
import { describeOom, familyAdvice } from '../../judge/oom/describeOom.js'
import type { ModelResult, Results } from '../../results.js'
import { escapeInline } from '../markdownSafety.js'
import { capacityReportLine, tracedVsMeasuredLine } from '../traceLines.js'
import { trainingLogLine } from '../trainingLogLine.js'
import { adviceList } from './fixes.js'

export function modelDetails(m: ModelResult, target: Results['target']): string[] {
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
  } else if (m.status === 'at-risk' && m.peakSource === 'trace' && m.reason) {
    out.push(`${name}: ${escapeInline(m.reason)}.`)
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
  const traced = tracedVsMeasuredLine(m)
  if (traced) out.push(traced)
  const capacity = capacityReportLine(m)
  if (capacity) out.push(capacity)
  if (m.advice && m.advice.length > 0) out.push(adviceList(m))
  return out
}
