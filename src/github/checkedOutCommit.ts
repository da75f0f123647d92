// The commit actually checked out in the workspace (`git rev-parse HEAD`), for the fork guard.
// Unlike the commit recorded in results, there is no fallback to GITHUB_SHA: under
// pull_request_target that is the base branch, not what would run.
import { execFileSync } from 'node:child_process'

export function checkedOutCommit(workspace: string): string | null {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: workspace,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000
    }).trim()
    return /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha) ? sha : null
  } catch {
    return null
  }
}
