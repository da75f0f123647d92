// Real messages quoted from public issues (test/fixtures/oom/<id>.txt, sources in index.json):
// every field the classifier reports must match what the message states, exactly.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { classifyOom } from '../../../src/judge/oom/classifyOom.js'
import { parseOomMessage } from '../../../src/judge/oom/parseOomMessage.js'
import { OomReportSchema } from '../../../src/results.js'

interface Fixture {
  id: string
  source: string
  kind: 'gpu-oom' | 'host-oom' | 'not-oom'
  framework: string | null
  gpuIndex: number | null
  triedToAllocateBytes: number | null
  totalCapacityBytes: number | null
  freeBytes: number | null
  allocatedBytes: number | null
  reservedBytes: number | null
  /** A piece of the line the verdict must rest on; null: no evidence at all. */
  evidenceIncludes: string | null
  note?: string
  /** The run's exit status where the issue states it; absent: unknown (as `explain` reads a log). */
  exitCode?: number
  /** The run caught the OOM and went on (true), or caught it and died (false); absent: not caught. */
  recovered?: boolean
}

const DIR = join(import.meta.dirname, '../../fixtures/oom')
const HELD_OUT = join(DIR, 'held-out')
const fixtures = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as Fixture[]
const logOf = (f: Fixture): string => readFileSync(join(DIR, `${f.id}.txt`), 'utf8')
const txtFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter(n => n.endsWith('.txt'))
    .map(n => n.slice(0, -'.txt'.length))
    .sort()

const NUMBER_FIELDS = [
  'gpuIndex',
  'triedToAllocateBytes',
  'totalCapacityBytes',
  'freeBytes',
  'allocatedBytes',
  'reservedBytes'
] as const

describe('OOM fixtures from public issues', () => {
  it('are at least 30 real out-of-memory messages and several look-alikes, each with its source', () => {
    const ooms = fixtures.filter(f => f.kind !== 'not-oom')
    expect(ooms.length).toBeGreaterThanOrEqual(30)
    expect(fixtures.filter(f => f.kind === 'not-oom').length).toBeGreaterThanOrEqual(5)
    for (const f of fixtures)
      expect(f.source, f.id).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/(issues|pull)\/\d+$/)
    expect(new Set(fixtures.map(f => f.id)).size).toBe(fixtures.length)
  })

  it('index.json lists exactly the .txt files in the folder', () => {
    expect(txtFiles(DIR)).toEqual(fixtures.map(f => f.id).sort())
  })

  // The held-out set is scored by `npm run bench`, never developed against: no test here runs the
  // classifier on it. These checks keep it well formed and keep the split rule honest.
  it('the held-out set is well formed and follows its split rule: sha256(source) mod 5 = 0', () => {
    const heldOut = JSON.parse(readFileSync(join(HELD_OUT, 'index.json'), 'utf8')) as Fixture[]
    expect(txtFiles(HELD_OUT)).toEqual(heldOut.map(f => f.id).sort())
    expect(heldOut.length).toBeGreaterThanOrEqual(20)
    expect(new Set(heldOut.map(f => f.kind))).toEqual(new Set(['gpu-oom', 'host-oom', 'not-oom']))
    const devIds = new Set(fixtures.map(f => f.id))
    const devSources = new Set(fixtures.map(f => f.source))
    for (const f of heldOut) {
      expect(f.source, f.id).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/(issues|pull)\/\d+$/)
      expect(parseInt(createHash('sha256').update(f.source).digest('hex').slice(0, 8), 16) % 5, f.id).toBe(0)
      expect(devIds.has(f.id) || devSources.has(f.source), f.id).toBe(false)
    }
    // Together: the 87 logs the classifier was first written against, and at least 40 more.
    expect(fixtures.length + heldOut.length).toBeGreaterThanOrEqual(87 + 40)
  })

  it.each(fixtures.map(f => [f.id, f] as const))('%s', (_id, f) => {
    const log = logOf(f)
    const report = classifyOom({
      log,
      exitCode: f.exitCode ?? null,
      signal: null,
      probeException: null,
      killedByGate: false
    })

    expect(OomReportSchema.parse(report)).toEqual(report)
    expect(report.kind).toBe(f.kind)
    expect(report.framework).toBe(f.framework)
    expect({ recovered: report.recovered }).toEqual({ recovered: f.recovered })
    for (const field of NUMBER_FIELDS) expect({ [field]: report[field] }).toEqual({ [field]: f[field] })
    if (f.evidenceIncludes === null) expect(report.evidence).toBeNull()
    else expect(report.evidence).toContain(f.evidenceIncludes)

    // The same text as one message (e.g. the probe's exception) gives the same numbers. Read with
    // its exit status unknown, a caught OOM's survival rests on the log alone.
    const parsed = parseOomMessage(log)
    if (f.kind === 'not-oom') expect(parsed).toBeNull()
    else if (f.exitCode === undefined) expect(parsed).toEqual(report)
    else expect({ ...parsed, recovered: report.recovered }).toEqual(report)
  })
})
