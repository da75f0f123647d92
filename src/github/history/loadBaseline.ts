// The baseline of a run: the results recorded on the data branch for the PR's base (or, on a push,
// for the commit before), else for the newest first-parent ancestor that has some. Reads only.
//
// No comparison, no pass (contract 6): a repository with no history yet has nothing to compare
// with and passes with a note; a history that exists but cannot be read (GitHub not answering,
// history.json damaged, the branch gone under the run) is `unreadable`, with its cause and fix,
// and the regression check fails on it (regression.unreadable-base: warn makes it a note). Reading
// is forgiving where it can be: a bad entry of history.json is skipped and named, an unreadable
// results file falls back to the peaks history.json holds, and a 404 on the branch is asked again
// before it counts as "no branch".
import type { Config } from '../../config/schema.js'
import type { Baseline } from '../../judge/regression.js'
import { note, type Note } from '../../notes.js'
import type { BaseUnreadableCode } from '../../results.js'
import { findAncestorWithResults } from '../../store/history/ancestorWithResults.js'
import {
  BranchSnapshot,
  CONFIRM_MISSING,
  readTip,
  type ConfirmMissing,
  type RepoRef
} from '../../store/history/gitData.js'
import {
  describeSkippedEntry,
  entryOf,
  HistoryFileError,
  resultsFromEntry
} from '../../store/history/historyModel.js'
import { readHistoryForReading, readResults } from '../../store/history/historyStore.js'
import type { ActionContext } from '../context.js'
import type { GitHubClient } from '../octokit.js'
import { describeApiError } from '../permissionHint.js'
import { baselineStart, trackedBranches } from './eventCommits.js'

/** History exists but gave no base: why, in a code and in words (cause and fix). */
export interface BaseUnreadable {
  code: BaseUnreadableCode
  text: string
}

export interface BaselineLookup {
  baseline: Baseline | null
  /** Why there is no baseline (for the report's notes); null when found or not applicable. */
  note: Note | null
  /** Set when history exists but could not be read: the regression check fails on it (contract 6). */
  unreadable: BaseUnreadable | null
  /** Further notes: skipped history entries, a base rebuilt from history.json. */
  notes: Note[]
  /** False when the event has no base to look for (nothing was looked up). */
  looked: boolean
}

export interface BaselineOptions {
  /** How a 404 on the data branch is asked again; default CONFIRM_MISSING (0.3 s, then 1 s). */
  confirmMissing?: ConfirmMissing
}

export async function loadBaseline(
  octokit: GitHubClient,
  ctx: ActionContext,
  config: Config,
  options: BaselineOptions = {}
): Promise<BaselineLookup> {
  const from = baselineStart(ctx)
  const none = { baseline: null, unreadable: null, notes: [] as Note[] }
  if (from === null) return { ...none, note: null, looked: false }
  const repo: RepoRef = ctx.repo
  const branch = config.history.branch
  const unreadable = (code: BaseUnreadableCode, text: string, notes: Note[] = []): BaselineLookup => ({
    baseline: null,
    note: null,
    unreadable: { code, text },
    notes,
    looked: true
  })
  /** The branches whose pushes record history, in words. */
  const trackedWhere = (): string => {
    const tracked = trackedBranches(ctx, config)
    return tracked.length > 0 ? tracked.join(', ') : 'the default branch'
  }
  try {
    const tip = await readTip(octokit, repo, branch, options.confirmMissing ?? CONFIRM_MISSING)
    if (tip === null) {
      const where = trackedWhere()
      return {
        ...none,
        looked: true,
        note: note(
          'no-baseline',
          `No baseline to compare with yet: the data branch ${branch} is created by the first push to ${where}.`
        )
      }
    }
    const snapshot = new BranchSnapshot(octokit, repo, tip)
    const { history, skipped, exists } = await readHistoryForReading(snapshot)
    const notes = skipped.map(s =>
      note(
        'history-entry-skipped',
        `Skipped a damaged history entry: ${describeSkippedEntry(s)}; fix or delete it on ${branch}.`
      )
    )
    const recorded = new Set(history.entries.map(e => e.commit))
    // A damaged entry is still a record of its commit: the walk must stop there, not pass it by
    // and compare with an older commit (its results file may still be whole).
    const damaged = new Set(skipped.flatMap(s => (s.commit === null ? [] : [s.commit])))
    if (recorded.size === 0) {
      if (skipped.length > 0) {
        return unreadable(
          'history-corrupt',
          `history.json on ${branch} has ${skipped.length} entr${skipped.length === 1 ? 'y' : 'ies'} and none is readable (first: ${describeSkippedEntry(skipped[0]!)}); fix or delete them on ${branch}.`,
          notes
        )
      }
      const what = exists ? 'has no recorded commits yet' : 'has no history.json yet'
      return {
        ...none,
        notes,
        looked: true,
        note: note('no-baseline', `No baseline to compare with: ${branch} ${what}.`)
      }
    }
    const found = await findAncestorWithResults(
      octokit,
      repo,
      from.start,
      c => recorded.has(c) || damaged.has(c),
      { skipStart: from.skipStart }
    )
    if (!found.found) {
      // A skipped entry may be the very base: then the history exists and was not read.
      if (skipped.length > 0) {
        return unreadable(
          'history-corrupt',
          `no readable history entry for ${from.start.slice(0, 7)} or its ancestors, and ${skipped.length} damaged entr${skipped.length === 1 ? 'y was' : 'ies were'} skipped (${describeSkippedEntry(skipped[0]!)}); fix or delete ${skipped.length === 1 ? 'it' : 'them'} on ${branch}.`,
          notes
        )
      }
      // History exists (recorded.size > 0): not finding the base is no "no history yet".
      return unreadable(
        'base-not-found',
        `${branch} has ${recorded.size} recorded commit(s) but none the walk reached: ${found.reason}; re-run once GitHub answers, or push to ${trackedWhere()} to record the base`,
        notes
      )
    }
    let results = await readResults(snapshot, found.commit)
    if (results === null && damaged.has(found.commit) && !recorded.has(found.commit)) {
      return unreadable(
        'history-corrupt',
        `the base ${found.commit.slice(0, 7)} has a damaged entry in history.json and no readable results file on ${branch}; fix or delete the entry, or re-run the base's workflow`,
        notes
      )
    }
    if (results === null) {
      // The entry in history.json holds each model's peak and status: enough to compare.
      results = resultsFromEntry(entryOf(history, found.commit)!)
      notes.push(
        note(
          'base-from-history',
          `The results file of ${found.commit.slice(0, 7)} on ${branch} is missing or unreadable: compared with the peaks recorded in history.json.`
        )
      )
    }
    return {
      baseline: { commit: found.commit, distance: found.distance, results, from: from.from },
      note: null,
      unreadable: null,
      notes,
      looked: true
    }
  } catch (error) {
    if (error instanceof HistoryFileError) {
      return unreadable('history-corrupt', `${error.message} (on ${branch})`)
    }
    return unreadable(
      'api-error',
      describeApiError(error, { doing: `read the baseline from ${branch}`, permission: 'contents: read' })
    )
  }
}
