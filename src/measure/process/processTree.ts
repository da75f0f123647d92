// The smoke run's process tree, from /proc: every process descended from the shell (by ppid at
// the time we saw it), or in its process group or session. Processes are remembered by
// (pid, start time), so a child that escaped with setsid() and was re-parented to init is still
// ours, and a recycled pid is not. Refreshing reads /proc/<pid>/stat only for processes that are
// new since the last refresh or already ours, so it stays cheap on a busy host.
// A process that left the tree by a double fork and setsid is still ours when it is in the
// run's memory cgroup, or carries the run's token (OOM_GATE_RUN_TOKEN) in its environment, or
// (whatever it did to its environment) when the run's child subreaper adopted it (subreaper.ts).
import { readdirSync, readFileSync } from 'node:fs'
import { isRunning, readProcStat, type ProcStat } from '../host/procStat.js'
import { pageSize } from '../host/pageSize.js'
import { readHighWaterMarkBytes } from '../host/procHighWaterMark.js'

export interface TreeMembership {
  /** `NAME=value` the gate put in the run's environment: a process carrying it is ours. */
  envToken?: string
  /** Pids of the run's cgroup (all of them are ours). */
  cgroupPids?: () => number[]
  /**
   * Pids listed before the run was started (listPids): none of them is the run's, so the first
   * refresh reads /proc/<pid>/stat only for the few started since, not for every process.
   */
  before?: ReadonlySet<number>
  /**
   * The run's child subreaper (outside the tree): its children are ours, as long as it is the
   * process seen at the first refresh (its pid is not trusted once it has exited).
   */
  reaperPid?: number | null
}

/** The pids in /proc now (names only: no process file is read); empty when /proc cannot be read. */
export function listPids(procRoot = '/proc'): Set<number> {
  const pids = new Set<number>()
  let entries: string[]
  try {
    entries = readdirSync(procRoot)
  } catch {
    return pids
  }
  for (const entry of entries) {
    const first = entry.charCodeAt(0)
    if (first >= 48 && first <= 57) pids.add(Number(entry))
  }
  return pids
}

export class ProcessTree {
  private readonly live = new Map<number, ProcStat>()
  private readonly ever = new Map<number, number>()
  /** Pids present at the last refresh: those not in `live` are not ours and never become ours. */
  private present = new Set<number>()
  private rootStartTime: number | null = null
  /** The subreaper's start time at the first refresh (null: it was gone already); undefined before. */
  private reaperStartTime: number | null | undefined = undefined
  /** The subreaper is still the process first seen under its pid (checked at every refresh). */
  private reaperAlive = false

  constructor(
    readonly rootPid: number,
    private readonly procRoot = '/proc',
    private readonly membership: TreeMembership = {}
  ) {
    if (membership.before) {
      this.present = new Set(membership.before)
      this.present.delete(rootPid)
    }
    this.refresh()
  }

  refresh(): void {
    let entries: string[]
    try {
      entries = readdirSync(this.procRoot)
    } catch {
      return
    }
    const reaper = this.membership.reaperPid
    if (reaper) {
      const stat = readProcStat(reaper, this.procRoot)
      if (this.reaperStartTime === undefined) this.reaperStartTime = isRunning(stat) ? stat.startTime : null
      this.reaperAlive = isRunning(stat) && stat.startTime === this.reaperStartTime
    }
    const present = new Set<number>()
    const fresh: ProcStat[] = []
    for (const entry of entries) {
      const first = entry.charCodeAt(0)
      if (first < 48 || first > 57) continue
      const pid = Number(entry)
      present.add(pid)
      if (this.live.has(pid) || this.present.has(pid)) continue
      const stat = readProcStat(pid, this.procRoot)
      if (stat) fresh.push(stat)
    }
    for (const [pid, before] of this.live) {
      const stat = present.has(pid) ? readProcStat(pid, this.procRoot) : null
      if (stat && stat.startTime !== before.startTime) {
        this.live.delete(pid)
        fresh.push(stat) // the pid was recycled: judge the newcomer on its own
      } else if (!isRunning(stat)) this.live.delete(pid)
      else this.live.set(pid, stat)
    }
    this.rootStartTime ??= fresh.find(s => s.pid === this.rootPid)?.startTime ?? null
    const inCgroup = new Set(this.membership.cgroupPids?.() ?? [])
    // A new process whose environment reads empty is undecided, not foreign: during execve the
    // kernel has switched to the new image before it sets the environment's bounds, so an escapee
    // caught in that instant (setsid exec'ing python, re-parented to init) reads as "no token".
    // Recorded as present it would never be judged again: it is judged again next refresh.
    const undecided = new Set<number>()
    const adopted = new Set(
      fresh
        .filter(s => {
          if (inCgroup.has(s.pid)) return true
          const token = this.carriesToken(s)
          if (token === 'unreadable') undecided.add(s.pid)
          return token === 'yes'
        })
        .map(s => s.pid)
    )
    // Adopt parents before their children: repeat until nothing new joins.
    for (let grew = true; grew;) {
      grew = false
      for (let i = fresh.length - 1; i >= 0; i--) {
        const stat = fresh[i] as ProcStat
        if (!this.belongs(stat) && !adopted.has(stat.pid)) continue
        fresh.splice(i, 1)
        grew = true
        this.ever.set(stat.pid, stat.startTime)
        if (isRunning(stat)) this.live.set(stat.pid, stat)
      }
    }
    for (const pid of undecided) if (!this.live.has(pid)) present.delete(pid)
    this.present = present
  }

  /** Only processes started since the run can carry its token: older ones are not read. */
  private carriesToken(stat: ProcStat): 'yes' | 'no' | 'unreadable' {
    const token = this.membership.envToken
    if (!token || this.rootStartTime === null || stat.startTime < this.rootStartTime) return 'no'
    let environ: string
    try {
      environ = readFileSync(`${this.procRoot}/${stat.pid}/environ`, 'latin1')
    } catch {
      return 'no' // gone, or another user's: not readable later either
    }
    // Kernel threads have no environment and are never ours.
    if (environ === '') return stat.ppid === 2 || stat.pid === 2 ? 'no' : 'unreadable'
    return environ.split('\0').includes(token) ? 'yes' : 'no'
  }

  private belongs(stat: ProcStat): boolean {
    const root = this.rootPid
    return (
      stat.pid === root ||
      stat.pgrp === root ||
      stat.session === root ||
      this.live.has(stat.ppid) ||
      (this.reaperAlive && stat.ppid === this.membership.reaperPid)
    )
  }

  /** Was this pid ever part of the tree (as of the last refresh)? */
  has(pid: number): boolean {
    return this.ever.has(pid)
  }

  /** Was this pid in /proc at the last refresh (ours or not)? */
  seen(pid: number): boolean {
    return this.present.has(pid) || this.ever.has(pid)
  }

  liveMembers(): ProcStat[] {
    return [...this.live.values()]
  }

  get size(): number {
    return this.live.size
  }

  everPids(): number[] {
    return [...this.ever.keys()]
  }

  /** Resident memory of the running members at the last refresh. */
  rssBytes(): number {
    let pages = 0
    for (const stat of this.live.values()) pages += stat.rssPages
    return pages * pageSize()
  }

  /** The largest resident high-water mark of a live member: a floor for the tree's true peak. */
  highWaterMarkBytes(): number {
    let best = 0
    for (const pid of this.live.keys()) best = Math.max(best, readHighWaterMarkBytes(pid, this.procRoot) ?? 0)
    return best
  }

  /** Is pid still the very process we recorded (not exited, not recycled)? Checked before signalling. */
  isSameRunning(pid: number): boolean {
    const startTime = this.ever.get(pid)
    const stat = readProcStat(pid, this.procRoot)
    return startTime !== undefined && isRunning(stat) && stat.startTime === startTime
  }
}
