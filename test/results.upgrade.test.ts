// Older results.json files are upgraded once where they are parsed (src/results.ts), so readers see
// one shape: test/fixtures/results/oldest-results.json has the shape of the first schema
// (972908f: no findings, target.memoryKnown, runner.pin, comparedWith.from, fix basis or caveat).
// It parses into the current shape and renders the same report as the same run written today;
// each upgrade has its own test that fails without it.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderComment } from '../src/report/renderComment.js'
import { renderReport } from '../src/report/renderReport.js'
import { limitWords } from '../src/report/sections/verdict.js'
import { parseResults } from '../src/results.js'
import { hasNote } from '../src/notes.js'

const OLD = JSON.parse(readFileSync('test/fixtures/results/oldest-results.json', 'utf8'))

/** The same run as the current version writes it: every upgraded field said explicitly. */
function writtenToday(): unknown {
  const today = structuredClone(OLD)
  today.target.memoryKnown = true
  today.findings = []
  today.runner.pin = null
  today.comparedWith.from = 'pull-request-base'
  today.models[0].findings = [{ code: 'reused', text: today.models[0].notes[0] }]
  today.models[1].findings = []
  today.models[1].advice[0].basis = 'estimate'
  today.models[1].advice[0].caveat = null
  return today
}

describe('older results.json files are upgraded at parse', () => {
  it('the oldest shape parses into the current one and renders the same report', () => {
    const old = parseResults(OLD)
    const today = parseResults(writtenToday())
    expect(old).toEqual(today)
    expect(renderReport(old)).toBe(renderReport(today))
    expect(renderComment(old)).toBe(renderComment(today))
  })

  it('target.memoryKnown: a size above 0 was known, 0 was the only way to say unknown', () => {
    expect(parseResults(OLD).target.memoryKnown).toBe(true)
    const unknown = { ...OLD, target: { memoryBytes: 0, limitBytes: 0, measures: 'gpu' } }
    const parsed = parseResults(unknown)
    expect(parsed.target.memoryKnown).toBe(false)
    expect(limitWords(parsed.target)).toBe('a limit of unknown size (the card could not be read)')
    // Written today, the field is taken as it is.
    expect(parseResults({ ...OLD, target: { ...OLD.target, memoryKnown: false } }).target.memoryKnown).toBe(
      false
    )
  })

  it('findings: always there, coded by the wording the notes had', () => {
    const parsed = parseResults(OLD)
    expect(parsed.findings).toEqual([])
    expect(parsed.models[0]!.findings).toEqual([{ code: 'reused', text: OLD.models[0].notes[0] }])
    expect(hasNote(parsed.models[0]!, 'reused')).toBe(true)
    expect(parsed.models[1]!.findings).toEqual([])
  })

  it('runner.pin: none was recorded, so null', () => {
    expect(parseResults(OLD).runner).toEqual({ ...OLD.runner, pin: null })
  })

  it('comparedWith.from: before it existed only a pull request’s base was compared with', () => {
    expect(parseResults(OLD).comparedWith).toEqual({ ...OLD.comparedWith, from: 'pull-request-base' })
    const push = { ...OLD, comparedWith: { ...OLD.comparedWith, from: 'push-parent' } }
    expect(parseResults(push).comparedWith?.from).toBe('push-parent')
  })

  it('a fix’s basis and caveat: estimates, the caveat said in detail', () => {
    const [fix] = parseResults(OLD).models[1]!.advice!
    expect(fix).toMatchObject({ basis: 'estimate', caveat: null })
  })
})
