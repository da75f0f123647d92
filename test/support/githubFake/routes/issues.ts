// Issue (and pull request) comments and labels: list with pagination, create, get, update,
// delete; labels list, add, remove. Bodies over 65,536 characters are refused as GitHub does.
import { GitHubHttpError, jsonBody, notFound, validationFailed, type FakeRequest } from '../http.js'
import { commentJson, labelJson } from '../json.js'
import { paginate } from '../pagination.js'
import { repoOf, requireWrite } from '../access.js'
import type { Router } from '../router.js'
import type { FakeComment, FakeIssue, FakeRepo, FakeState } from '../state.js'

export const MAX_COMMENT_CHARS = 65_536

export function issueRoutes(router: Router, state: FakeState): void {
  const issueOf = (req: FakeRequest): { repo: FakeRepo; issue: FakeIssue } => {
    const repo = repoOf(state, req)
    const issue = repo.issue(Number(req.params.issue_number))
    if (!issue) throw notFound()
    return { repo, issue }
  }
  const commentOf = (req: FakeRequest): { repo: FakeRepo; issue: FakeIssue; comment: FakeComment } => {
    const repo = repoOf(state, req)
    const id = Number(req.params.comment_id)
    for (const issue of repo.issues.values()) {
      const comment = issue.comments.find(c => c.id === id)
      if (comment) return { repo, issue, comment }
    }
    throw notFound()
  }
  const bodyField = (req: FakeRequest): string => {
    const body = jsonBody(req).body
    if (typeof body !== 'string' || body.length === 0)
      throw validationFailed('IssueComment', 'body', 'body is missing')
    if ([...body].length > MAX_COMMENT_CHARS) {
      throw validationFailed(
        'IssueComment',
        'body',
        `body is too long (maximum is ${MAX_COMMENT_CHARS} characters)`
      )
    }
    return body
  }

  router.on('GET', '/repos/:owner/:repo/issues/:issue_number/comments', req => {
    const { repo, issue } = issueOf(req)
    const json = issue.comments.map(c => commentJson(c, repo, req.baseUrl))
    return paginate(req, json, `/repositories/${repo.id}/issues/${issue.number}/comments`)
  })

  router.on('POST', '/repos/:owner/:repo/issues/:issue_number/comments', req => {
    const { repo, issue } = issueOf(req)
    requireWrite(req, repo, ['issues', 'pull-requests'], 'read')
    const body = bodyField(req)
    const at = state.now()
    const comment: FakeComment = {
      id: state.newId(),
      issueNumber: issue.number,
      body,
      user: req.identity!.user,
      createdAt: at,
      updatedAt: at
    }
    issue.comments.push(comment)
    return {
      status: 201,
      body: commentJson(comment, repo, req.baseUrl),
      headers: { location: `${req.baseUrl}/repos/${repo.fullName}/issues/comments/${comment.id}` }
    }
  })

  router.on('GET', '/repos/:owner/:repo/issues/comments/:comment_id', req => {
    const { repo, comment } = commentOf(req)
    return { status: 200, body: commentJson(comment, repo, req.baseUrl) }
  })

  router.on('PATCH', '/repos/:owner/:repo/issues/comments/:comment_id', req => {
    const { repo, comment } = commentOf(req)
    requireWrite(req, repo, ['issues', 'pull-requests'], 'read')
    if (comment.user.login !== req.identity!.user.login) {
      // Editing someone else's comment takes more than the action ever has.
      throw new GitHubHttpError(403, 'You must have push access to edit this comment.')
    }
    comment.body = bodyField(req)
    comment.updatedAt = state.now()
    return { status: 200, body: commentJson(comment, repo, req.baseUrl) }
  })

  router.on('DELETE', '/repos/:owner/:repo/issues/comments/:comment_id', req => {
    const { repo, issue, comment } = commentOf(req)
    requireWrite(req, repo, ['issues', 'pull-requests'], 'read')
    if (comment.user.login !== req.identity!.user.login) {
      throw new GitHubHttpError(403, 'You must have push access to delete this comment.')
    }
    issue.comments.splice(issue.comments.indexOf(comment), 1)
    return { status: 204 }
  })

  router.on('GET', '/repos/:owner/:repo/issues/:issue_number/labels', req => {
    const { repo, issue } = issueOf(req)
    return paginate(
      req,
      issue.labels.map(l => labelJson(l, repo, req.baseUrl))
    )
  })

  router.on('POST', '/repos/:owner/:repo/issues/:issue_number/labels', req => {
    const { repo, issue } = issueOf(req)
    requireWrite(req, repo, ['issues', 'pull-requests'], 'triage')
    const labels = jsonBody(req).labels
    if (!Array.isArray(labels)) throw validationFailed('Label', 'labels', 'labels must be an array')
    for (const raw of labels) {
      const name = typeof raw === 'string' ? raw : String((raw as { name?: unknown }).name)
      if (!issue.labels.some(l => l.toLowerCase() === name.toLowerCase())) issue.labels.push(name)
    }
    return { status: 200, body: issue.labels.map(l => labelJson(l, repo, req.baseUrl)) }
  })

  router.on('DELETE', '/repos/:owner/:repo/issues/:issue_number/labels/:name', req => {
    const { repo, issue } = issueOf(req)
    requireWrite(req, repo, ['issues', 'pull-requests'], 'triage')
    // Label names are case-insensitive on GitHub.
    const index = issue.labels.findIndex(l => l.toLowerCase() === req.params.name!.toLowerCase())
    if (index < 0) throw new GitHubHttpError(404, 'Label does not exist')
    issue.labels.splice(index, 1)
    return { status: 200, body: issue.labels.map(l => labelJson(l, repo, req.baseUrl)) }
  })
}
