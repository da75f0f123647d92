// history.json: entries from results, de-duplicated by commit, ordered by date, capped.
import { describe, expect, it } from 'vitest'
import {
  emptyHistory,
  historyEntryFrom,
  mergeHistory,
  parseHistory,
  serializeHistory,
  type HistoryEntry
} from '../../src/store/history/historyModel.js'
import { recordFiles, resultsPath } from '../../src/store/history/dataBranchFiles.js'
import { GiB, modelResult, results } from '../support/builders.js'

const sha = (n: number) => n.toString(16).padStart(40, '0')
const entry = (n: number, date = `2025-01-${String(n).padStart(2, '0')}T00:00:00Z`): HistoryEntry => ({
  commit: sha(n),
  date,
  message: `commit ${n}`,
  models: { m: { peakBytes: n * GiB, status: 'ok' } }
})

describe('historyEntryFrom', () => {
  it('keeps per model the peak and status, the spread of repeats, reuse and the card', () => {
    const run = results([
      modelResult({
        name: 'a',
        peakBytes: 70 * GiB,
        repeats: { peaksBytes: [69 * GiB, 70 * GiB], spreadBytes: GiB }
      }),
      modelResult({ name: 'b', status: 'oom', peakBytes: 79 * GiB, expect: 'oom' }),
      modelResult({ name: 'c', peakBytes: 10 * GiB, reusedFrom: sha(9) }),
      modelResult({
        name: 'gone',
        status: 'skipped',
        peakBytes: null,
        baseline: { commit: sha(1), peakBytes: 1, deltaRatio: null, regressed: false, change: 'removed' }
      })
    ])
    const e = historyEntryFrom(run, {
      sha: sha(5),
      date: '2025-05-22T15:00:00Z',
      message: 'Batch 2 (#41)\n\nLong body'
    })
    expect(e).toMatchObject({
      commit: sha(5),
      date: '2025-05-22T15:00:00Z',
      message: 'Batch 2 (#41)',
      memoryBytes: 80 * GiB,
      limitBytes: 83322365542,
      gpuName: 'NVIDIA A800 80GB PCIe'
    })
    expect(e.models).toEqual({
      a: { peakBytes: 70 * GiB, status: 'ok', spreadBytes: GiB },
      b: { peakBytes: 79 * GiB, status: 'oom', expect: 'oom' },
      c: { peakBytes: 10 * GiB, status: 'ok', reusedFrom: sha(9) }
    })
  })
})

describe('mergeHistory', () => {
  it('appends, orders by date whatever the order of writes, and replaces an entry of the same commit', () => {
    let h = emptyHistory()
    h = mergeHistory(h, entry(3), 10).history
    h = mergeHistory(h, entry(1), 10).history
    h = mergeHistory(h, entry(2), 10).history
    expect(h.entries.map(e => e.message)).toEqual(['commit 1', 'commit 2', 'commit 3'])
    const rerun = { ...entry(2), models: { m: { peakBytes: 99, status: 'ok' as const } } }
    h = mergeHistory(h, rerun, 10).history
    expect(h.entries).toHaveLength(3)
    expect(h.entries[1]!.models.m!.peakBytes).toBe(99)
  })

  it('keeps the alert of an entry a re-run replaces', () => {
    const first = mergeHistory(emptyHistory(), { ...entry(1), alert: 'https://x/1' }, 10).history
    expect(mergeHistory(first, entry(1), 10).history.entries[0]!.alert).toBe('https://x/1')
  })

  it('drops the oldest beyond the limit and names them', () => {
    let h = emptyHistory()
    for (let i = 1; i <= 5; i++) h = mergeHistory(h, entry(i), 5).history
    const { history, dropped } = mergeHistory(h, entry(6), 5)
    expect(history.entries.map(e => e.commit)).toEqual([2, 3, 4, 5, 6].map(sha))
    expect(dropped).toEqual([sha(1)])
  })

  it('keeps equal dates in write order', () => {
    let h = emptyHistory()
    for (const n of [4, 2, 7]) h = mergeHistory(h, entry(n, '2025-01-01T00:00:00Z'), 10).history
    expect(h.entries.map(e => e.message)).toEqual(['commit 4', 'commit 2', 'commit 7'])
  })
})

describe('parseHistory', () => {
  it('round-trips and names the file when it is not a history', () => {
    const h = mergeHistory(emptyHistory(), entry(1), 10).history
    expect(parseHistory(serializeHistory(h))).toEqual(h)
    expect(() => parseHistory('{nope')).toThrow(/history.json: not valid JSON/)
    expect(() => parseHistory('{"schemaVersion":1,"entries":[{"commit":1}]}')).toThrow(
      /not an oom-gate history \(entries\.0\.commit/
    )
  })
})

describe('recordFiles', () => {
  const base = {
    results: results([modelResult({ name: 'm' })]),
    repository: 'o/r',
    serverUrl: 'https://github.com',
    generatedAt: '2025-02-01T00:00:00Z'
  }

  it('writes the results, the history, the badges of the newest entry and the page, and deletes dropped results', () => {
    let h = emptyHistory()
    for (let i = 1; i <= 3; i++) h = mergeHistory(h, { ...entry(i), memoryBytes: 80 * GiB }, 3).history
    const { files, dropped } = recordFiles({
      ...base,
      history: h,
      entry: { ...entry(4), memoryBytes: 80 * GiB },
      limit: 3
    })
    expect(dropped).toEqual([sha(1)])
    const paths = files.map(f => `${f.path}${f.content === null ? ' (delete)' : ''}`)
    expect(paths).toEqual([
      '.oom-gate-data.json',
      resultsPath(sha(4)),
      'history.json',
      'badges/m.svg',
      'badges/m.json',
      'badges/overall.svg',
      'badges/overall.json',
      'index.html',
      `${resultsPath(sha(1))} (delete)`
    ])
    expect(JSON.parse(files.find(f => f.path === 'badges/m.json')!.content!)).toMatchObject({
      message: '4.0 / 80 GiB'
    })
  })

  it('a late run older than everything kept writes no results file, and badges stay on the newest entry', () => {
    let h = emptyHistory()
    for (let i = 5; i <= 7; i++) h = mergeHistory(h, { ...entry(i), memoryBytes: 80 * GiB }, 3).history
    const { files, dropped } = recordFiles({
      ...base,
      history: h,
      entry: { ...entry(1), memoryBytes: 80 * GiB },
      limit: 3
    })
    expect(dropped).toEqual([sha(1)])
    expect(files.find(f => f.path === resultsPath(sha(1)))).toEqual({
      path: resultsPath(sha(1)),
      content: null
    })
    expect(JSON.parse(files.find(f => f.path === 'badges/m.json')!.content!)).toMatchObject({
      message: '7.0 / 80 GiB'
    })
  })
})
