// Reusing the baseline's result of a model whose paths the change did not touch.
import { describe, expect, it } from 'vitest'
import { decideReuse, touches, type ChangedFile } from '../../src/judge/reuse.js'
import { GiB, modelConfig, modelResult, results } from '../support/builders.js'

const BASE = 'b'.repeat(40)
const models = [
  modelConfig({ name: 'seg_1b', paths: ['seg/**', 'pretrain/mmpretrain/models/backbones/vit.py'] }),
  modelConfig({ name: 'pose_1b', paths: ['pose/**'] }),
  modelConfig({ name: 'no_paths' })
]
const base = results(
  [
    modelResult({ name: 'seg_1b', peakBytes: 70 * GiB, notes: ['stopped early'] }),
    modelResult({ name: 'pose_1b', peakBytes: 60 * GiB }),
    modelResult({ name: 'no_paths', peakBytes: 10 * GiB })
  ],
  { commit: BASE }
)
const target = { memoryBytes: base.target.memoryBytes, limitBytes: base.target.limitBytes }
const changed = (...files: string[]): ChangedFile[] => files.map(filename => ({ filename }))
const decide = (files: ChangedFile[] | null, extra: Partial<Parameters<typeof decideReuse>[0]> = {}) =>
  decideReuse({
    models,
    changed: files,
    base,
    baseCommit: BASE,
    configPath: '.github/oom-gate.yml',
    target,
    ...extra
  }).map(r => r.name)

describe('touches', () => {
  it('matches globs, dotfiles included, and the old name of a renamed file', () => {
    expect(touches(['seg/**'], changed('seg/configs/a.py'))).toBe(true)
    expect(touches(['seg/**'], changed('seg/.hidden/x'))).toBe(true)
    expect(touches(['seg/**'], changed('segment/x.py'))).toBe(false)
    expect(touches(['./seg/**'], changed('seg/x.py'))).toBe(true)
    expect(touches(['seg/**'], [{ filename: 'docs/x.py', previousFilename: 'seg/x.py' }])).toBe(true)
  })
})

describe('decideReuse', () => {
  it('reuses models whose paths the change does not touch, marked with the measured commit', () => {
    expect(decide(changed('pose/configs/p.py', 'README.md'))).toEqual(['seg_1b'])
    const [seg] = decideReuse({
      models,
      changed: changed('README.md'),
      base,
      baseCommit: BASE,
      configPath: '.github/oom-gate.yml',
      target
    })
    expect(seg).toMatchObject({
      name: 'seg_1b',
      peakBytes: 70 * GiB,
      status: 'ok',
      reusedFrom: BASE,
      baseline: null
    })
    expect(seg!.notes).toContain(`reused from bbbbbbb: no file under its paths changed since bbbbbbb`)
  })

  it('never reuses a model without paths, or one whose paths changed', () => {
    expect(decide(changed('seg/x.py', 'pose/y.py'))).toEqual([])
    expect(decide(changed('pretrain/mmpretrain/models/backbones/vit.py'))).toEqual(['pose_1b'])
  })

  it('measures everything when the diff is unknown or the config file changed', () => {
    expect(decide(null)).toEqual([])
    expect(decide(changed('.github/oom-gate.yml'))).toEqual([])
    expect(decide(changed('README.md'), { configPath: './.github/oom-gate.yml' })).toEqual([
      'seg_1b',
      'pose_1b'
    ])
  })

  it('measures again when the base was judged against another card or limit', () => {
    expect(
      decide(changed('README.md'), { target: { ...target, limitBytes: target.limitBytes - 1 } })
    ).toEqual([])
  })

  it('reuses finished and out-of-memory results, not failures, skips or estimates', () => {
    const mixed = results(
      [
        modelResult({ name: 'seg_1b', status: 'oom', peakBytes: 79 * GiB }),
        modelResult({ name: 'pose_1b', status: 'failed', peakBytes: 3 * GiB })
      ],
      { commit: BASE }
    )
    expect(decide(changed('README.md'), { base: mixed })).toEqual(['seg_1b'])
    const estimated = results([modelResult({ name: 'seg_1b', estimated: true })], { commit: BASE })
    expect(decide(changed('README.md'), { base: estimated })).toEqual([])
  })

  it('keeps pointing at the commit that was measured when the base itself was reused', () => {
    const older = 'a'.repeat(40)
    const chained = results([modelResult({ name: 'seg_1b', reusedFrom: older })], { commit: BASE })
    const [seg] = decideReuse({
      models,
      changed: [],
      base: chained,
      baseCommit: BASE,
      configPath: 'c.yml',
      target
    })
    expect(seg!.reusedFrom).toBe(older)
  })
})
