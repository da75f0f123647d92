// The scale features through the whole pipeline on a fake runner: GPU-count config errors, busy
// GPUs noted in results.json, and a matrix of one-model measure jobs merged by `report` giving the
// same verdict as one job measuring everything.
import { cpSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mergeResultDirs } from '../../src/commands/report.js'
import { waitFor } from '../../src/measure/process/waitFor.js'
import type { Results } from '../../src/results.js'
import { childrenOfThisProcess, uuidOf, workload } from '../measure/helpers.js'
import { fakeRunner, quoted, runGate as run, tmp, usageProblems, writeConfig } from './helpers.js'

afterEach(async () => {
  vi.unstubAllEnvs()
  expect(await waitFor(() => childrenOfThisProcess().length === 0, 10_000)).toBe(true)
})

const OOM_LINE =
  'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.15 GiB of which 1.20 GiB is free.'

describe('scale-out through the pipeline', () => {
  it('an entry that needs more GPUs than the runner offers (or measure.gpus allows) is a config error', async () => {
    fakeRunner(2)
    const config = writeConfig(`gpu:
  memory: 80GiB
models:
  - name: small
    run: echo hi
  - name: fsdp_4
    run: echo hi
    gpus: 4
`)
    expect(await usageProblems(run(config, tmp()))).toEqual([
      `${config}: models[1].gpus: fsdp_4 needs 4 GPUs and this runner offers 2; lower gpus or use a bigger runner`
    ])
    const limited = writeConfig(`gpu:
  memory: 80GiB
measure:
  gpus: [1]
models:
  - name: pair
    run: echo hi
    gpus: 2
`)
    expect(await usageProblems(run(limited, tmp()))).toEqual([
      `${limited}: models[0].gpus: pair needs 2 GPUs and this runner offers 1; lower gpus or use a bigger runner`
    ])
  })

  it('says in results.json and report.md which GPU was left out because another process held it', async () => {
    const state = fakeRunner(2)
    state.foreign(999_990, uuidOf(0), 3000)
    const out = tmp()
    const config = writeConfig(`gpu:
  memory: 80GiB
measure:
  interval: 50ms
models:
  - name: one
    run: ${quoted(`echo "visible=$CUDA_VISIBLE_DEVICES"; ${workload([['gpu', 100]])}`)}
`)
    const { results, summaryMarkdown } = await run(config, out)
    const note =
      'GPU 0 not used: another process holds memory on it (pid 999990 2.93 GiB) when the gate started'
    expect(results.notes).toContain(note)
    expect(results.models[0]?.gpus.map(g => g.index)).toEqual([1])
    expect(results.models[0]?.logTail).toContain(`visible=${uuidOf(1)}`)
    expect(summaryMarkdown).toContain(`- ${note}`)
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).notes).toContain(note)
  })

  it('matrix: one measure job per model, merged from per-artifact folders, gives the single job’s verdict', async () => {
    fakeRunner(4)
    const config = writeConfig(`gpu:
  memory: 80GiB
measure:
  interval: 50ms
models:
  - name: s_03b
    run: ${quoted(
      workload([
        ['gpu', 1000],
        ['sleep', 800]
      ])
    )}
  - name: s_06b
    run: ${quoted(
      workload([
        ['gpu', 2000],
        ['sleep', 800]
      ])
    )}
  - name: s_1b
    run: ${quoted(
      workload([
        ['gpu', 3000],
        ['sleep', 800]
      ])
    )}
  - name: s_2b
    run: ${quoted(
      workload([
        ['gpu', 4000],
        ['sleep', 800],
        ['stderr', OOM_LINE],
        ['exit', 1]
      ])
    )}
`)
    const single = await run(config, tmp())
    // Each job writes its out dir; download-artifact (merge-multiple: false) puts each artifact
    // in a folder named after it.
    const download = tmp()
    for (const name of ['s_03b', 's_06b', 's_1b', 's_2b']) {
      const jobOut = tmp()
      const job = await run(config, jobOut, [name])
      expect(job.results.models.filter(m => m.status !== 'skipped').map(m => m.name)).toEqual([name])
      cpSync(jobOut, join(download, `oom-gate-${name}`), { recursive: true })
    }
    const merged = mergeResultDirs(config, [download], tmp())

    const verdict = (r: Results) => ({
      gate: r.gate,
      models: r.models.map(m => [m.name, m.status, m.peakBytes, m.peakSource, m.oom?.kind ?? null])
    })
    expect(verdict(merged.results)).toEqual(verdict(single.results))
    expect(verdict(single.results)).toEqual({
      gate: 'fail',
      models: [
        ['s_03b', 'ok', 1000 * 2 ** 20, 'nvidia-smi', null],
        ['s_06b', 'ok', 2000 * 2 ** 20, 'nvidia-smi', null],
        ['s_1b', 'ok', 3000 * 2 ** 20, 'nvidia-smi', null],
        ['s_2b', 'oom', 4000 * 2 ** 20, 'nvidia-smi', 'gpu-oom']
      ]
    })
    // The same table, but for the Duration column.
    const table = (md: string) =>
      md
        .split('\n')
        .filter(l => l.startsWith('| s'))
        .map(l => l.split('|').slice(1, -2).join('|'))
    expect(table(merged.summaryMarkdown)).toEqual(table(single.summaryMarkdown))
    expect(table(single.summaryMarkdown)).toHaveLength(4)
  }, 120_000)
})
