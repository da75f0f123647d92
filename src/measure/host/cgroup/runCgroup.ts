// One run's own memory cgroup: what the kernel charged the run (the number a container limit
// enforces: private pages once, shared pages once, tmpfs such as /dev/shm included), its peak
// kept by the kernel even across an abrupt exit, the OOM kills the kernel recorded for it, and a
// membership no child can leave by setsid or double fork.
// v1 (Documentation/admin-guide/cgroup-v1/memory.rst): memory.usage_in_bytes,
//   memory.max_usage_in_bytes, memory.oom_control (`oom_kill N` since Linux 4.13), memory.failcnt.
// v2 (Documentation/admin-guide/cgroup-v2.rst): memory.current, memory.peak (Linux 5.19),
//   memory.events (`oom_kill N`, `max N`), cgroup.kill (Linux 5.14).
import { mkdirSync, readFileSync, rmdirSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import type { CgroupVersion, MemoryHierarchy } from './findMemoryCgroup.js'

/** `key value` lines (memory.events, memory.oom_control, memory.stat) as a map of numbers. */
export function parseFlatKeyed(text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/)
    if (key && value !== undefined && /^\d+$/.test(value)) out.set(key, Number(value))
  }
  return out
}

export class RunCgroup {
  constructor(
    /** The cgroup's directory, e.g. /sys/fs/cgroup/memory/…/oom-gate-123-1. */
    readonly dir: string,
    readonly version: CgroupVersion
  ) {}

  /**
   * A fresh child cgroup named `name` under the gate's own cgroup, else under the hierarchy's
   * root; null with the reason when neither can be created with the memory controller (no root,
   * read-only /sys/fs/cgroup, v2 without delegation).
   */
  static create(
    hierarchy: MemoryHierarchy,
    name: string
  ): { cgroup: RunCgroup; reason: null } | { cgroup: null; reason: string } {
    const parents = [...new Set([hierarchy.ownDir, hierarchy.mountPoint])]
    const problems: string[] = []
    for (const parent of parents) {
      const dir = join(parent, name)
      try {
        if (hierarchy.version === 2) enableMemoryController(parent)
        mkdirSync(dir)
      } catch (err) {
        problems.push(`${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
        continue
      }
      const cgroup = new RunCgroup(dir, hierarchy.version)
      if (cgroup.currentBytes() !== null) return { cgroup, reason: null }
      cgroup.remove()
      problems.push(`${dir}: no memory accounting`)
    }
    return { cgroup: null, reason: `cannot create a memory cgroup (${problems.join('; ')})` }
  }

  /** The file a process writes its pid to in order to join. */
  get procsFile(): string {
    return join(this.dir, 'cgroup.procs')
  }

  /** Bytes charged now, or null when unreadable. */
  currentBytes(): number | null {
    return this.readNumber(this.version === 1 ? 'memory.usage_in_bytes' : 'memory.current')
  }

  /** The kernel's own high-water mark of the charge, or null (v2 before Linux 5.19). */
  peakBytes(): number | null {
    return this.readNumber(this.version === 1 ? 'memory.max_usage_in_bytes' : 'memory.peak')
  }

  /**
   * v1: what the kernel cannot reclaim from the run (Documentation/admin-guide/cgroup-v1/memory.rst):
   * memory.stat's total_rss (anonymous memory and swap cache) + total_shmem (tmpfs, /dev/shm) over
   * this cgroup and its descendants, + memory.kmem.usage_in_bytes (kernel memory charged to it;
   * its reclaimable slab is counted too, a small overestimate). Page cache, mapped or not, is left
   * out: the kernel drops or writes it back before it OOM-kills, so a 1.5 GB checkpoint write is
   * not 1.5 GiB of need. Also the file page cache charged now (total_cache − total_shmem). Bytes;
   * null on v2 or when memory.stat is unreadable.
   */
  unreclaimable(): { unreclaimableBytes: number; fileCacheBytes: number } | null {
    if (this.version !== 1) return null
    const stat = this.readKeyed('memory.stat')
    const rss = stat?.get('total_rss')
    if (stat === null || rss === undefined) return null
    const shmem = stat.get('total_shmem') ?? 0
    return {
      unreclaimableBytes: rss + shmem + (this.readNumber('memory.kmem.usage_in_bytes') ?? 0),
      fileCacheBytes: Math.max(0, (stat.get('total_cache') ?? 0) - shmem)
    }
  }

  /** Processes the kernel's OOM killer killed in this cgroup so far, or null when not recorded. */
  oomKills(): number | null {
    const file = this.version === 1 ? 'memory.oom_control' : 'memory.events'
    return this.readKeyed(file)?.get('oom_kill') ?? null
  }

  /** Times the charge hit a limit (v1 memory.failcnt, v2 memory.events `max`), or null. */
  limitHits(): number | null {
    return this.version === 1
      ? this.readNumber('memory.failcnt')
      : (this.readKeyed('memory.events')?.get('max') ?? null)
  }

  /** Pids in the cgroup now (every process of the run, wherever it moved in the process tree). */
  pids(): number[] {
    try {
      return readFileSync(this.procsFile, 'utf8')
        .split('\n')
        .filter(l => /^\d+$/.test(l))
        .map(Number)
    } catch {
      return []
    }
  }

  /** SIGKILLs every member: v2's cgroup.kill where present (atomic, forks included), else one by one. */
  killAll(): void {
    if (this.version === 2 && existsSync(join(this.dir, 'cgroup.kill'))) {
      try {
        writeFileSync(join(this.dir, 'cgroup.kill'), '1')
        return
      } catch {
        // fall through to one by one
      }
    }
    for (const pid of this.pids()) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  }

  /** Removes the (empty) cgroup; false while a member is left. */
  remove(): boolean {
    try {
      rmdirSync(this.dir)
      return true
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ENOENT'
    }
  }

  private readNumber(file: string): number | null {
    try {
      const text = readFileSync(join(this.dir, file), 'utf8').trim()
      return /^\d+$/.test(text) ? Number(text) : null
    } catch {
      return null
    }
  }

  private readKeyed(file: string): Map<string, number> | null {
    try {
      return parseFlatKeyed(readFileSync(join(this.dir, file), 'utf8'))
    } catch {
      return null
    }
  }
}

/** v2: a child gets the memory controller only when its parent delegates it (cgroup.subtree_control). */
function enableMemoryController(parent: string): void {
  const control = join(parent, 'cgroup.subtree_control')
  const enabled = readFileSync(control, 'utf8').split(/\s+/)
  if (!enabled.includes('memory')) writeFileSync(control, '+memory')
}
