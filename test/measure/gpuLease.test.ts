import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeHolder, takeLeases, type LeaseOptions } from '../../src/measure/lease/gpuLease.js'
import { waitFor } from '../../src/measure/process/waitFor.js'

const HOLDER = resolve(import.meta.dirname, '../fixtures/lease/holdLease.ts')
const dir = () => join(mkdtempSync(join(tmpdir(), 'lease-test-')), 'leases')
const opts = (leaseDir: string, waitMs: number, model = 'mine'): LeaseOptions => ({
  dir: leaseDir,
  deadlineMs: Date.now() + waitMs,
  holder: { repository: 'octo/repo', run: '7', model }
})
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

/** Pids of the processes that have `file` open. */
function openedBy(file: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${entry}/fd`)
    } catch {
      continue
    }
    if (
      fds.some(fd => {
        try {
          return readlinkSync(`/proc/${entry}/fd/${fd}`) === file
        } catch {
          return false
        }
      })
    )
      pids.push(Number(entry))
  }
  return pids
}

/** Another gate, in its own process, holding `ids` until killed. */
async function otherGate(leaseDir: string, ids: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, leaseDir, ...ids], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  let out = ''
  await new Promise<void>((ok, fail) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      if (!out.includes('\n')) return
      if (out.startsWith('held')) ok()
      else fail(new Error(out))
    })
    child.on('exit', code => fail(new Error(`holder exited ${code}: ${out}`)))
  })
  return child
}

describe('GPU leases between gates (flock(2) held by a child tied to the gate)', () => {
  it('creates a shared directory (1777) and lease files (0666), and says who holds a lease', async () => {
    const leaseDir = dir()
    const first = await takeLeases(['GPU-a'], opts(leaseDir, 1000, 'first'))
    expect(first.ok).toBe(true)
    expect(statSync(leaseDir).mode & 0o7777).toBe(0o1777)
    expect(statSync(join(leaseDir, 'GPU-a.lease')).mode & 0o777).toBe(0o666)
    const second = await takeLeases(['GPU-a'], opts(leaseDir, 300, 'second'))
    expect(second).toMatchObject({
      ok: false,
      why: 'timeout',
      id: 'GPU-a',
      heldBy: { repository: 'octo/repo', run: '7', model: 'first', pid: process.pid }
    })
    // Held by this very gate (a model still in its release wait): not "another gate".
    if (!second.ok) expect(describeHolder(second.heldBy)).toBe("this gate's model first")
    if (first.ok) first.leases.release()
    const third = await takeLeases(['GPU-a'], opts(leaseDir, 5000, 'third'))
    expect(third.ok).toBe(true)
    if (third.ok) third.leases.release()
  })

  it('a waiting gate goes once the holder releases, and reports the wait and the holder', async () => {
    const leaseDir = dir()
    const first = await takeLeases(['GPU-b'], opts(leaseDir, 1000, 'first'))
    if (!first.ok) throw new Error('first lease not taken')
    const waiting = takeLeases(['GPU-b'], opts(leaseDir, 20_000, 'second'))
    // Released once the second gate is blocked in `flock -w` (past its `flock -n` and `waiting`),
    // then 300 ms on: a fixed sleep alone let a late second gate find the lease already free.
    const file = join(leaseDir, 'GPU-b.lease')
    const blocked = () =>
      openedBy(file).some(pid => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'latin1').startsWith('flock\0-w')
        } catch {
          return false
        }
      })
    expect(await waitFor(blocked, 20_000, 20)).toBe(true)
    await sleep(300)
    first.leases.release()
    const second = await waiting
    expect(second).toMatchObject({ ok: true, waited: true, heldBy: { model: 'first' } })
    if (second.ok) {
      expect(second.waitedMs).toBeGreaterThanOrEqual(250)
      second.leases.release()
    }
  })

  it('the kernel drops the lease of a gate killed by SIGKILL: the next gate goes at once', async () => {
    const leaseDir = dir()
    const gate = await otherGate(leaseDir, ['GPU-c'])
    const blocked = await takeLeases(['GPU-c'], opts(leaseDir, 0))
    expect(blocked).toMatchObject({
      ok: false,
      why: 'timeout',
      heldBy: { repository: 'octo/other-repo', run: '4242', model: 'big', pid: gate.pid }
    })
    if (!blocked.ok)
      expect(describeHolder(blocked.heldBy)).toBe(
        `another gate (octo/other-repo run 4242, model big, pid ${gate.pid})`
      )
    const exited = new Promise(r => gate.on('exit', r))
    gate.kill('SIGKILL')
    await exited
    // A stale lease would hold this for the whole wait; a dropped one is taken at once.
    const next = await takeLeases(['GPU-c'], opts(leaseDir, 10_000))
    expect(next.ok).toBe(true)
    if (next.ok) {
      expect(next.waitedMs).toBeLessThan(10_000)
      next.leases.release()
    }
  })

  it('a gate killed by SIGKILL while it waits leaves no waiter: the next gate gets the card when the holder frees it', async () => {
    const leaseDir = dir()
    const mine = await takeLeases(['GPU-w'], opts(leaseDir, 1000, 'mine'))
    if (!mine.ok) throw new Error('lease not taken')
    const file = join(leaseDir, 'GPU-w.lease')
    const holding = new Set(openedBy(file))
    // Another gate, in its own process, waits for the card (its lease child and flock(1) open the file).
    const gate = spawn(process.execPath, ['--import', 'tsx', HOLDER, leaseDir, 'GPU-w'], {
      stdio: ['ignore', 'ignore', 'inherit']
    })
    const waiters = () => openedBy(file).filter(pid => !holding.has(pid))
    expect(await waitFor(() => waiters().length > 0, 20_000, 50)).toBe(true)
    const exited = new Promise(r => gate.on('exit', r))
    gate.kill('SIGKILL')
    await exited
    // The waiter dies with its gate (before: flock(1) sat out its 20 s, then took the card).
    expect(await waitFor(() => waiters().length === 0, 3000, 50)).toBe(true)
    mine.leases.release()
    const next = await takeLeases(['GPU-w'], opts(leaseDir, 5000, 'next'))
    expect(next.ok).toBe(true)
    if (next.ok) next.leases.release()
  }, 30_000)

  it('two gates each needing two of three cards take them in one order: no deadlock, both finish', async () => {
    const leaseDir = dir()
    const hold = async (ids: string[], model: string) => {
      const got = await takeLeases(ids, opts(leaseDir, 20_000, model))
      if (!got.ok) return got
      await sleep(200)
      got.leases.release()
      return got
    }
    // Asked in opposite orders: taken in UUID order, so one waits for the other instead of each
    // holding one card of the pair.
    const [a, b] = await Promise.all([hold(['GPU-2', 'GPU-1'], 'a'), hold(['GPU-1', 'GPU-3'], 'b')])
    expect(a.ok && b.ok).toBe(true)
    expect([a, b].filter(x => x.ok && x.waited)).toHaveLength(1)
  })

  it('all or none: when one of two leases cannot be taken, the other is let go', async () => {
    const leaseDir = dir()
    const gate = await otherGate(leaseDir, ['GPU-y'])
    const pair = await takeLeases(['GPU-x', 'GPU-y'], opts(leaseDir, 200))
    expect(pair).toMatchObject({ ok: false, why: 'timeout', id: 'GPU-y' })
    // Letting go is asynchronous (the holder child exits on EOF, and the kernel then drops the lock):
    // a later gate waits for it, as every gate does up to measure.gpu-wait. A GPU-x still held by
    // the failed pair would keep this wait from ending in time.
    const single = await takeLeases(['GPU-x'], opts(leaseDir, 5000))
    expect(single.ok).toBe(true)
    if (single.ok) single.leases.release()
    gate.kill('SIGKILL')
  })

  it('an abort stops the wait', async () => {
    const leaseDir = dir()
    const gate = await otherGate(leaseDir, ['GPU-z'])
    const abort = new AbortController()
    const waiting = takeLeases(['GPU-z'], { ...opts(leaseDir, 20_000), abort: abort.signal })
    await sleep(100)
    abort.abort()
    expect(await waiting).toMatchObject({ ok: false, why: 'aborted' })
    gate.kill('SIGKILL')
  })

  it('flock(1) missing: unavailable, with the cause', async () => {
    const saved = process.env.PATH
    process.env.PATH = '/nonexistent'
    try {
      const got = await takeLeases(['GPU-q'], opts(dir(), 100))
      expect(got).toMatchObject({ ok: false, why: 'unavailable' })
    } finally {
      process.env.PATH = saved
    }
  })
})
