// The git data API: blobs, trees, commits and refs, as GitHub answers them. A ref moves only by a
// fast-forward unless `force` is set (422 "Update is not a fast forward"), creating an existing
// ref is 422 "Reference already exists", and objects that do not exist are refused: what a
// writer racing another one on the same branch meets.
import { repoOf, requireWrite } from '../access.js'
import { GitHubHttpError, jsonBody, notFound, type FakeRequest } from '../http.js'
import type { Router } from '../router.js'
import type { FakeState } from '../state.js'
import { gitOf, type FakeGit, type GitCommit, type GitPerson, type TreeEntry } from '../gitStore.js'

const SHA = /^[0-9a-f]{40}$/

export function gitDataRoutes(router: Router, state: FakeState): void {
  const writable = (req: FakeRequest) => {
    const repo = repoOf(state, req)
    requireWrite(req, repo, ['contents'], 'write')
    return { repo, git: gitOf(repo) }
  }
  const api = (req: FakeRequest) => `${req.baseUrl}/repos/${req.params.owner}/${req.params.repo}`

  router.on('POST', '/repos/:owner/:repo/git/blobs', req => {
    const { git } = writable(req)
    const body = jsonBody(req)
    if (typeof body.content !== 'string') throw invalid('content is not a string')
    const encoding = body.encoding ?? 'utf-8'
    if (encoding !== 'utf-8' && encoding !== 'base64')
      throw invalid(`encoding ${String(encoding)} is not supported`)
    const sha = git.putBlob(Buffer.from(body.content, encoding === 'base64' ? 'base64' : 'utf8'))
    return { status: 201, body: { sha, url: `${api(req)}/git/blobs/${sha}` } }
  })

  router.on('GET', '/repos/:owner/:repo/git/blobs/:sha', req => {
    const git = gitOf(repoOf(state, req))
    const blob = git.blobs.get(req.params.sha!)
    if (!blob) throw notFound()
    return {
      status: 200,
      body: {
        sha: req.params.sha,
        node_id: `B_${req.params.sha}`,
        size: blob.length,
        url: `${api(req)}/git/blobs/${req.params.sha}`,
        // GitHub wraps the base64 at 60 characters.
        content: wrap(blob.toString('base64')),
        encoding: 'base64'
      }
    }
  })

  router.on('POST', '/repos/:owner/:repo/git/trees', req => {
    const { git } = writable(req)
    const body = jsonBody(req)
    if (!Array.isArray(body.tree)) throw invalid('tree is not an array')
    let files = new Map<string, string>()
    if (body.base_tree !== undefined && body.base_tree !== null) {
      const base = String(body.base_tree)
      if (!git.trees.has(base))
        throw new GitHubHttpError(422, 'Invalid tree info', { errors: [`base_tree ${base} does not exist`] })
      files = git.files(base)
    }
    for (const raw of body.tree as Record<string, unknown>[]) {
      const path = typeof raw.path === 'string' ? raw.path.replace(/^\/+/, '') : ''
      if (path === '' || path.split('/').some(p => p === '' || p === '.' || p === '..'))
        throw invalid(`tree.path ${String(raw.path)} is invalid`)
      if (raw.type !== 'blob')
        throw invalid(`tree.type ${String(raw.type)} is not supported by the fake (blobs only)`)
      if (raw.sha === null) {
        // GitHub refuses to delete what is not there.
        if (!files.has(path))
          throw new GitHubHttpError(422, 'GitRPC::BadObjectState', { errors: [`${path} does not exist`] })
        files.delete(path)
      } else if (typeof raw.content === 'string') {
        files.set(path, git.putBlob(Buffer.from(raw.content, 'utf8')))
      } else if (typeof raw.sha === 'string' && git.blobs.has(raw.sha)) {
        files.set(path, raw.sha)
      } else {
        throw invalid(`tree.sha ${String(raw.sha)} is not a valid blob`)
      }
    }
    const sha = git.treeFromFiles(files)
    return { status: 201, body: treeJson(git, sha, req, false) }
  })

  router.on('GET', '/repos/:owner/:repo/git/trees/:sha', req => {
    const git = gitOf(repoOf(state, req))
    const sha = req.params.sha!
    if (!git.trees.has(sha)) throw notFound()
    const recursive = req.query.has('recursive') && !['0', 'false'].includes(req.query.get('recursive') ?? '')
    return { status: 200, body: treeJson(git, sha, req, recursive) }
  })

  router.on('POST', '/repos/:owner/:repo/git/commits', req => {
    const { git } = writable(req)
    const body = jsonBody(req)
    const tree = String(body.tree ?? '')
    if (!git.trees.has(tree)) throw invalid(`tree ${tree} does not exist`)
    const parents = Array.isArray(body.parents) ? body.parents.map(String) : []
    for (const p of parents) if (!git.commits.has(p)) throw invalid(`parent ${p} does not exist`)
    if (typeof body.message !== 'string') throw invalid('message is not a string')
    const who = req.identity!.user
    const date = state.now()
    const person = (given: unknown): GitPerson => {
      const p = given as Partial<GitPerson> | undefined
      return {
        name: p?.name ?? who.login,
        email: p?.email ?? `${who.id}+${who.login}@users.noreply.github.com`,
        date: p?.date ?? date
      }
    }
    const commit = git.putCommit({
      tree,
      parents,
      message: body.message,
      author: person(body.author),
      committer: person(body.committer)
    })
    return { status: 201, body: commitJson(commit, req) }
  })

  router.on('GET', '/repos/:owner/:repo/git/commits/:sha', req => {
    const git = gitOf(repoOf(state, req))
    const commit = git.commits.get(req.params.sha!)
    if (!commit) throw notFound()
    return { status: 200, body: commitJson(commit, req) }
  })

  router.on('GET', '/repos/:owner/:repo/git/ref/*ref', req => {
    const git = gitOf(repoOf(state, req))
    const ref = `refs/${req.params.ref}`
    const sha = git.refs.get(ref)
    if (!sha) throw notFound()
    return { status: 200, body: refJson(ref, sha, req) }
  })

  router.on('POST', '/repos/:owner/:repo/git/refs', req => {
    const { git } = writable(req)
    const body = jsonBody(req)
    const ref = String(body.ref ?? '')
    if (!/^refs\/[^/]+\/.+/.test(ref)) throw invalid('Reference name is not valid', 'ref')
    const sha = String(body.sha ?? '')
    if (!SHA.test(sha) || !git.commits.has(sha)) throw new GitHubHttpError(422, 'Object does not exist')
    if (git.refs.has(ref)) throw new GitHubHttpError(422, 'Reference already exists')
    git.refs.set(ref, sha)
    return { status: 201, body: refJson(ref, sha, req) }
  })

  router.on('PATCH', '/repos/:owner/:repo/git/refs/*ref', req => {
    const { git } = writable(req)
    const ref = `refs/${req.params.ref}`
    const body = jsonBody(req)
    const sha = String(body.sha ?? '')
    const current = git.refs.get(ref)
    if (!current) throw new GitHubHttpError(422, 'Reference does not exist')
    if (!git.commits.has(sha)) throw new GitHubHttpError(422, 'Object does not exist')
    if (body.force !== true && !git.isAncestor(current, sha)) {
      throw new GitHubHttpError(422, 'Update is not a fast forward')
    }
    git.refs.set(ref, sha)
    return { status: 200, body: refJson(ref, sha, req) }
  })

  router.on('DELETE', '/repos/:owner/:repo/git/refs/*ref', req => {
    const { git } = writable(req)
    const ref = `refs/${req.params.ref}`
    if (!git.refs.delete(ref)) throw new GitHubHttpError(422, 'Reference does not exist')
    return { status: 204 }
  })
}

function invalid(message: string, field = 'tree'): GitHubHttpError {
  return new GitHubHttpError(422, 'Invalid request.', { errors: [{ field, message }] })
}

function wrap(base64: string): string {
  return (base64.match(/.{1,60}/g) ?? ['']).join('\n') + '\n'
}

function treeJson(git: FakeGit, sha: string, req: FakeRequest, recursive: boolean) {
  const base = `${req.baseUrl}/repos/${req.params.owner}/${req.params.repo}/git`
  const items: Record<string, unknown>[] = []
  const walk = (treeSha: string, prefix: string) => {
    for (const e of git.trees.get(treeSha) ?? ([] as TreeEntry[])) {
      const item: Record<string, unknown> = { path: prefix + e.name, mode: e.mode, type: e.type, sha: e.sha }
      if (e.type === 'blob') {
        item.size = git.blobs.get(e.sha)?.length ?? 0
        item.url = `${base}/blobs/${e.sha}`
      } else item.url = `${base}/trees/${e.sha}`
      items.push(item)
      if (recursive && e.type === 'tree') walk(e.sha, `${prefix}${e.name}/`)
    }
  }
  walk(sha, '')
  return { sha, url: `${base}/trees/${sha}`, tree: items, truncated: false }
}

export function commitJson(commit: GitCommit, req: FakeRequest) {
  const base = `${req.baseUrl}/repos/${req.params.owner}/${req.params.repo}/git`
  return {
    sha: commit.sha,
    node_id: `C_${commit.sha}`,
    url: `${base}/commits/${commit.sha}`,
    html_url: `https://github.com/${req.params.owner}/${req.params.repo}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    message: commit.message,
    tree: { sha: commit.tree, url: `${base}/trees/${commit.tree}` },
    parents: commit.parents.map(p => ({ sha: p, url: `${base}/commits/${p}` })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null }
  }
}

function refJson(ref: string, sha: string, req: FakeRequest) {
  const base = `${req.baseUrl}/repos/${req.params.owner}/${req.params.repo}/git`
  return {
    ref,
    node_id: `REF_${Buffer.from(ref).toString('base64')}`,
    url: `${base}/${ref}`,
    object: { type: 'commit', sha, url: `${base}/commits/${sha}` }
  }
}
