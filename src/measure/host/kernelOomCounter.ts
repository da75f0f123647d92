// Did the kernel OOM-kill anything during the run? The run's own cgroup counts its kills
// (memory.oom_control / memory.events `oom_kill`); without one, the kernel log names the pids
// it killed (/dev/kmsg, root only); else /proc/vmstat's `oom_kill` (Linux 4.13) counts the
// machine's, a weaker record (another process's kill counts too).
import { readFileSync } from 'node:fs'
import type { RunCgroup } from './cgroup/runCgroup.js'
import { oomKilledPids, readKmsg, uptimeMicros } from './kernelLog.js'
import { parseFlatKeyed } from './cgroup/runCgroup.js'

export interface OomKillRecord {
  kills: number | null
  source: 'cgroup' | 'kmsg' | 'vmstat' | null
}

export function readVmstatOomKills(path = '/proc/vmstat'): number | null {
  try {
    return parseFlatKeyed(readFileSync(path, 'utf8')).get('oom_kill') ?? null
  } catch {
    return null
  }
}

/** Reads the counters at the start; `end()` gives the kills since then. */
export class OomKillCounter {
  private readonly cgroupStart: number | null
  private readonly vmstatStart: number | null
  private readonly startMicros: number | null

  constructor(
    private readonly cgroup: RunCgroup | null,
    private readonly vmstatPath = '/proc/vmstat'
  ) {
    this.cgroupStart = cgroup?.oomKills() ?? null
    this.vmstatStart = readVmstatOomKills(vmstatPath)
    this.startMicros = uptimeMicros()
  }

  /** `runPids`: every pid the run ever had, for the kernel log. */
  end(runPids: Iterable<number> = [], kmsgPath = '/dev/kmsg'): OomKillRecord {
    const cg = this.cgroup?.oomKills() ?? null
    if (cg !== null && this.cgroupStart !== null) return { kills: cg - this.cgroupStart, source: 'cgroup' }
    const records = this.startMicros !== null ? readKmsg(kmsgPath) : null
    if (records !== null && this.startMicros !== null) {
      const killed = oomKilledPids(records, this.startMicros)
      let kills = 0
      for (const pid of runPids) if (killed.has(pid)) kills++
      return { kills, source: 'kmsg' }
    }
    const vm = readVmstatOomKills(this.vmstatPath)
    if (vm !== null && this.vmstatStart !== null) return { kills: vm - this.vmstatStart, source: 'vmstat' }
    return { kills: null, source: null }
  }
}
