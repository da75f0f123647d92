// Early stop end to end (config -> pipeline -> results.json and report.md) on the fake runner:
// a plateaued run ends once it has run min-duration and its peak has not grown for settle; it
// counts as finished, judged by its peak, and the report says it was stopped early and when
// the peak came.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { runPipeline } from '../../src/pipeline.js'
import { waitFor } from '../../src/measure/process/waitFor.js'
import { childrenOfThisProcess, MIB, workload, type Step } from '../measure/helpers.js'
import { fakeRunner, quoted, tmp, writeConfig } from './helpers.js'

afterEach(async () => {
  vi.unstubAllEnvs()
  expect(await waitFor(() => childrenOfThisProcess().length === 0, 10_000)).toBe(true)
})

/** Grows to `peakMiB` after 300 ms, then holds it until it is stopped. */
const plateau = (peakMiB: number): Step[] => [
  ['gpu', peakMiB / 2],
  ['sleep', 300],
  ['gpu', peakMiB],
  ['print', 'plateau'],
  ['forever']
]

describe('early stop', () => {
  it('ends plateaued runs after min-duration and settle; ok or at-risk by their peak; the report says so', async () => {
    fakeRunner(3)
    const out = tmp()
    // Limit: 1300 MiB minus 10% = 1170 MiB.
    const config = writeConfig(`gpu:
  memory: 1300MiB
  headroom: 10%
measure:
  interval: 50ms
  settle: 1s
  min-duration: 3s
  release-timeout: 20s
models:
  - name: fits
    run: ${quoted(workload(plateau(600)))}
    timeout: 60s
  - name: tight
    run: ${quoted(workload(plateau(1200)))}
    timeout: 60s
  - name: short
    run: ${quoted(
      workload([
        ['gpu', 200],
        ['sleep', 800]
      ])
    )}
`)
    const { results, summaryMarkdown } = await runPipeline({
      configPath: config,
      modelFilters: [],
      outDir: out,
      estimateOnly: false,
      repoRoot: process.cwd(),
      env: { ...process.env },
      secrets: [],
      commit: null,
      runnerName: null,
      log: () => {}
    })
    const byName = Object.fromEntries(results.models.map(m => [m.name, m]))
    const fits = byName['fits']!
    const tight = byName['tight']!
    expect([fits.status, tight.status, byName['short']?.status]).toEqual(['ok', 'at-risk', 'ok'])
    expect([fits.peakBytes, tight.peakBytes]).toEqual([600 * MIB, 1200 * MIB])
    for (const m of [fits, tight]) {
      expect(m.stoppedEarly).toBe(true)
      expect(m.signal).toBe('SIGINT')
      expect(m.reason ?? null).toBeNull()
      // The peak came about 0.3 s in; min-duration (3 s) held the stop back, not settle (1 s).
      expect(m.peakAtMs).toBeGreaterThanOrEqual(250)
      expect(m.peakAtMs).toBeLessThan(3000)
      expect(m.durationMs).toBeGreaterThanOrEqual(3000)
      expect(m.durationMs).toBeLessThan(30_000)
      expect(m.notes.join('\n')).toMatch(
        /stopped early after \d+\.\ds: the peak had not grown since \d+\.\ds/
      )
    }
    expect(byName['short']?.stoppedEarly).toBe(false)
    expect(results.gate).toBe('fail')

    expect(summaryMarkdown).toMatch(/\| fits \| ✅ ok \|.*nvidia-smi, process tree, stopped early/)
    expect(summaryMarkdown).toMatch(/\| tight \| ⚠️ at risk \|.*stopped early/)
    // When the peak came is bounded above (peakAtMs); in words it is whatever that was, which
    // counts the process start from the spawn (a second under load), not a fixed 0.x s.
    expect(summaryMarkdown).toMatch(/- fits: stopped early after .*: the peak had not grown since \d+\.\ds/)
    expect(summaryMarkdown).not.toMatch(/\| short \|.*stopped early/)
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toBe(summaryMarkdown)
  }, 120_000)
})
