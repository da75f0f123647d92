// The JSON shapes GitHub returns, trimmed to the fields clients read.
import type { FakeComment, FakeRepo, FakeUser } from './state.js'

export function userJson(user: FakeUser, baseUrl: string) {
  return {
    login: user.login,
    id: user.id,
    node_id: Buffer.from(`04:User${user.id}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    url: `${baseUrl}/users/${encodeURIComponent(user.login)}`,
    html_url: `https://github.com/${user.login.replace(/\[bot\]$/, '')}`,
    type: user.type,
    site_admin: false
  }
}

export function commentJson(comment: FakeComment, repo: FakeRepo, baseUrl: string) {
  const issue = repo.issue(comment.issueNumber)
  const kind = issue?.isPullRequest ? 'pull' : 'issues'
  return {
    url: `${baseUrl}/repos/${repo.fullName}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${repo.fullName}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${baseUrl}/repos/${repo.fullName}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: Buffer.from(`012:IssueComment${comment.id}`).toString('base64'),
    user: userJson(comment.user, baseUrl),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: comment.user.login === repo.owner ? 'OWNER' : 'NONE',
    body: comment.body
  }
}

export function labelJson(name: string, repo: FakeRepo, baseUrl: string) {
  return {
    id: [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7),
    name,
    url: `${baseUrl}/repos/${repo.fullName}/labels/${encodeURIComponent(name)}`,
    color: 'ededed',
    default: false,
    description: null
  }
}
