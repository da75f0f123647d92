// Turns a failed API call into a line a user can act on: which `permissions:` entry the
// workflow's token lacks, or why the token cannot have it (fork pull requests), or that GitHub
// was rate limiting or not answering (nothing to do with permissions). Every API failure message
// of the action is written here.
//
// GitHub's "Rate limits for the REST API" documents the signals this classifies by:
//   primary rate limit:   403 or 429 with `x-ratelimit-remaining: 0` (resets at `x-ratelimit-reset`,
//                         epoch seconds);
//   secondary rate limit: 403 or 429 with an error message saying so ("You have exceeded a
//                         secondary rate limit"); `retry-after` may be present.
// https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api

export interface ApiPurpose {
  /** What oom-gate tried, e.g. "post the PR comment". */
  doing: string
  /** The permission that allows it, e.g. "pull-requests: write". */
  permission: string
}

export function isIntegrationForbidden(error: unknown): boolean {
  const e = error as { status?: number; message?: string }
  return e.status === 403 && /resource not accessible by integration/i.test(e.message ?? '')
}

/** What kind of failure an API error is, by GitHub's documented signals. */
export type ApiFailureKind =
  | 'integration-forbidden'
  | 'unauthorized'
  | 'primary-rate-limit'
  | 'secondary-rate-limit'
  | 'forbidden'
  | 'not-found'
  | 'server-error'
  | 'no-response'
  | 'other'

interface ApiFailure {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | number | undefined> }
}

function header(error: ApiFailure, name: string): string | null {
  const value = error.response?.headers?.[name]
  return value === undefined ? null : String(value)
}

export function apiFailureKind(error: unknown): ApiFailureKind {
  const e = (error ?? {}) as ApiFailure
  if (isIntegrationForbidden(error)) return 'integration-forbidden'
  if (e.status === 403 || e.status === 429) {
    if (/secondary rate limit/i.test(e.message ?? '')) return 'secondary-rate-limit'
    if (header(e, 'x-ratelimit-remaining') === '0') return 'primary-rate-limit'
    // A 429, or a 403 with retry-after and no other explanation, is a rate limit too.
    if (e.status === 429 || header(e, 'retry-after') !== null) return 'secondary-rate-limit'
    return 'forbidden'
  }
  if (e.status === 401) return 'unauthorized'
  if (e.status === 404) return 'not-found'
  if (e.status !== undefined && e.status >= 500) return e.response ? 'server-error' : 'no-response'
  if (!e.response) return 'no-response'
  return 'other'
}

/** GitHub was unavailable or limiting: the fix is to wait and re-run, not to change anything. */
export function isTransientApiFailure(error: unknown): boolean {
  const kind = apiFailureKind(error)
  return (
    kind === 'primary-rate-limit' ||
    kind === 'secondary-rate-limit' ||
    kind === 'server-error' ||
    kind === 'no-response'
  )
}

export function describeApiError(
  error: unknown,
  purpose: ApiPurpose,
  opts: { forkPullRequest?: boolean } = {}
): string {
  const e = error as { status?: number; message?: string; response?: unknown }
  const what = `oom-gate could not ${purpose.doing}`
  if (isIntegrationForbidden(error)) {
    if (opts.forkPullRequest) {
      return `${what}: GitHub answered 403 "Resource not accessible by integration". On pull requests from forks the workflow's token is read-only whatever \`permissions:\` says; publish from a workflow_run workflow (see README) instead.`
    }
    return `${what}: GitHub answered 403 "Resource not accessible by integration". Add \`${purpose.permission}\` to the job's \`permissions:\` in the workflow.`
  }
  const kind = apiFailureKind(error)
  if (kind === 'primary-rate-limit') {
    const reset = Number(header(e as ApiFailure, 'x-ratelimit-reset'))
    const at =
      Number.isFinite(reset) && reset > 0 ? ` (it resets at ${new Date(reset * 1000).toISOString()})` : ''
    return `${what}: GitHub answered ${e.status}: the token's API rate limit is used up${at}; this is not a permissions problem: re-run the job after the reset, or make fewer API calls from this token.`
  }
  if (kind === 'secondary-rate-limit') {
    const after = header(e as ApiFailure, 'retry-after')
    const wait = after ? ` (GitHub asked to wait ${after}s)` : ''
    return `${what}: GitHub answered ${e.status}: a secondary rate limit (too many requests or writes in a short time)${wait}; this is not a permissions problem: re-run the job in a few minutes.`
  }
  if (kind === 'server-error')
    return `${what}: GitHub answered ${e.status} (${firstLine(e.message)}), a GitHub-side failure; re-run the job.`
  if (kind === 'no-response')
    return `${what}: GitHub did not answer (${firstLine(e.message ?? String(error))}); re-run the job.`
  if (e.status === 401)
    return `${what}: GitHub answered 401 (${firstLine(e.message)}); check the github-token input.`
  if (e.status === 403 || e.status === 404) {
    return `${what}: GitHub answered ${e.status} (${firstLine(e.message)}); the token needs \`${purpose.permission}\` on this repository.`
  }
  if (e.status && e.response) return `${what}: GitHub answered ${e.status} (${firstLine(e.message)}).`
  return `${what}: ${firstLine(e.message ?? String(error))}.`
}

function firstLine(text: string | undefined): string {
  return (text ?? '')
    .split('\n')[0]!
    .replace(/\s+-\s+https:\/\/docs\.github\.com\S*$/, '')
    .trim()
}
