// Requests and replies as the fake's route handlers see them, and GitHub's error shapes.
import type { IncomingHttpHeaders } from 'node:http'
import type { Identity } from './state.js'

export interface FakeRequest {
  method: string
  /** Path without the query, percent-decoding left to the route parameters. */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown
  params: Record<string, string>
  /** Who the token belongs to; null without a token (the fake requires one for everything). */
  identity: Identity | null
  /** The fake's own base URL (http://127.0.0.1:PORT), for `url` fields and Link headers. */
  baseUrl: string
}

export interface FakeReply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export const DOCS = 'https://docs.github.com/rest'

/** Thrown by handlers; becomes GitHub's JSON error body `{message, documentation_url, status}`. */
export class GitHubHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
  }
}

export const notFound = () => new GitHubHttpError(404, 'Not Found')

/** What GitHub says when a GITHUB_TOKEN lacks a permission, or when /user is asked with one. */
export const integrationForbidden = () => new GitHubHttpError(403, 'Resource not accessible by integration')

export function validationFailed(resource: string, field: string, message: string): GitHubHttpError {
  return new GitHubHttpError(422, 'Validation Failed', {
    errors: [{ resource, code: 'custom', field, message }]
  })
}

export function jsonBody(req: FakeRequest): Record<string, unknown> {
  if (
    req.body === undefined ||
    req.body === null ||
    typeof req.body !== 'object' ||
    Array.isArray(req.body)
  ) {
    throw new GitHubHttpError(400, 'Problems parsing JSON')
  }
  return req.body as Record<string, unknown>
}
