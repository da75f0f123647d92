// A run that makes cgroups of its own under its run cgroup (a container runtime, systemd-run, a
// test harness): an OOM kill inside one is the run's OOM kill, and the nested cgroups go with the
// run's (issue 19 §4). Real cgroup v1 as root; v1's memory.oom_control counts only its own cgroup.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ownMemoryHierarchy } from '../../src/measure/host/cgroup/findMemoryCgroup.js'
import { measureModel } from '../../src/measure/measureModel.js'
import { request } from './helpers.js'

describe('cgroups nested under the run cgroup', () => {
  it('an OOM kill in a nested cgroup counts, and the nested cgroups are removed at the end', async () => {
    expect(ownMemoryHierarchy().hierarchy?.version).toBe(1)
    const dir = mkdtempSync(join(tmpdir(), 'nested-cg-'))
    const record = join(dir, 'inner')
    // The python process runs out of its nested cgroup's 50 MiB and is OOM-killed; the run goes on
    // and exits 0, leaving a deeper nested cgroup (with a process still in it) behind.
    const run = [
      `CG=/sys/fs/cgroup/memory$(grep -E '^[0-9]+:memory:' /proc/self/cgroup | cut -d: -f3)`,
      `mkdir -p $CG/inner/deeper && echo $CG/inner > ${record}`,
      `echo 50M > $CG/inner/memory.limit_in_bytes`,
      `sh -c "echo \\$\\$ > $CG/inner/cgroup.procs; exec python3 -c 'b = bytearray(200 << 20)'"`,
      `echo inner exited $?`,
      `(echo \\$BASHPID > $CG/inner/deeper/cgroup.procs 2>/dev/null; sleep 30) &`,
      `sleep 0.5; exit 0`
    ].join('\n')
    const m = await measureModel(request(run, { settings: { intervalMs: 100 } }))
    expect(m.logTail.join('\n')).toMatch(/inner exited 137/)
    expect(m.exitCode).toBe(0)
    expect(m.kernelOomSource).toBe('cgroup')
    expect(m.kernelOomKills).toBe(1)
    const inner = readFileSync(record, 'utf8').trim()
    expect(existsSync(inner)).toBe(false)
    expect(existsSync(join(inner, '..'))).toBe(false)
    expect(m.notes.join('\n')).not.toMatch(/could not be removed/)
  }, 60_000)
})
