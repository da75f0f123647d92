// Everything the action shows for a run: the job summary (always, also when the comment fails),
// the sticky PR comment, error annotations on the config file, the failed check and the outputs.
// A comment that cannot be posted is a warning: it never changes the gate's verdict.
import * as core from '@actions/core'
import type { Config } from '../config/schema.js'
import { escapeHtml } from '../report/markdownSafety.js'
import { redactSecrets } from '../report/redact.js'
import type { Results } from '../results.js'
import { emitAnnotations, failureAnnotations, failureMessage, type Annotation } from './annotations.js'
import type { ActionContext } from './context.js'
import { COMMENT_MAX_CHARS, fitMarkdown } from './fitBody.js'
import type { TokenIdentity } from './identity.js'
import { writeJobSummary, type SummaryOutcome } from './jobSummary.js'
import type { GitHubClient } from './octokit.js'
import { describeApiError } from './permissionHint.js'
import { stickyMarker, upsertStickyComment } from './stickyComment.js'

export interface PublishOptions {
  results: Results
  /** The PR comment (report.md, renderComment): its footer links the run. */
  reportMarkdown: string
  /** The full report (summary.md, renderReport) for the job summary; the comment's text without it. */
  summaryMarkdown?: string
  config: Config
  context: ActionContext
  /** Null without a token: the comment is skipped, everything else still happens. */
  octokit: GitHubClient | null
  comment: boolean
  /** Path given in the `results` output. */
  resultsPath: string
  /** Redacted once more from everything published (the pipeline already redacted the logs). */
  secrets: readonly string[]
  /** Why the gate failed when no model says so itself (e.g. a refused fork); first line of setFailed. */
  failReason?: string
  /** The pull request to comment on when the event names none (workflow_run). */
  issueNumber?: number | null
  identity?: TokenIdentity
  /** False for matrix `measure` jobs: the `report` job gives the verdict; default true. */
  failCheck?: boolean
  log?: (line: string) => void
}

export type CommentOutcome =
  | { status: 'created' | 'updated' | 'unchanged'; id: number; url: string }
  | { status: 'skipped' | 'failed'; reason: string }

export interface PublishOutcome {
  gate: Results['gate']
  summary: SummaryOutcome
  comment: CommentOutcome
  annotations: Annotation[]
}

export async function publish(opts: PublishOptions): Promise<PublishOutcome> {
  const log = opts.log ?? core.info
  const report = redactSecrets(opts.reportMarkdown, opts.secrets)
  const fullReport = redactSecrets(opts.summaryMarkdown ?? opts.reportMarkdown, opts.secrets)
  const gate = opts.results.gate

  const comment = await postComment(opts, report, log)
  const warning = comment.status === 'failed' ? `> [!WARNING]\n> ${escapeHtml(comment.reason)}\n\n` : ''
  let summary: SummaryOutcome
  try {
    summary = writeJobSummary(`${warning}${fullReport}`, opts.context.stepSummaryPath)
  } catch (error) {
    summary = {
      written: false,
      reason: `cannot write the job summary: ${(error as Error).message}`,
      trimmed: false
    }
  }
  if (!summary.written) log(`oom-gate: job summary not written: ${summary.reason}`)

  core.setOutput('gate', gate)
  core.setOutput('results', opts.resultsPath)

  const annotations = failureAnnotations(opts.results, opts.config, opts.context.workspace)
  if (gate === 'fail' && opts.failCheck !== false) {
    emitAnnotations(annotations)
    core.setFailed(failureMessage(opts.results, annotations, opts.failReason))
  }
  return { gate, summary, comment, annotations }
}

/**
 * Only the sticky PR comment, for the results so far (the action calls it at the first stop
 * signal; the final publish() then updates the same comment). Never throws: a comment that
 * cannot be posted is a warning.
 */
export async function publishComment(opts: PublishOptions): Promise<CommentOutcome> {
  const log = opts.log ?? core.info
  return postComment(opts, redactSecrets(opts.reportMarkdown, opts.secrets), log)
}

async function postComment(
  opts: PublishOptions,
  report: string,
  log: (line: string) => void
): Promise<CommentOutcome> {
  const { context } = opts
  const issueNumber = opts.issueNumber ?? context.pullRequest?.number ?? null
  if (!opts.comment) return { status: 'skipped', reason: 'comment is false' }
  if (issueNumber === null)
    return {
      status: 'skipped',
      reason: `a ${context.eventName || 'local'} run has no pull request to comment on`
    }
  if (!opts.octokit) return { status: 'skipped', reason: 'no github-token' }
  const marker = stickyMarker(context.workflow, context.job)
  // The comment carries its own footer (commit, the run's link): fitting keeps it.
  const room = COMMENT_MAX_CHARS - marker.length - 1
  const fitted = fitMarkdown(report, {
    limit: room,
    unit: 'chars',
    fullReportAt: 'the job summary of this run'
  })
  try {
    const result = await upsertStickyComment(opts.octokit, {
      owner: context.repo.owner,
      repo: context.repo.repo,
      issueNumber,
      marker,
      body: `${marker}\n${fitted.text}`,
      identity: opts.identity
    })
    log(`oom-gate: PR comment ${result.action}: ${result.url}`)
    return { status: result.action, id: result.id, url: result.url }
  } catch (error) {
    const reason = describeApiError(
      error,
      { doing: `post the comment on #${issueNumber}`, permission: 'pull-requests: write' },
      { forkPullRequest: context.eventName === 'pull_request' && context.pullRequest?.isFork === true }
    )
    core.warning(reason)
    return { status: 'failed', reason }
  }
}
