// Turns a failed API call into a line a user can act on: which `permissions:` entry the
// workflow's token lacks, or why the token cannot have it (fork pull requests).

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
