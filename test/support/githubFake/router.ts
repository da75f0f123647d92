// Method + path patterns (`/repos/:owner/:repo/issues/:issue_number/comments`) to handlers.
// Parameters are percent-decoded (label names such as "oom-gate: approved" arrive encoded).
import type { FakeReply, FakeRequest } from './http.js'

export type Handler = (req: FakeRequest) => FakeReply | Promise<FakeReply>

interface Route {
  method: string
  parts: string[]
  handler: Handler
}

export class Router {
  private readonly routes: Route[] = []

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), parts: pattern.split('/').filter(Boolean), handler })
    return this
  }

  /** The handler for a request and its parameters; `methods` lists what the path allows (for 404 vs 405). */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | null {
    const segments = path.split('/').filter(Boolean)
    for (const route of this.routes) {
      if (route.method !== method.toUpperCase()) continue
      const params = matchParts(route.parts, segments)
      if (params) return { handler: route.handler, params }
    }
    return null
  }
}

function matchParts(parts: string[], segments: string[]): Record<string, string> | null {
  // A trailing `*name` takes the rest of the path (contents paths, git refs with slashes).
  const last = parts[parts.length - 1]
  const rest = last?.startsWith('*') ? last.slice(1) : null
  if (rest === null ? parts.length !== segments.length : segments.length < parts.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (rest !== null && i === parts.length - 1) {
      params[rest] = segments.slice(i).map(decodeURIComponent).join('/')
      return params
    }
    const segment = decodeURIComponent(segments[i]!)
    if (part.startsWith(':')) params[part.slice(1)] = segment
    else if (part !== segment) return null
  }
  return params
}
