// No pass without evidence (issue 9 §3, §5), on real processes and a real memory cgroup: the
// command's own cgroup gets a limit the way a container would, so the kernel's OOM killer acts.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { gateOf } from '../../src/judge/gate.js'
import { judgeModel } from '../../src/judge/judgeModel.js'
import { ownMemoryHierarchy } from '../../src/measure/host/cgroup/findMemoryCgroup.js'
import { measureModel } from '../../src/measure/measureModel.js'
import { ModelResultSchema } from '../../src/results.js'
import { model, request } from './helpers.js'

const GiB = 2 ** 30
const target = { memoryBytes: 80 * GiB, limitBytes: 78 * GiB }
const mount = ownMemoryHierarchy().hierarchy?.mountPoint

/** Shell: limit the command's own memory cgroup (v1) as a container limit would. */
const limitOwnCgroup = (mib: number) =>
  `cg=${mount}$(grep -E '^[0-9]+:([^:]*,)?memory(,[^:]*)?:' /proc/self/cgroup | cut -d: -f3); echo $((${mib} << 20)) > "$cg/memory.limit_in_bytes"`

async function judged(run: string, extra: Parameters<typeof request>[1] = {}, expect: 'fit' | 'oom' = 'fit') {
  const req = request(run, { ...extra, settings: { intervalMs: 100, ...extra.settings } })
  req.model = { ...model(run), ...(extra.model ?? {}), expect }
  const m = await measureModel(req)
  return { m, r: ModelResultSchema.parse(judgeModel(req.model, m, target)) }
}

describe('no pass without evidence (real processes)', () => {
  it('`python train.py 2>&1 | tee log` with a real kernel OOM kill is oom (pipefail, cgroup oom_kill)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tee-'))
    const { m, r } = await judged(
      `${limitOwnCgroup(150)}; python3 -c "b = bytearray(400 << 20)" 2>&1 | tee ${dir}/log`
    )
    expect(m.exitCode).toBe(137)
    expect(m.kernelOomSource).toBe('cgroup')
    expect(m.kernelOomKills).toBeGreaterThan(0)
    expect(r.status).toBe('oom')
    expect(r.oom?.kind).toBe('host-oom')
  }, 30_000)

  it('a failing command behind `| tee` fails (pipefail), and a MemoryError behind it is an oom', async () => {
    const failing = await judged(`python3 -c "import sys; print('boom'); sys.exit(3)" 2>&1 | tee /dev/null`)
    expect(failing.m.exitCode).toBe(3)
    expect(failing.r).toMatchObject({ status: 'failed', reason: 'exited with code 3' })
    const memoryError = await judged(`python3 -c "bytearray(1 << 50)" 2>&1 | tee /dev/null`)
    expect(memoryError.r.status).toBe('oom')
    expect(memoryError.r.oom).toMatchObject({ kind: 'host-oom', framework: 'python' })
  }, 30_000)

  it('an OOM printed by a command that still exits 0 is an oom (the log is read on exit 0)', async () => {
    const { m, r } = await judged(
      `python3 -c "
try:
    bytearray(1 << 50)
except MemoryError:
    import traceback; traceback.print_exc()
"; exit 0`
    )
    expect(m.exitCode).toBe(0)
    expect(r.status).toBe('oom')
  }, 30_000)

  it('a plain SIGKILL is failed: killed by SIGKILL, not oom; expect: oom does not make it a pass', async () => {
    const { m, r } = await judged(`python3 -c "import os; os.kill(os.getpid(), 9)"`, {}, 'oom')
    // bash execs a lone command: the shell itself is the process killed.
    expect(m.signal).toBe('SIGKILL')
    expect(m.kernelOomKills).toBe(0)
    expect(r.status).toBe('failed')
    expect(r.reason).toMatch(/^killed by SIGKILL; not out of memory: the kernel recorded no OOM kill/)
    expect(gateOf([r])).toBe('fail')
  }, 30_000)

  it('without a run cgroup, the kernel log attributes an OOM kill to a pid of the run, and a plain kill is not one', async () => {
    // The command makes a limited cgroup of its own (as a container runtime would) and moves into it.
    const limited = (python: string) =>
      `own=${mount}$(grep -E '^[0-9]+:([^:]*,)?memory(,[^:]*)?:' /proc/self/cgroup | cut -d: -f3); c="$own/limited-$$"; ` +
      `mkdir "$c" && echo $((150 << 20)) > "$c/memory.limit_in_bytes" && ` +
      `sh -c "echo \\$\\$ > $c/cgroup.procs; exec python3 -c '${python}'"; rc=$?; rmdir "$c"; exit $rc`
    const oom = await judged(limited('b = bytearray(400 << 20)'), { settings: { hostMethod: 'pss' } })
    expect(oom.m.exitCode).toBe(137)
    expect(oom.m.kernelOomSource).toBe('kmsg')
    expect(oom.m.kernelOomKills).toBe(1)
    expect(oom.r.status).toBe('oom')
    const plain = await judged(limited('import os; os.kill(os.getpid(), 9)'), {
      settings: { hostMethod: 'pss' }
    })
    expect(plain.m.exitCode).toBe(137)
    expect(plain.m.kernelOomSource).toBe('kmsg')
    expect(plain.m.kernelOomKills).toBe(0)
    expect(plain.r.status).toBe('failed')
  }, 30_000)

  it("Python's resource tracker exiting a moment after the main process is not left running", async () => {
    const { m, r } = await judged(
      `python3 -c "from multiprocessing import shared_memory as s; m = s.SharedMemory(create=True, size=1 << 20); m.close(); m.unlink()"`
    )
    expect(m.exitCode).toBe(0)
    expect(r.status).toBe('ok')
    expect(m.notes.join(' ')).not.toMatch(/left running/)
  }, 30_000)

  it('a timeout reason quotes the timeout, not the timeout plus the grace to stop', async () => {
    const run = `trap '' TERM; sleep 30`
    const { m, r } = await judged(run, {
      model: model(run, { timeoutMs: 1000 }),
      settings: { graceMs: 1500 }
    })
    expect(m.durationMs).toBeGreaterThan(2400)
    expect(r.status).toBe('timeout')
    expect(r.reason).toBe('still running at the timeout (1.0 s); the process tree was killed')
  }, 30_000)

  it('a cwd that does not exist is a clear failure, not "ended before the first sample"', async () => {
    const run = 'true'
    const { r } = await judged(run, { model: model(run, { cwd: 'no/such/dir' }) })
    expect(r.status).toBe('failed')
    expect(r.reason).toMatch(/^cwd "no\/such\/dir" does not exist/)
    expect(JSON.stringify(r)).not.toMatch(/first sample/)
  })

  it('keeps the log tail free of terminal escape codes', async () => {
    const { r } = await judged(`printf '\\033[1;31mred\\033[0m \\033[2Kline\\n'; exit 1`)
    expect(r.logTail).toEqual(['red line'])
  })
})
