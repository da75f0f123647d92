// The report's cross-check line: the training framework's own peak (mmengine's `memory:`)
// next to the gate's measured peak. Allocated <= reserved <= what nvidia-smi sees, so a log
// peak above a GPU-sampled peak means the sampler missed part of it.
import { formatBytes } from '../config/units.js'
import type { ModelResult } from '../results.js'
import { escapeInline } from './markdownSafety.js'

const GPU_SOURCES = new Set(['nvidia-smi', 'nvidia-smi-device', 'torch'])

/** One markdown line for a model whose output carried `memory:` values, else null. */
export function trainingLogLine(m: ModelResult): string | null {
  const log = m.trainingLog
  if (!log) return null
  const mib = Math.round(log.peakAllocatedBytes / 2 ** 20)
  const lines = `${log.lines} log line${log.lines === 1 ? '' : 's'}`
  const own = `**${escapeInline(m.name)}**: the training log's own peak: ${mib} MiB allocated (${log.source} \`memory:\`, torch.cuda.max_memory_allocated, ${lines})`
  if (m.peakBytes === null || m.peakSource === null || !GPU_SOURCES.has(m.peakSource)) return `${own}.`
  if (log.peakAllocatedBytes > m.peakBytes) {
    return `${own}, more than the ${formatBytes(m.peakBytes)} the gate sampled: the sampler missed part of the peak; a shorter \`measure.interval\` catches it.`
  }
  return `${own}; the gate's ${formatBytes(m.peakBytes)} also counts the allocator's cache and the CUDA context.`
}
