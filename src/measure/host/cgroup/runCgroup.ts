// One run's own memory cgroup: what the kernel charged the run (the number a container limit
// enforces: private pages once, shared pages once, tmpfs such as /dev/shm included), its peak
// kept by the kernel even across an abrupt exit, the OOM kills the kernel recorded for it, and a
// membership no child can leave by setsid or double fork.
// v1 (Documentation/admin-guide/cgroup-v1/memory.rst): memory.usage_in_bytes,
//   memory.max_usage_in_bytes, memory.oom_control (`oom_kill N` since Linux 4.13), memory.failcnt.
// v2 (Documentation/admin-guide/cgroup-v2.rst): memory.current, memory.peak (Linux 5.19),
//   memory.events (`oom_kill N`, `max N`), cgroup.kill (Linux 5.14).
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
  type Dirent
} from 'node:fs'
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

  /** v1: the most oom_kill each nested cgroup was read at, by directory. */
  private readonly nestedKills = new Map<string, number>()

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
   * null when memory.stat is unreadable.
   * v2 (Documentation/admin-guide/cgroup-v2.rst, memory.stat, which covers the subtree): anon +
   * shmem + kernel (Linux 5.18; before it, the sum of kernel_stack, pagetables, sec_pagetables,
   * percpu, sock, vmalloc and slab_unreclaimable); file cache is file − shmem (v2's file includes
   * shmem).
   */
  unreclaimable(): { unreclaimableBytes: number; fileCacheBytes: number } | null {
    if (this.version === 2) return this.unreclaimableV2()
    const stat = this.readKeyed('memory.stat')
    const rss = stat?.get('total_rss')
    if (stat === null || rss === undefined) return null
    const shmem = stat.get('total_shmem') ?? 0
    return {
      unreclaimableBytes: rss + shmem + (this.readNumber('memory.kmem.usage_in_bytes') ?? 0),
      fileCacheBytes: Math.max(0, (stat.get('total_cache') ?? 0) - shmem)
    }
  }

  private unreclaimableV2(): { unreclaimableBytes: number; fileCacheBytes: number } | null {
    const stat = this.readKeyed('memory.stat')
    const anon = stat?.get('anon')
    if (stat === null || anon === undefined) return null
    const shmem = stat.get('shmem') ?? 0
    const kernel =
      stat.get('kernel') ??
      ['kernel_stack', 'pagetables', 'sec_pagetables', 'percpu', 'sock', 'vmalloc', 'slab_unreclaimable']
        .map(key => stat.get(key) ?? 0)
        .reduce((a, b) => a + b, 0)
    return {
      unreclaimableBytes: anon + shmem + kernel,
      fileCacheBytes: Math.max(0, (stat.get('file') ?? 0) - shmem)
    }
  }

  /**
   * Processes the kernel's OOM killer killed in this cgroup and the cgroups the run nested under
   * it, so far, or null when not recorded. v2's memory.events counts the subtree; v1's
   * memory.oom_control counts only its own cgroup (seen on Linux 6.18: a kill in a child leaves
   * the parent's at 0), so v1 sums every descendant's, each at the most it was ever read (a nested
   * cgroup the run removed keeps counting; one made and removed between two reads is missed).
   */
  oomKills(): number | null {
    if (this.version === 2) return this.readKeyed('memory.events')?.get('oom_kill') ?? null
    const own = this.readKeyed('memory.oom_control')?.get('oom_kill') ?? null
    if (own === null) return null
    for (const dir of this.descendants()) {
      const kills = readKeyedAt(join(dir, 'memory.oom_control'))?.get('oom_kill')
      if (kills !== undefined) this.nestedKills.set(dir, Math.max(kills, this.nestedKills.get(dir) ?? 0))
    }
    let nested = 0
    for (const kills of this.nestedKills.values()) nested += kills
    return own + nested
  }

  /** Cgroups the run created under this one, deepest first (the order rmdir needs). */
  descendants(): string[] {
    const out: string[] = []
    const walk = (dir: string) => {
      let entries: Dirent[]
      try {
        entries = readdirSync(dir, { withFileTypes: true })
      } catch {
        return // removed meanwhile
      }
      for (const e of entries) {
        if (!e.isDirectory()) continue
        walk(join(dir, e.name))
        out.push(join(dir, e.name))
      }
    }
    walk(this.dir)
    return out
  }

  /** Times the charge hit a limit (v1 memory.failcnt, v2 memory.events `max`), or null. */
  limitHits(): number | null {
    return this.version === 1
      ? this.readNumber('memory.failcnt')
      : (this.readKeyed('memory.events')?.get('max') ?? null)
  }

  /**
   * Pids in the cgroup and the cgroups nested under it now (every process of the run, wherever it
   * moved in the process tree; v1's cgroup.procs lists only its own cgroup's).
   */
  pids(): number[] {
    const pids: number[] = []
    for (const dir of [this.dir, ...this.descendants()]) {
      try {
        for (const l of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n'))
          if (/^\d+$/.test(l)) pids.push(Number(l))
      } catch {
        // removed meanwhile
      }
    }
    return pids
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

  /**
   * Removes the (empty) cgroup and every cgroup the run nested under it, deepest first; false
   * while a member is left.
   */
  remove(): boolean {
    let removed = true
    for (const dir of [...this.descendants(), this.dir]) {
      try {
        rmdirSync(dir)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') removed = false
      }
    }
    return removed
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
    return readKeyedAt(join(this.dir, file))
  }
}

function readKeyedAt(path: string): Map<string, number> | null {
  try {
    return parseFlatKeyed(readFileSync(path, 'utf8'))
  } catch {
    return null
  }
}

/** v2: a child gets the memory controller only when its parent delegates it (cgroup.subtree_control). */
function enableMemoryController(parent: string): void {
  const control = join(parent, 'cgroup.subtree_control')
  const enabled = readFileSync(control, 'utf8').split(/\s+/)
  if (!enabled.includes('memory')) writeFileSync(control, '+memory')
}
