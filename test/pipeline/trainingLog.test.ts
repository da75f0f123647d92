// The run's own output lines reach the training-log parser: a real process prints mmengine log
// lines (the format of mmengine's LogProcessor, values from its docs) and the results and report
// carry the largest `memory:` value.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runPipeline } from '../../src/pipeline.js'

describe('training log memory through the pipeline', () => {
  it("records mmengine's `memory:` peak of a run and shows it in the report", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oom-gate-tlog-'))
    const lines = [
      '08/18 20:27:21 - mmengine - INFO - Epoch(train) [1][10/20]  lr: 1.0000e-03  eta: 0:00:02  time: 0.4566  data_time: 0.0074  memory: 477  loss: 6.7576',
      '08/18 20:27:22 - mmengine - INFO - Epoch(train) [1][20/20]  lr: 1.0000e-03  eta: 0:00:00  time: 0.2501  data_time: 0.0077  memory: 512  loss: 5.3044',
      '08/18 20:27:23 - mmengine - INFO - Saving checkpoint at 1 epochs'
    ]
    writeFileSync(join(dir, 'log.txt'), lines.join('\n') + '\n')
    const config = join(dir, 'oom-gate.yml')
    writeFileSync(
      config,
      `gpu: {memory: 8GiB}
measure: {sampler: host, interval: 50ms}
models:
  - name: mm
    run: cat log.txt; sleep 0.3
    cwd: ${JSON.stringify(dir)}
`
    )
    const out = join(dir, 'out')
    const { results, summaryMarkdown } = await runPipeline({
      configPath: config,
      modelFilters: [],
      outDir: out,
      estimateOnly: false,
      repoRoot: dir,
      env: process.env,
      secrets: [],
      commit: null,
      runnerName: null,
      log: () => {}
    })
    expect(results.models[0]?.trainingLog).toEqual({
      peakAllocatedBytes: 512 * 2 ** 20,
      source: 'mmengine',
      lines: 2
    })
    expect(summaryMarkdown).toContain(
      "**mm**: the training log's own peak: 512 MiB allocated (mmengine `memory:`"
    )
    const onDisk = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    expect(onDisk.models[0].trainingLog.peakAllocatedBytes).toBe(512 * 2 ** 20)
  }, 30_000)
})
