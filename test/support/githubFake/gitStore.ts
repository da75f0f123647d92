// Git objects and refs for the fake, kept beside each FakeRepo (a WeakMap, so state.ts needs no
// change): blobs, trees and commits under the SHA-1 real git would give them, refs with
// fast-forward checks, plus the commit comments and the issues the history code creates.
// Seeding helpers build a repository's history the way `git commit` would.
import { createHash } from 'node:crypto'
import type { FakeRepo, FakeState, FakeUser } from './state.js'

export interface GitPerson {
  name: string
  email: string
  date: string
}

export interface TreeEntry {
  name: string
  /** '100644' for files, '040000' for directories (as the API spells them). */
  mode: '100644' | '100755' | '040000'
  type: 'blob' | 'tree'
  sha: string
}

export interface GitCommit {
  sha: string
  tree: string
  parents: string[]
  message: string
  author: GitPerson
  committer: GitPerson
}

export interface CommitComment {
  id: number
  commitId: string
  body: string
  user: FakeUser
  createdAt: string
}

export interface CreatedIssue {
  number: number
  title: string
  body: string
  user: FakeUser
  createdAt: string
}

export class FakeGit {
  readonly blobs = new Map<string, Buffer>()
  readonly trees = new Map<string, TreeEntry[]>()
  readonly commits = new Map<string, GitCommit>()
  /** Full ref name ('refs/heads/main') to commit SHA. */
  readonly refs = new Map<string, string>()
  readonly commitComments: CommitComment[] = []
  readonly issues = new Map<number, CreatedIssue>()

  constructor() {
    this.emptyTree = this.putTree([])
  }

  /** The SHA of the empty tree (4b825dc...), as in every git repository. */
  readonly emptyTree: string

  putBlob(content: Buffer): string {
    const sha = objectSha('blob', content)
    this.blobs.set(sha, content)
    return sha
  }

  putTree(entries: TreeEntry[]): string {
    // git orders entries bytewise, directories as if their name ended in '/'.
    const sorted = [...entries].sort((a, b) => compareBytes(gitNameOrder(a), gitNameOrder(b)))
    const body = Buffer.concat(
      sorted.map(e =>
        Buffer.concat([
          Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.name}\0`),
          Buffer.from(e.sha, 'hex')
        ])
      )
    )
    const sha = objectSha('tree', body)
    this.trees.set(sha, sorted)
    return sha
  }

  putCommit(commit: Omit<GitCommit, 'sha'>): GitCommit {
    const person = (p: GitPerson) => `${p.name} <${p.email}> ${Math.floor(Date.parse(p.date) / 1000)} +0000`
    const text = [
      `tree ${commit.tree}`,
      ...commit.parents.map(p => `parent ${p}`),
      `author ${person(commit.author)}`,
      `committer ${person(commit.committer)}`,
      '',
      commit.message
    ].join('\n')
    const sha = objectSha('commit', Buffer.from(text))
    const stored = { ...commit, sha }
    this.commits.set(sha, stored)
    return stored
  }

  /** Every file of a tree, path to blob SHA. */
  files(treeSha: string, prefix = ''): Map<string, string> {
    const out = new Map<string, string>()
    for (const entry of this.trees.get(treeSha) ?? []) {
      const path = prefix + entry.name
      if (entry.type === 'tree') for (const [p, s] of this.files(entry.sha, `${path}/`)) out.set(p, s)
      else out.set(path, entry.sha)
    }
    return out
  }

  /** A tree from path -> blob SHA (nested directories built as needed). */
  treeFromFiles(files: ReadonlyMap<string, string>): string {
    const here: TreeEntry[] = []
    const dirs = new Map<string, Map<string, string>>()
    for (const [path, sha] of files) {
      const slash = path.indexOf('/')
      if (slash < 0) {
        here.push({ name: path, mode: '100644', type: 'blob', sha })
        continue
      }
      const dir = path.slice(0, slash)
      if (!dirs.has(dir)) dirs.set(dir, new Map())
      dirs.get(dir)!.set(path.slice(slash + 1), sha)
    }
    for (const [dir, inner] of dirs)
      here.push({ name: dir, mode: '040000', type: 'tree', sha: this.treeFromFiles(inner) })
    return this.putTree(here)
  }

  /** Resolves a SHA, a branch name or a full ref to a commit SHA. */
  resolve(ref: string): string | null {
    if (this.commits.has(ref)) return ref
    const full = ref.startsWith('refs/') ? ref : `refs/heads/${ref}`
    return this.refs.get(full) ?? null
  }

  /** Commits reachable from `sha` (itself included). */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>()
    const stack = [sha]
    while (stack.length > 0) {
      const next = stack.pop()!
      if (seen.has(next)) continue
      seen.add(next)
      stack.push(...(this.commits.get(next)?.parents ?? []))
    }
    return seen
  }

  isAncestor(ancestor: string, of: string): boolean {
    return this.ancestors(of).has(ancestor)
  }

  /** The nearest common ancestor (breadth-first from `head`), as `git merge-base` for simple histories. */
  mergeBase(base: string, head: string): string | null {
    const fromBase = this.ancestors(base)
    const queue = [head]
    const seen = new Set<string>()
    while (queue.length > 0) {
      const next = queue.shift()!
      if (seen.has(next)) continue
      seen.add(next)
      if (fromBase.has(next)) return next
      queue.push(...(this.commits.get(next)?.parents ?? []))
    }
    return null
  }

  /** Reachable commits newest first (committer date, then breadth-first order), like `git log`. */
  log(sha: string): GitCommit[] {
    const order: string[] = []
    const queue = [sha]
    const seen = new Set<string>()
    while (queue.length > 0) {
      const next = queue.shift()!
      if (seen.has(next) || !this.commits.has(next)) continue
      seen.add(next)
      order.push(next)
      queue.push(...this.commits.get(next)!.parents)
    }
    const rank = new Map(order.map((s, i) => [s, i]))
    return order
      .map(s => this.commits.get(s)!)
      .sort(
        (a, b) =>
          Date.parse(b.committer.date) - Date.parse(a.committer.date) || rank.get(a.sha)! - rank.get(b.sha)!
      )
  }
}

function gitNameOrder(e: TreeEntry): string {
  return e.type === 'tree' ? `${e.name}/` : e.name
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

export function objectSha(type: 'blob' | 'tree' | 'commit', body: Buffer): string {
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex')
}

const stores = new WeakMap<FakeRepo, FakeGit>()

/** The git data of a repository, created empty on first use. */
export function gitOf(repo: FakeRepo): FakeGit {
  let git = stores.get(repo)
  if (!git) {
    git = new FakeGit()
    stores.set(repo, git)
  }
  return git
}

export function repoNamed(state: FakeState, fullName: string): FakeRepo {
  const [owner, name] = fullName.split('/') as [string, string]
  return state.repo(owner, name) ?? state.addRepo(fullName)
}

export interface SeedCommit {
  /** Files to write (text) or delete (null), on top of the first parent's tree. */
  files: Record<string, string | null>
  message: string
  /** ISO date; default: the fake's clock. */
  date?: string
  /** Default: the branch's tip (none for the first commit). */
  parents?: string[]
  /** The commit whose tree the changes apply to; default the first parent (a merge takes its head's). */
  treeOf?: string
  /** Moves this branch to the new commit; default the repository's default branch. Null: no ref. */
  branch?: string | null
  author?: string
  /** The author date when it differs from the commit date (a rebased or cherry-picked commit). */
  authorDate?: string
}

/** A commit as `git commit` would make it (outside the API: no request, no permission check). */
export function seedCommit(state: FakeState, fullName: string, seed: SeedCommit): string {
  const repo = repoNamed(state, fullName)
  const git = gitOf(repo)
  const branch = seed.branch === undefined ? repo.defaultBranch : seed.branch
  const tip = branch === null ? undefined : git.refs.get(`refs/heads/${branch}`)
  const parents = seed.parents ?? (tip ? [tip] : [])
  const from = seed.treeOf ?? parents[0]
  const fromCommit = from ? git.commits.get(from) : undefined
  const files = fromCommit ? git.files(fromCommit.tree) : new Map<string, string>()
  for (const [path, content] of Object.entries(seed.files)) {
    if (content === null) files.delete(path)
    else files.set(path, git.putBlob(Buffer.from(content)))
  }
  const date = seed.date ?? state.now()
  const person = {
    name: seed.author ?? 'Dev',
    email: `${(seed.author ?? 'dev').toLowerCase()}@example.com`,
    date
  }
  const commit = git.putCommit({
    tree: git.treeFromFiles(files),
    parents,
    message: seed.message,
    author: { ...person, date: seed.authorDate ?? date },
    committer: person
  })
  if (branch !== null) git.refs.set(`refs/heads/${branch}`, commit.sha)
  return commit.sha
}

/** A file's text at a ref of the repository, or null. */
export function readFileAt(state: FakeState, fullName: string, ref: string, path: string): string | null {
  const git = gitOf(repoNamed(state, fullName))
  const sha = git.resolve(ref)
  const commit = sha ? git.commits.get(sha) : undefined
  if (!commit) return null
  const blob = git.files(commit.tree).get(path)
  return blob ? git.blobs.get(blob)!.toString('utf8') : null
}
