// Host memory of one process as the kernel shares it out: PSS from /proc/<pid>/smaps_rollup
// (Linux 4.14). A page shared by n processes counts 1/n in each, so copy-on-write pages of forked
// DataLoader workers and shared libraries count once over the tree, not once per process.
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs'

export interface PssReading {
  /** Proportional set size, bytes. */
  pssBytes: number
  /** The part of it in shared memory (tmpfs, /dev/shm, memfd, shared anonymous), bytes. */
  pssShmemBytes: number
}

/** Pss and Pss_Shmem of smaps_rollup text (values in kB), or null when absent. */
export function parseSmapsRollup(text: string): PssReading | null {
  const pss = /^Pss:\s+(\d+) kB$/m.exec(text)
  if (!pss) return null
  const shmem = /^Pss_Shmem:\s+(\d+) kB$/m.exec(text)
  return { pssBytes: Number(pss[1]) * 1024, pssShmemBytes: shmem ? Number(shmem[1]) * 1024 : 0 }
}

export function readPss(pid: number, procRoot = '/proc'): PssReading | null {
  try {
    return parseSmapsRollup(readFileSync(`${procRoot}/${pid}/smaps_rollup`, 'utf8'))
  } catch {
    return null
  }
}

/**
 * Bytes of /dev/shm files the processes hold open (deleted or not; each file once): tmpfs pages
 * are memory whether or not they are mapped, and PSS counts only the mapped ones. A file written
 * and closed is held by no process: only the run's cgroup counts it.
 */
export function heldShmBytes(pids: Iterable<number>, procRoot = '/proc'): number {
  const seen = new Set<string>()
  let bytes = 0
  for (const pid of pids) {
    let fds: string[]
    try {
      fds = readdirSync(`${procRoot}/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      const path = `${procRoot}/${pid}/fd/${fd}`
      try {
        if (!readlinkSync(path).startsWith('/dev/shm/')) continue
        const st = statSync(path)
        const key = `${st.dev}:${st.ino}`
        if (seen.has(key)) continue
        seen.add(key)
        bytes += st.blocks * 512
      } catch {
        // closed meanwhile
      }
    }
  }
  return bytes
}
