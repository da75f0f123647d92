// Reading what the data branch holds: the history index and a commit's results. A file that is
// there but unreadable is an error naming it (silently starting a new history would drop the old).
import { ResultsSchema, type Results } from '../../results.js'
import { resultsPath } from './dataBranchFiles.js'
import type { BranchSnapshot } from './gitData.js'
import {
  emptyHistory,
  HISTORY_FILE,
  parseHistory,
  parseHistoryLenient,
  type History,
  type SkippedEntry
} from './historyModel.js'

/** For writing: the whole history or an error (a writer must not drop entries it cannot read). */
export async function readHistory(snapshot: BranchSnapshot): Promise<History> {
  const text = await snapshot.readText(HISTORY_FILE)
  return text === null ? emptyHistory() : parseHistory(text)
}

/**
 * For reading: the entries that parse, and the ones skipped (named). `exists` is false when the
 * branch has no history.json. Throws HistoryFileError when the file is not a history at all.
 */
export async function readHistoryForReading(
  snapshot: BranchSnapshot
): Promise<{ history: History; skipped: SkippedEntry[]; exists: boolean }> {
  const text = await snapshot.readText(HISTORY_FILE)
  if (text === null) return { history: emptyHistory(), skipped: [], exists: false }
  return { ...parseHistoryLenient(text), exists: true }
}

/** The results recorded for `commit`, or null when there are none (or they no longer parse). */
export async function readResults(snapshot: BranchSnapshot, commit: string): Promise<Results | null> {
  const text = await snapshot.readText(resultsPath(commit))
  if (text === null) return null
  try {
    const parsed = ResultsSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
