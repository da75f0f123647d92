// The baseline of a run: the results recorded on the data branch for the PR's base (or, on a push,
// for the commit before), else for the newest first-parent ancestor that has some. Reads only;
// a baseline that cannot be found or read is a note in the report, never a failed run.
import type { Config } from '../../config/schema.js'
import type { Baseline } from '../../judge/regression.js'
import { BranchSnapshot, readTip, type RepoRef } from '../../store/history/gitData.js'
import { readHistory, readResults } from '../../store/history/historyStore.js'
import type { ActionContext } from '../context.js'
import { findAncestorWithResults } from '../../store/history/ancestorWithResults.js'
import { baselineStart, trackedBranches } from './eventCommits.js'
import type { GitHubClient } from '../octokit.js'
import { describeApiError } from '../permissionHint.js'

export interface BaselineLookup {
  baseline: Baseline | null
  /** Why there is no baseline (for the report's notes); null when found or not applicable. */
  note: string | null
}

export async function loadBaseline(
  octokit: GitHubClient,
  ctx: ActionContext,
  config: Config
): Promise<BaselineLookup> {
  const from = baselineStart(ctx)
  if (from === null) return { baseline: null, note: null }
  const repo: RepoRef = ctx.repo
  const branch = config.history.branch
  try {
    const tip = await readTip(octokit, repo, branch)
    if (tip === null) {
      const tracked = trackedBranches(ctx, config)
      const where = tracked.length > 0 ? tracked.join(', ') : 'the default branch'
      return {
        baseline: null,
        note: `No baseline to compare with yet: the data branch ${branch} is created by the first push to ${where}.`
      }
    }
    const snapshot = new BranchSnapshot(octokit, repo, tip)
    const history = await readHistory(snapshot)
    const recorded = new Set(history.entries.map(e => e.commit))
    if (recorded.size === 0) {
      return { baseline: null, note: `No baseline to compare with: ${branch} has no recorded commits yet.` }
    }
    const found = await findAncestorWithResults(octokit, repo, from.start, c => recorded.has(c), {
      skipStart: from.skipStart
    })
    if (!found.found) return { baseline: null, note: `No baseline to compare with: ${found.reason}.` }
    const results = await readResults(snapshot, found.commit)
    if (results === null) {
      return {
        baseline: null,
        note: `No baseline to compare with: the results of ${found.commit.slice(0, 7)} on ${branch} are missing or unreadable.`
      }
    }
    return {
      baseline: { commit: found.commit, distance: found.distance, results, from: from.from },
      note: null
    }
  } catch (error) {
    const why = describeApiError(error, {
      doing: `read the baseline from ${branch}`,
      permission: 'contents: read'
    })
    return { baseline: null, note: why }
  }
}
