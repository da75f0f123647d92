// The embedded example's estimate blocks: the toys' own shapes through the estimator, held to the
// peaks measured on them (examples/tiny-normal/README.md), and the demo's report ranking fixes for
// the toy 2b as it would for sapiens_2b, with the patch-32 warning.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { estimatePeak } from '../../src/advise/estimate.js'
import { loadConfig } from '../../src/config/load.js'
import { findTorchPython } from '../../src/measure/probe/findPython.js'
import { runPipeline } from '../../src/pipeline.js'

const CONFIG = 'examples/tiny-normal/oom-gate.yml'
const MiB = 2 ** 20

// VmHWM of each entry (examples/tiny-normal/README.md, "Measured peaks"), and the parameter
// counts train.py prints for them.
const MEASURED: Record<string, { peakMiB: number; params: number }> = {
  'tiny_0.3b': { peakMiB: 503, params: 1.4e6 },
  'tiny_0.6b': { peakMiB: 598, params: 2.72e6 },
  tiny_1b: { peakMiB: 815, params: 4.73e6 },
  tiny_2b: { peakMiB: 1168, params: 9.83e6 },
  tiny_2b_p32: { peakMiB: 513, params: 10.1e6 }
}

describe('examples/tiny-normal estimate blocks', () => {
  const config = loadConfig(CONFIG)

  it.each(Object.keys(MEASURED))('%s: the estimate is within 12%% of the measured peak', name => {
    const model = config.models.find(m => m.name === name)!
    expect(model.estimate).not.toBeNull()
    const e = estimatePeak(model.estimate!)
    expect(e.params / 1e6).toBeCloseTo(MEASURED[name]!.params / 1e6, 2)
    expect(Math.abs(e.totalBytes / (MEASURED[name]!.peakMiB * MiB) - 1)).toBeLessThan(0.12)
  })

  it('puts tiny_2b at patch 16 over the 970 MiB limit and at patch 32 under it', () => {
    const byName = (n: string) => estimatePeak(config.models.find(m => m.name === n)!.estimate!)
    expect(byName('tiny_2b').totalBytes).toBeGreaterThan(970 * MiB)
    expect(byName('tiny_2b_p32').totalBytes).toBeLessThan(970 * MiB)
    expect(byName('tiny_1b').totalBytes).toBeLessThan(970 * MiB)
  })

  it("the demo's report lists ranked fixes for tiny_2b, patch-32 warning included (real PyTorch)", async () => {
    const found = findTorchPython()
    if (found === null)
      throw new Error('no Python with torch found (install python3-torch or set OOM_GATE_PYTHON)')
    const out = mkdtempSync(join(tmpdir(), 'oom-gate-demo-'))
    const { results } = await runPipeline({
      configPath: CONFIG,
      modelFilters: ['tiny_2b'],
      outDir: out,
      estimateOnly: false,
      repoRoot: process.cwd(),
      env: { ...process.env, OOM_GATE_PYTHON: found.python },
      secrets: [],
      commit: null,
      runnerName: null,
      log: () => {}
    })
    const tiny2b = results.models.find(m => m.name === 'tiny_2b')!
    expect(tiny2b.status).toBe('at-risk')
    const ids = (tiny2b.advice ?? []).map(f => f.id)
    expect(ids).toEqual(expect.arrayContaining(['checkpointing', 'bf16-amp', 'fsdp-2', 'patch-32']))
    expect(tiny2b.advice?.find(f => f.id === 'patch-32')).toMatchObject({ fits: true })
    // tiny_2b has a trace: block, so the gate re-traces each fix with the fix applied (issue 24)
    expect(tiny2b.advice?.find(f => f.id === 'patch-32')?.traced).toBeTruthy()
    const report = readFileSync(join(out, 'summary.md'), 'utf8')
    expect(report).toMatch(
      /What would fit for tiny\\_2b, each fix traced with the fix applied where it says "traced", estimated where it says "about" \(best first\):\n(?:.*\n)*?1\. ✅/
    )
    expect(report).toMatch(/Patch size 16 -\\> 32: traced [\d.]+ [KMG]iB.*pretrained weights/)
  }, 300_000)
})
