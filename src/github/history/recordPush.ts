// After a push to a tracked branch: raise an alert when a model regressed or newly fails against
// the previous recorded commit, then add the run to the data branch in one commit (results,
// history.json, badges, index.html), retried on the new tip when another writer got there first.
import type { Config } from '../../config/schema.js'
import { alertFindings, thresholdsOf, type AlertFinding } from '../../judge/regression.js'
import { badgeMarkdown } from '../../report/badge.js'
import type { Results } from '../../results.js'
import { badgeFileName, recordFiles } from '../../store/history/dataBranchFiles.js'
import { branchKind, MARKER_FILE } from '../../store/history/dataBranchFiles.js'
import {
  BranchSnapshot,
  commitToBranch,
  CONFIRM_MISSING,
  KeptMovingError,
  readTip,
  type BranchTip,
  type CommitOptions,
  type ConfirmMissing
} from '../../store/history/gitData.js'
import {
  entryOf,
  historyEntryFrom,
  HistoryFileError,
  latestEntry,
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
  pushedBefore,
  pushedCommitOf,
  whyNotRecorded,
  type PushedCommit
} from './eventCommits.js'
import type { GitHubClient } from '../octokit.js'
import { describeApiError } from '../permissionHint.js'

export interface RecordOptions extends Pick<
  CommitOptions,
  'attempts' | 'baseDelayMs' | 'sleep' | 'random' | 'budgetMs'
> {
  /** Where badges link to: the history page on GitHub Pages when it is set up. Default: the data branch. */
  pageUrl?: string
  now?: () => Date
  log?: (line: string) => void
  /** How a 404 on the data branch is asked again before it counts as missing. */
  confirmMissing?: ConfirmMissing
}

/**
 * Why a run that should have been recorded was not (a lost record: a warning and a line in the
 * job summary, never silence):
 * api-error: GitHub did not answer, refused or rate limited past the budget;
 * history-corrupt: history.json does not parse (a damaged history is never overwritten);
 * foreign-branch: history.branch holds files that are not an oom-gate data branch;
 * branch-vanished: the data branch was deleted or force-pushed under the run;
 * kept-moving: other writers kept winning the race for the whole retry budget.
 */
export type LostRecordCode =
  'api-error' | 'history-corrupt' | 'foreign-branch' | 'branch-vanished' | 'kept-moving'

export type RecordOutcome =
  /** Nothing to record (not a push to a tracked branch, an estimate, an incomplete run). */
  | { recorded: false; lost: false; reason: string }
  | {
      recorded: false
      lost: true
      code: LostRecordCode
      reason: string
      findings: AlertFinding[]
      alert: RaisedAlert | null
      alertError: string | null
    }
  | {
      recorded: true
      lost: false
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
      /** The push's `before` commit has no record (its run failed or was lost), in words; else null. */
      gap: string | null
      /** Entries dropped beyond history.limit by this write. */
      dropped: number
      /** The branch was an older data branch or adopted: the marker was added. */
      markedBranch: boolean
    }

/** The data branch changed under the run in a way a write must not paper over. */
class BranchChangedError extends Error {
  constructor(
    readonly code: 'branch-vanished' | 'foreign-branch',
    message: string
  ) {
    super(message)
  }
}

export async function recordPush(
  octokit: GitHubClient,
  ctx: ActionContext,
  results: Results,
  config: Config,
  options: RecordOptions = {}
): Promise<RecordOutcome> {
  const why = whyNotRecorded(ctx, config)
  if (why !== null) return { recorded: false, lost: false, reason: why }
  if (results.mode === 'estimate')
    return { recorded: false, lost: false, reason: 'estimates are not recorded in the history' }
  if (results.complete === false) return { recorded: false, lost: false, reason: 'the run did not complete' }
  const sha = measuredCommit(ctx)
  if (sha === null) return { recorded: false, lost: false, reason: 'the event names no commit' }
  const branch = config.history.branch
  const log = options.log ?? (() => {})
  let findings: AlertFinding[] = []
  let alert: RaisedAlert | null = null
  let alertError: string | null = null

  const raise = async (found: AlertFinding[]) => {
    findings = found
    if (found.length === 0 || alert !== null) return
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
        found,
        config
      )
    } catch (error) {
      const permission = config.history.alert === 'issue' ? 'issues: write' : 'contents: write'
      alertError = describeApiError(error, { doing: 'raise the memory alert', permission })
      log(alertError)
    }
  }
  const lost = (code: LostRecordCode, reason: string): RecordOutcome => ({
    recorded: false,
    lost: true,
    code,
    reason,
    findings,
    alert,
    alertError
  })

  let history: History
  let tip: BranchTip | null
  let commit: PushedCommit
  try {
    commit = await commitInfo(octokit, ctx, sha)
    tip = await readTip(octokit, ctx.repo, branch, options.confirmMissing ?? CONFIRM_MISSING)
    const snapshot = new BranchSnapshot(octokit, ctx.repo, tip)
    const kind = branchKind(tip === null ? null : await snapshot.list(''))
    if (kind === 'foreign' && !config.history.adoptBranch) {
      await raise(regressionsOf(results))
      return lost('foreign-branch', foreignBranch(branch))
    }
    history = await readHistory(snapshot)
  } catch (error) {
    // The history cannot be read: the run's own comparison still says whether it regressed.
    await raise(regressionsOf(results))
    return lost(...failureOf(error, branch))
  }

  try {
    const previous = await previousEntry(octokit, ctx, history, sha, results)
    const alreadyAlerted = entryOf(history, sha)?.alert
    const found = alertFindings(results, previous, thresholdsOf(config))
    if (alreadyAlerted) findings = found
    else await raise(found)

    const before = pushedBefore(ctx)
    const gap =
      before !== null && previous !== null && before !== previous.commit && !entryOf(history, before)
        ? `the commit before this push, ${before.slice(0, 7)}, has no record on ${branch} (its run failed, was cancelled or lost its record); the last recorded commit is ${previous.commit.slice(0, 7)}`
        : null
    if (gap) log(`oom-gate: ${gap}`)

    const entry: HistoryEntry = {
      ...historyEntryFrom(results, commit),
      ...(alert ? { alert: (alert as RaisedAlert).url } : {})
    }
    const now = (options.now ?? (() => new Date()))()
    let dropped = 0
    let marked = false
    const newestBefore = latestEntry(history)
    const written = await commitToBranch(
      octokit,
      ctx.repo,
      branch,
      async snapshot => {
        if (tip !== null && snapshot.tip === null) {
          throw new BranchChangedError(
            'branch-vanished',
            `the data branch ${branch} was deleted while this run wrote to it; nothing was written (a new one-entry history would hide the old): restore the branch or re-run the job to start a new history`
          )
        }
        const kind = branchKind(snapshot.tip === null ? null : await snapshot.list(''))
        if (kind === 'foreign' && !config.history.adoptBranch) {
          throw new BranchChangedError('foreign-branch', foreignBranch(branch))
        }
        marked = kind === 'legacy-data' || kind === 'foreign'
        const current = await readHistory(snapshot)
        if (
          newestBefore !== null &&
          !current.entries.some(e => e.commit === newestBefore.commit || e.date >= newestBefore.date)
        ) {
          throw new BranchChangedError(
            'branch-vanished',
            `the data branch ${branch} was force-pushed while this run wrote to it (its newest entry, ${newestBefore.commit.slice(0, 7)}, is gone); nothing was written: check who rewrote ${branch}, then re-run the job`
          )
        }
        const out = recordFiles({
          history: current,
          entry,
          results,
          limit: config.history.limit,
          repository: `${ctx.repo.owner}/${ctx.repo.repo}`,
          serverUrl: ctx.serverUrl,
          generatedAt: now.toISOString()
        })
        dropped = out.dropped.length
        return out.files
      },
      {
        message: `oom-gate: record ${sha.slice(0, 7)} (${pushedBranch(ctx) ?? ''})`,
        attempts: options.attempts,
        budgetMs: options.budgetMs,
        baseDelayMs: options.baseDelayMs,
        sleep: options.sleep,
        random: options.random,
        log
      }
    )
    return {
      recorded: true,
      lost: false,
      dataCommit: written.commit,
      attempts: written.attempts,
      createdBranch: written.created,
      previous: previous?.commit ?? null,
      findings,
      alert,
      alertError,
      badgeMarkdown: badgeMarkdownFor(ctx, config, options.pageUrl),
      gap,
      dropped,
      markedBranch: marked && tip !== null
    }
  } catch (error) {
    // Moving the tip failed after the findings were known: an alert that is due is still raised.
    await raise(findings.length > 0 ? findings : regressionsOf(results))
    return lost(...failureOf(error, branch))
  }
}

function foreignBranch(branch: string): string {
  return `history.branch ${branch} is not an oom-gate data branch (it has no ${MARKER_FILE} and holds other files); oom-gate does not write into it: set history.branch to a branch of its own, or history.adopt-branch: true to write there anyway`
}

/** A write's failure as a lost-record code and a line with cause and fix. */
function failureOf(error: unknown, branch: string): [LostRecordCode, string] {
  if (error instanceof BranchChangedError) return [error.code, error.message]
  if (error instanceof HistoryFileError)
    return ['history-corrupt', `${error.message} (on ${branch}); the history was not overwritten`]
  if (error instanceof KeptMovingError)
    return ['kept-moving', `${error.message}; re-run the job to record this commit`]
  return [
    'api-error',
    describeApiError(error, { doing: `write the history to ${branch}`, permission: 'contents: write' })
  ]
}

/**
 * Regressions the run itself found against its base (results' baseline columns), for when the
 * history cannot be read: the alert is still due.
 */
function regressionsOf(results: Results): AlertFinding[] {
  return results.models
    .filter(m => m.baseline?.regressed)
    .map(m => ({
      model: m.name,
      kind: 'regressed',
      status: m.status,
      peakBytes: m.peakBytes,
      compare: m.baseline
    }))
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
