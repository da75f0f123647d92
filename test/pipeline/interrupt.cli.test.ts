// Cancel, hang-up and the gate's own death (issue 9 §4), on the real CLI process: GitHub's cancel
// is SIGINT then SIGTERM 7.5 s later; the second signal must kill the tree at once, and
// results.json and report.md must hold the running model as interrupted with its peak so far.
// A SIGKILLed gate must leave no process of the run behind.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ownMemoryHierarchy } from '../../src/measure/host/cgroup/findMemoryCgroup.js'
import { waitFor } from '../../src/measure/process/waitFor.js'
import { FAKE_DIR, fakeState, workload } from '../measure/helpers.js'

const ROOT = resolve(import.meta.dirname, '../..')
const MIB = 2 ** 20

interface Cli {
  child: ChildProcess
  output: () => string
  exited: Promise<{ code: number | null; signal: string | null }>
}

function startCli(yaml: string, out: string, env: NodeJS.ProcessEnv = process.env): Cli {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'))
  const config = join(dir, 'oom-gate.yml')
  writeFileSync(config, yaml)
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'run', '--config', config, '--out', out],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let text = ''
  child.stdout!.on('data', (b: Buffer) => (text += b.toString()))
  child.stderr!.on('data', (b: Buffer) => (text += b.toString()))
  const exited = new Promise<{ code: number | null; signal: string | null }>(r =>
    child.on('exit', (code, signal) => r({ code, signal }))
  )
  return { child, output: () => text, exited }
}

/** The command line of a process, arguments joined by spaces ('' once it is gone). */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ')
  } catch {
    return ''
  }
}

/** Pids of live processes whose environment holds NAME=value. */
function carrying(marker: string): number[] {
  return readdirSync('/proc')
    .filter(e => /^\d+$/.test(e))
    .filter(pid => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker)
      } catch {
        return false
      }
    })
    .map(Number)
}

const py = (code: string) => `python3 -c "${code}"`
// Holds 200 MiB, ignores SIGTERM (a slow shutdown), says when it is ready.
const HOLDER = py(
  "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); b = bytearray(200 << 20); print('ready', flush=True); time.sleep(300)"
)

function config(marker: string, grace = '60s'): string {
  return `gpu: {memory: 16GiB}
measure: {sampler: host, interval: 100ms, grace: ${grace}}
models:
  - name: holder
    run: '${HOLDER.replace(/'/g, "''")}'
    env: {MARK: "${marker}"}
  - name: later
    run: 'true'
`
}

describe('the gate interrupted (real CLI process)', () => {
  it("GitHub's cancel: SIGINT, then SIGTERM: the tree is killed at once, results and report keep the model", async () => {
    const marker = `cancel-${process.pid}-${Date.now()}`
    const out = mkdtempSync(join(tmpdir(), 'cli-out-'))
    const cli = startCli(config(marker), out)
    expect(await waitFor(() => cli.output().includes('holder | ready'), 30_000, 50)).toBe(true)
    await new Promise(r => setTimeout(r, 500)) // a sample or two at 200 MiB
    cli.child.kill('SIGINT')
    await new Promise(r => setTimeout(r, 1000))
    const second = Date.now()
    cli.child.kill('SIGTERM')
    const ended = await cli.exited
    // Not the 60 s grace: the second signal SIGKILLs the tree.
    expect(Date.now() - second).toBeLessThan(15_000)
    expect(ended.code).toBe(1)
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    expect(results.complete).toBe(true)
    const holder = results.models.find((m: { name: string }) => m.name === 'holder')
    expect(holder).toMatchObject({ status: 'failed', interrupted: true })
    expect(holder.reason).toMatch(/^interrupted/)
    expect(holder.peakBytes).toBeGreaterThan(200 * MIB)
    expect(results.models.find((m: { name: string }) => m.name === 'later')).toMatchObject({
      status: 'failed',
      interrupted: true,
      reason: 'not run: the gate was interrupted'
    })
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/interrupted/)
    expect(carrying(`MARK=${marker}`)).toEqual([])
  }, 60_000)

  it('docker stop / Kubernetes / systemd: SIGTERM, SIGKILL 10 s later with the default grace: the running model and report.md are on disk within 5 s', async () => {
    // The run ignores SIGTERM, so its stop takes the whole 10 s grace, and the container runtime
    // SIGKILLs the gate when its own 10 s are up: only what is written at the first signal counts.
    const marker = `term-${process.pid}-${Date.now()}`
    const out = mkdtempSync(join(tmpdir(), 'cli-out-'))
    const yaml = config(marker).replace(', grace: 60s', '')
    expect(yaml).not.toMatch(/grace/)
    const cli = startCli(yaml, out)
    expect(await waitFor(() => cli.output().includes('holder | ready'), 30_000, 50)).toBe(true)
    await new Promise(r => setTimeout(r, 500)) // a sample or two at 200 MiB
    cli.child.kill('SIGTERM')
    const holderOf = () => {
      try {
        const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
        return results.models.find((m: { name: string }) => m.name === 'holder')
      } catch {
        return undefined // not written yet, or being replaced
      }
    }
    // Half the runtime's 10 s: the write itself is synchronous at the signal, the rest is a
    // loaded machine scheduling two processes.
    const written = await waitFor(
      () => holderOf() !== undefined && existsSync(join(out, 'summary.md')),
      5000,
      50
    )
    cli.child.kill('SIGKILL')
    await cli.exited
    expect(written).toBe(true)
    const holder = holderOf()
    expect(holder).toMatchObject({ status: 'failed', interrupted: true, peakSource: 'host' })
    expect(holder.reason).toMatch(/^interrupted/)
    expect(holder.peakBytes).toBeGreaterThan(200 * MIB)
    expect(holder.notes.join('\n')).toMatch(/^provisional: written when the gate was asked to stop/m)
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain(
      'the gate was interrupted before **holder** finished'
    )
    // The watchdog still ends the run the gate could not.
    expect(await waitFor(() => carrying(`MARK=${marker}`).length === 0, 10_000, 100)).toBe(true)
  }, 60_000)

  it('a cancel during the GPU release wait keeps the finished model and writes report.md (break report 2, item 5)', async () => {
    const state = fakeState([{}])
    const asked = join(mkdtempSync(join(tmpdir(), 'cli-asked-')), 'asked.log')
    state.knobs({ releaseDelayMs: 40_000, askedLog: asked })
    const env = {
      ...process.env,
      PATH: `${FAKE_DIR}:${process.env.PATH}`,
      FAKE_NVIDIA_SMI_STATE: state.dir
    }
    const big = workload([
      ['gpu', 70_000],
      ['sleep', 1000],
      ['print', 'done']
    ])
    const yaml = `gpu: {memory: 80GiB}
measure: {interval: 100ms, gpu-wait: 2s}
models:
  - name: big
    run: '${big.replace(/'/g, "''")}'
  - name: second
    run: 'true'
`
    const out = mkdtempSync(join(tmpdir(), 'cli-out-'))
    const cli = startCli(yaml, out, env)
    expect(await waitFor(() => cli.output().includes('big | done'), 30_000, 50)).toBe(true)
    // Past the exit, the driver still holds 70000 MiB: cancelled once the release wait has asked
    // nvidia-smi (the only one-shot query after the run), not after a fixed delay that a slow
    // machine can spend before the wait begins.
    const done = Date.now()
    const releaseAsked = () =>
      (existsSync(asked) ? readFileSync(asked, 'utf8') : '')
        .split('\n')
        .some(line => Number(line.split(' ')[0]) >= done && /^\d+ \d/.test(line))
    expect(await waitFor(releaseAsked, 30_000, 20)).toBe(true)
    const cancelled = Date.now()
    cli.child.kill('SIGINT')
    const ended = await cli.exited
    expect(Date.now() - cancelled).toBeLessThan(7500) // before GitHub's SIGTERM, not after 40 s
    expect(ended.code).toBe(1)
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    expect(results.complete).toBe(true)
    const measured = results.models.find((m: { name: string }) => m.name === 'big')
    expect(measured).toMatchObject({ status: 'ok', peakBytes: 70_000 * MIB, peakSource: 'nvidia-smi' })
    expect(measured.interrupted).toBeUndefined()
    expect(measured.notes.join('\n')).toMatch(/interrupted .* into the wait for the driver to release/)
    expect(results.models.find((m: { name: string }) => m.name === 'second')).toMatchObject({
      status: 'failed',
      interrupted: true
    })
    expect(existsSync(join(out, 'summary.md'))).toBe(true)
  }, 60_000)

  it('SIGHUP stops the run like SIGINT and keeps what was measured', async () => {
    const marker = `hup-${process.pid}-${Date.now()}`
    const out = mkdtempSync(join(tmpdir(), 'cli-out-'))
    const cli = startCli(config(marker, '1s'), out)
    expect(await waitFor(() => cli.output().includes('holder | ready'), 30_000, 50)).toBe(true)
    cli.child.kill('SIGHUP')
    const ended = await cli.exited
    expect(ended).toEqual({ code: 1, signal: null })
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    expect(results.models[0]).toMatchObject({ name: 'holder', status: 'failed', interrupted: true })
    expect(existsSync(join(out, 'summary.md'))).toBe(true)
    expect(carrying(`MARK=${marker}`)).toEqual([])
  }, 60_000)

  it('a SIGKILLed gate leaves no process of the run, escaped ones included, and no cgroup', async () => {
    const marker = `kill-${process.pid}-${Date.now()}`
    const out = mkdtempSync(join(tmpdir(), 'cli-out-'))
    const run = `setsid -f sleep 300; ( sleep 300 & ); ${HOLDER}`
    const cli = startCli(
      `measure: {sampler: host}\nmodels:\n  - name: holder\n    run: '${run.replace(/'/g, "''")}'\n    env: {MARK: "${marker}"}\n`,
      out
    )
    expect(await waitFor(() => cli.output().includes('holder | ready'), 30_000, 50)).toBe(true)
    expect(carrying(`MARK=${marker}`).length).toBeGreaterThanOrEqual(3)
    const gatePid = cli.child.pid!
    cli.child.kill('SIGKILL')
    await cli.exited
    expect(await waitFor(() => carrying(`MARK=${marker}`).length === 0, 10_000, 100)).toBe(true)
    const own = ownMemoryHierarchy().hierarchy
    if (own) {
      expect(
        await waitFor(
          () => !readdirSync(own.ownDir).some(n => n.startsWith(`oom-gate-${gatePid}-`)),
          10_000,
          100
        )
      ).toBe(true)
    }
  }, 60_000)

  it('a SIGKILLed gate leaves no nvidia-smi loop behind, though the per-process one never writes while no GPU is used', async () => {
    const state = mkdtempSync(join(tmpdir(), 'fake-smi-'))
    mkdirSync(join(state, 'procs'))
    const marker = `FAKE_NVIDIA_SMI_STATE=${state}`
    const env = { ...process.env, PATH: `${FAKE_DIR}:${process.env.PATH}`, FAKE_NVIDIA_SMI_STATE: state }
    const out = mkdtempSync(join(tmpdir(), 'cli-out-'))
    // A run that uses no GPU: `--query-compute-apps -lms` prints nothing, so a closed pipe never stops it.
    const run = `node ${join(FAKE_DIR, 'workload.mjs')} '[["print","ready"],["sleep",300000]]'`
    const cli = startCli(
      `gpu: {memory: 80GiB}\nmeasure: {interval: 100ms}\nmodels:\n  - name: idle\n    run: ${JSON.stringify(run)}\n`,
      out,
      env
    )
    const appsLoop = () =>
      carrying(marker).filter(pid => /--query-compute-apps\S* .*-lms/.test(commandLine(pid)))
    try {
      expect(await waitFor(() => cli.output().includes('idle | ready'), 30_000, 50)).toBe(true)
      expect(appsLoop().length).toBe(1)
      cli.child.kill('SIGKILL')
      await cli.exited
      expect(await waitFor(() => carrying(marker).length === 0, 10_000, 100)).toBe(true)
    } finally {
      for (const pid of carrying(marker)) process.kill(pid, 'SIGKILL') // what this test started, if it failed
    }
  }, 60_000)
})
