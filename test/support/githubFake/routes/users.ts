// GET /user: who the token is. An installation token (the Actions GITHUB_TOKEN) gets 403.
import { integrationForbidden, notFound } from '../http.js'
import { userJson } from '../json.js'
import type { Router } from '../router.js'
import type { FakeState } from '../state.js'

export function userRoutes(router: Router, state: FakeState): void {
  router.on('GET', '/user', req => {
    if (req.identity?.kind !== 'user') throw integrationForbidden()
    return { status: 200, body: userJson(req.identity.user, req.baseUrl) }
  })
  router.on('GET', '/users/:username', req => {
    const user = state.users.get(req.params.username!)
    if (!user) throw notFound()
    return { status: 200, body: userJson(user, req.baseUrl) }
  })
}
