// The runner and the target: card, driver, PyTorch, the limit, memory held by others and the base
// compared with. Pure.
import { formatBytes } from '../../config/units.js'
import type { Results } from '../../results.js'
import { escapeInline } from '../markdownSafety.js'
import { describePin } from '../../plan/runnerPin.js'
import { hostWhy } from '../runnerHeadline.js'

/** How host memory was measured on this runner, from each model's peaks.hostMethod. */
const HOST_METHOD_WORDS: Record<string, string> = {
  'cgroup-v1': 'the memory charged to its own memory cgroup (v1)',
  'cgroup-v1-unreclaimable':
    'what the kernel cannot reclaim in its own memory cgroup (v1: anonymous + shmem + kernel memory, page cache excluded)',
  'cgroup-v2': 'the memory charged to its own memory cgroup (v2)',
  'cgroup-v2-unreclaimable':
    'what the kernel cannot reclaim in its own memory cgroup (v2: anonymous + shmem + kernel memory, page cache excluded)',
  pss: 'the PSS of its process tree',
  rss: 'the RSS of its process tree'
}

export function hostMethodWords(results: Results): string {
  const methods = [...new Set(results.models.flatMap(m => (m.peaks.hostMethod ? [m.peaks.hostMethod] : [])))]
  if (methods.length === 0) return 'the host memory of each run'
  return `for each run ${methods.map(h => HOST_METHOD_WORDS[h] ?? h).join(' or ')}`
}

/**
 * `words: 'plain'` (the comment) says why host memory was judged without the config key, which the
 * comment's footer names; the full report keeps it.
 */
export function runnerFacts(results: Results, words: 'plain' | 'keys' = 'keys'): string {
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
    const why = words === 'plain' ? plainHostWhy(results) : hostWhy(results)
    lines.push(`Runner: ${why}; memory is ${hostMethodWords(results)}`)
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

function plainHostWhy(results: Results): string {
  if (results.gpu.name === null && !results.runnerError) return 'host memory (this runner has no GPU)'
  return 'host memory, as the config asks'
}
