// Real messages quoted from public issues (test/fixtures/oom/<id>.txt, sources in index.json):
// every field the classifier reports must match what the message states, exactly.
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
}

const DIR = join(import.meta.dirname, '../../fixtures/oom')
const fixtures = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as Fixture[]
const logOf = (f: Fixture): string => readFileSync(join(DIR, `${f.id}.txt`), 'utf8')

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
    const logs = readdirSync(DIR)
      .filter(n => n.endsWith('.txt'))
      .map(n => n.slice(0, -'.txt'.length))
      .sort()
    expect(logs).toEqual(fixtures.map(f => f.id).sort())
  })

  it.each(fixtures.map(f => [f.id, f] as const))('%s', (_id, f) => {
    const log = logOf(f)
    const report = classifyOom({
      log,
      exitCode: null,
      signal: null,
      probeException: null,
      killedByGate: false
    })

    expect(OomReportSchema.parse(report)).toEqual(report)
    expect(report.kind).toBe(f.kind)
    expect(report.framework).toBe(f.framework)
    for (const field of NUMBER_FIELDS) expect({ [field]: report[field] }).toEqual({ [field]: f[field] })
    if (f.evidenceIncludes === null) expect(report.evidence).toBeNull()
    else expect(report.evidence).toContain(f.evidenceIncludes)

    // The same text as one message (e.g. the probe's exception) gives the same numbers.
    const parsed = parseOomMessage(log)
    if (f.kind === 'not-oom') expect(parsed).toBeNull()
    else expect(parsed).toEqual(report)
  })
})
