// Contract 6 in a report merge: a model passes only on a measured peak, of the memory the merged
// target judges, against a card of known size. Adapted from the break session's demonstrations
// (break-report-1 items 1, 2, 3 and 6).
import { describe, expect, it } from 'vitest'
import { mergeResults } from '../../src/judge/mergeResults.js'
import { HOST_JUDGED_NOTE } from '../../src/plan/checkRunner.js'
import { renderReport } from '../../src/report/renderReport.js'
import { config, GiB, modelResult, results } from '../support/builders.js'

const cfg = config(`gpu: {memory: 80GiB}
models:
  - {name: a, run: x}
  - {name: b, run: x}
`)

const HOST_PEAKS = {
  nvidiaSmiBytes: null,
  torchReservedBytes: null,
  torchAllocatedBytes: null,
  hostRssBytes: GiB
}

const gpuJob = (name: string) =>
  results([modelResult({ name, peakBytes: 30 * GiB, peakSource: 'nvidia-smi' })], {
    target: { memoryBytes: 80 * GiB, limitBytes: 77 * GiB, measures: 'gpu' },
    runner: { host: 'gpu-box', name: 'gpu-runner', torchVersion: '2.4.0', sampler: 'auto' }
  })

const hostJob = (name: string) =>
  results([modelResult({ name, peakBytes: GiB, peakSource: 'host', peaks: HOST_PEAKS })], {
    gpu: { name: null, memoryBytes: null, driver: null },
    target: { memoryBytes: 80 * GiB, limitBytes: 77 * GiB, measures: 'host' },
    runner: { host: 'cpu-box', name: 'cpu-runner', torchVersion: null, sampler: 'host' },
    notes: [HOST_JUDGED_NOTE]
  })

const modelOf = (r: ReturnType<typeof mergeResults>, name: string) => r.models.find(m => m.name === name)!

describe('a report merge fails closed', () => {
  it.each(['ok', 'at-risk'] as const)('a job result %s with no peak is failed: no reading', status => {
    const merged = mergeResults(cfg, [
      { path: 'ja', results: gpuJob('a') },
      {
        path: 'jb',
        results: results([modelResult({ name: 'b', status, peakBytes: null, peakSource: null })])
      }
    ])
    expect(modelOf(merged, 'b').status).toBe('failed')
    expect(modelOf(merged, 'b').reason).toMatch(/^no reading: jb says .* records no peak memory/)
    expect(modelOf(merged, 'b').reasonCode).toBe('no-peak-recorded')
    expect(merged.gate).toBe('fail')
  })

  it('estimate-only results are not measurements, alone or next to measured jobs', () => {
    const estimated = results(
      [
        modelResult({ name: 'a', peakBytes: 30 * GiB, peakSource: 'estimate', estimated: true }),
        modelResult({ name: 'b', peakBytes: 30 * GiB, peakSource: 'estimate', estimated: true })
      ],
      { mode: 'estimate' }
    )
    const alone = mergeResults(cfg, [{ path: 'precheck', results: estimated }])
    expect(alone.gate).toBe('fail')
    expect(alone.models.map(m => m.status)).toEqual(['failed', 'failed'])
    expect(modelOf(alone, 'a').reason).toMatch(/^not measured: precheck holds an estimate/)
    // The whole merge is estimates: the headline says nothing was run, and it does not pass.
    expect(alone.mode).toBe('estimate')
    expect(renderReport(alone)).toMatch(/^### ❌ oom-gate \(estimates only, nothing was run\)/)

    // One model of a measure-mode file flagged as estimated is no measurement either.
    const mixed = mergeResults(cfg, [
      { path: 'ja', results: gpuJob('a') },
      { path: 'jb', results: results([modelResult({ name: 'b', peakSource: 'estimate', estimated: true })]) }
    ])
    expect(mixed.mode).toBe('report')
    expect(modelOf(mixed, 'a').status).toBe('ok')
    expect(modelOf(mixed, 'b').status).toBe('failed')
    expect(modelOf(mixed, 'b').reason).toMatch(/estimate/)
  })

  it('host memory is not judged against a GPU target, and the report does not depend on file order', () => {
    const forward = mergeResults(cfg, [
      { path: 'jobs/ja', results: hostJob('a') },
      { path: 'jobs/jb', results: gpuJob('b') }
    ])
    const backward = mergeResults(cfg, [
      { path: 'jobs/jb', results: gpuJob('b') },
      { path: 'jobs/ja', results: hostJob('a') }
    ])
    for (const merged of [forward, backward]) {
      expect(merged.target.measures).toBe('gpu')
      expect(merged.gate).toBe('fail')
      expect(modelOf(merged, 'a').status).toBe('failed')
      expect(modelOf(merged, 'a').reason).toMatch(
        /^measured by host memory .*jobs\/ja.* the target is GPU memory/
      )
      expect(modelOf(merged, 'b').status).toBe('ok')
    }
    const withoutTime = (r: typeof forward) => ({ ...r, finishedAt: null })
    expect(withoutTime(forward)).toEqual(withoutTime(backward))
    const report = renderReport(forward)
    expect(report).toBe(renderReport(backward))
    expect(report).toContain('Runner: NVIDIA A800 80GB PCIe')
    expect(report).toMatch(/^### ❌ oom-gate: \*\*a\*\* would not pass/)
  })

  it('a merge of host-only jobs still judges host memory', () => {
    const merged = mergeResults(cfg, [
      { path: 'ja', results: hostJob('a') },
      { path: 'jb', results: hostJob('b') }
    ])
    expect(merged.target.measures).toBe('host')
    expect(merged.gate).toBe('pass')
  })

  describe('gpu.memory: runner with a job whose card size is unknown', () => {
    const runnerCfg = config(`gpu: {memory: runner, headroom: 3%}
models:
  - {name: a, run: x}
  - {name: b, run: x}
`)
    const runnerError = {
      kind: 'driver-not-loaded' as const,
      message: 'no driver',
      fix: 'load it',
      detail: null
    }
    const broken = results(
      [modelResult({ name: 'a', status: 'failed', peakBytes: null, peakSource: null, runnerError })],
      { target: { memoryBytes: 0, limitBytes: 0, measures: 'gpu' }, runnerError }
    )
    const healthy = results([modelResult({ name: 'b', peakBytes: 2 * GiB })], {
      target: { memoryBytes: 80 * GiB, limitBytes: 77 * GiB, measures: 'gpu' }
    })

    it('is left out of the smallest card, in any order', () => {
      for (const files of [
        [
          { path: 'jr/ja', results: broken },
          { path: 'jr/jb', results: healthy }
        ],
        [
          { path: 'jr/jb', results: healthy },
          { path: 'jr/ja', results: broken }
        ]
      ]) {
        const merged = mergeResults(runnerCfg, files)
        expect(merged.target.memoryBytes).toBe(80 * GiB)
        expect(modelOf(merged, 'b').status).toBe('ok')
        expect(modelOf(merged, 'a').runnerError).toEqual(runnerError)
        expect(merged.notes.join('\n')).toMatch(/some job could not read its card/)
      }
    })

    it('with no known card at all, nothing passes', () => {
      const stillOk = results([modelResult({ name: 'b', peakBytes: 2 * GiB })], {
        target: { memoryBytes: 0, limitBytes: 0, measures: 'gpu' }
      })
      const merged = mergeResults(runnerCfg, [
        { path: 'ja', results: broken },
        { path: 'jb', results: stillOk }
      ])
      expect(modelOf(merged, 'b').status).toBe('failed')
      expect(modelOf(merged, 'b').reason).toMatch(/target’s size is unknown/)
      expect(merged.gate).toBe('fail')
    })
  })
})

it('a target of unknown size (0) shows no share of the card, not Infinity%', () => {
  const unknown = results([modelResult({ name: 'a', status: 'failed', peakBytes: 2 * GiB })], {
    target: { memoryBytes: 0, limitBytes: 0, measures: 'gpu' }
  })
  const report = renderReport(unknown)
  expect(report).not.toContain('Infinity')
  expect(report).toMatch(/\| a \| ❌ failed \| 2\.00 GiB \| 0 B \| n\/a \|/)
})
