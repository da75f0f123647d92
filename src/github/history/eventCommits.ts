// What the history needs from the event: which commit was measured, where its baseline search
// starts, and whether this run writes history (a push to a tracked branch). Pure, over the
// ActionContext of github/context.ts.
import type { Config } from '../../config/schema.js'
import type { ActionContext } from '../context.js'
import type { BaselineFrom } from '../../judge/regression.js'

type Json = Record<string, unknown>
const obj = (value: unknown): Json | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

const ZERO_SHA = /^0+$/

export function defaultBranchOf(ctx: ActionContext): string | null {
  return str(obj(ctx.payload.repository)?.default_branch)
}

/** The branch a push event updated, or null for tags and other events. */
export function pushedBranch(ctx: ActionContext): string | null {
  if (ctx.eventName !== 'push') return null
  const ref = str(ctx.payload.ref)
  return ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null
}

/** Branches whose pushes are recorded: history.branches, else the repository's default branch. */
export function trackedBranches(ctx: ActionContext, config: Config): string[] {
  if (config.history.branches !== null) return config.history.branches
  const fallback = defaultBranchOf(ctx)
  return fallback === null ? [] : [fallback]
}

/** Null when this run records its results on the data branch; else why it does not. */
export function whyNotRecorded(ctx: ActionContext, config: Config): string | null {
  if (ctx.eventName !== 'push') return `history is written on push, not on ${ctx.eventName || 'this event'}`
  const branch = pushedBranch(ctx)
  if (branch === null) return 'history is written for pushes to branches, not tags'
  if (ctx.payload.deleted === true) return `${branch} was deleted`
  const tracked = trackedBranches(ctx, config)
  if (!tracked.includes(branch)) {
    return `${branch} is not a history branch (${tracked.length > 0 ? tracked.join(', ') : 'no default branch in the event'})`
  }
  if (branch === config.history.branch) return `${branch} is the data branch itself`
  return null
}

/**
 * The commit whose code was measured: the approved head under pull_request_target (the event's
 * GITHUB_SHA is the base branch there), the pushed commit, the merge group's head (the queue's
 * temporary branch: the base plus every PR queued up to this one), else GITHUB_SHA (the merge
 * commit on pull_request).
 */
export function measuredCommit(ctx: ActionContext): string | null {
  if (ctx.eventName === 'pull_request_target') return ctx.pullRequest?.headSha || null
  if (ctx.eventName === 'push') return str(ctx.payload.after) ?? ctx.sha
  if (ctx.eventName === 'merge_group') return str(obj(ctx.payload.merge_group)?.head_sha) ?? ctx.sha
  return ctx.sha
}

export interface BaselineStart {
  start: string
  skipStart: boolean
  from: BaselineFrom
}

/**
 * Where the baseline search starts: the PR's base; in a merge queue the merge group's base (the
 * target branch's tip the group was built on: comparing the group's head with it catches PRs
 * that are each under the threshold but over it together); or the pushed commit's first parent.
 */
export function baselineStart(ctx: ActionContext): BaselineStart | null {
  if (ctx.pullRequest) {
    const base = ctx.pullRequest.baseSha
    return base ? { start: base, skipStart: false, from: 'pull-request-base' } : null
  }
  if (ctx.eventName === 'merge_group') {
    const base = str(obj(ctx.payload.merge_group)?.base_sha)
    return base && !ZERO_SHA.test(base) ? { start: base, skipStart: false, from: 'merge-group-base' } : null
  }
  if (ctx.eventName === 'push') {
    const head = measuredCommit(ctx)
    return head && !ZERO_SHA.test(head) ? { start: head, skipStart: true, from: 'push-parent' } : null
  }
  return null
}

export interface PushedCommit {
  sha: string
  message: string
  date: string
}

/** Message and date of the pushed head commit from the payload, when it describes that commit. */
export function pushedCommitOf(ctx: ActionContext): PushedCommit | null {
  const head = obj(ctx.payload.head_commit)
  const sha = measuredCommit(ctx)
  if (!head || !sha || str(head.id) !== sha) return null
  const message = typeof head.message === 'string' ? head.message : ''
  const date = str(head.timestamp)
  return date === null ? null : { sha, message, date }
}

/** The branch's tip before a push (`before`), or null (a new branch, another event). */
export function pushedBefore(ctx: ActionContext): string | null {
  if (ctx.eventName !== 'push') return null
  const before = str(ctx.payload.before)
  return before === null || ZERO_SHA.test(before) ? null : before
}
