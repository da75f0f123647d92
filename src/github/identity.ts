// Whose comments are ours: the identity behind the token. A personal access token can ask
// GET /user. An installation token (the Actions GITHUB_TOKEN, or a GitHub App's) gets 403
// "Resource not accessible by integration" there; what it writes appears as a Bot:
// github-actions[bot] for the Actions token, `<app-slug>[bot]` for an App, and neither the token
// nor any endpoint it may call says which. Its login is then unknown until a comment shows it.
import type { GitHubClient } from './octokit.js'
import { isIntegrationForbidden } from './permissionHint.js'

export interface TokenIdentity {
  /** null: an installation token, some `…[bot]` whose name is not known yet. */
  login: string | null
  type: 'User' | 'Bot'
  /** How it was learnt: GET /user, or the 403 that marks an installation token. */
  source: 'user' | 'installation'
}

/** An installation token (Actions GITHUB_TOKEN or GitHub App): some Bot. */
export const INSTALLATION_BOT: TokenIdentity = { login: null, type: 'Bot', source: 'installation' }

export async function resolveTokenIdentity(octokit: GitHubClient): Promise<TokenIdentity> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated()
    return { login: data.login, type: data.type === 'Bot' ? 'Bot' : 'User', source: 'user' }
  } catch (error) {
    if (isIntegrationForbidden(error)) return INSTALLATION_BOT
    throw error
  }
}

/**
 * Whether a comment's author may be the token's identity: the same login (case-insensitive on
 * GitHub), or, while the login is unknown, any Bot (a person's comment never is).
 */
export function isAuthoredBy(
  user: { login: string; type?: string } | null | undefined,
  identity: TokenIdentity
): boolean {
  if (!user) return false
  if (identity.login === null) return user.type === 'Bot'
  if (user.login.toLowerCase() !== identity.login.toLowerCase()) return false
  return identity.type !== 'Bot' || user.type === undefined || user.type === 'Bot'
}
