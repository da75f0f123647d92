// The trace in the gate with real PyTorch (/usr/bin/python3, torch 1.13) on the CPU: the pre-check
// fails a model from its trace with the numbers, a trace that fits passes nothing by itself, the
// demo's failing model gets its fixes re-traced, and capacity is found by bisection over traces.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/load.js'
import { runPipeline } from '../../src/pipeline.js'
import { traceCacheFor, traceModel, type TraceRunner } from '../../src/pipeline/traceModels.js'
import { runTraces } from '../../src/trace/runTrace.js'

const PYTHON = '/usr/bin/python3'
const env = { ...process.env, OOM_GATE_PYTHON: PYTHON }
const MIB = 2 ** 20

/** runTraces through /usr/bin/python3, counting requests and processes. */
function countingRunner(): { runner: TraceRunner; requests: number[]; processes: () => number } {
  const requests: number[] = []
  return {
    requests,
    processes: () => requests.length,
    runner: async reqs => {
      requests.push(reqs.length)
      return runTraces(reqs, { python: PYTHON, env })
    }
  }
}

function preCheck(configPath: string, filters: string[] = [], runner?: TraceRunner) {
  const outDir = mkdtempSync(join(tmpdir(), 'oom-gate-tracegate-'))
  return runPipeline({
    configPath,
    modelFilters: filters,
    outDir,
    estimateOnly: true,
    repoRoot: process.cwd(),
    env,
    secrets: [],
    commit: null,
    runnerName: null,
    log: () => {},
    ...(runner ? { traceRunner: runner } : {})
  })
}

function linearConfig(memory: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'oom-gate-tracegate-cfg-'))
  const path = join(dir, 'oom-gate.yml')
  writeFileSync(
    path,
    `gpu: {memory: ${memory}, headroom: 0%}
models:
  - name: linear
    run: exit 99
    cwd: test/pipeline/builders
    trace: {entry: linear_batch.py:build, batch: 4, cuda-context: 0, max-batch: 16}
`
  )
  return path
}

describe('the trace in the gate (torch 1.13)', () => {
  it('finds the exact largest batch by bisection over traces, each batch traced once', async () => {
    // The truth: every batch 1..16 traced in one process.
    const all = await runTraces(
      Array.from({ length: 16 }, (_, i) => ({
        entry: 'linear_batch.py:build',
        batch: i + 1,
        cwd: 'test/pipeline/builders',
        cudaContextBytes: 0
      })),
      { python: PYTHON, env }
    )
    const peaks = all.map(o => (o.ok ? o.result.devicePeakBytes : NaN))
    for (let i = 1; i < peaks.length; i++) expect(peaks[i]!).toBeGreaterThan(peaks[i - 1]!)
    // A limit between batch 6 and batch 7.
    const limit = Math.floor((peaks[5]! + peaks[6]!) / 2)
    const config = parseConfig(
      `models: [{name: linear, run: exit 99, cwd: test/pipeline/builders, trace: {entry: linear_batch.py:build, batch: 4, cuda-context: 0, max-batch: 16}}]`,
      'x.yml'
    )
    const counting = countingRunner()
    const options = { repoRoot: process.cwd(), limitBytes: limit, log: () => {}, runner: counting.runner }
    const traced = await traceModel(config.models[0]!, traceCacheFor(options), options)
    expect(traced.capacity).toMatchObject({
      largestBatch: 6,
      smallestFailingBatch: 7,
      largestBatchPeakBytes: peaks[5],
      smallestFailingPeakBytes: peaks[6],
      error: null
    })
    // 4 (the base, cached) -> 8 (fails) -> 6 -> 7: four traces, each batch once, in four processes.
    expect(traced.capacity!.traces).toBe(4)
    expect(counting.requests.reduce((a, b) => a + b, 0)).toBe(4)
  }, 300_000)

  it('fails the pre-check from a trace with the numbers; a trace that fits passes nothing', async () => {
    const over = await preCheck(linearConfig('4MiB'))
    const m = over.results.models[0]!
    expect(m.status).toBe('oom')
    expect(m.peakSource).toBe('trace')
    expect(m.reason).toMatch(
      /^traced: \d+(\.\d)? MiB of a 4\.0 MiB limit at batch 4 \(a trace of the model's code on the CPU, not a measurement\)$/
    )
    expect(over.results.gate).toBe('fail')
    expect(over.reportMarkdown).toContain('traced:')

    const fits = await preCheck(linearConfig('80GiB'))
    const f = fits.results.models[0]!
    expect(f.status).toBe('skipped')
    expect(f.status).not.toBe('ok')
    expect(f.trace?.devicePeakBytes).toBeGreaterThan(0)
    expect(f.reason).toMatch(
      /^traced: fits \(.* of a 80\.0 GiB limit at batch 4\); a trace is not a measurement and passes nothing/
    )
    // Capacity: every batch up to max-batch fits.
    expect(f.capacity).toMatchObject({ largestBatch: 16, smallestFailingBatch: null })
    expect(fits.reportMarkdown).toContain('traced to fit (a trace, not a measurement)')
    expect(fits.reportMarkdown).toContain('every batch up to 16 fits')
  }, 300_000)

  it("re-traces the demo's failing model's fixes (tiny_2b) and shows each with its traced peak", async () => {
    const counting = countingRunner()
    const { results, reportMarkdown } = await preCheck(
      'examples/tiny-normal/oom-gate.yml',
      ['tiny_2b'],
      counting.runner
    )
    const m = results.models.find(r => r.name === 'tiny_2b')!
    expect(m.status === 'oom' || m.status === 'at-risk').toBe(true)
    expect(m.trace!.devicePeakBytes).toBeGreaterThan(970 * MIB)
    // batch 1 does not fit: the capacity search needs no trace besides the base.
    expect(m.capacity).toMatchObject({ largestBatch: 0, smallestFailingBatch: 1 })
    const byId = Object.fromEntries((m.advice ?? []).map(f => [f.id, f]))
    // bf16 autocast with checkpointing fails in the tracer under torch 1.13 (reported to wip/trace):
    // the fix keeps the estimator's row and says why it was not traced.
    const both = byId['bf16-amp+checkpointing']!
    if (both.basis !== 'trace') expect(both.traceError).toMatch(/tracer/)
    for (const id of ['bf16-amp', 'checkpointing', 'patch-32']) {
      expect(byId[id]?.basis, id).toBe('trace')
      expect(byId[id]!.traced!.devicePeakBytes, id).toBeGreaterThan(0)
      expect(byId[id]!.fits).toBe(byId[id]!.traced!.devicePeakBytes <= results.target.limitBytes)
    }
    expect(byId['patch-32']!.traced!.args).toMatchObject({ size: '2b', patch: 32 })
    expect(byId['patch-32']!.fits).toBe(true)
    expect(byId['patch-32']!.warning).toMatch(/pretrained/)
    expect(byId['checkpointing']!.traced!.devicePeakBytes).toBeLessThan(m.trace!.devicePeakBytes)
    // FSDP is not something the tracer applies: estimated, and it says so.
    expect(byId['fsdp-2']).toMatchObject({ basis: 'estimate', traced: null })
    // The fixes ran in one process (torch imported once): base, then the four fixes together.
    expect(counting.requests).toEqual([1, 4])
    expect(reportMarkdown).toMatch(/Patch size 16 -\\> 32: traced \d+ MiB/)
    expect(reportMarkdown).toContain('batch 1 does not fit')
  }, 300_000)
})
