// Finding the memory hierarchy and reading a run cgroup's files, v1 and v2, on files written here
// (the real v1 cgroup is exercised in hostMemory.test.ts). Texts follow the kernel's formats
// (Documentation/admin-guide/cgroup-v2.rst, cgroup-v1/memory.rst, man 5 proc: mountinfo).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findMemoryHierarchy, parseMountinfo } from '../../src/measure/host/cgroup/findMemoryCgroup.js'
import { parseFlatKeyed, RunCgroup } from '../../src/measure/host/cgroup/runCgroup.js'
import { HostSampler } from '../../src/measure/host/hostSampler.js'
import { ProcessTree } from '../../src/measure/process/processTree.js'

const V2_MOUNTINFO = `24 31 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
25 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw`
// A GitHub-hosted-like v2 host: the runner service's cgroup.
const V2_CGROUP = `0::/system.slice/actions.runner.service\n`

const HYBRID_MOUNTINFO = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw`
const HYBRID_CGROUP = `9:name=systemd:/\n4:memory:/process_api/58d6\n0::/\n`

// Docker with a private cgroup namespace on v1: the mount's root is the container's cgroup.
const DOCKER_V1_MOUNTINFO = `650 640 0:45 /docker/abc123 /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory`
const DOCKER_V1_CGROUP = `11:memory:/docker/abc123\n`

describe('findMemoryHierarchy', () => {
  it('v2: the unified tree and the gate own cgroup in it', () => {
    const found = findMemoryHierarchy(V2_MOUNTINFO, V2_CGROUP, () => ['cpu', 'io', 'memory', 'pids'])
    expect(found.hierarchy).toEqual({
      version: 2,
      mountPoint: '/sys/fs/cgroup',
      ownDir: '/sys/fs/cgroup/system.slice/actions.runner.service'
    })
  })

  it('v2 without the memory controller: null with the reason', () => {
    const found = findMemoryHierarchy(V2_MOUNTINFO, V2_CGROUP, () => ['cpu', 'pids'])
    expect(found.hierarchy).toBeNull()
    expect('reason' in found && found.reason).toMatch(/no memory controller/)
  })

  it('hybrid: v1 memory mount wins over the empty unified tree', () => {
    const found = findMemoryHierarchy(HYBRID_MOUNTINFO, HYBRID_CGROUP, () => [])
    expect(found.hierarchy).toEqual({
      version: 1,
      mountPoint: '/sys/fs/cgroup/memory',
      ownDir: '/sys/fs/cgroup/memory/process_api/58d6'
    })
  })

  it('a container whose mount root is its own cgroup', () => {
    const found = findMemoryHierarchy(DOCKER_V1_MOUNTINFO, DOCKER_V1_CGROUP)
    expect(found.hierarchy?.ownDir).toBe('/sys/fs/cgroup/memory')
  })

  it('no cgroup at all', () => {
    expect(findMemoryHierarchy('25 1 8:1 / / rw - ext4 /dev/sda1 rw', '').hierarchy).toBeNull()
  })

  it('unescapes mount points', () => {
    expect(parseMountinfo('1 2 0:1 / /mnt/a\\040b rw - cgroup2 cgroup2 rw')[0]?.mountPoint).toBe('/mnt/a b')
  })
})

describe('RunCgroup reads', () => {
  const fake = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-'))
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    return dir
  }

  it('v2: memory.current, memory.peak, memory.events oom_kill and max, cgroup.procs', () => {
    const dir = fake({
      'memory.current': '123456789\n',
      'memory.peak': '987654321\n',
      'memory.events': 'low 0\nhigh 0\nmax 7\noom 2\noom_kill 1\noom_group_kill 0\n',
      'cgroup.procs': '4242\n4243\n'
    })
    const cg = new RunCgroup(dir, 2)
    expect(cg.currentBytes()).toBe(123456789)
    expect(cg.peakBytes()).toBe(987654321)
    expect(cg.oomKills()).toBe(1)
    expect(cg.limitHits()).toBe(7)
    expect(cg.pids()).toEqual([4242, 4243])
  })

  it('v2 judges what the kernel cannot reclaim: anon + shmem + kernel, not a 1.5 GiB checkpoint in page cache', () => {
    const MiB = 2 ** 20
    // A run that holds 100 MiB and wrote a 1.5 GiB checkpoint (file cache the kernel reclaims).
    const stat = (kernel: string) =>
      [`anon ${100 * MiB}`, `file ${1536 * MiB + 10 * MiB}`, kernel, `shmem ${10 * MiB}`, 'pgfault 12'].join(
        '\n'
      )
    for (const [how, kernel] of [
      ['Linux 5.18+: kernel', `kernel ${6 * MiB}`],
      [
        'older: its parts',
        `kernel_stack ${MiB}\npagetables ${2 * MiB}\npercpu ${MiB}\nsock 0\nslab_unreclaimable ${2 * MiB}\nslab_reclaimable ${50 * MiB}`
      ]
    ] as const) {
      const dir = fake({
        'memory.current': `${1700 * MiB}\n`,
        'memory.peak': `${1710 * MiB}\n`,
        'memory.stat': `${stat(kernel)}\n`
      })
      const cgroup = new RunCgroup(dir, 2)
      expect(cgroup.unreclaimable(), how).toEqual({
        unreclaimableBytes: 116 * MiB,
        fileCacheBytes: 1536 * MiB
      })
      const host = new HostSampler(new ProcessTree(process.pid), cgroup)
      expect(host.method, how).toBe('cgroup-v2-unreclaimable')
      host.sample(100)
      expect(host.peakBytes, how).toBe(116 * MiB)
      // After the run: the kernel's mark less the most page cache seen (a spike no sample caught).
      host.finish(200)
      expect(host.peakBytes, how).toBe(174 * MiB)
      expect(host.chargedPeakBytes, how).toBe(1710 * MiB)
      expect(host.pageCacheNote()?.code, how).toBe('page-cache-excluded')
    }
    // memory.stat unreadable: the charge, as before.
    const plain = new RunCgroup(fake({ 'memory.current': '4096\n' }), 2)
    expect(new HostSampler(new ProcessTree(process.pid), plain).method).toBe('cgroup-v2')
  })

  it('v2 before Linux 5.19: no memory.peak is null, not 0', () => {
    const cg = new RunCgroup(fake({ 'memory.current': '4096\n', 'memory.events': 'max 0\n' }), 2)
    expect(cg.peakBytes()).toBeNull()
    expect(cg.oomKills()).toBeNull()
  })

  it('v1: usage, max usage, oom_control oom_kill, failcnt', () => {
    const cg = new RunCgroup(
      fake({
        'memory.usage_in_bytes': '1548288\n',
        'memory.max_usage_in_bytes': '322932736\n',
        'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 3\n',
        'memory.failcnt': '12\n'
      }),
      1
    )
    expect(cg.currentBytes()).toBe(1548288)
    expect(cg.peakBytes()).toBe(322932736)
    expect(cg.oomKills()).toBe(3)
    expect(cg.limitHits()).toBe(12)
  })

  it('v2 create: enables the memory controller in the parent, refuses a child without accounting', () => {
    const root = mkdtempSync(join(tmpdir(), 'cg-root-'))
    const own = join(root, 'own')
    mkdirSync(own)
    writeFileSync(join(own, 'cgroup.subtree_control'), '')
    writeFileSync(join(root, 'cgroup.subtree_control'), 'cpu')
    const made = RunCgroup.create({ version: 2, mountPoint: root, ownDir: own }, 'oom-gate-1-1')
    expect(made.cgroup).toBeNull()
    expect(made.reason).toMatch(/no memory accounting/)
    expect(made.reason).toContain(own)
  })

  it('parses flat keyed files, ignoring junk', () => {
    expect([...parseFlatKeyed('a 1\nb x\n\nc 3').entries()]).toEqual([
      ['a', 1],
      ['c', 3]
    ])
  })
})
