// A small GitHub REST server on 127.0.0.1 with a random port. Octokit talks to it over real HTTP
// when GITHUB_API_URL (or the client's baseUrl) is `fake.url`. Route families live in routes/;
// each registers its endpoints on the router and reads/writes the shared FakeState.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FaultQueue, type Fault, type FaultSpec } from './faults.js'
import { DOCS, GitHubHttpError, type FakeReply, type FakeRequest } from './http.js'
import { Router } from './router.js'
import { collaboratorRoutes } from './routes/collaborators.js'
import { issueRoutes } from './routes/issues.js'
import { pullRoutes } from './routes/pulls.js'
import { userRoutes } from './routes/users.js'
import { FakeState, type Identity } from './state.js'

/** Registers one family of endpoints. */
export type RouteModule = (router: Router, state: FakeState) => void

export const DEFAULT_ROUTES: readonly RouteModule[] = [
  userRoutes,
  issueRoutes,
  collaboratorRoutes,
  pullRoutes
]

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  status: number
  /** The JSON answered (after any rewrite), for checks against GitHub's API description. */
  response: unknown
  /** Login the token acted as, or null. */
  as: string | null
  at: number
}

export interface GitHubFake {
  /** Base URL, e.g. http://127.0.0.1:43121 (what GITHUB_API_URL is set to). */
  url: string
  state: FakeState
  /** Every request served, in order, with the status it got. */
  requests: RecordedRequest[]
  /** Arms a fault: matching requests get this error instead of reaching the route. */
  inject(spec: FaultSpec): Fault
  /**
   * Changes the successful answers to matching requests, e.g. leaves out a field GitHub's API
   * description marks optional: `fake.rewrite({ path: /\/compare\// }, body => ({ ...body, files: undefined }))`.
   */
  rewrite(match: RewriteMatch, edit: (body: Record<string, unknown>) => unknown): void
  clearFaults(): void
  close(): Promise<void>
}

export interface RewriteMatch {
  method?: string
  path: string | RegExp
}

export interface GitHubFakeOptions {
  /** Route families; default DEFAULT_ROUTES. Pass [...DEFAULT_ROUTES, gitRoutes] to extend. */
  routes?: readonly RouteModule[]
  state?: FakeState
}

export async function startGitHubFake(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const state = options.state ?? new FakeState()
  const router = new Router()
  for (const register of options.routes ?? DEFAULT_ROUTES) register(router, state)
  const faultQueue = new FaultQueue()
  const requests: RecordedRequest[] = []
  const rewrites: { match: RewriteMatch; edit: (body: Record<string, unknown>) => unknown }[] = []
  let baseUrl = ''

  const server: Server = createServer((req, res) => {
    void serve(req, res).catch(error => {
      res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(`fake crashed: ${(error as Error).stack}`)
    })
  })

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl)
    const raw = await readBody(req)
    const method = req.method ?? 'GET'
    const path = canonicalPath(url.pathname, state)
    const identity = identify(req.headers.authorization, state)
    let reply: FakeReply
    let body: unknown
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined
    } catch {
      body = undefined
    }
    const fault = faultQueue.take(method, path)
    try {
      const failWith = () => new GitHubHttpError(fault!.status, fault!.message, {}, fault!.headers ?? {})
      if (fault && fault.phase !== 'after') throw failWith()
      if (identity === 'invalid') throw new GitHubHttpError(401, 'Bad credentials')
      if (identity === null) throw new GitHubHttpError(401, 'Requires authentication')
      const route = router.match(method, path)
      if (!route) throw new GitHubHttpError(404, 'Not Found')
      const request: FakeRequest = {
        method,
        path,
        query: url.searchParams,
        headers: req.headers,
        body,
        params: route.params,
        identity,
        baseUrl
      }
      reply = await route.handler(request)
      if (fault) throw failWith()
      for (const { match, edit } of rewrites) {
        const methodOk = match.method === undefined || match.method.toUpperCase() === method.toUpperCase()
        const pathOk = typeof match.path === 'string' ? match.path === path : match.path.test(path)
        if (methodOk && pathOk && reply.body !== null && typeof reply.body === 'object') {
          // Through JSON, as on the wire: a field set to undefined is left out.
          reply = { ...reply, body: JSON.parse(JSON.stringify(edit(reply.body as Record<string, unknown>))) }
        }
      }
    } catch (error) {
      if (!(error instanceof GitHubHttpError)) throw error
      reply = {
        status: error.status,
        headers: error.headers,
        body: {
          message: error.message,
          ...error.extra,
          documentation_url: DOCS,
          status: String(error.status)
        }
      }
    }
    requests.push({
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      status: reply.status,
      response: reply.body,
      as: identity && identity !== 'invalid' ? identity.user.login : null,
      at: Date.now()
    })
    const headers: Record<string, string> = {
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': `FAKE:${requests.length}`,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
      ...reply.headers
    }
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers)
      res.end()
      return
    }
    const text = JSON.stringify(reply.body)
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json; charset=utf-8' })
    res.end(text)
  }

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: baseUrl,
    state,
    requests,
    inject: spec => faultQueue.add(spec),
    rewrite: (match, edit) => void rewrites.push({ match, edit }),
    clearFaults: () => faultQueue.clear(),
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** `/repositories/{id}/rest` (what GitHub's Link headers use) as `/repos/{owner}/{name}/rest`. */
function canonicalPath(pathname: string, state: FakeState): string {
  const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(pathname)
  if (!byId) return pathname
  const repo = state.repoById(Number(byId[1]))
  return repo ? `/repos/${repo.owner}/${repo.name}${byId[2] ?? ''}` : pathname
}

function identify(header: string | undefined, state: FakeState): Identity | 'invalid' | null {
  if (!header) return null
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim())
  if (!match) return 'invalid'
  return state.tokens.get(match[1]!) ?? 'invalid'
}
