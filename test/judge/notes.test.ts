import { describe, expect, it } from 'vitest'
import {
  addNotes,
  hasNote,
  note,
  noteCodesOf,
  notesFields,
  withoutNotes,
  type Noted
} from '../../src/notes.js'
import { HOST_JUDGED_NOTE } from '../../src/plan/checkRunner.js'
import { hostWhy } from '../../src/report/runnerHeadline.js'
import { parseResults } from '../../src/results.js'
import { results } from '../support/builders.js'

describe('notes carry a code beside their text (src/notes.ts)', () => {
  it('addNotes keeps notes as texts and the codes in findings, beside bare notes', () => {
    const target: Noted = { notes: ['a bare note'] }
    addNotes(target, note('reused', 'reused from abcdef0: nothing changed'))
    expect(target.notes).toEqual(['a bare note', 'reused from abcdef0: nothing changed'])
    expect(noteCodesOf(target)).toEqual([null, 'reused'])
    expect(hasNote(target, 'reused')).toBe(true)
    expect(hasNote(target, 'host-judged')).toBe(false)
  })

  it('branches on the code, not the wording: a reworded note keeps its meaning', () => {
    const target = notesFields([note('host-judged', 'the host was judged (any wording)')])
    expect(hasNote(target, 'host-judged')).toBe(true)
    // A note that only reads like one has no code.
    expect(hasNote({ notes: [HOST_JUDGED_NOTE] }, 'host-judged')).toBe(false)
  })

  it('withoutNotes drops the notes of one code from both fields', () => {
    const target = addNotes({ notes: ['keep'] }, note('reused', 'reused from 1'), note('provisional', 'p'))
    expect(withoutNotes(target, 'reused')).toEqual({
      notes: ['keep', 'p'],
      findings: [note('provisional', 'p')]
    })
    expect(target.notes).toHaveLength(3)
  })

  it('a finding whose text a copy dropped from notes no longer counts', () => {
    expect(hasNote({ notes: [], findings: [note('reused', 'reused from 1')] }, 'reused')).toBe(false)
  })

  it('old results.json files get their codes once, at parse, from the wording they had', () => {
    const old = results([], {
      notes: ['no nvidia-smi on this runner: host memory (RSS of each run) was judged']
    })
    expect(old.findings).toEqual([
      note('host-judged', 'no nvidia-smi on this runner: host memory (RSS of each run) was judged')
    ])
    expect(hostWhy(old)).toBe('no nvidia-smi on this runner')
    expect(hostWhy(results([]))).toBe('measure.sampler: host')
    // Files written with codes are left as they are, and files without such notes get nothing added.
    const coded = parseResults({ ...old, findings: [] })
    expect(coded.findings).toEqual([])
    // Afterwards every parsed file has findings (empty where no note has a code): one shape for readers.
    expect(results([], { notes: ['something else'] }).findings).toEqual([])
  })

  it('codes survive the write/parse round trip of results.json', () => {
    const r = results([], notesFields([note('estimate-merge', 'every merged result is an estimate')]))
    expect(parseResults(JSON.parse(JSON.stringify(r))).findings).toEqual(r.findings)
    expect(() => parseResults({ ...r, findings: [{ code: 'no-such-code', text: 'x' }] })).toThrow()
  })
})
