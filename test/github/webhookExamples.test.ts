// Every example payload GitHub publishes (@octokit/webhooks-examples, from real deliveries) for the
// events the action meets goes through what the action does with an event: the context
// (readActionContext), events with nothing to do (whyNothingToDo), the fork guard, and which pull
// request and which commit it is about. pull_request examples are also replayed as
// pull_request_target, and as a fork's and a deleted fork's pull request.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pullRequestOfRun, readActionContext, type ActionContext } from '../../src/github/context.js'
import { decideForkGuard, type SenderPermission } from '../../src/github/forkGuard.js'
import { whyNothingToDo } from '../../src/github/idleEvent.js'
import { baselineStart, measuredCommit } from '../../src/github/history/eventCommits.js'
import { webhookExamples } from '../support/webhookExamples.js'

const dir = mkdtempSync(join(tmpdir(), 'oom-gate-webhooks-'))
/** GITHUB_SHA: for pull_request the merge commit, which no payload names. */
const RUNNER_SHA = 'f'.repeat(40)
const LABEL = 'oom-gate: approved'
let n = 0

interface Decision {
  kind: 'idle' | 'refuse' | 'run'
  reason: string
  pullRequest: number | null
  commit: string | null
}

/** What the action decides for this event, given who labeled it and what is checked out. */
function decide(
  eventName: string,
  payload: Record<string, unknown>,
  opts: { sender?: SenderPermission | null; checkedOut?: string | null } = {}
): Decision & { ctx: ActionContext } {
  const path = join(dir, `event-${++n}.json`)
  writeFileSync(path, JSON.stringify(payload))
  const ctx = readActionContext({
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: path,
    GITHUB_SHA: RUNNER_SHA,
    GITHUB_WORKSPACE: dir
  })
  const pullRequest =
    ctx.pullRequest?.number ?? (eventName === 'workflow_run' ? pullRequestOfRun(ctx.payload) : null)
  const idle = whyNothingToDo(eventName, ctx.payload)
  if (idle !== null) return { ctx, kind: 'idle', reason: idle, pullRequest, commit: null }
  const guard = decideForkGuard({
    eventName,
    payload: ctx.payload,
    headShaCheckedOut: opts.checkedOut ?? null,
    allowForks: false,
    approvalLabel: LABEL,
    senderPermission: opts.sender ?? null
  })
  return {
    ctx,
    kind: guard.run ? 'run' : 'refuse',
    reason: guard.reason,
    pullRequest,
    commit: guard.run ? (guard.approvedSha ?? measuredCommit(ctx)) : null
  }
}

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** The example as a fork's pull request (head in another repository), or a deleted fork's (null). */
function asFork(payload: Json, headRepo: 'fork' | 'deleted'): Json {
  const pr = payload.pull_request as Json
  pr.head.repo =
    headRepo === 'deleted'
      ? null
      : { ...pr.head.repo, id: 999, full_name: `mallory/${pr.base.repo.name}`, owner: { login: 'mallory' } }
  return payload
}

const pullRequests = () => webhookExamples('pull_request')

describe('GitHub’s pull_request examples', () => {
  it('are all read; same-repository PRs run on their merge commit, closed ones do nothing', () => {
    const examples = pullRequests()
    expect(examples.length).toBeGreaterThanOrEqual(20)
    for (const payload of examples) {
      const d = decide('pull_request', payload)
      const what = `pull_request.${String(payload.action)}`
      expect(d.ctx.pullRequest, what).toMatchObject({ number: payload.number, isFork: false })
      expect(d.pullRequest, what).toBe(payload.number)
      if (payload.action === 'closed') {
        expect(d.kind, what).toBe('idle')
      } else {
        expect(d.kind, what).toBe('run')
        expect(d.commit, what).toBe(RUNNER_SHA)
      }
    }
  })

  it('as a fork’s or a deleted fork’s PR: refused, naming the fork (never "the fork a deleted fork")', () => {
    for (const variant of ['fork', 'deleted'] as const) {
      for (const example of pullRequests()) {
        const payload = asFork(example, variant)
        const d = decide('pull_request', payload)
        const what = `${variant} pull_request.${String(payload.action)}`
        expect(d.ctx.pullRequest?.isFork, what).toBe(true)
        expect(d.ctx.pullRequest?.headRepo, what).toBe(variant === 'fork' ? 'mallory/Hello-World' : null)
        if (payload.action === 'closed') {
          expect(d.kind, what).toBe('idle')
          continue
        }
        expect(d.kind, what).toBe('refuse')
        expect(d.commit).toBeNull()
        expect(d.reason, what).toContain(
          variant === 'fork' ? 'the fork mallory/Hello-World' : 'a deleted fork'
        )
        expect(d.reason, what).not.toContain('the fork a deleted fork')
      }
    }
  })
})

describe('GitHub’s pull_request examples replayed as pull_request_target', () => {
  it('a same-repository PR gives nothing to do, whatever the action', () => {
    for (const payload of pullRequests()) {
      const d = decide('pull_request_target', payload)
      expect(d.kind, String(payload.action)).toBe('idle')
      expect(d.pullRequest).toBe(payload.number)
    }
  })

  it('a fork’s PR runs only its approved head, labeled by someone with write', () => {
    for (const variant of ['fork', 'deleted'] as const) {
      for (const example of pullRequests()) {
        const payload = asFork(example, variant)
        const head = (payload.pull_request as Json).head.sha as string
        const what = `${variant} pull_request_target.${String(payload.action)}`
        const write = { permission: 'write', roleName: 'write' }
        const d = decide('pull_request_target', payload, { sender: write, checkedOut: head })
        // The examples' labels ("bug", ...) approve nothing.
        expect(d.kind, what).toBe(payload.action === 'closed' ? 'idle' : 'refuse')
        if (payload.action !== 'labeled') continue
        payload.label = { ...(payload.label as Json), name: LABEL }
        expect(
          decide('pull_request_target', payload, { sender: write, checkedOut: head }),
          what
        ).toMatchObject({
          kind: 'run',
          pullRequest: payload.number,
          commit: head
        })
        const read = { permission: 'read', roleName: 'triage' }
        expect(decide('pull_request_target', payload, { sender: read, checkedOut: head }).kind, what).toBe(
          'refuse'
        )
        expect(decide('pull_request_target', payload, { sender: write, checkedOut: RUNNER_SHA }).kind).toBe(
          'refuse'
        )
      }
    }
  })
})

describe('GitHub’s push examples', () => {
  it('a push that deletes a ref does nothing; any other runs on the pushed commit', () => {
    const examples = webhookExamples('push')
    expect(examples.some(p => p.deleted === true)).toBe(true)
    for (const payload of examples) {
      const d = decide('push', payload)
      expect(d.pullRequest).toBeNull()
      if (payload.deleted === true) {
        expect(d.kind).toBe('idle')
        expect(d.reason).toContain(`the push deleted ${String(payload.ref)}`)
        expect(baselineStart(d.ctx)).toBeNull()
      } else {
        expect(d).toMatchObject({ kind: 'run', commit: payload.after })
        expect(baselineStart(d.ctx)).toEqual({ start: payload.after, skipStart: true, from: 'push-parent' })
      }
    }
  })
})

describe('GitHub’s workflow_run examples', () => {
  it('completed runs of this repository run; one from another repository is refused; unfinished ones do nothing', () => {
    for (const payload of webhookExamples('workflow_run')) {
      const run = payload.workflow_run as Json
      const d = decide('workflow_run', payload)
      const what = `${String(payload.action)} from ${String(run.head_repository?.full_name)}`
      if (payload.action !== 'completed') {
        expect(d.kind, what).toBe('idle')
        continue
      }
      const sameRepo = run.head_repository?.full_name === (payload.repository as Json).full_name
      expect(d.kind, what).toBe(sameRepo ? 'run' : 'refuse')
      // GitHub's example lists a PR of another repository (base.repo.id 186853002) at another
      // commit: it is not this run's PR.
      expect(d.pullRequest, what).toBeNull()
    }
  })

  it('picks the listed PR of this repository at the run’s head commit', () => {
    const payload = webhookExamples('workflow_run').find(
      p => (p.workflow_run as Json).pull_requests.length > 0
    )!
    const run = payload.workflow_run as Json
    const foreign = run.pull_requests[0] as Json
    const ours = structuredClone(foreign)
    ours.number = 77
    ours.base.repo = {
      ...ours.base.repo,
      id: (payload.repository as Json).id,
      url: (payload.repository as Json).url
    }
    ours.head.sha = run.head_sha
    run.pull_requests = [foreign, ours]
    expect(decide('workflow_run', payload).pullRequest).toBe(77)
    // Same repository, another commit: not this run's.
    ours.head.sha = 'e'.repeat(40)
    expect(decide('workflow_run', payload).pullRequest).toBeNull()
  })

  it('a run whose head repository is gone (null) is refused like a fork', () => {
    const payload = webhookExamples('workflow_run').find(p => p.action === 'completed')!
    ;(payload.workflow_run as Json).head_repository = null
    const d = decide('workflow_run', payload)
    expect(d.kind).toBe('refuse')
    expect(d.reason).toContain('a deleted fork')
  })
})

describe('GitHub’s merge_group examples', () => {
  it('checks_requested runs on the group’s head and compares with its base', () => {
    const examples = webhookExamples('merge_group')
    expect(examples.length).toBeGreaterThan(0)
    for (const payload of examples) {
      const group = payload.merge_group as Json
      const d = decide('merge_group', payload)
      expect(d).toMatchObject({ kind: 'run', pullRequest: null, commit: group.head_sha })
      expect(baselineStart(d.ctx)).toEqual({
        start: group.base_sha,
        skipStart: false,
        from: 'merge-group-base'
      })
    }
  })

  it('destroyed: nothing to do', () => {
    const payload = { ...webhookExamples('merge_group')[0]!, action: 'destroyed', reason: 'merged' }
    expect(decide('merge_group', payload).kind).toBe('idle')
  })
})

describe('GitHub’s workflow_dispatch examples', () => {
  it('run on the dispatched commit (GITHUB_SHA), about no PR', () => {
    for (const payload of webhookExamples('workflow_dispatch')) {
      expect(decide('workflow_dispatch', payload)).toMatchObject({
        kind: 'run',
        pullRequest: null,
        commit: RUNNER_SHA
      })
    }
  })
})
