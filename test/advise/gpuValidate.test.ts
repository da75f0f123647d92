// scripts/gpu-validate.sh's helpers, exercised without a GPU: the configs it generates are
// valid oom-gate configs whose estimate blocks work, and the report joins measured and
// estimated peaks into docs/validation/<gpu>.json and .md.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { estimatePeak } from '../../src/advise/estimate.js'
import { estimateCommand } from '../../src/commands/estimate.js'
import { parseConfig } from '../../src/config/load.js'

const VALIDATE = new URL('../../scripts/gpu-validate/validate.mjs', import.meta.url).pathname
const helper = (...args: string[]) =>
  execFileSync(process.execPath, [VALIDATE, ...args], { encoding: 'utf8' })
const RUNS = helper('runs').trim().split('\n')

function estimateJson(run: string): { totalBytes: number; reservedBytes: number; allocatedBytes: number } {
  let text = ''
  estimateCommand(helper('estimate-args', run).trim().split(/\s+/), t => (text = t))
  return JSON.parse(text)
}

describe('gpu-validate helpers', () => {
  it('cover the Sapiens sizes at patch 16 and 32, fp32 and bf16, both attention paths', () => {
    expect(RUNS.length).toBeGreaterThanOrEqual(10)
    const all = RUNS.join(' ')
    for (const part of ['s0.3b', 's0.6b', 's1b', 's2b', 'p16', 'p32', 'fp32', 'bf16amp', 'eager']) {
      expect(all).toContain(part)
    }
  })

  it.each(RUNS.map(r => [r]))('%s: a valid config, emulating 80 GiB, with a working estimate block', run => {
    const config = parseConfig(helper('config', run, '/tmp/stats'), `${run}.yml`)
    expect(config.gpu.memory).toBe(80 * 2 ** 30)
    expect(config.models).toHaveLength(1)
    const model = config.models[0]!
    expect(model.name).toBe(run)
    expect(model.run).toContain('scripts/gpu-validate/train_smoke.py')
    expect(model.run).toContain(`--stats /tmp/stats/${run}.json`)
    const fromConfig = estimatePeak(model.estimate!)
    expect(estimateJson(run).totalBytes).toBe(fromConfig.totalBytes)
  })

  it('report writes measured peaks beside the estimates, errors only for finished runs', () => {
    const work = mkdtempSync(join(tmpdir(), 'gpu-validate-'))
    const [ok, oom] = ['s2b-p32-fp32', 's2b-p16-fp32-eager']
    for (const [run, status] of [
      [ok, 'ok'],
      [oom, 'oom']
    ] as const) {
      const est = estimateJson(run)
      mkdirSync(join(work, 'gate', run), { recursive: true })
      mkdirSync(join(work, 'estimates'), { recursive: true })
      mkdirSync(join(work, 'stats'), { recursive: true })
      writeFileSync(join(work, 'estimates', `${run}.json`), JSON.stringify(est))
      const peak = Math.round(est.totalBytes / (status === 'ok' ? 1.05 : 1.5))
      writeFileSync(
        join(work, 'gate', run, 'results.json'),
        JSON.stringify({
          models: [
            {
              name: run,
              status,
              peakBytes: peak,
              peakSource: 'nvidia-smi',
              peaks: { torchReservedBytes: peak - 2 ** 29, torchAllocatedBytes: peak - 2 ** 30 },
              durationMs: 30000
            }
          ],
          runner: { torchVersion: '2.5.1' }
        })
      )
      writeFileSync(join(work, 'stats', `${run}.json`), JSON.stringify({ backbone: 'timm', torch: '2.5.1' }))
    }
    const docs = join(work, 'docs')
    const out = join(work, 'out')
    const md = helper('report', work, 'NVIDIA H100 80GB HBM3', docs, out)
    const doc = JSON.parse(readFileSync(join(docs, 'nvidia-h100-80gb-hbm3.json'), 'utf8'))
    expect(readFileSync(join(out, 'nvidia-h100-80gb-hbm3.md'), 'utf8')).toBe(md)
    expect(doc.gpu).toBe('NVIDIA H100 80GB HBM3')
    const okRow = doc.rows.find((r: { name: string }) => r.name === ok)
    const oomRow = doc.rows.find((r: { name: string }) => r.name === oom)
    expect(okRow.error).toBeCloseTo(0.05, 2)
    expect(oomRow.error).toBeNull()
    expect(oomRow.measuredIsLowerBound).toBe(true)
    expect(doc.rows).toHaveLength(2)
    expect(md).toMatch(
      new RegExp(
        `\\| ${ok} \\| sapiens_2b \\| 32 \\| fp32 \\| efficient \\| ok \\| [\\d.]+ \\(nvidia-smi\\) \\| [\\d.]+ \\| \\+5\\.0% \\|`
      )
    )
    expect(md).toMatch(
      new RegExp(`\\| ${oom} \\| .* \\| oom \\| ≥ [\\d.]+ \\(nvidia-smi\\) \\| [\\d.]+ \\(OOM\\) \\| n/a \\|`)
    )
  })
})
