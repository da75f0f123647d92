// Host memory of the smoke run and its peak over time, by the best method the runner allows:
// - cgroup-v1-unreclaimable: what the kernel cannot reclaim from the run's own v1 memory cgroup
//   (anonymous + shmem + kernel memory, from memory.stat), sampled: page cache the run filled (a
//   checkpoint write) is reclaimed before any OOM kill, so it is not need; the kernel's charge
//   high-water mark (max_usage_in_bytes, page cache included) is kept only as a cross-check;
// - cgroup-v2-unreclaimable: the same from v2's memory.stat (anon + shmem + kernel), with
//   memory.peak (Linux 5.19) as the cross-check;
// - cgroup-v1 / cgroup-v2 (memory.stat unreadable): what the kernel charged the run's own memory cgroup (shared pages
//   once, /dev/shm included), with the kernel's own high-water mark (kept through os._exit or
//   SIGKILL, read once more after the run);
// - pss: the tree's proportional set sizes, /dev/shm files it holds open counted whole;
// - rss: resident memory summed over the tree (counts shared pages once per process: an upper
//   bound, used only where smaps_rollup cannot be read).
// PSS and RSS also take the largest VmHWM of a member, so a spike between samples is a floor.
// smaps_rollup makes the kernel walk every mapping (about 0.5 ms for a node or python process):
// PSS is re-read only as often as PSS_CPU_SHARE of one core allows, and stands in between.
import type { RunCgroup } from './cgroup/runCgroup.js'
import { heldShmBytes, readPss, type PssReading } from './hostMemory.js'
import { pageSize } from './pageSize.js'
import type { ProcessTree } from '../process/processTree.js'

import type { HostMethod } from '../../measurement.js'
import { formatBytes } from '../../config/units.js'
import { note, type Note } from '../../notes.js'

/** Most of one core the PSS reads may take (the gate's whole budget is 2%). */
export const PSS_CPU_SHARE = 0.005

/** How far the charge must exceed the judged peak before the report explains it (64 MiB). */
const PAGE_CACHE_NOTE_BYTES = 64 * 2 ** 20

export class HostSampler {
  currentBytes: number | null = null
  peakBytes: number | null = null
  peakAtMs: number | null = null
  method: HostMethod
  /**
   * cgroup-v1/v2-unreclaimable: the kernel's own high-water mark of the charge (page cache included),
   * bytes; a cross-check, never judged. Null for the other methods.
   */
  chargedPeakBytes: number | null = null
  /** cgroup-v1/v2-unreclaimable: the most file page cache charged to the run at any sample, bytes. */
  private fileCacheMaxBytes = 0
  /** smaps_rollup could be read for some member: the method is PSS (else RSS, Linux < 4.14). */
  private pssSeen = false
  /** performance.now() after which PSS is read again, and the last reading. */
  private pssDueAt = 0
  private lastPss = 0
  private lastPssMembers = -1
  /** Each member's last PSS reading: stands in when a read fails while the process exits. */
  private readonly pssOf = new Map<number, PssReading>()

  constructor(
    private readonly tree: ProcessTree,
    private readonly cgroup: RunCgroup | null = null,
    private readonly wanted: 'pss' | 'rss' = 'pss'
  ) {
    this.method = cgroup
      ? cgroup.unreclaimable() !== null
        ? cgroup.version === 2
          ? 'cgroup-v2-unreclaimable'
          : 'cgroup-v1-unreclaimable'
        : cgroup.version === 2
          ? 'cgroup-v2'
          : 'cgroup-v1'
      : wanted
  }

  /**
   * A finding when the kernel's charge (page cache included) peaked well above the judged peak,
   * so the report says why the two differ; null otherwise.
   */
  pageCacheNote(): Note | null {
    const charged = this.chargedPeakBytes
    const judged = this.peakBytes ?? 0
    if (charged === null || charged - judged < PAGE_CACHE_NOTE_BYTES) return null
    return note(
      'page-cache-excluded',
      `the kernel's charge to the run's memory cgroup peaked at ${formatBytes(charged)} with page cache (files it wrote or read, which the kernel reclaims before an OOM kill); judged is what it cannot reclaim: ${formatBytes(judged)} of anonymous, shmem and kernel memory`
    )
  }

  /** Call after tree.refresh(); elapsedMs is the time since the run started. */
  sample(elapsedMs: number): void {
    if (this.cgroup && this.unreclaimableMethod()) {
      const stat = this.cgroup.unreclaimable()
      this.chargedPeakBytes = this.cgroup.peakBytes() ?? this.chargedPeakBytes
      this.currentBytes = stat?.unreclaimableBytes ?? null
      if (stat === null) return
      this.fileCacheMaxBytes = Math.max(this.fileCacheMaxBytes, stat.fileCacheBytes)
      this.raise(stat.unreclaimableBytes, elapsedMs)
      // v1 counts OOM kills per cgroup: read the nested ones while they exist (runCgroup.oomKills).
      this.cgroup.oomKills()
      return
    }
    if (this.cgroup) {
      const current = this.cgroup.currentBytes()
      this.currentBytes = current
      this.raise(Math.max(current ?? 0, this.cgroup.peakBytes() ?? 0), elapsedMs)
      return
    }
    if (this.tree.size === 0) {
      this.currentBytes = 0
      return
    }
    const bytes = this.wanted === 'pss' ? this.pacedPss() : this.tree.rssBytes()
    this.currentBytes = bytes
    // A spike between two samples still shows in one process's VmHWM (it happened by now).
    this.raise(Math.max(bytes, this.tree.highWaterMarkBytes()), elapsedMs)
  }

  /**
   * After the run: the cgroup's high-water mark once more, which holds a peak reached just before
   * an abrupt exit that no sample saw. elapsedMs: when the run ended.
   */
  finish(elapsedMs: number): void {
    if (this.unreclaimableMethod()) {
      // A spike between two samples (a peak just before os._exit or SIGKILL) shows only in the
      // charge's mark, which includes page cache. Page cache stays charged after the run exits, so
      // the mark less the most file cache ever seen is what the run could not have reclaimed at
      // that moment (file cache filled and reclaimed between two samples would make it high).
      this.chargedPeakBytes = this.cgroup?.peakBytes() ?? this.chargedPeakBytes
      const stat = this.cgroup?.unreclaimable() ?? null
      if (stat) this.fileCacheMaxBytes = Math.max(this.fileCacheMaxBytes, stat.fileCacheBytes)
      if (this.chargedPeakBytes !== null)
        this.raise(this.chargedPeakBytes - this.fileCacheMaxBytes, elapsedMs)
      return
    }
    const peak = this.cgroup?.peakBytes() ?? null
    if (peak !== null && peak > 0) this.raise(peak, elapsedMs)
  }

  private unreclaimableMethod(): boolean {
    return this.method === 'cgroup-v1-unreclaimable' || this.method === 'cgroup-v2-unreclaimable'
  }

  private raise(bytes: number, elapsedMs: number): void {
    if (bytes <= 0) return
    if (this.peakBytes === null || bytes > this.peakBytes) {
      this.peakBytes = bytes
      this.peakAtMs = elapsedMs
    }
  }

  /** The tree's PSS, re-read when due or when the tree changed size. */
  private pacedPss(): number {
    const now = performance.now()
    if (now < this.pssDueAt && this.tree.size === this.lastPssMembers) return this.lastPss
    this.lastPss = this.treePss()
    this.lastPssMembers = this.tree.size
    const cost = performance.now() - now
    this.pssDueAt = now + cost / PSS_CPU_SHARE
    return this.lastPss
  }

  /** PSS of the live members; the /dev/shm they hold open counts where it exceeds what they map of it. */
  private treePss(): number {
    let pss = 0
    let shmem = 0
    let pssRead = false
    for (const member of this.tree.liveMembers()) {
      const reading = readPss(member.pid) ?? this.pssOf.get(member.pid) ?? null
      if (reading === null) {
        // Never read: no smaps_rollup here (its RSS stands in while no member could be read), or
        // forked or exiting between refresh and read (its RSS would count shared pages again).
        if (!this.pssSeen) pss += member.rssPages * pageSize()
        continue
      }
      this.pssOf.set(member.pid, reading)
      pssRead = true
      pss += reading.pssBytes
      shmem += reading.pssShmemBytes
    }
    if (this.pssOf.size > 2 * this.tree.size + 16) {
      const live = new Set(this.tree.liveMembers().map(m => m.pid))
      for (const pid of this.pssOf.keys()) if (!live.has(pid)) this.pssOf.delete(pid)
    }
    if (pssRead) this.pssSeen = true
    else if (!this.pssSeen && this.tree.size > 0) this.method = 'rss'
    if (this.pssSeen) this.method = 'pss'
    const held = heldShmBytes(this.tree.liveMembers().map(m => m.pid))
    return pss - shmem + Math.max(shmem, held)
  }
}
