// The sender's role on the repository, for the fork approval: role_name keeps "maintain" and
// "triage", which the older `permission` field folds into write and read.
import type { GitHubClient } from './octokit.js'

export async function collaboratorPermission(
  octokit: GitHubClient,
  where: { owner: string; repo: string; username: string }
): Promise<string> {
  const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel(where)
  return (data as { role_name?: string }).role_name ?? data.permission
}
