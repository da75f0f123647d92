// Everything the fake knows, kept in plain maps so tests can seed it and inspect it directly.
// New endpoint families (git data, contents) add their own fields to FakeRepo.

export type UserType = 'User' | 'Bot'

export interface FakeUser {
  login: string
  id: number
  type: UserType
}

/** Repository permissions of an Actions GITHUB_TOKEN (`permissions:` in the workflow). */
export type TokenPermissions = Partial<
  Record<'issues' | 'pull-requests' | 'contents' | 'metadata', 'read' | 'write' | 'none'>
>

/**
 * Who a token acts as. A personal access token is a user (GET /user works). The Actions
 * GITHUB_TOKEN is an installation token: it writes as github-actions[bot], GET /user answers 403
 * "Resource not accessible by integration", and each write needs the matching permission.
 */
export type Identity =
  { kind: 'user'; user: FakeUser } | { kind: 'installation'; user: FakeUser; permissions: TokenPermissions }

export type Role = 'admin' | 'maintain' | 'write' | 'triage' | 'read'

export interface FakeComment {
  id: number
  issueNumber: number
  body: string
  user: FakeUser
  createdAt: string
  updatedAt: string
}

export interface FakeIssue {
  number: number
  isPullRequest: boolean
  labels: string[]
  comments: FakeComment[]
}

export interface FakePull {
  number: number
  headSha: string
  headRef: string
  /** owner/name of the head repository; differs from the base repository for a fork. */
  headRepo: string
  baseSha: string
  baseRef: string
}

export class FakeRepo {
  readonly issues = new Map<number, FakeIssue>()
  readonly pulls = new Map<number, FakePull>()
  readonly collaborators = new Map<string, Role>()
  /** Users holding a repository custom role: its name and the built-in role it is based on. */
  readonly customRoles = new Map<string, { name: string; base: Role }>()

  constructor(
    readonly id: number,
    readonly owner: string,
    readonly name: string,
    readonly defaultBranch: string
  ) {}

  get fullName(): string {
    return `${this.owner}/${this.name}`
  }

  issue(number: number): FakeIssue | undefined {
    return this.issues.get(number)
  }
}

export const GITHUB_ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }

export class FakeState {
  readonly users = new Map<string, FakeUser>([[GITHUB_ACTIONS_BOT.login, GITHUB_ACTIONS_BOT]])
  readonly tokens = new Map<string, Identity>()
  readonly repos = new Map<string, FakeRepo>()
  private nextId = 1000

  /** Deterministic ids: comments and users get increasing numbers. */
  newId(): number {
    return ++this.nextId
  }

  /** Timestamps advance one second per call so `updated_at` orders edits. */
  private clock = Date.parse('2025-01-01T00:00:00Z')
  now(): string {
    this.clock += 1000
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z')
  }

  addUser(login: string, type: UserType = 'User'): FakeUser {
    const existing = this.users.get(login)
    if (existing) return existing
    const user = { login, id: this.newId(), type }
    this.users.set(login, user)
    return user
  }

  /** A personal access token of `login`. */
  addUserToken(token: string, login: string): FakeUser {
    const user = this.addUser(login)
    this.tokens.set(token, { kind: 'user', user })
    return user
  }

  /**
   * A GitHub App installation token: like the Actions token (403 on GET /user, permissions per
   * write) but it writes as `<slug>[bot]`.
   */
  addAppToken(token: string, slug: string, permissions: TokenPermissions): FakeUser {
    const user = this.addUser(`${slug}[bot]`, 'Bot')
    this.tokens.set(token, { kind: 'installation', user, permissions })
    return user
  }

  /** An Actions GITHUB_TOKEN with the given `permissions:`. */
  addActionsToken(token: string, permissions: TokenPermissions): void {
    this.tokens.set(token, { kind: 'installation', user: GITHUB_ACTIONS_BOT, permissions })
  }

  addRepo(fullName: string, defaultBranch = 'main'): FakeRepo {
    const [owner, name] = fullName.split('/')
    if (!owner || !name) throw new Error(`addRepo: "${fullName}" is not owner/name`)
    const repo = new FakeRepo(this.newId(), owner, name, defaultBranch)
    this.repos.set(fullName.toLowerCase(), repo)
    this.addUser(owner)
    return repo
  }

  repo(owner: string, name: string): FakeRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase())
  }

  repoById(id: number): FakeRepo | undefined {
    return [...this.repos.values()].find(r => r.id === id)
  }

  /** An open pull request (which is also an issue, as on GitHub). */
  addPullRequest(
    fullName: string,
    pull: {
      number: number
      headSha: string
      headRepo?: string
      headRef?: string
      baseSha?: string
      labels?: string[]
    }
  ): FakeIssue {
    const repo = this.repo(...(fullName.split('/') as [string, string])) ?? this.addRepo(fullName)
    repo.pulls.set(pull.number, {
      number: pull.number,
      headSha: pull.headSha,
      headRef: pull.headRef ?? 'feature',
      headRepo: pull.headRepo ?? repo.fullName,
      baseSha: pull.baseSha ?? '0'.repeat(40),
      baseRef: repo.defaultBranch
    })
    const issue: FakeIssue = {
      number: pull.number,
      isPullRequest: true,
      labels: [...(pull.labels ?? [])],
      comments: []
    }
    repo.issues.set(pull.number, issue)
    return issue
  }

  /** Seeds a comment as someone else would have written it (no request, no fault injection). */
  addComment(fullName: string, issueNumber: number, login: string, body: string): FakeComment {
    const issue = this.repo(...(fullName.split('/') as [string, string]))?.issue(issueNumber)
    if (!issue) throw new Error(`addComment: no issue ${fullName}#${issueNumber}`)
    const user = this.users.get(login) ?? this.addUser(login, login.endsWith('[bot]') ? 'Bot' : 'User')
    const at = this.now()
    const comment = { id: this.newId(), issueNumber, body, user, createdAt: at, updatedAt: at }
    issue.comments.push(comment)
    return comment
  }

  /** Every comment of an issue, oldest first. */
  comments(fullName: string, issueNumber: number): FakeComment[] {
    return this.repo(...(fullName.split('/') as [string, string]))?.issue(issueNumber)?.comments ?? []
  }
}
