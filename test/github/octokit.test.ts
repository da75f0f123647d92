// Retries over real HTTP against the fake, with the backoff's sleep recorded instead of waited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js'
import { describeApiError } from '../../src/github/permissionHint.js'
import { faults, startGitHubFake, type GitHubFake } from '../support/githubFake/index.js'

let fake: GitHubFake
let waits: number[]
let logs: string[]
const NOW = Date.parse('2025-05-22T10:00:00Z')

function client(token = 'pat', retries = 3): GitHubClient {
  return createOctokit({
    token,
    baseUrl: fake.url,
    retry: { retries, sleep: async ms => void waits.push(ms), random: () => 0.5, now: () => NOW },
    log: line => logs.push(line)
  })
}

const COMMENTS = '/repos/acme-ml/vision/issues/7/comments'

beforeEach(async () => {
  fake = await startGitHubFake()
  fake.state.addUserToken('pat', 'alice-dev')
  fake.state.addActionsToken('read-only', { 'pull-requests': 'read', issues: 'read' })
  fake.state.addPullRequest('acme-ml/vision', { number: 7, headSha: 'a'.repeat(40) })
  waits = []
  logs = []
})
afterEach(async () => fake.close())

describe('createOctokit retries', () => {
  it('retries a GET after 5xx with exponential backoff, then succeeds', async () => {
    fake.inject(faults.serverError({ path: '/user', times: 2 }, 503))
    const { data } = await client().rest.users.getAuthenticated()
    expect(data.login).toBe('alice-dev')
    // base 1s doubling, jitter factor 0.5 + 0.5/2 = 0.75
    expect(waits).toEqual([750, 1500])
    expect(fake.requests.map(r => r.status)).toEqual([503, 503, 200])
    expect(logs[0]).toMatch(/GET \/user answered 503.*retrying in 1s \(1\/3\)/)
  })

  it('gives up after the configured retries with the last error', async () => {
    fake.inject(faults.serverError({ path: '/user', times: 10 }))
    await expect(client('pat', 2).rest.users.getAuthenticated()).rejects.toMatchObject({ status: 502 })
    expect(fake.requests).toHaveLength(3)
  })

  it('does not repeat a POST after a 5xx: creating a comment is not idempotent', async () => {
    fake.inject(faults.serverError({ method: 'POST', path: COMMENTS }))
    await expect(
      client().rest.issues.createComment({ owner: 'acme-ml', repo: 'vision', issue_number: 7, body: 'x' })
    ).rejects.toMatchObject({ status: 502 })
    expect(fake.requests).toHaveLength(1)
  })

  it('repeats a POST marked idempotent', async () => {
    fake.inject(faults.serverError({ method: 'POST', path: COMMENTS }))
    await client().request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: 'acme-ml',
      repo: 'vision',
      issue_number: 7,
      body: 'x',
      request: { idempotent: true }
    })
    expect(fake.requests.map(r => r.status)).toEqual([502, 201])
  })

  it('honours retry-after on a secondary rate limit, for a POST too (it was not processed)', async () => {
    fake.inject(faults.secondaryRateLimit({ method: 'POST', path: COMMENTS, times: 2 }, 3))
    await client().rest.issues.createComment({ owner: 'acme-ml', repo: 'vision', issue_number: 7, body: 'x' })
    expect(waits).toEqual([3000, 3000])
    expect(fake.state.comments('acme-ml/vision', 7)).toHaveLength(1)
  })

  it('waits for x-ratelimit-reset when the primary limit is spent (403 or 429)', async () => {
    fake.inject(faults.primaryRateLimit({ path: '/user' }, NOW / 1000 + 20))
    fake.inject(faults.primaryRateLimit({ path: '/user' }, NOW / 1000 + 5, 429))
    await client().rest.users.getAuthenticated()
    expect(waits).toEqual([21_000, 6000])
  })

  it('waits a minute, then longer, on a secondary rate limit without retry-after', async () => {
    fake.inject({ ...faults.secondaryRateLimit({ path: '/user', times: 2 }), headers: {} })
    await client().rest.users.getAuthenticated()
    expect(waits).toEqual([60_000, 120_000])
  })

  it('fails at once when a rate limit asks for longer than the longest wait', async () => {
    fake.inject(faults.secondaryRateLimit({ path: '/user' }, 3600))
    await expect(client().rest.users.getAuthenticated()).rejects.toMatchObject({ status: 403 })
    expect(waits).toEqual([])
  })

  it('does not retry a 403 "Resource not accessible by integration", and names the permission to add', async () => {
    const error = await client('read-only')
      .rest.issues.createComment({ owner: 'acme-ml', repo: 'vision', issue_number: 7, body: 'x' })
      .catch((e: unknown) => e)
    expect(fake.requests).toHaveLength(1)
    const message = describeApiError(error, {
      doing: 'post the comment on #7',
      permission: 'pull-requests: write'
    })
    expect(message).toContain('Add `pull-requests: write` to the job')
    expect(message).toContain('Resource not accessible by integration')
    const fork = describeApiError(
      error,
      { doing: 'post the comment', permission: 'pull-requests: write' },
      { forkPullRequest: true }
    )
    expect(fork).toContain('read-only')
    expect(fork).toContain('workflow_run')
  })

  it('retries a connection that gets no answer (network error) for a GET', async () => {
    const url = fake.url
    await fake.close()
    const octokit = createOctokit({
      token: 'pat',
      baseUrl: url,
      retry: { retries: 2, sleep: async ms => void waits.push(ms), random: () => 0 }
    })
    await expect(octokit.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 500 })
    expect(waits).toEqual([500, 1000])
    fake = await startGitHubFake()
  })
})
