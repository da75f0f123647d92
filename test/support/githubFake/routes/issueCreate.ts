// POST /repos/{o}/{r}/issues (what `history.alert: issue` opens), GET of that issue, and the list
// of a repository's issues (state, sort=created, direction; newest first by default, as on
// GitHub). Issue numbers continue after the highest issue or pull request number, as on GitHub.
import { repoOf, requireWrite } from '../access.js'
import { jsonBody, notFound, validationFailed } from '../http.js'
import { paginate } from '../pagination.js'
import { userJson } from '../json.js'
import type { Router } from '../router.js'
import type { FakeRepo, FakeState } from '../state.js'
import { gitOf, type CreatedIssue } from '../gitStore.js'

export function issueCreateRoutes(router: Router, state: FakeState): void {
  const json = (issue: CreatedIssue, repo: FakeRepo, baseUrl: string) => ({
    id: issue.number + 100_000,
    number: issue.number,
    state: 'open',
    title: issue.title,
    body: issue.body,
    user: userJson(issue.user, baseUrl),
    labels: [],
    url: `${baseUrl}/repos/${repo.fullName}/issues/${issue.number}`,
    html_url: `https://github.com/${repo.fullName}/issues/${issue.number}`,
    created_at: issue.createdAt
  })

  router.on('POST', '/repos/:owner/:repo/issues', req => {
    const repo = repoOf(state, req)
    requireWrite(req, repo, ['issues'], 'read')
    const body = jsonBody(req)
    if (typeof body.title !== 'string' || body.title === '')
      throw validationFailed('Issue', 'title', 'title is missing')
    // GitHub: "title is too long (maximum is 256 characters)", answered for 256 and more.
    if (body.title.length >= 256)
      throw validationFailed('Issue', 'title', 'title is too long (maximum is 256 characters)')
    const number = Math.max(0, ...repo.issues.keys()) + 1
    const created: CreatedIssue = {
      number,
      title: body.title,
      body: typeof body.body === 'string' ? body.body : '',
      user: req.identity!.user,
      createdAt: state.now()
    }
    repo.issues.set(number, { number, isPullRequest: false, labels: [], comments: [] })
    gitOf(repo).issues.set(number, created)
    return { status: 201, body: json(created, repo, req.baseUrl) }
  })

  router.on('GET', '/repos/:owner/:repo/issues', req => {
    const repo = repoOf(state, req)
    // Only issues this route created: all open (the fake closes none), so state=closed lists none.
    const wanted = req.query.get('state') ?? 'open'
    const issues = wanted === 'closed' ? [] : [...gitOf(repo).issues.values()]
    const ascending = req.query.get('direction') === 'asc'
    issues.sort((a, b) => (ascending ? a.number - b.number : b.number - a.number))
    return paginate(
      req,
      issues.map(i => json(i, repo, req.baseUrl))
    )
  })

  router.on('GET', '/repos/:owner/:repo/issues/:issue_number', req => {
    const repo = repoOf(state, req)
    const issue = gitOf(repo).issues.get(Number(req.params.issue_number))
    if (!issue) throw notFound()
    return { status: 200, body: json(issue, repo, req.baseUrl) }
  })
}
