// The comment's small print: how memory was measured in plain words, the runner's card, the
// commit, a link to the run's summary, and the config key that chose the sampler. Pure.
import type { Results } from '../../results.js'
import { COMMENT_FOOTER } from '../logBlocks.js'
import { escapeInline } from '../markdownSafety.js'
import type { SectionOptions } from './section.js'

export function commentFooter(results: Results, options: SectionOptions): string {
  const parts: string[] = []
  const gpu = results.gpu.name
  if (results.mode === 'estimate')
    parts.push('estimated from each model’s `estimate:` block, nothing was run')
  else if (results.target.measures === 'host')
    parts.push(
      gpu === null
        ? 'measured: host memory (this runner has no GPU)'
        : `measured: host memory, not GPU memory (runner card ${escapeInline(gpu)})`
    )
  else parts.push(`measured: GPU memory on ${gpu !== null ? escapeInline(gpu) : 'an unnamed card'}`)
  if (results.target.emulated) parts.push('target emulated by capping PyTorch’s allocator')
  if (results.commit) parts.push(`commit ${results.commit.slice(0, 7)}`)
  if (options.runUrl) parts.push(`[full report in the run’s summary](${options.runUrl})`)
  const sampler = results.runner?.sampler
  const key = sampler ? `measure.sampler: ${sampler}` : null
  if (key && results.mode !== 'estimate') parts.push(`config: \`${key.replace(/`/g, '')}\``)
  return `${COMMENT_FOOTER}\n<sub>${parts.join(' · ')}</sub>`
}
