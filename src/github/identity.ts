// Whose comments are ours: the identity behind the token. A personal access token can ask
// GET /user. The Actions GITHUB_TOKEN (an installation token) gets 403 "Resource not accessible
// by integration" there, and everything it writes appears as github-actions[bot].
import type { GitHubClient } from './octokit.js'
import { isIntegrationForbidden } from './permissionHint.js'

export interface TokenIdentity {
  login: string
  type: 'User' | 'Bot'
  /** How it was learnt: GET /user, or the 403 that marks the Actions token. */
  source: 'user' | 'actions-token'
}

export const ACTIONS_BOT: TokenIdentity = {
  login: 'github-actions[bot]',
  type: 'Bot',
  source: 'actions-token'
}

export async function resolveTokenIdentity(octokit: GitHubClient): Promise<TokenIdentity> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated()
    return { login: data.login, type: data.type === 'Bot' ? 'Bot' : 'User', source: 'user' }
  } catch (error) {
    if (isIntegrationForbidden(error)) return ACTIONS_BOT
    throw error
  }
}

/** Whether a comment's author is the token's identity (logins are case-insensitive on GitHub). */
export function isAuthoredBy(
  user: { login: string; type?: string } | null | undefined,
  identity: TokenIdentity
): boolean {
  if (!user) return false
  if (user.login.toLowerCase() !== identity.login.toLowerCase()) return false
  return identity.type !== 'Bot' || user.type === undefined || user.type === 'Bot'
}
