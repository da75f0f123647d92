// GET /repos/{owner}/{repo}/collaborators/{username}/permission. `permission` folds maintain into
// write and triage into read, as GitHub does; `role_name` keeps the exact role (a custom role's
// own name, with `permission` its base role's).
import { notFound } from '../http.js'
import { userJson } from '../json.js'
import { repoOf, roleOf } from '../access.js'
import type { Router } from '../router.js'
import type { FakeState, Role } from '../state.js'

const PERMISSION: Record<Role, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read'
}

export function collaboratorRoutes(router: Router, state: FakeState): void {
  router.on('GET', '/repos/:owner/:repo/collaborators/:username/permission', req => {
    const repo = repoOf(state, req)
    const user = state.users.get(req.params.username!)
    if (!user) throw notFound()
    const role = roleOf(repo, user.login)
    // A custom role: role_name is its own name, permission the base it was made from.
    const roleName = repo.customRoles.get(user.login)?.name ?? role
    return {
      status: 200,
      body: { permission: PERMISSION[role], role_name: roleName, user: userJson(user, req.baseUrl) }
    }
  })
}
