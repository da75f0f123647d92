// A model's reason carries a code beside its text (src/reasons.ts, docs/design.md contract 3):
// every verdict writes reasonCode (null where there is no reason), code branches on it, and files
// written before it existed still parse.
import { describe, expect, it } from 'vitest'
import { judgeModel } from '../../src/judge/judgeModel.js'
import { notRun } from '../../src/judge/notRun.js'
import { REASON_CODES, reason } from '../../src/reasons.js'
import { ModelResultSchema } from '../../src/results.js'
import { GiB, measurement, modelConfig, modelResult } from '../support/builders.js'

const target = { memoryBytes: 80 * GiB, limitBytes: 77 * GiB }
const gpuPeaks = {
  nvidiaSmiBytes: 30 * GiB,
  torchReservedBytes: null,
  torchAllocatedBytes: null,
  hostRssBytes: null
}
const onGpu = { gpus: [{ index: 0, uuid: 'GPU-1', peakBytes: 30 * GiB, baselineBytes: 0 }], peaks: gpuPeaks }

describe('reasons carry codes', () => {
  it('a verdict with no reason writes reasonCode null, not nothing', () => {
    const ok = judgeModel(modelConfig(), measurement(onGpu), target)
    expect(ok).toMatchObject({ status: 'ok', reason: null, reasonCode: null })
  })

  it.each([
    [{ timedOut: true }, 'timeout', /still running at the timeout/],
    [{ exitCode: 2 }, 'command-failed', /exited with code 2/],
    [{ signal: 'SIGTERM', exitCode: null }, 'command-failed', /killed by SIGTERM/],
    [{ interrupted: true }, 'interrupted', /^interrupted: the gate was stopped/],
    [{ spawnError: 'no bash' }, 'spawn-failed', /^no bash$/]
  ] as const)('%o is %s', (overrides, code, text) => {
    const r = judgeModel(modelConfig(), measurement({ ...onGpu, ...overrides }), target)
    expect(r.reasonCode).toBe(code)
    expect(r.reason).toMatch(text)
  })

  it('a run on a GPU with no reading is gpu-unreadable; a run with no reading at all, no-reading', () => {
    const gpu = measurement({ gpus: [{ index: 0, uuid: 'GPU-1', peakBytes: null, baselineBytes: null }] })
    expect(judgeModel(modelConfig(), gpu, target).reasonCode).toBe('gpu-unreadable')
    expect(judgeModel(modelConfig(), measurement(), target).reasonCode).toBe('no-reading')
  })

  it('a model not run says why by code', () => {
    const skipped = notRun({ name: 'a', expect: 'fit' }, 'skipped', reason('filtered-out', 'filtered out'))
    expect(skipped).toMatchObject({ reason: 'filtered out', reasonCode: 'filtered-out' })
  })

  it('files written before reasonCode parse (absent), and an unknown code does not', () => {
    const { reasonCode: _, ...old } = modelResult({ status: 'failed', reason: 'exited with code 1' })
    expect(ModelResultSchema.parse(old).reasonCode).toBeUndefined()
    expect(() => ModelResultSchema.parse({ ...old, reasonCode: 'no-such-code' })).toThrow()
    expect(ModelResultSchema.parse({ ...old, reasonCode: 'command-failed' }).reasonCode).toBe(
      'command-failed'
    )
  })

  it('codes are kebab-case and unique', () => {
    expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length)
    for (const code of REASON_CODES) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })
})
