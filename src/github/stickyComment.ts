// One comment per workflow and job on a pull request, updated in place on every run.
// It is found by its hidden marker among the comments the token's own identity wrote, on every
// page of the conversation (busy PRs have hundreds of comments). An installation token's login is
// not known (GET /user is 403 for it): then every Bot's marked comment is a candidate, and the
// first one GitHub lets this token edit is ours; that tells the login for the rest.
import { resolveTokenIdentity, isAuthoredBy, type TokenIdentity } from './identity.js'
import type { GitHubClient } from './octokit.js'

export const STICKY_TAG = '<!-- oom-gate -->'

/**
 * `<!-- oom-gate -->` plus a second comment naming the workflow and job, URI-encoded so no name
 * can end the HTML comment early or make one marker a prefix of another.
 */
export function stickyMarker(workflow: string, job: string): string {
  return `${STICKY_TAG}\n<!-- oom-gate:sticky workflow=${encodeURIComponent(workflow)} job=${encodeURIComponent(job)} -->`
}

export interface StickyTarget {
  owner: string
  repo: string
  issueNumber: number
  marker: string
}

export interface StickyComment {
  id: number
  url: string
  body: string
  /** The author's login. */
  login: string
}

export interface UpsertResult {
  action: 'created' | 'updated' | 'unchanged'
  id: number
  url: string
  /** Extra marked comments of ours (left by an earlier race) that were deleted. */
  removedDuplicates: number
}

/** Every comment of ours that carries the marker, oldest first. */
export async function findStickyComments(
  octokit: GitHubClient,
  target: StickyTarget & { identity: TokenIdentity }
): Promise<StickyComment[]> {
  const found: StickyComment[] = []
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100
  })
  for await (const page of pages) {
    for (const comment of page.data) {
      if (comment.body?.includes(target.marker) && isAuthoredBy(comment.user, target.identity)) {
        found.push({ id: comment.id, url: comment.html_url, body: comment.body, login: comment.user!.login })
      }
    }
  }
  return found
}

export async function upsertStickyComment(
  octokit: GitHubClient,
  options: StickyTarget & { body: string; identity?: TokenIdentity }
): Promise<UpsertResult> {
  const identity = options.identity ?? (await resolveTokenIdentity(octokit))
  const body = options.body.includes(options.marker) ? options.body : `${options.marker}\n${options.body}`
  const target = { ...options, identity }
  const where = { owner: options.owner, repo: options.repo }

  const existing = await findStickyComments(octokit, target)
  let kept: { comment: StickyComment; action: UpsertResult['action']; url: string } | null = null
  for (const candidate of existing) {
    if (candidate.body === body) {
      kept = { comment: candidate, action: 'unchanged', url: candidate.url }
      break
    }
    try {
      // With an unknown login the PATCH is also the test of authorship: GitHub refuses another
      // author's comment (403) unless the token may edit everyone's.
      const { data } = await octokit.rest.issues.updateComment({ ...where, comment_id: candidate.id, body })
      kept = {
        comment: candidate,
        action: candidate.body === body ? 'unchanged' : 'updated',
        url: data.html_url
      }
      break
    } catch (error) {
      const status = (error as { status?: number }).status
      if (identity.login !== null || (status !== 403 && status !== 404)) throw error
    }
  }
  if (kept === null) return { ...(await create(octokit, target, body)), removedDuplicates: 0 }

  // Left by an earlier race: the same author's other marked comments.
  const login = kept.comment.login.toLowerCase()
  const duplicates = existing.filter(c => c.id !== kept.comment.id && c.login.toLowerCase() === login)
  let removed = 0
  for (const duplicate of duplicates) {
    try {
      await octokit.rest.issues.deleteComment({ ...where, comment_id: duplicate.id })
      removed++
    } catch (error) {
      // Another run removed it first: the goal (one comment) holds.
      if ((error as { status?: number }).status !== 404) throw error
    }
  }
  return { action: kept.action, id: kept.comment.id, url: kept.url, removedDuplicates: removed }
}

/**
 * Creating is not idempotent, so the client does not repeat a POST after a 5xx: the comment may
 * exist anyway. Look, then update what landed or create once more.
 */
async function create(
  octokit: GitHubClient,
  target: StickyTarget & { identity: TokenIdentity },
  body: string
): Promise<Omit<UpsertResult, 'removedDuplicates'>> {
  const where = { owner: target.owner, repo: target.repo, issue_number: target.issueNumber }
  try {
    const { data } = await octokit.rest.issues.createComment({ ...where, body })
    return { action: 'created', id: data.id, url: data.html_url }
  } catch (error) {
    const e = error as { status?: number; response?: unknown }
    const ambiguous = e.response === undefined || (e.status ?? 0) >= 500
    if (!ambiguous) throw error
    const landed = await findStickyComments(octokit, target)
    // What the failed POST may have created carries exactly this body (marker, report, run).
    const ours = landed.find(c => c.body === body) ?? (target.identity.login !== null ? landed[0] : undefined)
    if (ours) {
      if (ours.body !== body) {
        await octokit.rest.issues.updateComment({
          owner: target.owner,
          repo: target.repo,
          comment_id: ours.id,
          body
        })
      }
      return { action: 'created', id: ours.id, url: ours.url }
    }
    const { data } = await octokit.rest.issues.createComment({ ...where, body })
    return { action: 'created', id: data.id, url: data.html_url }
  }
}
