// A branch read and written through GitHub's git data API only (refs, commits, trees, blobs): no
// checkout, no clone, so it works from any job and never touches the workspace. Writes are
// optimistic: build the new tree on the tip that was read, and move the ref with a fast-forward
// only; a writer that lost the race (422 not a fast forward / reference exists, 409) rebuilds on
// the new tip and tries again, after a jittered, growing delay.
import { createHash } from 'node:crypto'
import type { GitDataClient, RepoRef } from './gitDataClient.js'

export type { GitDataClient, RepoRef }

export interface BranchTip {
  commit: string
  tree: string
}

interface TreeItem {
  path: string
  mode: string
  type: string
  sha: string
}

/** The HTTP status of an Octokit error, or null for anything else. */
export function httpStatus(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === 'number' ? status : null
}

/** The SHA git gives a blob of this content: lets a writer skip files that did not change. */
export function gitBlobSha(content: string | Buffer): string {
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex')
}

/**
 * A 404 on a ref is asked again before it counts as "no branch": GitHub's replicas answer the odd
 * transient 404 for a ref that exists, and reading that as "no history yet" would pass a PR
 * unchecked (contract 6). `delaysMs` are the waits before each further question.
 */
export interface ConfirmMissing {
  delaysMs: readonly number[]
  sleep?: (ms: number) => Promise<void>
}

export const CONFIRM_MISSING: ConfirmMissing = { delaysMs: [300, 1000] }

const realSleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))

/**
 * The branch's tip commit and tree, or null when the branch does not exist (with `confirm`: still
 * 404 after asking again). Other errors are thrown.
 */
export async function readTip(
  octokit: GitDataClient,
  repo: RepoRef,
  branch: string,
  confirm: ConfirmMissing = { delaysMs: [] }
): Promise<BranchTip | null> {
  let commit: string | null = null
  for (let ask = 0; commit === null; ask++) {
    try {
      const { data } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` })
      commit = data.object.sha
    } catch (error) {
      if (httpStatus(error) !== 404) throw error
      const delay = confirm.delaysMs[ask]
      if (delay === undefined) return null
      await (confirm.sleep ?? realSleep)(delay)
    }
  }
  const { data } = await octokit.rest.git.getCommit({ ...repo, commit_sha: commit })
  return { commit, tree: data.tree.sha }
}

/** Files of one commit of the branch, read lazily; trees are fetched once per directory. */
export class BranchSnapshot {
  private readonly trees = new Map<string, Promise<Map<string, TreeItem>>>()

  constructor(
    private readonly octokit: GitDataClient,
    private readonly repo: RepoRef,
    /** null: the branch does not exist yet (everything reads as missing). */
    readonly tip: BranchTip | null
  ) {}

  /** The entries of a directory ('' for the root), by name; empty when it does not exist. */
  async list(dir: string): Promise<Map<string, TreeItem>> {
    const key = dir.replace(/^\/+|\/+$/g, '')
    let tree = this.trees.get(key)
    if (!tree) {
      tree = this.loadDir(key)
      this.trees.set(key, tree)
    }
    return tree
  }

  private async loadDir(dir: string): Promise<Map<string, TreeItem>> {
    if (this.tip === null) return new Map()
    let sha = this.tip.tree
    if (dir !== '') {
      const slash = dir.lastIndexOf('/')
      const parent = await this.list(slash < 0 ? '' : dir.slice(0, slash))
      const item = parent.get(dir.slice(slash + 1))
      if (!item || item.type !== 'tree') return new Map()
      sha = item.sha
    }
    const { data } = await this.octokit.rest.git.getTree({ ...this.repo, tree_sha: sha })
    const items = new Map<string, TreeItem>()
    for (const entry of data.tree) {
      if (entry.path && entry.sha && entry.type && entry.mode) {
        items.set(entry.path, { path: entry.path, mode: entry.mode, type: entry.type, sha: entry.sha })
      }
    }
    return items
  }

  async entry(path: string): Promise<TreeItem | null> {
    const slash = path.lastIndexOf('/')
    const dir = await this.list(slash < 0 ? '' : path.slice(0, slash))
    return dir.get(path.slice(slash + 1)) ?? null
  }

  /** A file's text, or null when there is no such file. Blobs, unlike contents, have no 1 MB cap. */
  async readText(path: string): Promise<string | null> {
    const item = await this.entry(path)
    if (!item || item.type !== 'blob') return null
    const { data } = await this.octokit.rest.git.getBlob({ ...this.repo, file_sha: item.sha })
    return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')
  }
}

/** One file of a commit: its new text, or null to delete it. */
export interface FileChange {
  path: string
  content: string | null
}

export interface CommitOptions {
  message: string
  /**
   * Tries in all, the first included. Default: as many as fit in `budgetMs` (at most 100): how
   * many writers race, and how long GitHub's write throttling holds each, is not known ahead.
   */
  attempts?: number
  /** How long to keep retrying lost races, in ms of `now`; default 10 minutes. */
  budgetMs?: number
  now?: () => number
  /** First retry delay; doubles per retry, times a jitter factor of 0.5 to 1.5. */
  baseDelayMs?: number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  log?: (line: string) => void
}

export interface CommitOutcome {
  /** The branch's tip after the write (the old tip when nothing changed). */
  commit: string
  attempts: number
  created: boolean
  /** Every file already had the content asked for: no commit was made. */
  unchanged: boolean
}

/** Other writers kept moving the branch for the whole retry budget. */
export class KeptMovingError extends Error {
  readonly code = 'kept-moving'
}

/** A guard on top of the time budget. */
export const MAX_ATTEMPTS = 100
export const DEFAULT_BUDGET_MS = 600_000

/**
 * Commits the files `prepare` returns for the snapshot of the branch tip, as one commit on top of
 * it (an orphan commit that creates the branch when it does not exist). `prepare` runs again on
 * the new tip after a lost race, so it must derive everything from the snapshot it is given.
 */
export async function commitToBranch(
  octokit: GitDataClient,
  repo: RepoRef,
  branch: string,
  prepare: (snapshot: BranchSnapshot) => Promise<FileChange[]>,
  options: CommitOptions
): Promise<CommitOutcome> {
  const attempts = Math.max(1, options.attempts ?? MAX_ATTEMPTS)
  const now = options.now ?? Date.now
  const start = now()
  const deadline = start + (options.budgetMs ?? DEFAULT_BUDGET_MS)
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)))
  const random = options.random ?? Math.random
  const baseDelay = options.baseDelayMs ?? 500
  const created = new Set<string>()
  // Content-addressed objects: repeating the POST after a 5xx cannot create anything twice.
  const idempotent = { request: { idempotent: true } }

  for (let attempt = 1; ; attempt++) {
    const tip = await readTip(octokit, repo, branch)
    const snapshot = new BranchSnapshot(octokit, repo, tip)
    const changes = await prepare(snapshot)
    const items: { path: string; mode: '100644'; type: 'blob'; sha: string | null }[] = []
    for (const change of changes) {
      const existing = await snapshot.entry(change.path)
      if (change.content === null) {
        if (existing) items.push({ path: change.path, mode: '100644', type: 'blob', sha: null })
        continue
      }
      const sha = gitBlobSha(change.content)
      if (existing?.sha === sha) continue
      if (!created.has(sha)) {
        const { data } = await octokit.rest.git.createBlob({
          ...repo,
          content: Buffer.from(change.content, 'utf8').toString('base64'),
          encoding: 'base64',
          ...idempotent
        })
        created.add(data.sha)
      }
      items.push({ path: change.path, mode: '100644', type: 'blob', sha })
    }
    if (tip && items.length === 0)
      return { commit: tip.commit, attempts: attempt, created: false, unchanged: true }

    const { data: tree } = await octokit.rest.git.createTree({
      ...repo,
      ...(tip ? { base_tree: tip.tree } : {}),
      tree: items,
      ...idempotent
    })
    const { data: commit } = await octokit.rest.git.createCommit({
      ...repo,
      message: options.message,
      tree: tree.sha,
      parents: tip ? [tip.commit] : [],
      ...idempotent
    })
    try {
      if (tip) {
        await octokit.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit.sha, force: false })
      } else {
        await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.sha })
      }
      return { commit: commit.sha, attempts: attempt, created: tip === null, unchanged: false }
    } catch (error) {
      const status = httpStatus(error)
      if (status !== 422 && status !== 409) throw error
      // Growing, jittered, capped at 30 s: racing writers spread out instead of colliding again.
      const delay = Math.round(Math.min(30_000, baseDelay * 2 ** (attempt - 1)) * (0.5 + random()))
      if (attempt >= attempts || now() + delay > deadline) {
        throw new KeptMovingError(
          `${branch} kept moving under this run: other writers won the race ${attempt} times in ${Math.round((now() - start) / 1000)} s`
        )
      }
      options.log?.(
        `${branch}: the branch moved while writing (${status}: ${(error as Error).message}); retrying on the new tip in ${delay} ms (attempt ${attempt + 1})`
      )
      await sleep(delay)
    }
  }
}
