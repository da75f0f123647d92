// Where this process may create a memory cgroup for a run: the memory controller's hierarchy
// (cgroup v2's unified tree, or v1's `memory` mount) and the cgroup the gate itself lives in, from
// /proc/self/mountinfo and /proc/self/cgroup (man 7 cgroups; kernel docs cgroup-v1/memory.rst and
// admin-guide/cgroup-v2.rst). Pure over the two files' text; `proc` is injectable for tests.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export type CgroupVersion = 1 | 2

export interface MemoryHierarchy {
  version: CgroupVersion
  /** Mount point of the hierarchy, e.g. /sys/fs/cgroup or /sys/fs/cgroup/memory. */
  mountPoint: string
  /** Directory of the gate's own cgroup inside that mount (may equal mountPoint). */
  ownDir: string
}

interface Mount {
  root: string
  mountPoint: string
  fsType: string
  superOptions: string[]
}

/** Lines of /proc/self/mountinfo: `id parent major:minor root mountpoint opts ... - fstype source superopts`. */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = []
  for (const line of text.split('\n')) {
    const fields = line.split(' ')
    const dash = fields.indexOf('-')
    if (dash < 5 || fields.length < dash + 4) continue
    mounts.push({
      root: unescapeMount(fields[3]!),
      mountPoint: unescapeMount(fields[4]!),
      fsType: fields[dash + 1]!,
      superOptions: fields[dash + 3]!.split(',')
    })
  }
  return mounts
}

/** mountinfo escapes space, tab, newline and backslash as octal (\040). */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)))
}

/** Lines of /proc/self/cgroup: `id:controllers:path`; v2's line is `0::path`. */
export function parseProcCgroup(text: string): { id: string; controllers: string[]; path: string }[] {
  return text
    .split('\n')
    .filter(l => l.length > 0)
    .map(l => {
      const first = l.indexOf(':')
      const second = l.indexOf(':', first + 1)
      return {
        id: l.slice(0, first),
        controllers: l
          .slice(first + 1, second)
          .split(',')
          .filter(Boolean),
        path: l.slice(second + 1)
      }
    })
}

/**
 * The memory hierarchy this process can use, v1 first when both exist (a hybrid host's v2 tree
 * holds no memory controller) or null with the reason. `available(dir)` says which controllers a
 * v2 cgroup directory offers; by default it reads `cgroup.controllers`.
 */
export function findMemoryHierarchy(
  mountinfo: string,
  procCgroup: string,
  available: (dir: string) => string[] = readControllers
): { hierarchy: MemoryHierarchy } | { hierarchy: null; reason: string } {
  const mounts = parseMountinfo(mountinfo)
  const memberships = parseProcCgroup(procCgroup)
  const v1 = mounts.find(m => m.fsType === 'cgroup' && m.superOptions.includes('memory'))
  const v1Own = memberships.find(c => c.id !== '0' && c.controllers.includes('memory'))
  if (v1 && v1Own) {
    return { hierarchy: { version: 1, mountPoint: v1.mountPoint, ownDir: inside(v1, v1Own.path) } }
  }
  const v2 = mounts.find(m => m.fsType === 'cgroup2')
  const v2Own = memberships.find(c => c.id === '0' && c.controllers.length === 0)
  if (v2 && v2Own) {
    if (!available(v2.mountPoint).includes('memory')) {
      return { hierarchy: null, reason: `the cgroup v2 tree at ${v2.mountPoint} has no memory controller` }
    }
    return { hierarchy: { version: 2, mountPoint: v2.mountPoint, ownDir: inside(v2, v2Own.path) } }
  }
  return { hierarchy: null, reason: 'no cgroup memory controller is mounted' }
}

/** The directory of `path` (as /proc/self/cgroup names it) under a mount whose root may be a sub-tree. */
function inside(mount: Mount, path: string): string {
  const root = mount.root === '/' ? '' : mount.root
  const rel = root && (path === root || path.startsWith(`${root}/`)) ? path.slice(root.length) : path
  // With a cgroup namespace the path is already relative to the mount; "/.." marks a cgroup outside it.
  return rel.includes('/..') ? mount.mountPoint : join(mount.mountPoint, rel)
}

function readControllers(dir: string): string[] {
  try {
    return readFileSync(join(dir, 'cgroup.controllers'), 'utf8').trim().split(/\s+/)
  } catch {
    return []
  }
}

/** This process's memory hierarchy, read from `proc` (default /proc). */
export function ownMemoryHierarchy(
  proc = '/proc'
): { hierarchy: MemoryHierarchy } | { hierarchy: null; reason: string } {
  try {
    return findMemoryHierarchy(
      readFileSync(join(proc, 'self/mountinfo'), 'utf8'),
      readFileSync(join(proc, 'self/cgroup'), 'utf8')
    )
  } catch (err) {
    return { hierarchy: null, reason: `cannot read ${proc}/self: ${(err as Error).message}` }
  }
}
