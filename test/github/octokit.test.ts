// Octokit's retry and throttling plugins over real HTTP against the fake. Waits run at 1 ms per
// second (msPerSecond: 1), so what the client decided to wait shows in its log lines.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js'
import { describeApiError } from '../../src/github/permissionHint.js'
import { faults, startGitHubFake, type GitHubFake } from '../support/githubFake/index.js'

let fake: GitHubFake
let logs: string[]

function client(
  token = 'pat',
  retries = 3,
  extra: { maxWaitMs?: number; spaceWrites?: boolean } = {}
): GitHubClient {
  return createOctokit({
    token,
    baseUrl: fake.url,
    retry: { retries, msPerSecond: 1, spaceWrites: false, ...extra },
    log: line => logs.push(line)
  })
}

const COMMENTS = '/repos/acme-ml/vision/issues/7/comments'
const comment = (octokit: GitHubClient) =>
  octokit.rest.issues.createComment({ owner: 'acme-ml', repo: 'vision', issue_number: 7, body: 'x' })

beforeEach(async () => {
  fake = await startGitHubFake()
  fake.state.addUserToken('pat', 'alice-dev')
  fake.state.addActionsToken('read-only', { 'pull-requests': 'read', issues: 'read' })
  fake.state.addPullRequest('acme-ml/vision', { number: 7, headSha: 'a'.repeat(40) })
  logs = []
})
afterEach(async () => fake.close())

describe('createOctokit: plugin-retry for 5xx and no answer', () => {
  it('retries a GET after 5xx with growing waits, then succeeds', async () => {
    fake.inject(faults.serverError({ path: '/user', times: 2 }, 503))
    const { data } = await client().rest.users.getAuthenticated()
    expect(data.login).toBe('alice-dev')
    expect(fake.requests.map(r => r.status)).toEqual([503, 503, 200])
    // plugin-retry waits (n+1)² seconds before retry n+1.
    expect(logs[0]).toMatch(/GET \/user answered 503.*retrying in 1s \(1\/3\)/)
    expect(logs[1]).toMatch(/retrying in 4s \(2\/3\)/)
  })

  it('gives up after the configured retries with the last error', async () => {
    fake.inject(faults.serverError({ path: '/user', times: 10 }))
    await expect(client('pat', 2).rest.users.getAuthenticated()).rejects.toMatchObject({ status: 502 })
    expect(fake.requests).toHaveLength(3)
  })

  it('does not repeat a POST after a 5xx: creating a comment is not idempotent', async () => {
    // The write landed and the proxy still answered 502: a repeat would post a second comment.
    fake.inject({ ...faults.serverError({ method: 'POST', path: COMMENTS }), phase: 'after' })
    await expect(comment(client())).rejects.toMatchObject({ status: 502 })
    expect(fake.requests).toHaveLength(1)
    expect(fake.state.comments('acme-ml/vision', 7)).toHaveLength(1)
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

  it('retries a connection that gets no answer (network error) for a GET', async () => {
    const url = fake.url
    await fake.close()
    const octokit = createOctokit({
      token: 'pat',
      baseUrl: url,
      retry: { retries: 2, msPerSecond: 1 },
      log: line => logs.push(line)
    })
    await expect(octokit.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 500 })
    expect(logs.filter(l => /no response/.test(l) && /retrying/.test(l))).toHaveLength(2)
    fake = await startGitHubFake()
  })
})

describe('createOctokit: the per-attempt timeout the plugins lack', () => {
  let server: Server
  let seen: string[]
  let hangFirst: boolean
  beforeEach(async () => {
    seen = []
    hangFirst = true
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`)
      if (hangFirst) {
        hangFirst = false
        return // never answers
      }
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ login: 'alice-dev', id: 1, html_url: 'https://github.com/x' }))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  })
  afterEach(async () => {
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => resolve()))
  })
  const hungClient = () =>
    createOctokit({
      token: 'pat',
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      retry: { msPerSecond: 1, spaceWrites: false },
      // The answering retry must land inside this too: 200 ms was one GC pause on a loaded machine.
      requestTimeoutMs: 1500,
      log: line => logs.push(line)
    })

  it('gives up on a hung attempt and retries a GET', async () => {
    const { data } = await hungClient().rest.users.getAuthenticated()
    expect(data.login).toBe('alice-dev')
    expect(seen).toEqual(['GET /user', 'GET /user'])
    expect(logs[0]).toMatch(/no response \(no answer within 1500 ms\)/)
  })

  it('does not repeat a POST whose attempt hung (it may have been processed)', async () => {
    await expect(comment(hungClient())).rejects.toMatchObject({ status: 500 })
    expect(seen).toHaveLength(1)
  })
})

describe('createOctokit: plugin-throttling for rate limits', () => {
  it('honours retry-after on a secondary rate limit, for a POST too (it was not processed)', async () => {
    fake.inject(faults.secondaryRateLimit({ method: 'POST', path: COMMENTS, times: 2 }, 3))
    await comment(client())
    expect(logs.filter(l => /secondary rate limit; retrying in 3s/.test(l))).toHaveLength(2)
    expect(fake.state.comments('acme-ml/vision', 7)).toHaveLength(1)
  })

  it('waits for x-ratelimit-reset when the primary limit is spent (403 or 429, GET or POST)', async () => {
    const now = Math.floor(Date.now() / 1000)
    fake.inject(faults.primaryRateLimit({ path: '/user' }, now + 20))
    fake.inject(faults.primaryRateLimit({ method: 'POST', path: COMMENTS }, now + 5, 429))
    await client().rest.users.getAuthenticated()
    // A rate-limited POST was not processed: it is repeated too.
    await comment(client())
    const waits = logs
      .flatMap(l => /primary rate limit; retrying in (\d+)s/.exec(l)?.slice(1) ?? [])
      .map(Number)
    expect(waits).toHaveLength(2)
    expect(fake.state.comments('acme-ml/vision', 7)).toHaveLength(1)
    // Lower bounds a few seconds loose: the reset is counted from when the fault was injected.
    expect(waits[0]).toBeGreaterThanOrEqual(17)
    expect(waits[0]).toBeLessThanOrEqual(22)
    expect(waits[1]).toBeGreaterThanOrEqual(2)
    expect(waits[1]).toBeLessThanOrEqual(7)
  })

  it('waits a minute on a secondary rate limit without retry-after', async () => {
    fake.inject({ ...faults.secondaryRateLimit({ path: '/user' }), headers: {} })
    await client().rest.users.getAuthenticated()
    expect(logs.some(l => /secondary rate limit; retrying in 60s/.test(l))).toBe(true)
  })

  it('fails at once when a rate limit asks for longer than the longest wait', async () => {
    fake.inject(faults.secondaryRateLimit({ path: '/user' }, 3600))
    await expect(client().rest.users.getAuthenticated()).rejects.toMatchObject({ status: 403 })
    expect(fake.requests).toHaveLength(1)
    expect(logs.join('\n')).toMatch(/asks for 3600s, longer than 120s: giving up/)
  })

  it('spaces writes apart (plugin-throttling: 1 s, 3 s for notifying ones such as comments) unless told not to', async () => {
    const spaced = client('pat', 3, { spaceWrites: true })
    await comment(spaced)
    await comment(spaced)
    const [first, second] = fake.requests.filter(r => r.method === 'POST')
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900)
  })

  it('does not retry a 403 "Resource not accessible by integration", and names the permission to add', async () => {
    const error = await comment(client('read-only')).catch((e: unknown) => e)
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
})

describe('rate limits are waited out as GitHub asks, not a fixed number of times', () => {
  it('retries a secondary rate limit on blob writes six times in a row (retry-after: 8)', async () => {
    fake.inject(faults.secondaryRateLimit({ method: 'GET', path: '/user', times: 6 }, 8))
    const { data } = await client().rest.users.getAuthenticated()
    expect(data.login).toBe('alice-dev')
    expect(fake.requests.map(r => r.status)).toEqual([403, 403, 403, 403, 403, 403, 200])
    expect(logs.at(-1)).toMatch(/retry 6, 48s waited in all/)
  })

  it('gives up once the waits would pass the budget, and says how long it waited', async () => {
    fake.inject(faults.secondaryRateLimit({ path: '/user', times: 50 }, 100))
    await expect(client().rest.users.getAuthenticated()).rejects.toMatchObject({ status: 403 })
    // 600 s budget / 100 s per wait: six retries, then it stops.
    expect(fake.requests).toHaveLength(7)
    expect(logs.at(-1)).toMatch(/giving up after 6 retries and 600s of waiting/)
  })
})

describe('describeApiError tells rate limits from permissions (GitHub: "Rate limits for the REST API")', () => {
  const purpose = { doing: 'write the history', permission: 'contents: write' }
  const failure = async (spec: Parameters<GitHubFake['inject']>[0]) => {
    fake.clearFaults()
    fake.inject({ ...spec, times: 500 })
    return client('pat', 0, { maxWaitMs: 0 })
      .rest.users.getAuthenticated()
      .catch((e: unknown) => e)
  }

  it('a secondary rate limit (403 or 429, its message) is not a permissions problem', async () => {
    for (const status of [403, 429]) {
      const error = await failure({ ...faults.secondaryRateLimit({ path: '/user' }, 30), status })
      const message = describeApiError(error, purpose)
      expect(message).toMatch(/secondary rate limit/)
      expect(message).toMatch(/not a permissions problem/)
      expect(message).toMatch(/re-run the job/)
      expect(message).not.toMatch(/needs `contents: write`/)
    }
  })

  it('a primary rate limit (x-ratelimit-remaining: 0) names the reset time', async () => {
    const reset = Math.floor(Date.parse('2030-01-01T00:00:00Z') / 1000)
    const error = await failure(faults.primaryRateLimit({ path: '/user' }, reset))
    const message = describeApiError(error, purpose)
    expect(message).toMatch(/API rate limit is used up \(it resets at 2030-01-01T00:00:00.000Z\)/)
    expect(message).not.toMatch(/needs `contents: write`/)
  })

  it('a plain 403 is still a permissions problem, and a 5xx says to re-run', async () => {
    const forbidden = await failure({
      path: '/user',
      status: 403,
      message: 'Must have admin rights to Repository.'
    })
    expect(describeApiError(forbidden, purpose)).toMatch(/needs `contents: write`/)
    const down = await failure(faults.serverError({ path: '/user' }, 503))
    expect(describeApiError(down, purpose)).toMatch(/GitHub answered 503 .*re-run the job/)
  })
})
