// The layer rules of docs/design.md are enforced by `npm run lint` (eslint.config.mjs,
// eslint-plugin-boundaries). These lint text as if it were a file of src/: a forbidden import must
// fail with the boundaries rule, an allowed one must pass, so the rules cannot silently stop
// applying (a resolver that finds nothing would let every import through).
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const results = await eslint.lintText(code, { filePath: path })
  return results
    .flatMap(r => r.messages)
    .filter(m => m.ruleId?.startsWith('boundaries/'))
    .map(m => m.message)
}

describe('layer rules', () => {
  it('judge may not import the measuring edge', async () => {
    const errors = await boundaryErrors(
      'src/judge/layerFixture.ts',
      "import { killTree } from '../measure/process/killTree.js'\nexport const used = killTree\n"
    )
    expect(errors).toEqual([expect.stringMatching(/"judge" to elements of type "measure"/)])
  })

  it('judge may import the spine and config', async () => {
    const errors = await boundaryErrors(
      'src/judge/layerFixture.ts',
      "import type { Measurement } from '../measurement.js'\nimport { formatBytes } from '../config/units.js'\nexport const used = (m: Measurement) => formatBytes(m.peaks.hostRssBytes)\n"
    )
    expect(errors).toEqual([])
  })

  it('storage may not import GitHub events', async () => {
    const errors = await boundaryErrors(
      'src/store/history/layerFixture.ts',
      "import type { ActionContext } from '../../github/context.js'\nexport type Used = ActionContext\n"
    )
    expect(errors).toEqual([expect.stringMatching(/"store" to elements of type "github"/)])
  })

  it('config may not import the estimator', async () => {
    const errors = await boundaryErrors(
      'src/config/layerFixture.ts',
      "import { estimatePeak } from '../advise/estimate.js'\nexport const used = estimatePeak\n"
    )
    expect(errors).toEqual([expect.stringMatching(/"config" to elements of type "advise"/)])
  })

  it('a file of src/ outside every layer is an error', async () => {
    const errors = await boundaryErrors('src/stray/layerFixture.ts', 'export const stray = 1\n')
    expect(errors).toEqual([expect.stringMatching(/does not belong to any known element/)])
  })
})
