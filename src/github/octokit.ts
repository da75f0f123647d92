// The REST client: @actions/github's Octokit (REST methods + pagination, the runner's proxy
// settings) on GITHUB_API_URL, with retries. GitHub answers a burst of writes with secondary rate
// limits and has the odd 502; one of those must not cost the PR its comment.
import { getOctokit } from '@actions/github'

export type GitHubClient = ReturnType<typeof getOctokit>

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number
  /** First backoff for 5xx and network errors; doubles per attempt, with jitter. */
  baseDelayMs: number
  maxDelayMs: number
  /** Longest wait a rate limit may ask for; beyond it the error is given up on at once. */
  maxWaitMs: number
  /** Injectable so tests run without waiting. */
  sleep: (ms: number) => Promise<void>
  random: () => number
  now: () => number
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxWaitMs: 120_000,
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now
}

export interface OctokitOptions {
  token: string
  /** Default: GITHUB_API_URL, else https://api.github.com (GHES sets GITHUB_API_URL). */
  baseUrl?: string
  retry?: Partial<RetryPolicy>
  /** Per attempt; a hung connection must not hold the job until its timeout. */
  requestTimeoutMs?: number
  /** Where retry notices go (core.info in the action). */
  log?: (line: string) => void
}

/**
 * Mark a POST as safe to repeat after a 5xx (`request: { idempotent: true }`): content-addressed
 * git objects are; creating a comment is not (a 502 may hide a comment that was created).
 */
export interface IdempotentRequestOption {
  idempotent?: boolean
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

export function createOctokit(options: OctokitOptions): GitHubClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry }
  const log = options.log ?? (() => {})
  const timeoutMs = options.requestTimeoutMs ?? 30_000
  const octokit = getOctokit(options.token, {
    baseUrl: options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com',
    // Octokit's own logger would print 404s we expect (a label already gone) as warnings.
    log: { debug: () => {}, info: () => {}, warn: log, error: log }
  })
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const method = String(requestOptions.method).toUpperCase()
    const idempotent =
      SAFE_METHODS.has(method) ||
      (requestOptions.request as IdempotentRequestOption | undefined)?.idempotent === true
    for (let attempt = 0; ; attempt++) {
      const signal = AbortSignal.timeout(timeoutMs)
      const given = requestOptions.request?.signal as AbortSignal | undefined
      try {
        return await request({
          ...requestOptions,
          request: { ...requestOptions.request, signal: given ? AbortSignal.any([given, signal]) : signal }
        })
      } catch (error) {
        if (given?.aborted) throw error
        const wait = retryDelay(error, attempt, idempotent, policy)
        if (wait === null) throw error
        log(
          `GitHub API: ${method} ${String(requestOptions.url)} answered ${describeFailure(error)}; retrying in ${Math.round(wait / 1000)}s (${attempt + 1}/${policy.retries})`
        )
        await policy.sleep(wait)
      }
    }
  })
  return octokit
}

interface HttpFailure {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown }
}

function describeFailure(error: unknown): string {
  const e = error as HttpFailure
  return e.response ? `${e.status}: ${e.message ?? ''}`.trim() : `no response (${e.message ?? String(error)})`
}

/** Milliseconds to wait before the next attempt, or null when the error is final. */
export function retryDelay(
  error: unknown,
  attempt: number,
  idempotent: boolean,
  policy: RetryPolicy
): number | null {
  if (attempt >= policy.retries) return null
  const e = error as HttpFailure
  const status = e.status ?? 0
  const headers = e.response?.headers ?? {}
  const backoff = () => {
    const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
    return Math.round(exp * (0.5 + policy.random() / 2))
  }
  const bounded = (ms: number) => (ms > policy.maxWaitMs ? null : Math.max(0, ms))

  if (status === 403 || status === 429) {
    // A rate-limited request was not processed, so repeating it is safe for every method.
    const retryAfter = headers['retry-after']
    if (retryAfter !== undefined) {
      const seconds = Number(retryAfter)
      const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(String(retryAfter)) - policy.now()
      return Number.isFinite(ms) ? bounded(ms) : null
    }
    if (String(headers['x-ratelimit-remaining']) === '0' && headers['x-ratelimit-reset'] !== undefined) {
      return bounded(Number(headers['x-ratelimit-reset']) * 1000 - policy.now() + 1000)
    }
    // GitHub: without retry-after, wait at least a minute, longer on each repeat.
    if (/secondary rate limit/i.test(e.message ?? '')) return bounded(60_000 * 2 ** attempt)
    if (status === 429) return bounded(backoff())
    return null
  }
  const noResponse = e.response === undefined
  if ((status >= 500 || noResponse) && idempotent) return backoff()
  return null
}
