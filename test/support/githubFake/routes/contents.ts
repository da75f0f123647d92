// GET /repos/{o}/{r}/contents/{path}?ref=: a file (base64, wrapped at 60 characters) or a
// directory listing, at a branch, tag or SHA (default: the default branch). Like GitHub, files
// over 1 MB come back without content (encoding "none"): clients must use the blobs API for them.
import { repoOf } from '../access.js'
import { notFound, type FakeRequest } from '../http.js'
import type { Router } from '../router.js'
import type { FakeState } from '../state.js'
import { gitOf } from '../gitStore.js'

export const CONTENTS_MAX_BYTES = 1024 * 1024

export function contentRoutes(router: Router, state: FakeState): void {
  const handler = (path: string) => (req: FakeRequest) => {
    const repo = repoOf(state, req)
    const git = gitOf(repo)
    const sha = git.resolve(req.query.get('ref') ?? repo.defaultBranch)
    const commit = sha ? git.commits.get(sha) : undefined
    if (!commit) throw notFound()
    const target = (path === '*' ? (req.params.path ?? '') : '').replace(/^\/+|\/+$/g, '')
    const api = `${req.baseUrl}/repos/${repo.fullName}`
    const files = git.files(commit.tree)
    const blob = files.get(target)
    if (blob !== undefined) {
      const content = git.blobs.get(blob)!
      const small = content.length <= CONTENTS_MAX_BYTES
      return {
        status: 200,
        body: {
          type: 'file',
          name: target.split('/').pop(),
          path: target,
          sha: blob,
          size: content.length,
          url: `${api}/contents/${target}`,
          git_url: `${api}/git/blobs/${blob}`,
          encoding: small ? 'base64' : 'none',
          content: small ? (content.toString('base64').match(/.{1,60}/g) ?? ['']).join('\n') + '\n' : ''
        }
      }
    }
    const prefix = target === '' ? '' : `${target}/`
    const children = new Map<string, 'file' | 'dir'>()
    for (const file of files.keys()) {
      if (!file.startsWith(prefix)) continue
      const rest = file.slice(prefix.length)
      const slash = rest.indexOf('/')
      children.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'file' : 'dir')
    }
    if (children.size === 0) throw notFound()
    return {
      status: 200,
      body: [...children].map(([name, type]) => ({
        type,
        name,
        path: prefix + name,
        url: `${api}/contents/${prefix}${name}`
      }))
    }
  }
  router.on('GET', '/repos/:owner/:repo/contents', handler(''))
  router.on('GET', '/repos/:owner/:repo/contents/*path', handler('*'))
}
