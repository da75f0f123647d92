// Who may do what: the checks GitHub makes before a write, reduced to what the action meets.
import { GitHubHttpError, integrationForbidden, notFound, type FakeRequest } from './http.js'
import type { FakeRepo, FakeState, Role, TokenPermissions } from './state.js'

const RANK: Record<Role, number> = { read: 0, triage: 1, write: 2, maintain: 3, admin: 4 }

export function repoOf(state: FakeState, req: FakeRequest): FakeRepo {
  const repo = state.repo(req.params.owner ?? '', req.params.repo ?? '')
  if (!repo) throw notFound()
  return repo
}

/** A user's role on the repository: the owner is admin, collaborators have theirs, others read. */
export function roleOf(repo: FakeRepo, login: string): Role {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return 'admin'
  return repo.customRoles.get(login)?.base ?? repo.collaborators.get(login) ?? 'read'
}

/**
 * A write needs, for an installation token, write on one of `scopes` (else 403 "Resource not
 * accessible by integration"), and for a user token at least `role` on the repository.
 */
export function requireWrite(
  req: FakeRequest,
  repo: FakeRepo,
  scopes: (keyof TokenPermissions)[],
  role: Role
): void {
  const identity = req.identity
  if (!identity) throw new GitHubHttpError(401, 'Requires authentication')
  if (identity.kind === 'installation') {
    if (!scopes.some(s => identity.permissions[s] === 'write')) throw integrationForbidden()
    return
  }
  if (RANK[roleOf(repo, identity.user.login)] < RANK[role]) {
    throw new GitHubHttpError(403, 'Must have push access to this repository.')
  }
}
