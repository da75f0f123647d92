// The sender's access to the repository, for the fork approval. `permission` is the base access
// (admin, write, read, none: maintain folds into write, triage into read, a custom role into the
// role it is based on); `role_name` keeps the exact role, a custom role's own name included.
// https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
import type { SenderPermission } from './forkGuard.js'
import type { GitHubClient } from './octokit.js'

export async function collaboratorPermission(
  octokit: GitHubClient,
  where: { owner: string; repo: string; username: string }
): Promise<SenderPermission> {
  const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel(where)
  return { permission: data.permission, roleName: data.role_name ?? null }
}
