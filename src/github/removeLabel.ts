// Takes a stale approval label off a pull request. Already gone (404) is success: another run,
// or a maintainer, removed it first.
import type { GitHubClient } from './octokit.js'

export async function removeLabel(
  octokit: GitHubClient,
  where: { owner: string; repo: string; issueNumber: number; label: string }
): Promise<'removed' | 'absent'> {
  try {
    await octokit.rest.issues.removeLabel({
      owner: where.owner,
      repo: where.repo,
      issue_number: where.issueNumber,
      name: where.label
    })
    return 'removed'
  } catch (error) {
    if ((error as { status?: number }).status === 404) return 'absent'
    throw error
  }
}
