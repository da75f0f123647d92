// Failures a test asks for: the next N requests matching a method and path get a canned
// GitHub error instead of reaching the route. The helpers reproduce GitHub's own answers.

export interface FaultSpec {
  /** HTTP method to match; any when left out. */
  method?: string
  /** Exact path (`/repos/o/r/issues/1/comments`) or a pattern tested against the path. */
  path: string | RegExp
  /** How many matching requests fail; default 1. */
  times?: number
  status: number
  message: string
  headers?: Record<string, string>
  /**
   * before (default): the request never reaches the route. after: the route runs (the comment is
   * created) and the client still gets the error, like a 502 from a proxy after GitHub did the work.
   */
  phase?: 'before' | 'after'
}

export interface Fault extends FaultSpec {
  /** How many requests this fault has answered so far. */
  hits: number
}

export class FaultQueue {
  private readonly faults: Fault[] = []

  add(spec: FaultSpec): Fault {
    const fault = { ...spec, hits: 0 }
    this.faults.push(fault)
    return fault
  }

  /** The first armed fault matching the request; consumes one of its `times`. */
  take(method: string, path: string): Fault | null {
    const fault = this.faults.find(
      f =>
        f.hits < (f.times ?? 1) &&
        (f.method === undefined || f.method.toUpperCase() === method.toUpperCase()) &&
        (typeof f.path === 'string' ? f.path === path : f.path.test(path))
    )
    if (!fault) return null
    fault.hits++
    return fault
  }

  clear(): void {
    this.faults.length = 0
  }
}

type Match = Pick<FaultSpec, 'method' | 'path' | 'times'>

/** GitHub's answers, ready to pass to `fake.inject`. */
export const faults = {
  serverError: (match: Match, status = 502): FaultSpec => ({ ...match, status, message: 'Server Error' }),
  /** 403 with retry-after, as GitHub sends when too many requests (or writes) come too fast. */
  secondaryRateLimit: (match: Match, retryAfterSeconds = 1): FaultSpec => ({
    ...match,
    status: 403,
    message:
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
    headers: { 'retry-after': String(retryAfterSeconds) }
  }),
  /** The primary limit: remaining 0 and the epoch second when the window resets. */
  primaryRateLimit: (match: Match, resetEpochSeconds: number, status = 403): FaultSpec => ({
    ...match,
    status,
    message: 'API rate limit exceeded for installation ID 1.',
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetEpochSeconds) }
  }),
  integrationForbidden: (match: Match): FaultSpec => ({
    ...match,
    status: 403,
    message: 'Resource not accessible by integration'
  })
}
