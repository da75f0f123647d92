import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findResultFiles, mergeResultDirs } from '../../src/commands/report.js'
import { UsageError } from '../../src/config/load.js'
import { mergeResults } from '../../src/judge/mergeResults.js'
import { writeResults } from '../../src/store/resultsFile.js'
import { config, GiB, modelResult, results } from '../support/builders.js'

const cfg = config(`gpu: {memory: 80GiB, headroom: 3%}
models:
  - {name: sapiens_0.3b, run: x}
  - {name: sapiens_0.6b, run: x}
  - {name: sapiens_1b, run: x}
  - {name: sapiens_2b, run: x, expect: oom}
`)

const job = (names: string[], overrides = {}) =>
  results(
    names.map(name => modelResult({ name, peakBytes: 30 * GiB })),
    overrides
  )

describe('mergeResults', () => {
  it('one verdict over the full model list, in config order', () => {
    const merged = mergeResults(cfg, [
      { path: 'a', results: job(['sapiens_2b', 'sapiens_1b']) },
      { path: 'b', results: job(['sapiens_0.6b', 'sapiens_0.3b']) }
    ])
    expect(merged.models.map(m => m.name)).toEqual([
      'sapiens_0.3b',
      'sapiens_0.6b',
      'sapiens_1b',
      'sapiens_2b'
    ])
    expect(merged.gate).toBe('pass')
    expect(merged.mode).toBe('report')
    expect(merged.target).toMatchObject({ memoryBytes: 80 * GiB, limitBytes: 83322365542 })
  })

  it('a model measured twice is an error; one filtered out by a job is not', () => {
    const twice = () =>
      mergeResults(cfg, [
        { path: 'a/results.json', results: job(['sapiens_1b']) },
        { path: 'b/results.json', results: job(['sapiens_1b']) }
      ])
    expect(twice).toThrowError(UsageError)
    expect(twice).toThrow(
      'sapiens_1b: measured twice, in a/results.json and b/results.json; give each model to one job'
    )
    const filtered = results([modelResult({ name: 'sapiens_1b', status: 'skipped', reason: 'filtered out' })])
    const merged = mergeResults(cfg, [
      { path: 'a', results: filtered },
      { path: 'b', results: job(['sapiens_1b']) }
    ])
    expect(merged.models.find(m => m.name === 'sapiens_1b')?.status).toBe('ok')
  })

  it('keeps the runner error of a matrix job whose runner broke', () => {
    const runnerError = {
      kind: 'hung' as const,
      message: 'nvidia-smi did not answer',
      fix: 'reboot the runner',
      detail: null
    }
    const broken = results(
      [modelResult({ name: 'sapiens_1b', status: 'failed', peakBytes: null, runnerError })],
      { runnerError }
    )
    const merged = mergeResults(cfg, [
      { path: 'a', results: job(['sapiens_0.3b', 'sapiens_0.6b', 'sapiens_2b']) },
      { path: 'b', results: broken }
    ])
    expect(merged.runnerError).toEqual(runnerError)
    expect(merged.gate).toBe('fail')
    expect(merged.models.find(m => m.name === 'sapiens_1b')?.runnerError).toEqual(runnerError)
  })

  it('a model no job measured fails with "not measured"', () => {
    const merged = mergeResults(cfg, [
      { path: 'a', results: job(['sapiens_0.3b', 'sapiens_0.6b', 'sapiens_2b']) }
    ])
    expect(merged.models.find(m => m.name === 'sapiens_1b')).toMatchObject({
      status: 'failed',
      reason: 'not measured: no measure job produced a result for it'
    })
    expect(merged.gate).toBe('fail')
  })

  it('reports runners with different GPU models, and re-judges against the config target', () => {
    const h100 = { gpu: { name: 'NVIDIA H100 80GB HBM3', memoryBytes: 81559 * 2 ** 20, driver: '550' } }
    const merged = mergeResults(cfg, [
      { path: 'a', results: job(['sapiens_0.3b', 'sapiens_0.6b']) },
      {
        path: 'b',
        results: results(
          [modelResult({ name: 'sapiens_1b', peakBytes: 78 * GiB }), modelResult({ name: 'sapiens_2b' })],
          h100
        )
      }
    ])
    expect(merged.gpu.name).toBe('mixed: NVIDIA A800 80GB PCIe, NVIDIA H100 80GB HBM3')
    expect(merged.notes).toContain(
      'results come from runners with different GPU models: NVIDIA A800 80GB PCIe, NVIDIA H100 80GB HBM3'
    )
    expect(merged.models.find(m => m.name === 'sapiens_1b')?.status).toBe('at-risk')
  })

  it('reads result directories, globs and per-artifact folders from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oom-gate-merge-'))
    writeResults(join(dir, 'results-0.3b'), job(['sapiens_0.3b']))
    writeResults(join(dir, 'results-0.6b'), job(['sapiens_0.6b']))
    writeResults(join(dir, 'all', 'results-1b'), job(['sapiens_1b']))
    writeResults(join(dir, 'all', 'results-2b'), job(['sapiens_2b']))
    expect(findResultFiles([join(dir, 'results-*')])).toHaveLength(2)
    expect(findResultFiles([join(dir, 'all')])).toHaveLength(2)
    expect(() => findResultFiles([join(dir, 'nothing-here')])).toThrow(/no results.json there/)
    const cfgPath = join(dir, 'oom-gate.yml')
    writeFileSync(
      cfgPath,
      'gpu: {memory: 80GiB}\nmodels:\n' + cfg.models.map(m => `  - {name: ${m.name}, run: x}\n`).join('')
    )
    const { results: merged, summaryMarkdown } = mergeResultDirs(
      cfgPath,
      [join(dir, 'results-*'), join(dir, 'all')],
      join(dir, 'out')
    )
    expect(merged.models.every(m => m.status === 'ok')).toBe(true)
    expect(summaryMarkdown).toContain('4 models fit')
  })
})

describe('mergeResults keeps what the measure jobs compared with', () => {
  const BASE = 'b'.repeat(40)
  it('keeps comparedWith when every job compared with the same base', () => {
    const compared = { comparedWith: { commit: BASE, distance: 1, from: 'pull-request-base' as const } }
    const merged = mergeResults(cfg, [
      { path: 'a', results: job(['sapiens_2b', 'sapiens_1b'], compared) },
      { path: 'b', results: job(['sapiens_0.6b', 'sapiens_0.3b'], compared) }
    ])
    expect(merged.comparedWith).toEqual(compared.comparedWith)
  })

  it('leaves it out when the jobs disagree or none compared', () => {
    const merged = mergeResults(cfg, [
      {
        path: 'a',
        results: job(['sapiens_2b', 'sapiens_1b'], { comparedWith: { commit: BASE, distance: 0 } })
      },
      { path: 'b', results: job(['sapiens_0.6b'], { comparedWith: { commit: 'c'.repeat(40), distance: 0 } }) }
    ])
    expect(merged.comparedWith).toBeUndefined()
    expect(mergeResults(cfg, [{ path: 'a', results: job(['sapiens_1b']) }]).comparedWith).toBeUndefined()
  })
})
