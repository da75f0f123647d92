// After a push to a tracked branch: raise an alert when a model regressed or newly fails against
// the previous recorded commit, then add the run to the data branch in one commit (results,
// history.json, badges, index.html), retried on the new tip when another writer got there first.
import type { Config } from '../../config/schema.js'
import { alertFindings, thresholdsOf, type AlertFinding } from '../../judge/regression.js'
import { badgeMarkdown } from '../../report/badge.js'
import type { Results } from '../../results.js'
import { badgeFileName, recordFiles } from '../../store/history/dataBranchFiles.js'
import { BranchSnapshot, commitToBranch, readTip, type CommitOptions } from '../../store/history/gitData.js'
import {
  entryOf,
  historyEntryFrom,
  type History,
  type HistoryEntry
} from '../../store/history/historyModel.js'
import { readHistory } from '../../store/history/historyStore.js'
import { raiseAlert, type RaisedAlert } from '../alerts.js'
import type { ActionContext } from '../context.js'
import { findAncestorWithResults } from '../../store/history/ancestorWithResults.js'
import {
  measuredCommit,
  pushedBranch,
  pushedCommitOf,
  whyNotRecorded,
  type PushedCommit
} from './eventCommits.js'
import type { GitHubClient } from '../octokit.js'
import { describeApiError } from '../permissionHint.js'

export interface RecordOptions extends Pick<CommitOptions, 'attempts' | 'baseDelayMs' | 'sleep' | 'random'> {
  /** Where badges link to: the history page on GitHub Pages when it is set up. Default: the data branch. */
  pageUrl?: string
  now?: () => Date
  log?: (line: string) => void
}

export type RecordOutcome =
  | { recorded: false; reason: string }
  | {
      recorded: true
      /** The data branch's new tip. */
      dataCommit: string
      attempts: number
      createdBranch: boolean
      /** The recorded commit the alert compared with, or null for the first one. */
      previous: string | null
      findings: AlertFinding[]
      alert: RaisedAlert | null
      /** Why the alert could not be posted (the history was still written). */
      alertError: string | null
      /** README markdown for the badges, for the job summary. */
      badgeMarkdown: string
    }

export async function recordPush(
  octokit: GitHubClient,
  ctx: ActionContext,
  results: Results,
  config: Config,
  options: RecordOptions = {}
): Promise<RecordOutcome> {
  const why = whyNotRecorded(ctx, config)
  if (why !== null) return { recorded: false, reason: why }
  if (results.mode === 'estimate')
    return { recorded: false, reason: 'estimates are not recorded in the history' }
  if (results.complete === false) return { recorded: false, reason: 'the run did not complete' }
  const sha = measuredCommit(ctx)
  if (sha === null) return { recorded: false, reason: 'the event names no commit' }
  const branch = config.history.branch
  const log = options.log ?? (() => {})

  try {
    const commit = await commitInfo(octokit, ctx, sha)
    const tip = await readTip(octokit, ctx.repo, branch)
    const history = await readHistory(new BranchSnapshot(octokit, ctx.repo, tip))
    const previous = await previousEntry(octokit, ctx, history, sha, results)
    const findings = alertFindings(results, previous, thresholdsOf(config))

    let alert: RaisedAlert | null = null
    let alertError: string | null = null
    const alreadyAlerted = entryOf(history, sha)?.alert
    if (findings.length > 0 && !alreadyAlerted) {
      try {
        alert = await raiseAlert(
          octokit,
          {
            repo: ctx.repo,
            commit: sha,
            serverUrl: ctx.serverUrl,
            runId: ctx.runId,
            branch: pushedBranch(ctx) ?? ''
          },
          findings,
          config
        )
      } catch (error) {
        const permission = config.history.alert === 'issue' ? 'issues: write' : 'contents: write'
        alertError = describeApiError(error, { doing: 'raise the memory alert', permission })
        log(alertError)
      }
    }

    const entry: HistoryEntry = {
      ...historyEntryFrom(results, commit),
      ...(alert ? { alert: alert.url } : {})
    }
    const now = (options.now ?? (() => new Date()))()
    const written = await commitToBranch(
      octokit,
      ctx.repo,
      branch,
      async snapshot => {
        const current = await readHistory(snapshot)
        return recordFiles({
          history: current,
          entry,
          results,
          limit: config.history.limit,
          repository: `${ctx.repo.owner}/${ctx.repo.repo}`,
          serverUrl: ctx.serverUrl,
          generatedAt: now.toISOString()
        }).files
      },
      {
        message: `oom-gate: record ${sha.slice(0, 7)} (${pushedBranch(ctx) ?? ''})`,
        attempts: options.attempts,
        baseDelayMs: options.baseDelayMs,
        sleep: options.sleep,
        random: options.random,
        log
      }
    )
    return {
      recorded: true,
      dataCommit: written.commit,
      attempts: written.attempts,
      createdBranch: written.created,
      previous: previous?.commit ?? null,
      findings,
      alert,
      alertError,
      badgeMarkdown: badgeMarkdownFor(ctx, config, options.pageUrl)
    }
  } catch (error) {
    return {
      recorded: false,
      reason: describeApiError(error, {
        doing: `write the history to ${branch}`,
        permission: 'contents: write'
      })
    }
  }
}

/**
 * The pushed commit's message and committer date. The committer date orders the history: a
 * rebased or cherry-picked commit keeps an old author date but is new on the branch. The payload
 * is the fallback when the commit cannot be read.
 */
async function commitInfo(octokit: GitHubClient, ctx: ActionContext, sha: string): Promise<PushedCommit> {
  try {
    const { data } = await octokit.rest.git.getCommit({ ...ctx.repo, commit_sha: sha })
    return { sha, message: data.message, date: data.committer.date }
  } catch (error) {
    const fromPayload = pushedCommitOf(ctx)
    if (fromPayload) return fromPayload
    throw error
  }
}

/**
 * The entry to compare the pushed commit with: the baseline the run already used when it is
 * recorded, else the nearest first-parent ancestor in the history.
 */
async function previousEntry(
  octokit: GitHubClient,
  ctx: ActionContext,
  history: History,
  sha: string,
  results: Results
): Promise<HistoryEntry | null> {
  const compared = results.comparedWith?.commit
  if (compared && compared !== sha) {
    const entry = entryOf(history, compared)
    if (entry) return entry
  }
  const recorded = new Set(history.entries.map(e => e.commit).filter(c => c !== sha))
  if (recorded.size === 0) return null
  const found = await findAncestorWithResults(octokit, ctx.repo, sha, c => recorded.has(c), {
    skipStart: true
  })
  return found.found ? entryOf(history, found.commit) : null
}

/** README markdown for the overall badge and one per model of the config. */
export function badgeMarkdownFor(ctx: ActionContext, config: Config, pageUrl?: string): string {
  const server = ctx.serverUrl.replace(/\/+$/, '')
  const link =
    pageUrl ??
    `${server}/${ctx.repo.owner}/${ctx.repo.repo}/tree/${encodeURIComponent(config.history.branch)}`
  return badgeMarkdown(
    { owner: ctx.repo.owner, repo: ctx.repo.repo, branch: config.history.branch, link },
    config.models.map(m => badgeFileName(m.name))
  )
}
