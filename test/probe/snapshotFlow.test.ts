// measure.snapshot from the run request to the report: the probe (against the fake torch.cuda of
// scripts/fake_cuda_history.py) records and dumps, the pipeline reads and summarises the snapshot,
// judgeModel attaches it, renderReport shows it.
import { existsSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { judgeModel } from '../../src/judge/judgeModel.js'
import { measureModel } from '../../src/measure/measureModel.js'
import { summarizeProbeSnapshots } from '../../src/pipeline/snapshotSummaries.js'
import { renderReport } from '../../src/report/renderReport.js'
import { ModelResultSchema } from '../../src/results.js'
import { model, request } from '../measure/helpers.js'
import { results } from '../support/builders.js'
import { torchPython } from './helpers.js'

const GiB = 2 ** 30
const script = fileURLToPath(new URL('./scripts/fake_cuda_history.py', import.meta.url))
const target = { memoryBytes: 80 * GiB, limitBytes: 77 * GiB }

describe('measure.snapshot end to end (fake torch.cuda)', () => {
  it('on-failure: an OOM run comes back with the snapshot summary, its files, and the report block', async () => {
    const run = `${torchPython()} ${script} oom`
    const req = request(run, {
      env: { ...process.env, FAKE_TORCH_API: '2.1' },
      settings: { sampler: 'torch', snapshot: 'on-failure', limitBytes: target.limitBytes }
    })
    const m = await measureModel(req)
    m.probes = await summarizeProbeSnapshots(m.probes, req.resultDir)
    expect(m.exitCode).toBe(1)
    const [probe] = m.probes
    expect(probe!.snapshotSummary).toMatchObject({ reason: 'oom', moment: 'oom', oomRequestBytes: 8 * GiB })
    const result = ModelResultSchema.parse(judgeModel(model(run), m, target))
    expect(result.status).toBe('oom')
    const dir = basename(req.resultDir)
    expect(result.snapshot!.files).toEqual([
      `runs/${dir}/snapshot/${probe!.pid}.pickle`,
      `runs/${dir}/snapshot/${probe!.pid}.json`
    ])
    expect(existsSync(join(req.resultDir, 'snapshot', `${probe!.pid}.pickle`))).toBe(true)
    expect(result.allocator).toMatchObject({
      numOoms: 1,
      numAllocRetries: 0,
      torchVersion: expect.any(String)
    })
    const md = renderReport(results([result], { gate: 'fail' }))
    expect(md).toContain('<details><summary>smoke: allocator health and where the peak came from</summary>')
    expect(md).toContain('Just before the failing allocation (of 8.00 GiB), GPU 0: 10.00 GiB allocated')
    expect(md).toContain('| /repo/models/vit.py:88 (forward) | activations | 6.00 GiB | 1 |')
    expect(md).toContain('https://pytorch.org/memory_viz')
  })

  it('off: the same run records nothing and dumps nothing', async () => {
    const run = `${torchPython()} ${script} oom`
    const req = request(run, {
      env: { ...process.env, FAKE_TORCH_API: '2.1' },
      settings: { sampler: 'torch', snapshot: 'off' }
    })
    const m = await measureModel(req)
    expect(m.probes[0]).toMatchObject({ memoryHistory: null, snapshot: null })
    expect(existsSync(join(req.resultDir, 'snapshot'))).toBe(false)
    expect(ModelResultSchema.parse(judgeModel(model(run), m, target)).snapshot).toBeUndefined()
  })
})
