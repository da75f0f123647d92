// Whether code from this event may run on the (self-hosted) runner. A fork's code runs only
// when a maintainer approved that exact head commit, or when the user opted in with allow-forks.
// Pure: the caller fetches the sender's permission and the checked-out commit.

export interface ForkGuardInput {
  eventName: string
  payload: unknown
  /** `git rev-parse HEAD` in the workspace; null when it could not be read. */
  headShaCheckedOut: string | null
  allowForks: boolean
  approvalLabel: string
  /** The sender's access from the collaborator-permission endpoint; null when unknown. */
  senderPermission: SenderPermission | null
}

/**
 * GET /repos/{o}/{r}/collaborators/{user}/permission: `permission` is the base access (admin,
 * write, read, none; maintain counts as write, triage as read) and `role_name` the role's own
 * name, a custom role's name included. Trust comes from `permission`: a custom role "reviewer"
 * based on write may approve, one based on read may not.
 */
export interface SenderPermission {
  permission: string
  roleName: string | null
}

export interface ForkGuardDecision {
  run: boolean
  /** One sentence for the log, the summary and the skipped models' reason. */
  reason: string
  /** Remove the approval label: new code arrived (or an unqualified user added it). */
  removeLabel: boolean
  /** The head commit a maintainer approved, when that is why the run may go ahead. */
  approvedSha: string | null
}

/** Base permissions that may approve a fork's commit: write (also maintain and custom roles on it), admin. */
const APPROVERS = new Set(['admin', 'write'])
/** Events that may bring new code into the pull request: any earlier approval is stale. */
const NEW_CODE = new Set(['opened', 'synchronize', 'reopened'])

type Json = Record<string, unknown>
const obj = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {}
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

/** Whether the event needs the sender's permission looked up (a fork's approval label event). */
export function needsSenderPermission(
  input: Pick<ForkGuardInput, 'eventName' | 'payload' | 'approvalLabel'>
): boolean {
  const p = obj(input.payload)
  return (
    input.eventName === 'pull_request_target' &&
    isForkPull(p) &&
    p.action === 'labeled' &&
    sameLabel(str(obj(p.label).name), input.approvalLabel)
  )
}

export function decideForkGuard(input: ForkGuardInput): ForkGuardDecision {
  const p = obj(input.payload)
  const go = (reason: string, approvedSha: string | null = null): ForkGuardDecision => ({
    run: true,
    reason,
    removeLabel: false,
    approvedSha
  })
  const stop = (reason: string, removeLabel = false): ForkGuardDecision => ({
    run: false,
    reason,
    removeLabel,
    approvedSha: null
  })

  if (input.eventName === 'workflow_run') {
    const run = obj(p.workflow_run)
    const head = str(obj(run.head_repository).full_name)
    const base = str(obj(p.repository).full_name)
    // No head repository (a deleted fork) is as untrusted as a fork, as for pull_request.
    if ((head === null || base === null || head.toLowerCase() !== base.toLowerCase()) && !input.allowForks) {
      return stop(
        `this workflow_run was triggered from ${forkName(head)}; its code is not run here (measure on pull_request, publish from workflow_run with mode: report, see README)`
      )
    }
    return go(
      head === null || base === null ? 'workflow_run; allow-forks is true' : 'workflow_run of this repository'
    )
  }

  const pr = obj(p.pull_request)
  if (Object.keys(pr).length === 0)
    return go(`${input.eventName || 'this'} event is not about a pull request`)
  const number = typeof pr.number === 'number' ? `#${pr.number}` : 'this pull request'
  if (!isForkPull(p)) return go(`${number} comes from a branch of this repository`)
  const headRepo = forkName(str(obj(obj(pr.head).repo).full_name))
  const headSha = str(obj(pr.head).sha)
  const label = input.approvalLabel

  if (input.eventName !== 'pull_request_target') {
    // Under pull_request the fork controls the workflow file itself; no action can guard the
    // runner there, so the only safe default is to run nothing.
    if (input.allowForks) return go(`${number} comes from ${headRepo}; allow-forks is true`)
    return stop(
      `${number} comes from ${headRepo}: oom-gate runs nothing for forks under ${input.eventName || 'this event'} unless allow-forks is true. Use pull_request_target with the "${label}" label (see README) to measure approved commits`
    )
  }

  const howTo = `A maintainer (write, maintain or admin) who has reviewed the code of ${short(headSha)} can add the label "${label}" to run it; the label is removed whenever new commits arrive`
  const hasLabel = Array.isArray(pr.labels) && pr.labels.some(l => sameLabel(str(obj(l).name), label))

  if (p.action !== 'labeled' || !sameLabel(str(obj(p.label).name), label)) {
    const stale = hasLabel && NEW_CODE.has(String(p.action))
    const what =
      p.action === 'labeled'
        ? `labeled "${str(obj(p.label).name) ?? ''}", not "${label}"`
        : `${String(p.action ?? 'event')}`
    return stop(`${number} comes from ${headRepo} and this event (${what}) approves nothing. ${howTo}`, stale)
  }

  const sender = str(obj(p.sender).login) ?? 'someone'
  const access = input.senderPermission
  const role = access === null ? 'unknown' : describeRole(access)
  if (access === null || !APPROVERS.has(access.permission.toLowerCase())) {
    return stop(
      `"${label}" was added by ${sender}, whose permission (${role}) cannot approve running a fork's code. ${howTo}`,
      true
    )
  }
  if (!headSha) return stop(`${number}: the event names no head commit to approve`)
  if (input.headShaCheckedOut === null) {
    return stop(
      `cannot tell which commit is checked out (git rev-parse HEAD failed), so the approval of ${short(headSha)} cannot be checked; check out github.event.pull_request.head.sha`
    )
  }
  if (input.headShaCheckedOut.toLowerCase() !== headSha.toLowerCase()) {
    return stop(
      `the checked-out commit ${short(input.headShaCheckedOut)} is not the approved head ${short(headSha)}; check out github.event.pull_request.head.sha (see README)`
    )
  }
  return go(`${sender} (${role}) approved ${short(headSha)} of ${headRepo}`, headSha)
}

function isForkPull(p: Json): boolean {
  const pr = obj(p.pull_request)
  const head = str(obj(obj(pr.head).repo).full_name)
  const base = str(obj(obj(pr.base).repo).full_name) ?? str(obj(p.repository).full_name)
  return head === null || base === null || head.toLowerCase() !== base.toLowerCase()
}

/** GitHub compares label names case-insensitively ("OOM-Gate: Approved" is the same label). */
export function sameLabel(a: string | null, b: string): boolean {
  return a !== null && a.toLowerCase() === b.toLowerCase()
}

function forkName(fullName: string | null): string {
  return fullName === null ? 'a deleted fork' : `the fork ${fullName}`
}

function describeRole(access: SenderPermission): string {
  const role = access.roleName
  return role && role.toLowerCase() !== access.permission.toLowerCase()
    ? `${role}, based on ${access.permission}`
    : access.permission
}

function short(sha: string | null): string {
  return sha ? sha.slice(0, 12) : 'the head commit'
}
