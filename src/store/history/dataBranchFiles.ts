// The layout of the data branch and the files one recorded run changes there. Pure: given the
// history read at the tip, the run's results and its entry, the same files come out, so a writer
// that lost a race recomputes them on the new tip.
//
//   results/<sha>.json      the results.json of each recorded commit (dropped with its entry)
//   history.json            the index: per commit, per model peak and status (historyModel.ts)
//   badges/<model>.svg|json per model, from the newest entry (shields.io flat / endpoint JSON)
//   badges/overall.svg|json all models
//   index.html              the history page
//   .oom-gate-data.json     the marker: this branch is an oom-gate data branch (writers refuse a
//                           branch without it unless it is an older data branch, see branchKind)
import type { Results } from '../../results.js'
import { badgeEndpoint, badgeSvg, modelBadge, overallBadge, type Badge } from '../../report/badge.js'
import { renderHistoryPage } from '../../report/historyPage.js'
import type { FileChange } from './gitData.js'
import {
  HISTORY_FILE,
  latestEntry,
  mergeHistory,
  serializeHistory,
  type History,
  type HistoryEntry
} from './historyModel.js'

export const PAGE_FILE = 'index.html'
export const MARKER_FILE = '.oom-gate-data.json'
/** The marker's content: constant, so writing it again changes nothing. */
export const MARKER_CONTENT =
  JSON.stringify({
    'oom-gate': 'data branch',
    about: 'Written by oom-gate (history.branch); oom-gate refuses to write into a branch without this file.'
  }) + '\n'

/**
 * What a branch is, from its root listing: `missing` (no branch), `data` (has the marker),
 * `legacy-data` (an oom-gate data branch written before the marker: history.json and results/;
 * it gets the marker on the next write), `foreign` (anything else: a docs site, code).
 */
export type BranchKind = 'missing' | 'data' | 'legacy-data' | 'foreign'

export function branchKind(root: ReadonlyMap<string, { type: string }> | null): BranchKind {
  if (root === null) return 'missing'
  if (root.get(MARKER_FILE)?.type === 'blob') return 'data'
  const history = root.get(HISTORY_FILE)?.type === 'blob'
  const onlyOurs = [...root.keys()].every(name =>
    [HISTORY_FILE, PAGE_FILE, 'results', 'badges'].includes(name)
  )
  // An empty tree holds nothing to overwrite.
  if (root.size === 0 || (history && onlyOurs)) return 'legacy-data'
  return 'foreign'
}
export const OVERALL_BADGE = 'overall'

export function resultsPath(commit: string): string {
  return `results/${commit}.json`
}

/** A model called "overall" must not overwrite the overall badge. */
export function badgeFileName(model: string): string {
  return model === OVERALL_BADGE ? `model-${model}` : model
}

export function badgeFiles(name: string, badge: Badge): FileChange[] {
  return [
    { path: `badges/${name}.svg`, content: badgeSvg(badge) },
    { path: `badges/${name}.json`, content: JSON.stringify(badgeEndpoint(badge)) + '\n' }
  ]
}

/** The badges of the newest entry: they show where the branch is now, whoever wrote last. */
export function badgesOf(entry: HistoryEntry): FileChange[] {
  const memory = entry.memoryBytes ?? null
  if (memory === null || memory <= 0) return []
  const files = Object.entries(entry.models).flatMap(([name, model]) =>
    badgeFiles(badgeFileName(name), modelBadge(name, model, memory))
  )
  return [...files, ...badgeFiles(OVERALL_BADGE, overallBadge(entry.models, memory))]
}

export interface RecordFilesInput {
  /** history.json as read at the tip (empty when the branch or file does not exist). */
  history: History
  entry: HistoryEntry
  results: Results
  limit: number
  /** owner/name and the server, for commit links on the page. */
  repository: string
  serverUrl: string
  generatedAt: string
}

export function recordFiles(input: RecordFilesInput): {
  files: FileChange[]
  history: History
  dropped: string[]
} {
  const { history, dropped } = mergeHistory(input.history, input.entry, input.limit)
  const newest = latestEntry(history)
  // An entry older than everything kept (a late run) leaves no results file behind.
  const kept = !dropped.includes(input.entry.commit)
  const files: FileChange[] = [
    { path: MARKER_FILE, content: MARKER_CONTENT },
    ...(kept
      ? [{ path: resultsPath(input.entry.commit), content: JSON.stringify(input.results, null, 2) + '\n' }]
      : []),
    { path: HISTORY_FILE, content: serializeHistory(history) },
    ...(newest ? badgesOf(newest) : []),
    {
      path: PAGE_FILE,
      content: renderHistoryPage(history, {
        repository: input.repository,
        serverUrl: input.serverUrl,
        generatedAt: input.generatedAt
      })
    },
    ...dropped.map(c => ({ path: resultsPath(c), content: null }))
  ]
  return { files, history, dropped }
}
