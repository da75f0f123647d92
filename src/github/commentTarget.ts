// Which pull request gets the comment. The event's own pull request; or, under workflow_run (the
// two-workflow pattern for forks), the one the run names (of this repository, at the run's head
// commit: the list also holds other repositories' PRs from the same branch), or the number the measuring workflow
// passed on in its artifact: that number comes from the fork's run, so it is only trusted when
// that pull request's head is the commit the workflow_run measured.
import { pullRequestOfRun, type ActionContext } from './context.js'
import type { GitHubClient } from './octokit.js'

export type CommentTarget = { issueNumber: number } | { issueNumber: null; reason: string }

type Json = Record<string, unknown>
const obj = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {}

export async function commentTarget(
  context: ActionContext,
  requested: number | null,
  octokit: GitHubClient | null
): Promise<CommentTarget> {
  if (context.eventName !== 'workflow_run') {
    if (requested !== null) return { issueNumber: requested }
    if (context.pullRequest) return { issueNumber: context.pullRequest.number }
    return { issueNumber: null, reason: `a ${context.eventName || 'local'} run has no pull request` }
  }
  const run = obj(context.payload.workflow_run)
  const headSha = typeof run.head_sha === 'string' ? run.head_sha : null
  const number = requested ?? pullRequestOfRun(context.payload)
  if (number === null)
    return {
      issueNumber: null,
      reason:
        'the workflow_run names no pull request of this repository at its head commit (set pull-request)'
    }
  if (!octokit || !headSha)
    return { issueNumber: null, reason: 'cannot check that the pull request matches the run' }
  const { data } = await octokit.rest.pulls.get({
    owner: context.repo.owner,
    repo: context.repo.repo,
    pull_number: number
  })
  if (data.head.sha !== headSha) {
    return {
      issueNumber: null,
      reason: `pull request #${number} is at ${data.head.sha.slice(0, 12)}, not at the measured ${headSha.slice(0, 12)}; not commenting there`
    }
  }
  return { issueNumber: number }
}
