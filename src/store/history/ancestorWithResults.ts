// First-parent ancestors through the commits API: one page of `GET /repos/{o}/{r}/commits?sha=X`
// lists up to 100 commits reachable from X with their parents, usually enough to walk the whole
// 50-commit window in one request; a parent outside the page is fetched as the next start.
import { httpStatus } from './gitData.js'
import type { GitDataClient, RepoRef } from './gitDataClient.js'
import { walkFirstParents, type WalkOptions } from './firstParentWalk.js'

export type AncestorLookup =
  { found: true; commit: string; distance: number } | { found: false; reason: string }

export async function findAncestorWithResults(
  octokit: GitDataClient,
  repo: RepoRef,
  start: string,
  hasResults: (commit: string) => boolean,
  options: WalkOptions = {}
): Promise<AncestorLookup> {
  const parents = new Map<string, string | null>()
  // Each fetch adds at least the asked commit, so the walk ends; the bound is a guard.
  for (let fetches = 0; fetches < 60; fetches++) {
    const step = walkFirstParents(start, parents, hasResults, options)
    if (step.kind === 'found') return { found: true, commit: step.commit, distance: step.distance }
    if (step.kind === 'none') return { found: false, reason: step.reason }
    let page: { sha: string; parents: { sha: string }[] }[]
    try {
      const { data } = await octokit.rest.repos.listCommits({ ...repo, sha: step.commit, per_page: 100 })
      page = data
    } catch (error) {
      const status = httpStatus(error)
      if (status === 404 || status === 422) {
        return { found: false, reason: `commit ${step.commit.slice(0, 7)} is not in the repository` }
      }
      throw error
    }
    for (const commit of page) parents.set(commit.sha, commit.parents[0]?.sha ?? null)
    if (!parents.has(step.commit)) {
      return { found: false, reason: `the commits API did not list ${step.commit.slice(0, 7)}` }
    }
  }
  return { found: false, reason: 'too many commits API pages' }
}
