// The story as it happened (two users on facebookresearch/sapiens, not "a team"), told with a
// link per claim in the README and docs/estimator.md, quoting the threads verbatim.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const ISSUE = (n: number) => `https://github.com/facebookresearch/sapiens/issues/${n}`
// Verbatim from the threads (2024-09-14 to 09-18).
const QUOTES: Record<number, string[]> = {
  86: ['there is not\nenough CUDA memory for sapiens_2b', 'from 16 to 32, which will not outof memory'],
  88: ['moving away from the pretraining configuration'],
  92: [
    'batch size has been\nset to 1',
    'Changing patch is not recommended as you move away from the pretrained\nweights',
    'FSDP model sharding when finetuning, or train longer or simply\nrevert to 1b model'
  ]
}
const flat = (text: string) => text.replace(/\s+/g, ' ')

describe('the Sapiens story', () => {
  const readme = readFileSync('README.md', 'utf8')
  const docs = readFileSync('docs/estimator.md', 'utf8')

  it('is two users, not a team, in the README and the estimator docs', () => {
    for (const text of [readme, docs]) expect(text).not.toMatch(/\ba team\b/i)
    expect(readme).toMatch(/two users/)
    expect(docs).toMatch(/two users/)
  })

  it('links every issue it cites, in both', () => {
    for (const n of [86, 88, 92]) {
      expect(readme).toContain(ISSUE(n))
      expect(docs).toContain(ISSUE(n))
    }
  })

  it('quotes the threads word for word in the estimator docs', () => {
    for (const quotes of Object.values(QUOTES)) {
      for (const quote of quotes) expect(flat(docs)).toContain(flat(quote))
    }
  })

  it('says openly that the default regime contradicts an OOM at batch 1', () => {
    expect(flat(docs)).toMatch(
      /sapiens_2b fits one 80 GB card at batch 1: about 52\.9 GiB, 61\.3 GiB with DDP/
    )
    expect(flat(docs)).toMatch(/contradicts #92/)
    expect(flat(readme)).toMatch(/contradicts sapiens#92/)
  })
})
