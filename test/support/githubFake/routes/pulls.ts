// GET /repos/{owner}/{repo}/pulls/{pull_number}: the live head of a pull request.
import { notFound } from '../http.js'
import { labelJson } from '../json.js'
import { repoOf } from '../access.js'
import type { Router } from '../router.js'
import type { FakeState } from '../state.js'

export function pullRoutes(router: Router, state: FakeState): void {
  router.on('GET', '/repos/:owner/:repo/pulls/:pull_number', req => {
    const repo = repoOf(state, req)
    const pull = repo.pulls.get(Number(req.params.pull_number))
    if (!pull) throw notFound()
    const [headOwner, headName] = pull.headRepo.split('/')
    return {
      status: 200,
      body: {
        number: pull.number,
        state: 'open',
        html_url: `https://github.com/${repo.fullName}/pull/${pull.number}`,
        labels: (repo.issue(pull.number)?.labels ?? []).map(l => labelJson(l, repo, req.baseUrl)),
        head: {
          label: `${headOwner}:${pull.headRef}`,
          ref: pull.headRef,
          sha: pull.headSha,
          repo: {
            name: headName,
            full_name: pull.headRepo,
            owner: { login: headOwner },
            fork: pull.headRepo !== repo.fullName
          }
        },
        base: {
          label: `${repo.owner}:${pull.baseRef}`,
          ref: pull.baseRef,
          sha: pull.baseSha,
          repo: {
            id: repo.id,
            name: repo.name,
            full_name: repo.fullName,
            owner: { login: repo.owner },
            fork: false
          }
        }
      }
    }
  })
}
