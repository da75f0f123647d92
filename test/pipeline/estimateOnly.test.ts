// The static pre-check end to end through the CLI's command function: no GPU, nothing run.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { runPipeline } from '../../src/pipeline.js'
import { ResultsSchema } from '../../src/results.js'

function run(configPath: string, outDir: string) {
  return runPipeline({
    configPath,
    modelFilters: [],
    outDir,
    estimateOnly: true,
    repoRoot: process.cwd(),
    env: process.env,
    secrets: [],
    commit: null,
    runnerName: null,
    log: () => {}
  })
}

describe('estimate-only (mode: estimate)', () => {
  it('reproduces the sapiens story on the example config without running anything', async () => {
    const out = mkdtempSync(join(tmpdir(), 'oom-gate-est-'))
    const { results } = await run('examples/sapiens-normal/oom-gate.yml', out)
    const byName = Object.fromEntries(results.models.map(m => [m.name, m]))
    expect(byName['sapiens_1b']).toMatchObject({
      status: 'ok',
      estimated: true,
      peakSource: 'estimate',
      exitCode: null
    })
    // Memory-efficient attention (torch >= 2): 2b fits at batch 1 and not at the fine-tune
    // script's 2 per GPU under DDP; patch 32 fits even there.
    expect(byName['sapiens_2b']?.status).toBe('ok')
    expect(byName['sapiens_2b_ddp_b2']).toMatchObject({ status: 'oom', expect: 'oom' })
    expect(byName['sapiens_2b_p32_ddp_b2']?.status).toBe('ok')
    expect(results.gate).toBe('pass')
    // The known OOM still gets ranked fixes, and the patch-size fix carries its warning.
    const patch = byName['sapiens_2b_ddp_b2']?.advice?.find(f => /patch/i.test(f.title))
    expect(patch?.fits).toBe(true)
    expect(patch?.warning).toMatch(/pretrained/)
    const onDisk = ResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')))
    expect(onDisk).toEqual(results)
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('estimates only, nothing was run')
    // report.md is the PR comment: the verdict in its first line, the full report in summary.md.
    const comment = readFileSync(join(out, 'report.md'), 'utf8')
    expect(comment.split('\n')[0]).toMatch(/^### ✅ .* \(estimates only, nothing was run\)$/)
    expect(comment).toContain('| Model | Peak | of limit | Status |')
  })

  it('fails a PR whose config would not fit, before any GPU job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oom-gate-est-'))
    const cfg = join(dir, 'oom-gate.yml')
    writeFileSync(
      cfg,
      `gpu: {memory: 80GiB}
models:
  - name: sapiens_2b
    run: exit 99
    estimate: {arch: sapiens_2b, image: 1024x768, patch: 16, attention: eager}
  - name: no_estimate
    run: exit 99
`
    )
    const { results } = await run(cfg, join(dir, 'out'))
    expect(results.gate).toBe('fail')
    expect(results.models.map(m => [m.name, m.status])).toEqual([
      ['sapiens_2b', 'oom'],
      ['no_estimate', 'skipped']
    ])
  })

  it('with no estimate block anywhere, says nothing was judged and does not pass', async () => {
    // break-report-1 P3: this printed "✅ oom-gate (estimates only, nothing was run): 0 models fit".
    const dir = mkdtempSync(join(tmpdir(), 'oom-gate-est-'))
    const cfg = join(dir, 'oom-gate.yml')
    writeFileSync(
      cfg,
      'gpu: {memory: 80GiB}\nmodels:\n  - {name: a, run: exit 99}\n  - {name: b, run: exit 99}\n'
    )
    const { results, summaryMarkdown } = await run(cfg, join(dir, 'out'))
    expect(results.gate).toBe('fail')
    expect(results.models.map(m => [m.name, m.status])).toEqual([
      ['a', 'failed'],
      ['b', 'failed']
    ])
    expect(results.models[0]!.reason).toMatch(
      /^nothing was judged: no model in the config has an `estimate:` or `trace:` block/
    )
    expect(summaryMarkdown).not.toContain('✅')
    expect(summaryMarkdown).toMatch(/^### ❌ oom-gate \(estimates only, nothing was run\)/)
    expect(summaryMarkdown).toContain('nothing was judged')
  })
})

describe('the config is loaded once and handed down (PipelineOptions.config)', () => {
  it('uses the loaded config, not the file, when the caller passes it', async () => {
    const config = loadConfig('examples/sapiens-normal/oom-gate.yml')
    const out = mkdtempSync(join(tmpdir(), 'oom-gate-est-'))
    const { results, config: used } = await runPipeline({
      configPath: join(out, 'not-read.yml'),
      config: { ...config, models: config.models.slice(0, 1) },
      modelFilters: [],
      outDir: out,
      estimateOnly: true,
      repoRoot: process.cwd(),
      env: process.env,
      secrets: [],
      commit: null,
      runnerName: null,
      log: () => {}
    })
    expect(used.models).toHaveLength(1)
    expect(results.models.map(m => m.name)).toEqual([config.models[0]!.name])
  })
})
