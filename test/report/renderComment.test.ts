import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatBytes } from '../../src/config/units.js'
import { COMMENT_MAX_CHARS, fitMarkdown } from '../../src/github/fitBody.js'
import { failureOf } from '../../src/judge/gate.js'
import { COMMENT_FOOTER } from '../../src/report/logBlocks.js'
import { escapeInline } from '../../src/report/markdownSafety.js'
import { renderComment } from '../../src/report/renderComment.js'
import { renderReport } from '../../src/report/renderReport.js'
import { ResultsSchema } from '../../src/results.js'
import { GiB, MiB, modelResult, results } from '../support/builders.js'
import { visibleText } from '../support/visibleText.js'

// Real demo runs (test/fixtures/report/README.md) and the report.md the code before the two
// documents rendered for each (the full report must keep every fact of it).
const fixture = (name: string) => new URL(`../fixtures/report/${name}`, import.meta.url)
const load = (name: string) =>
  ResultsSchema.parse(JSON.parse(readFileSync(fixture(`${name}-results.json`), 'utf8')))
const before = (name: string) => readFileSync(fixture(`${name}-report-before.md`), 'utf8')
const runUrl = 'https://github.com/acme-ml/vision/actions/runs/7001'

const count = (text: string, part: string) => text.split(part).length - 1

describe.each(['demo', 'demo-timeout'])('renderComment on a real run (%s)', name => {
  const demo = load(name)
  const md = renderComment(demo, { runUrl })
  const visible = visibleText(md)
  const failing = demo.models.filter(m => failureOf(m) !== null)

  it('is a run that fails on one model (else these tests say little)', () => {
    expect(demo.gate).toBe('fail')
    expect(failing).toHaveLength(1)
  })

  it('shows at most 1,500 characters outside <details>', () => {
    expect(visible.length).toBeLessThanOrEqual(1500)
  })

  it('names the failing model and the limit in its first line', () => {
    const first = visible.split('\n')[0]!
    expect(first).toMatch(/^❌ /)
    expect(first).toContain(failing[0]!.name)
    expect(first).toContain(`${formatBytes(demo.target.limitBytes)} limit (1000 MiB − 3%)`)
  })

  it('shows the failing peak at most twice (the verdict and the table)', () => {
    expect(count(visible, formatBytes(failing[0]!.peakBytes))).toBeLessThanOrEqual(2)
  })

  it('has one table with one threshold: the percentages are of the limit', () => {
    expect(md).toContain('| Model | Peak | of limit | Status |')
    const m = demo.models[0]!
    const pct = `${((m.peakBytes! / demo.target.limitBytes) * 100).toFixed(0)}%`
    expect(md).toContain(`| ${formatBytes(m.peakBytes)} | ${pct} |`)
  })

  it('says how memory was measured in plain words, with the commit and the run link, in small print at the end', () => {
    const footer = md.slice(md.indexOf(COMMENT_FOOTER))
    expect(footer).toContain('host memory (this runner has no GPU)')
    expect(footer).toContain(`commit ${demo.commit!.slice(0, 7)}`)
    expect(footer).toContain(`](${runUrl})`)
    expect(footer.trimEnd().endsWith('</sub>')).toBe(true)
    // The config key is in the footer only.
    expect(md.slice(0, md.indexOf(COMMENT_FOOTER))).not.toContain('measure.sampler')
  })

  it('folds a log tail only for a run that broke (a timeout, not an at-risk exit 0)', () => {
    const broke = demo.models.filter(m => m.status === 'timeout' && m.logTail.length > 0)
    expect(count(md, 'lines of output</summary>')).toBe(broke.length)
    for (const m of broke) expect(md).toContain(`<details><summary>${m.name}: last`)
  })

  it('keeps every line of the earlier report.md in the full report (names, peaks, fixes with reasoning, runner, notes, logs)', () => {
    const summary = renderReport(demo, { runUrl })
    const caveats = [
      ...new Set(demo.models.flatMap(m => (m.advice ?? []).flatMap(f => (f.caveat ? [f.caveat.text] : []))))
    ]
    const lines = before(name)
      .split('\n')
      .filter(l => l.trim() !== '')
    expect(lines.length).toBeGreaterThan(15)
    // Each fix's line then ended in the caveat they all share; now it is said once, above them.
    for (const line of lines)
      expect(summary).toContain(caveats.reduce((l, c) => l.replace(` ${c}`, ''), line))
    for (const c of caveats) expect(count(summary, c)).toBe(1)
  })
})

describe('renderComment on the demo: the fixes', () => {
  const demo = load('demo')
  const md = renderComment(demo, { runUrl })
  const visible = visibleText(md)
  const advice = demo.models.find(m => failureOf(m) !== null)!.advice ?? []

  it('has fixes that fit and fixes that do not (else this says nothing)', () => {
    expect(advice.some(f => f.fits)).toBe(true)
    expect(advice.some(f => !f.fits)).toBe(true)
  })

  it('puts the fixes that fit in one line, best first, and leaves the others to the details', () => {
    const lines = visible.split('\n').filter(l => l.includes('Fixes that fit'))
    expect(lines).toHaveLength(1)
    const line = lines[0]!
    const at = advice.filter(f => f.fits).map(f => line.indexOf(`≈${formatBytes(f.estimatedPeakBytes)}`))
    expect(at.every(i => i >= 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
    for (const f of advice.filter(f => !f.fits)) expect(visible).not.toContain(f.title)
    for (const f of advice) expect(md).toContain(escapeInline(f.title))
  })

  it('marks a fix with a warning', () => {
    const line = visible.split('\n').find(l => l.includes('Fixes that fit'))!
    expect(count(line, '⚠️')).toBe(advice.filter(f => f.fits && f.warning).length)
  })
})

describe('a caveat every fix shares', () => {
  it('is said once, above the fixes, in both documents', () => {
    const caveat = { code: 'not-scaled' as const, text: 'Not scaled: the run may have stopped at the limit.' }
    const fix = (id: string, fits: boolean) => ({
      id,
      title: `fix ${id}`,
      detail: `how ${id}.`,
      estimatedPeakBytes: 500 * MiB,
      fits,
      warning: null,
      caveat
    })
    const r = results(
      [
        modelResult({
          name: 'm',
          status: 'at-risk',
          peakBytes: 2 * GiB,
          advice: [fix('a', true), fix('b', false)]
        })
      ],
      { gate: 'fail' }
    )
    expect(count(renderReport(r), caveat.text)).toBe(1)
    expect(count(renderComment(r), caveat.text)).toBe(1)
  })
})

describe('renderComment, other outcomes', () => {
  it('says a pass in one line', () => {
    const r = results([
      modelResult({ name: 'a', peakBytes: 30 * GiB }),
      modelResult({ name: 'b', peakBytes: 40 * GiB })
    ])
    const visible = visibleText(renderComment(r))
    expect(visible.split('\n')[0]).toMatch(/^✅ All 2 models fit the .* limit \(/)
  })

  it('folds the log tail of an OOM and of a recovered OOM, not of a model that only came close', () => {
    const oom = {
      kind: 'gpu-oom' as const,
      framework: 'pytorch',
      gpuIndex: 0,
      triedToAllocateBytes: null,
      totalCapacityBytes: null,
      freeBytes: null,
      allocatedBytes: null,
      reservedBytes: null
    }
    const r = results(
      [
        modelResult({ name: 'crashed', status: 'oom', peakBytes: 70 * GiB, oom, logTail: ['oom line'] }),
        modelResult({
          name: 'caught',
          status: 'at-risk',
          peakBytes: 70 * GiB,
          oom: { ...oom, recovered: true },
          logTail: ['skipping batch']
        }),
        modelResult({ name: 'close', status: 'at-risk', peakBytes: 79 * GiB, logTail: ['fine'] })
      ],
      { gate: 'fail' }
    )
    const md = renderComment(r)
    expect(md).toContain('<details><summary>crashed: last 1 lines of output</summary>')
    expect(md).toContain('<details><summary>caught: last 1 lines of output</summary>')
    expect(md).not.toContain('close: last')
    expect(visibleText(md)).not.toContain('oom line')
  })

  it('fits 40 failing models with long logs into a PR comment, verdict first and footer kept', () => {
    const long = Array.from({ length: 400 }, (_, i) => `step ${i} ${'x'.repeat(200)}`)
    const models = Array.from({ length: 40 }, (_, i) =>
      modelResult({
        name: `model_${i}`,
        status: 'failed',
        reason: 'exit 1',
        exitCode: 1,
        peakBytes: 60 * GiB,
        notes: [`note ${'n'.repeat(300)}`],
        logTail: long
      })
    )
    const md = renderComment(results(models, { gate: 'fail' }), { runUrl })
    expect(md.length).toBeGreaterThan(COMMENT_MAX_CHARS)
    const fitted = fitMarkdown(md, {
      limit: COMMENT_MAX_CHARS,
      unit: 'chars',
      fullReportAt: 'the job summary'
    })
    expect(fitted.text.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS)
    expect(fitted.text.startsWith('### ❌ **model\\_0** failed')).toBe(true)
    expect(fitted.text).toContain('and 37 more')
    expect(fitted.text.trimEnd().endsWith('</sub>')).toBe(true)
    expect(fitted.text).toContain(runUrl)
  })
})
