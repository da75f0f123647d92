import { describe, expect, it } from 'vitest'
import {
  decideForkGuard,
  needsSenderPermission,
  type ForkGuardInput,
  type SenderPermission
} from '../../src/github/forkGuard.js'
import { loadEvent, SHAS } from './fixtures.js'

const LABEL = 'oom-gate: approved'

/** What the collaborator-permission endpoint answers for a built-in role. */
const BASE: Record<string, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none'
}
const as = (role: string): SenderPermission => ({ permission: BASE[role]!, roleName: role })

function input(eventName: string, fixture: string, over: Partial<ForkGuardInput> = {}): ForkGuardInput {
  return {
    eventName,
    payload: loadEvent(fixture),
    headShaCheckedOut: null,
    allowForks: false,
    approvalLabel: LABEL,
    senderPermission: null,
    ...over
  }
}

describe('decideForkGuard under pull_request', () => {
  it('runs a pull request from a branch of the same repository', () => {
    for (const f of ['pull_request.opened.same-repo', 'pull_request.synchronize.same-repo']) {
      const d = decideForkGuard(input('pull_request', f))
      expect(d.run, f).toBe(true)
      expect(d.removeLabel).toBe(false)
    }
  })

  it('runs nothing for a fork, and says how to opt in or use the safe path', () => {
    for (const f of ['pull_request.opened.fork', 'pull_request.synchronize.fork']) {
      const d = decideForkGuard(input('pull_request', f))
      expect(d.run, f).toBe(false)
      expect(d.reason).toContain('mallory-fork/vision')
      expect(d.reason).toContain('allow-forks')
      expect(d.reason).toContain('pull_request_target')
      expect(d.removeLabel).toBe(false)
    }
  })

  it('runs a fork when allow-forks is true', () => {
    const d = decideForkGuard(input('pull_request', 'pull_request.opened.fork', { allowForks: true }))
    expect(d.run).toBe(true)
    expect(d.reason).toContain('allow-forks')
  })

  it('treats a pull request whose fork was deleted (head.repo null) as a fork', () => {
    const payload = loadEvent('pull_request.synchronize.fork') as {
      pull_request: { head: { repo: unknown } }
    }
    payload.pull_request.head.repo = null
    expect(decideForkGuard({ ...input('pull_request', 'pull_request.synchronize.fork'), payload }).run).toBe(
      false
    )
  })
})

describe('decideForkGuard under pull_request_target', () => {
  const labeled = (over: Partial<ForkGuardInput>) =>
    input('pull_request_target', 'pull_request_target.labeled.fork', over)

  it('runs the approved head when a maintainer labels it and that commit is checked out', () => {
    for (const permission of ['write', 'maintain', 'admin']) {
      const d = decideForkGuard(
        labeled({
          senderPermission: permission === null ? null : as(permission),
          headShaCheckedOut: SHAS.forkHead1
        })
      )
      expect(d, permission).toEqual({
        run: true,
        reason: expect.stringContaining('alice-dev'),
        removeLabel: false,
        approvedSha: SHAS.forkHead1
      })
    }
  })

  it('asks for the sender permission only on the approval label event of a fork', () => {
    expect(needsSenderPermission(labeled({}))).toBe(true)
    expect(needsSenderPermission(input('pull_request_target', 'pull_request_target.opened.fork'))).toBe(false)
    expect(needsSenderPermission(input('pull_request', 'pull_request.opened.same-repo'))).toBe(false)
  })

  it('refuses when the checked-out commit is not the approved head (the fork pushed meanwhile)', () => {
    const d = decideForkGuard(labeled({ senderPermission: as('write'), headShaCheckedOut: SHAS.forkHead2 }))
    expect(d.run).toBe(false)
    expect(d.reason).toContain('c0ffee00c0ff')
    expect(d.reason).toContain('github.event.pull_request.head.sha')
  })

  it('refuses when the checked-out commit cannot be read', () => {
    const d = decideForkGuard(labeled({ senderPermission: as('admin'), headShaCheckedOut: null }))
    expect(d.run).toBe(false)
  })

  it('refuses, and removes the label, when the sender cannot approve (triage, read, unknown)', () => {
    for (const permission of ['triage', 'read', 'none', null]) {
      const d = decideForkGuard(
        labeled({
          senderPermission: permission === null ? null : as(permission),
          headShaCheckedOut: SHAS.forkHead1
        })
      )
      expect(d.run, String(permission)).toBe(false)
      expect(d.removeLabel).toBe(true)
    }
  })

  it('runs nothing for another label', () => {
    const payload = loadEvent('pull_request_target.labeled.fork') as { label: { name: string } }
    payload.label.name = 'gpu'
    const d = decideForkGuard({
      ...labeled({ senderPermission: as('admin'), headShaCheckedOut: SHAS.forkHead1 }),
      payload
    })
    expect(d.run).toBe(false)
    expect(d.reason).toContain('"gpu"')
    expect(d.removeLabel).toBe(false)
  })

  it('on opened runs nothing and says how to approve', () => {
    const d = decideForkGuard(input('pull_request_target', 'pull_request_target.opened.fork'))
    expect(d.run).toBe(false)
    expect(d.reason).toContain(`add the label "${LABEL}"`)
    expect(d.removeLabel).toBe(false)
  })

  it('on synchronize with the approval label still on: runs nothing and removes the stale label', () => {
    const d = decideForkGuard(
      input('pull_request_target', 'pull_request_target.synchronize.fork', {
        headShaCheckedOut: SHAS.forkHead2,
        senderPermission: as('admin')
      })
    )
    expect(d).toMatchObject({ run: false, removeLabel: true, approvedSha: null })
  })

  it('ignores commit dates: a labeled payload with the head checked out runs, a newer-dated other commit does not', () => {
    const payload = loadEvent('pull_request_target.labeled.fork') as { pull_request: { updated_at: string } }
    payload.pull_request.updated_at = '1999-01-01T00:00:00Z'
    const base = { ...labeled({ senderPermission: as('write') }), payload }
    expect(decideForkGuard({ ...base, headShaCheckedOut: SHAS.forkHead1 }).run).toBe(true)
    expect(decideForkGuard({ ...base, headShaCheckedOut: SHAS.forkHead2 }).run).toBe(false)
  })

  it('runs a same-repository pull request', () => {
    const d = decideForkGuard(input('pull_request_target', 'pull_request.opened.same-repo'))
    expect(d.run).toBe(true)
  })
})

describe('decideForkGuard on other events', () => {
  it('runs on push', () => {
    expect(decideForkGuard(input('push', 'push')).run).toBe(true)
  })

  it('refuses a workflow_run that came from a fork unless allow-forks', () => {
    const payload = {
      workflow_run: {
        event: 'pull_request',
        head_repository: { full_name: 'mallory-fork/vision' },
        head_sha: SHAS.forkHead1
      },
      repository: { full_name: 'acme-ml/vision' }
    }
    const base = { ...input('workflow_run', 'push'), payload }
    expect(decideForkGuard(base).run).toBe(false)
    expect(decideForkGuard({ ...base, allowForks: true }).run).toBe(true)
  })
})

describe('decideForkGuard: trust from the right fields', () => {
  const labeled = (over: Partial<ForkGuardInput>) =>
    input('pull_request_target', 'pull_request_target.labeled.fork', {
      headShaCheckedOut: SHAS.forkHead1,
      ...over
    })

  it('a custom role based on write or admin may approve; role_name is only its name', () => {
    for (const permission of ['write', 'admin']) {
      const d = decideForkGuard(labeled({ senderPermission: { permission, roleName: 'gpu-reviewer' } }))
      expect(d.run, permission).toBe(true)
      expect(d.reason).toContain(`gpu-reviewer, based on ${permission}`)
    }
  })

  it('a custom role based on read may not, whatever it is called', () => {
    for (const roleName of ['gpu-reviewer', 'write', 'maintain', 'admin']) {
      const d = decideForkGuard(labeled({ senderPermission: { permission: 'read', roleName } }))
      expect(d.run, roleName).toBe(false)
      expect(d.removeLabel).toBe(true)
    }
  })

  it('compares the approval label case-insensitively, as GitHub does', () => {
    const payload = loadEvent('pull_request_target.labeled.fork') as {
      label: { name: string }
      pull_request: { labels: { name: string }[] }
    }
    payload.label.name = 'OOM-Gate: Approved'
    payload.pull_request.labels = [{ name: 'OOM-Gate: Approved' }]
    const base = { ...labeled({ senderPermission: as('write') }), payload }
    expect(needsSenderPermission(base)).toBe(true)
    expect(decideForkGuard(base).run).toBe(true)
    const sync = loadEvent('pull_request_target.synchronize.fork') as {
      pull_request: { labels: { name: string }[] }
    }
    sync.pull_request.labels = [{ name: 'OOM-GATE: APPROVED' }]
    const d = decideForkGuard({
      ...input('pull_request_target', 'pull_request_target.synchronize.fork'),
      payload: sync
    })
    expect(d.removeLabel).toBe(true)
  })

  it('names a deleted fork once: "comes from a deleted fork"', () => {
    const payload = loadEvent('pull_request.synchronize.fork') as {
      pull_request: { head: { repo: unknown } }
    }
    payload.pull_request.head.repo = null
    const d = decideForkGuard({ ...input('pull_request', 'pull_request.synchronize.fork'), payload })
    expect(d.reason).toContain('comes from a deleted fork')
    expect(d.reason).not.toContain('the fork a deleted fork')
  })

  it('treats a workflow_run whose head repository is null (deleted fork) like a fork', () => {
    const payload = {
      workflow_run: { event: 'pull_request', head_repository: null, head_sha: SHAS.forkHead1 },
      repository: { full_name: 'acme-ml/vision' }
    }
    const base = { ...input('workflow_run', 'push'), payload }
    const d = decideForkGuard(base)
    expect(d.run).toBe(false)
    expect(d.reason).toContain('a deleted fork')
    expect(decideForkGuard({ ...base, allowForks: true }).run).toBe(true)
  })
})
