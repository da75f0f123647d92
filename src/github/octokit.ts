// The REST client: @actions/github's Octokit (REST methods + pagination, the runner's proxy
// settings) on GITHUB_API_URL, with Octokit's own retry and throttling plugins: GitHub answers a
// burst of writes with secondary rate limits and has the odd 502; one of those must not cost the
// PR its comment.
//   @octokit/plugin-throttling  waits out primary and secondary rate limits (retry-after,
//                               x-ratelimit-reset) and spaces writes a second apart, as GitHub's
//                               "best practices for using the REST API" ask;
//   @octokit/plugin-retry       repeats a request after a 5xx or no answer at all.
// What neither plugin expresses stays here, in `guardPlugin`: a per-attempt timeout, and that a
// POST which may have been processed (a 5xx or no answer) is not repeated unless marked idempotent.
import { getOctokit } from '@actions/github'
import type { Octokit } from '@octokit/core'
import { retry } from '@octokit/plugin-retry'
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling'

export type GitHubClient = ReturnType<typeof getOctokit>

export interface RetryPolicy {
  /** Retries after the first attempt, for 5xx / no answer (plugin-retry). */
  retries: number
  /**
   * Rate limits are waited out for as long as GitHub asks (retry-after, x-ratelimit-reset), not a
   * fixed number of times: a request keeps being retried while its waits add up to at most this
   * many milliseconds (counted in GitHub's seconds, whatever msPerSecond is). Default 10 minutes.
   */
  rateLimitBudgetMs: number
  /**
   * Milliseconds per second of the plugins' waits: plugin-retry waits (n+1)² of them before retry
   * n+1, plugin-throttling the retry-after (or rate-limit reset) seconds. 1000 in production;
   * tests pass 1 so that a minute of waiting takes 60 ms.
   */
  msPerSecond: number
  /** Longest wait a rate limit may ask for; beyond it the error is given up on at once. */
  maxWaitMs: number
  /**
   * Space writes a second apart (plugin-throttling's write and notification queues). Default true;
   * tests that make hundreds of writes against the local fake turn it off.
   */
  spaceWrites: boolean
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 3,
  rateLimitBudgetMs: 600_000,
  msPerSecond: 1000,
  maxWaitMs: 120_000,
  spaceWrites: true
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

/** A guard for rate limits that answer retry-after: 0 again and again. */
const MAX_RATE_LIMIT_RETRIES = 100

/** Methods GitHub defines as idempotent: repeating one after a 5xx cannot do a thing twice. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
/**
 * plugin-retry's default doNotRetry list, plus 429: a rate limit is plugin-throttling's to wait out
 * (until retry-after or the reset), not plugin-retry's to repeat after a second.
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451]

interface RequestOptions {
  method?: string
  url?: string
  request?: {
    signal?: AbortSignal
    idempotent?: boolean
    retries?: number
    retryCount?: number
  }
}

interface HttpFailure {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown }
}

export function createOctokit(options: OctokitOptions): GitHubClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry }
  const log = options.log ?? (() => {})
  const timeoutMs = options.requestTimeoutMs ?? 30_000
  // Seconds each request has waited for rate limits so far, across its retries.
  const waited = new WeakMap<object, number>()
  const onLimit =
    (kind: string) =>
    (retryAfterSeconds: number, request: RequestOptions, _octokit: unknown, retryCount: number): boolean => {
      const waitMs = retryAfterSeconds * 1000
      const what = `GitHub API: ${describeRequest(request)} hit the ${kind} rate limit`
      if (waitMs > policy.maxWaitMs) {
        log(`${what}; it asks for ${retryAfterSeconds}s, longer than ${policy.maxWaitMs / 1000}s: giving up`)
        return false
      }
      const key = request as object
      const before = waited.get(key) ?? 0
      if (before + waitMs > policy.rateLimitBudgetMs || retryCount >= MAX_RATE_LIMIT_RETRIES) {
        log(
          `${what}; giving up after ${retryCount} retries and ${Math.round(before / 1000)}s of waiting (at most ${policy.rateLimitBudgetMs / 1000}s)`
        )
        return false
      }
      waited.set(key, before + waitMs)
      log(
        `${what}; retrying in ${retryAfterSeconds}s (retry ${retryCount + 1}, ${Math.round((before + waitMs) / 1000)}s waited in all)`
      )
      return true
    }
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com',
      // Octokit's own logger would print 404s we expect (a label already gone) as warnings.
      log: { debug: () => {}, info: () => {}, warn: log, error: log },
      retry: { retries: policy.retries, retryAfterBaseValue: policy.msPerSecond, doNotRetry: DO_NOT_RETRY },
      throttle: {
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
        retryAfterBaseValue: policy.msPerSecond,
        // The stand-in implements the one method the plugin calls on these groups (key().schedule).
        ...(policy.spaceWrites ? {} : { write: PASS_THROUGH_GROUP, notifications: PASS_THROUGH_GROUP })
      } as ThrottlingOptions
    },
    // Registered first, so innermost: every attempt the retry plugin makes passes through it.
    guardPlugin(policy, timeoutMs, log),
    retry,
    throttling
  )
}

/**
 * What the plugins do not express:
 * - a timeout per attempt (neither plugin has one; a hung connection would hold the job), retried
 *   like any request that got no answer;
 * - no repeat of a non-idempotent request after a 5xx or no answer: plugin-retry repeats every
 *   method alike. Its documented per-request knob `request.retries` is set to 0 on the options
 *   object it reads (shared by reference down the hook chain) when such a request fails, so a
 *   429 or rate limit on the same POST (not processed, safe to repeat) is still retried.
 */
function guardPlugin(policy: RetryPolicy, timeoutMs: number, log: (line: string) => void) {
  // The caller's own signal, kept across the attempts of one request.
  const callerSignal = new WeakMap<object, AbortSignal | undefined>()
  return (octokit: Octokit) => {
    octokit.hook.wrap('request', async (request, requestOptions) => {
      // Every layer of Octokit's hook chain is bound to the same options object: inner layers
      // ignore options passed as arguments and read this one, so it is changed in place.
      const options = requestOptions as RequestOptions
      if (!callerSignal.has(options)) callerSignal.set(options, options.request?.signal)
      const given = callerSignal.get(options)
      const signal = AbortSignal.timeout(timeoutMs)
      options.request = { ...options.request, signal: given ? AbortSignal.any([given, signal]) : signal }
      try {
        return await request(requestOptions)
      } catch (thrown) {
        // Our own timeout surfaces as a bare abort error, which plugin-retry does not recognise as
        // a request error; give it the shape of the "no answer" RequestError that it does retry.
        const error =
          signal.aborted && !given?.aborted
            ? Object.assign(new Error(`no answer within ${timeoutMs} ms`), {
                name: 'HttpError',
                status: 500,
                request: { ...requestOptions, request: { ...requestOptions.request } }
              })
            : thrown
        const e = error as HttpFailure
        const status = e.status ?? 0
        const processedMaybe = status >= 500 || e.response === undefined
        if (given?.aborted || (processedMaybe && !isIdempotent(options))) {
          options.request = { ...options.request, retries: 0 }
          throw error
        }
        const attempt = options.request?.retryCount ?? 0
        if (status >= 400 && !DO_NOT_RETRY.includes(status) && attempt < policy.retries) {
          log(
            `GitHub API: ${describeRequest(options)} answered ${describeFailure(error)}; retrying in ${(attempt + 1) ** 2}s (${attempt + 1}/${policy.retries})`
          )
        }
        throw error
      }
    })
    return {}
  }
}

function isIdempotent(options: RequestOptions): boolean {
  const method = String(options.method ?? 'GET').toUpperCase()
  return SAFE_METHODS.has(method) || options.request?.idempotent === true
}

function describeRequest(options: RequestOptions): string {
  return `${String(options.method ?? 'GET').toUpperCase()} ${String(options.url ?? '')}`
}

function describeFailure(error: unknown): string {
  const e = error as HttpFailure
  return e.response ? `${e.status}: ${e.message ?? ''}`.trim() : `no response (${e.message ?? String(error)})`
}

/**
 * A Bottleneck group stand-in that schedules at once: plugin-throttling's write queue keeps writes
 * a second apart per process, which GitHub asks of real clients and which would make the tests'
 * hundreds of writes against the local fake take minutes.
 */
const PASS_THROUGH_GROUP = {
  key: () => ({
    schedule: <A extends unknown[], R>(_job: unknown, task: (...args: A) => R, ...args: A): R => task(...args)
  })
}
