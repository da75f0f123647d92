// The JSON shapes GitHub returns, trimmed to the fields clients read.
import type { FakeComment, FakeRepo, FakeUser } from './state.js'

/** GitHub's simple-user: every field its description requires. */
export function userJson(user: FakeUser, baseUrl: string) {
  const url = `${baseUrl}/users/${encodeURIComponent(user.login)}`
  return {
    login: user.login,
    id: user.id,
    node_id: Buffer.from(`04:User${user.id}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `https://github.com/${user.login.replace(/\[bot\]$/, '')}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    user_view_type: 'public',
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
