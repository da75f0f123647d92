// Host memory as the kernel charges it (issue 9 §2), on real processes: the run's own memory
// cgroup (this machine: cgroup v1, writable as root), else PSS plus /dev/shm, else RSS. Each case
// also runs the weaker method to show what the stronger one fixes.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ownMemoryHierarchy } from '../../src/measure/host/cgroup/findMemoryCgroup.js'
import { findTorchPython } from '../../src/measure/probe/findPython.js'
import { measureModel } from '../../src/measure/measureModel.js'
import { isRunning, readProcStat } from '../../src/measure/host/procStat.js'
import { childrenOfThisProcess, MIB, request } from './helpers.js'

const FIXTURES = resolve(import.meta.dirname, 'fixtures')
const hierarchy = ownMemoryHierarchy().hierarchy

/** Cgroup directories this gate process left behind under its own cgroup. */
function leftoverCgroups(): string[] {
  if (!hierarchy) return []
  return readdirSync(hierarchy.ownDir).filter(n => n.startsWith(`oom-gate-${process.pid}-`))
}

describe('host memory by the run cgroup', () => {
  it('this runner offers a writable memory cgroup (the CI machine does: cgroup v1 as root)', async () => {
    expect(hierarchy).not.toBeNull()
    const m = await measureModel(request('true'))
    expect(m.hostMethod).toMatch(/^cgroup-v(1-unreclaimable|2)$/)
    expect(m.peaks.hostMethod).toBe(m.hostMethod)
    expect(m.kernelOomSource).toBe('cgroup')
    expect(m.kernelOomKills).toBe(0)
    expect(leftoverCgroups()).toEqual([])
  })

  it('counts copy-on-write pages of 8 forked DataLoader workers once (real PyTorch)', async () => {
    const torchPython = findTorchPython()?.python
    if (!torchPython)
      throw new Error('no Python with torch found (install python3-torch or set OOM_GATE_PYTHON)')
    const run = `${torchPython} ${join(FIXTURES, 'dataloader_workers.py')} 200`
    const cgroup = await measureModel(request(run, { settings: { intervalMs: 100 } }))
    expect(cgroup.exitCode).toBe(0)
    const rss = await measureModel(request(run, { settings: { intervalMs: 100, hostMethod: 'rss' } }))
    const pss = await measureModel(request(run, { settings: { intervalMs: 100, hostMethod: 'pss' } }))
    expect(cgroup.hostMethod).toBe('cgroup-v1-unreclaimable')
    expect(pss.hostMethod).toBe('pss')
    // The tensor is 200 MiB: charged once (plus torch and 9 interpreters' private pages).
    expect(cgroup.peaks.hostRssBytes, 'cgroup').toBeGreaterThan(200 * MIB)
    expect(cgroup.peaks.hostRssBytes, 'cgroup').toBeLessThan(1100 * MIB)
    expect(pss.peaks.hostRssBytes, 'pss').toBeGreaterThan(200 * MIB)
    expect(pss.peaks.hostRssBytes, 'pss').toBeLessThan(1100 * MIB)
    // The RSS sum counts the shared tensor in every worker.
    expect(rss.peaks.hostRssBytes).toBeGreaterThan(1800 * MIB)
  }, 120_000)

  it('counts /dev/shm that no process maps: a closed file (cgroup) and a deleted one held open (cgroup, PSS)', async () => {
    const file = `/dev/shm/oom-gate-test-${process.pid}`
    const write = (f: string) => `for _ in range(300): ${f}.write(b'x' * (1 << 20))`
    const closed = `python3 -c "
import time
with open('${file}', 'wb') as f:
    ${write('f')}
time.sleep(1)
"; rm -f ${file}`
    // torch's file_descriptor sharing strategy: an unlinked /dev/shm file kept by its descriptor,
    // held 3 s. The PSS sampler re-reads a tree at once when it changes and otherwise paces its
    // reads by their cost, which a loaded machine can stretch past the hold: the held file is
    // waited out by a child process, so the tree changes after the write and is read again.
    const heldOpen = `python3 -c "
import os, subprocess
f = open('${file}', 'wb')
os.unlink('${file}')
${write('f')}
f.flush()
subprocess.run(['sleep', '3'])
"`
    const closedCgroup = await measureModel(request(closed, { settings: { intervalMs: 100 } }))
    const heldCgroup = await measureModel(request(heldOpen, { settings: { intervalMs: 100 } }))
    const heldPss = await measureModel(
      request(heldOpen, { settings: { intervalMs: 100, hostMethod: 'pss' } })
    )
    const heldRss = await measureModel(
      request(heldOpen, { settings: { intervalMs: 100, hostMethod: 'rss' } })
    )
    expect(existsSync(file)).toBe(false)
    expect(closedCgroup.peaks.hostRssBytes).toBeGreaterThan(300 * MIB)
    expect(heldCgroup.peaks.hostRssBytes).toBeGreaterThan(300 * MIB)
    expect(heldPss.peaks.hostRssBytes).toBeGreaterThan(300 * MIB)
    expect(heldRss.peaks.hostRssBytes).toBeLessThan(150 * MIB)
  }, 60_000)

  it('keeps a peak reached just before os._exit or SIGKILL, between two samples', async () => {
    const exits = {
      _exit: 'os._exit(0)',
      sigkill: 'os.kill(os.getpid(), 9)'
    }
    for (const [how, exit] of Object.entries(exits)) {
      // The gate samples once as the run starts, then every 20 s. The second of sleep keeps the
      // 300 MiB out of that first sample however late a loaded machine schedules the gate.
      const run = `python3 -c "import os, time; time.sleep(1); b = bytearray(300 << 20); ${exit}"`
      const cgroup = await measureModel(request(run, { settings: { intervalMs: 20_000 } }))
      const pss = await measureModel(request(run, { settings: { intervalMs: 20_000, hostMethod: 'pss' } }))
      expect(cgroup.peaks.hostRssBytes, how).toBeGreaterThan(300 * MIB)
      expect(pss.peaks.hostRssBytes, how).toBeLessThan(100 * MIB)
    }
  }, 60_000)

  it('measures and stops a child that escaped by double fork and setsid, with or without a cgroup', async () => {
    for (const hostMethod of ['auto', 'pss'] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'escape-'))
      const pidfile = join(dir, 'pid')
      // The subshell exits at once: the python process is re-parented to init, in its own session,
      // before the gate's next look at the tree (1 s later).
      const run = `( setsid python3 -c "import os, time; open('${pidfile}', 'w').write(str(os.getpid())); b = bytearray(250 << 20); time.sleep(60)" & ); sleep 2.5`
      const m = await measureModel(request(run, { settings: { intervalMs: 1000, hostMethod } }))
      const pid = Number(readFileSync(pidfile, 'utf8'))
      expect(isRunning(readProcStat(pid)), hostMethod).toBe(false)
      expect(m.peaks.hostRssBytes, hostMethod).toBeGreaterThan(250 * MIB)
      expect(m.notes.join(' '), hostMethod).toMatch(/left running after it exited were stopped/)
    }
    expect(childrenOfThisProcess()).toEqual([])
    expect(leftoverCgroups()).toEqual([])
  }, 60_000)

  it('as an unprivileged user (most self-hosted runners) it falls back to PSS and says why', () => {
    expect(process.getuid?.()).toBe(0) // this machine runs the tests as root: drop to nobody
    const dir = mkdtempSync(join(tmpdir(), 'unprivileged-'))
    chmodSync(dir, 0o777)
    const script = join(dir, 'measure.mts')
    const src = resolve(import.meta.dirname, '../../src/measure/measureModel.ts')
    writeFileSync(
      script,
      `import { measureModel } from ${JSON.stringify(src)}
import { testSettings } from ${JSON.stringify(resolve(import.meta.dirname, 'helpers.ts'))}
const m = await measureModel({ model: { name: 'x', run: "python3 -c 'b = bytearray(100 << 20); import time; time.sleep(0.5)'", cwd: null, env: {}, gpus: 1, expect: 'fit', timeoutMs: null, paths: null, regressionThreshold: null, estimate: null, line: null }, gpus: [], resultDir: ${JSON.stringify(dir)} + '/result', repoRoot: '/tmp', env: { PATH: process.env.PATH }, settings: testSettings({ sampler: 'host', intervalMs: 100, graceMs: 1000, releaseTimeoutMs: 1000 }) })
console.log(JSON.stringify({ method: m.hostMethod, peak: m.peaks.hostRssBytes, notes: m.notes }))
`
    )
    chmodSync(script, 0o644)
    const run = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', script],
      {
        cwd: resolve(import.meta.dirname, '../..'),
        encoding: 'utf8',
        env: { ...process.env, HOME: dir },
        timeout: 60_000
      }
    )
    expect(run.status, run.stderr).toBe(0)
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!)
    expect(out.method).toBe('pss')
    expect(out.peak).toBeGreaterThan(100 * MIB)
    expect(out.notes.join(' ')).toMatch(
      /host memory measured by PSS, not by a memory cgroup: cannot create a memory cgroup \(.*EACCES/
    )
  }, 60_000)
})
