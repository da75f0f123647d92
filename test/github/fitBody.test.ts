import { describe, expect, it } from 'vitest'
import { COMMENT_MAX_CHARS, fitMarkdown } from '../../src/github/fitBody.js'
import { LOG_BLOCK_END, LOG_BLOCK_START } from '../../src/report/logBlocks.js'
import { fencedBlock } from '../../src/report/markdownSafety.js'
import { renderReport } from '../../src/report/renderReport.js'
import { modelResult, results } from '../support/builders.js'
import { linesOutsideFences, openDetails } from './commonmark.js'

const logLines = (model: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${model} step ${i} loss 0.${(i * 7919) % 10000} ${'x'.repeat(120)}`)

function logSection(name: string, lines: string[]): string {
  return [
    `<details><summary>${name}: last ${lines.length} lines of output</summary>`,
    '',
    LOG_BLOCK_START,
    fencedBlock(lines.join('\n')),
    LOG_BLOCK_END,
    '</details>'
  ].join('\n')
}

const comment = { limit: COMMENT_MAX_CHARS, unit: 'chars' as const, fullReportAt: 'the job summary' }

describe('fitMarkdown', () => {
  it('leaves a report under the limit alone', () => {
    const text = `# ok\n\n${logSection('a', logLines('a', 10))}\n`
    expect(fitMarkdown(text, comment)).toEqual({ text, logsCut: false, truncated: false })
  })

  it('cuts the oldest log lines first, keeping the newest, the table and balanced markup', () => {
    const table = '| Model | Status |\n| --- | --- |\n| a | ❌ out of memory |'
    const text = [table, ...['a', 'b', 'c'].map(m => logSection(m, logLines(m, 200)))].join('\n\n')
    expect(text.length).toBeGreaterThan(COMMENT_MAX_CHARS)
    const fitted = fitMarkdown(text, comment)
    expect(fitted.text.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS)
    expect(fitted).toMatchObject({ logsCut: true, truncated: false })
    expect(fitted.text.startsWith(table)).toBe(true)
    for (const m of ['a', 'b', 'c']) expect(fitted.text).toContain(`${m} step 199 loss`)
    expect(fitted.text).not.toContain('a step 0 loss')
    expect(fitted.text).toMatch(
      /_\d+ earlier lines cut to fit the 65,536-character limit; the job summary has the rest\._/
    )
    expect(openDetails(fitted.text)).toBe(0)
  })

  it('removes whole excerpts when even short ones do not fit', () => {
    const filler = `${'| row | filler |\n'.repeat(3_700)}`
    const text = `${filler}\n${logSection('a', logLines('a', 200))}`
    const fitted = fitMarkdown(text, { ...comment, limit: filler.length + 300 })
    expect(fitted.text.length).toBeLessThanOrEqual(filler.length + 300)
    expect(fitted.text).toContain('_Log excerpt removed to fit')
    expect(fitted.text).not.toContain('step 199')
    expect(openDetails(fitted.text)).toBe(0)
  })

  it('without logs, cuts the report at a safe line: no fence or <details> left open', () => {
    const parts = Array.from({ length: 400 }, (_, i) =>
      i % 2
        ? `<details><summary>s${i}</summary>\n\n${fencedBlock(`code ${i}\n`.repeat(20))}\n</details>`
        : `para ${i} ${'y'.repeat(200)}`
    )
    const text = parts.join('\n\n')
    const fitted = fitMarkdown(text, { ...comment, limit: 20_000 })
    expect(fitted.truncated).toBe(true)
    expect(fitted.text.length).toBeLessThanOrEqual(20_000)
    expect(() => linesOutsideFences(fitted.text)).not.toThrow()
    expect(openDetails(fitted.text)).toBe(0)
    expect(fitted.text).toContain('**Report cut to fit the 20,000-character limit; see the job summary.**')
  })

  it('counts UTF-8 bytes for the job summary limit', () => {
    const text = `${'é'.repeat(3000)}\n${logSection(
      'a',
      logLines('a', 50).map(l => `${l} ✓✓✓`)
    )}`
    const fitted = fitMarkdown(text, { limit: 12_000, unit: 'bytes', fullReportAt: 'report.md' })
    expect(Buffer.byteLength(fitted.text)).toBeLessThanOrEqual(12_000)
    expect(fitted.text).toContain('a step 49 loss')
  })

  it("fits the report's own rendering of models with long logs", () => {
    const models = ['sapiens_0.3b', 'sapiens_0.6b', 'sapiens_1b', 'sapiens_2b'].map(name =>
      modelResult({ name, status: 'failed', reason: 'exit 1', logTail: logLines(name, 200) })
    )
    const markdown = renderReport(results(models, { gate: 'fail' }))
    expect(markdown.length).toBeGreaterThan(COMMENT_MAX_CHARS)
    const fitted = fitMarkdown(markdown, comment)
    expect(fitted.text.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS)
    expect(fitted.truncated).toBe(false)
    for (const m of models) expect(fitted.text).toContain(`${m.name} step 199`)
    expect(openDetails(fitted.text)).toBe(0)
  })
})
