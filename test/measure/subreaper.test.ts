// The child subreaper (src/measure/process/subreaper.ts), on real processes and without a memory
// cgroup (hostMethod pss): a process the command starts with `env -i setsid` leaves the process
// group and the session and carries no token, so only the subreaper keeps it in the run. Each
// escapee here is orphaned between two of the gate's looks at the tree (intervalMs 2000), so the
// tree could not have seen it as its parent's child first.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isRunning, readProcStat } from '../../src/measure/host/procStat.js'
import { measureModel } from '../../src/measure/measureModel.js'
import { cgroupJoinFailed, startCommand } from '../../src/measure/process/runCommand.js'
import { PRCTL_SYSCALL } from '../../src/measure/process/subreaper.js'
import { waitFor } from '../../src/measure/process/waitFor.js'
import { hasNote } from '../../src/notes.js'
import { childrenOfThisProcess, MIB, request } from './helpers.js'

const GATE = resolve(import.meta.dirname, '../fixtures/subreaper/measureGate.ts')
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

/**
 * A command that, 0.5 s in, starts a python holding 200 MiB under `env -i setsid` from a subshell
 * that exits at once, waits until the python allocated, then runs `rest`. Returns the pid file.
 */
function escapeeRun(rest: string): { run: string; pidFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'subreaper-'))
  const pidFile = join(dir, 'pid')
  const ready = join(dir, 'ready')
  const py = `import os, time; b = bytearray(200 << 20); b[::4096] = b'x' * len(b[::4096]); open('${pidFile}', 'w').write(str(os.getpid())); open('${ready}', 'w').close(); time.sleep(30)`
  const run = `sleep 0.5; ( env -i /usr/bin/setsid /usr/bin/python3 -c "${py}" & ); while [ ! -e ${ready} ]; do sleep 0.05; done; ${rest}`
  return { run, pidFile }
}

const running = (pid: number) => isRunning(readProcStat(pid))

describe('child subreaper: an escapee with a scrubbed environment stays in the run', () => {
  it('the prctl number for this architecture is the one perl’s syscall.ph has (where libperl installed it)', () => {
    const ph = spawnSync('perl', ['-e', 'require "syscall.ph"; print &SYS_prctl'], { encoding: 'utf8' })
    if (ph.status !== 0) return // perl-base only: no syscall.ph to compare with
    expect(PRCTL_SYSCALL[process.arch]).toBe(Number(ph.stdout))
  })

  it('the command runs under the subreaper: its exit is the command’s, the orphan is the subreaper’s child', async () => {
    const { run, pidFile } = escapeeRun('exit 7')
    const started = await startCommand({ run, cwd: process.cwd(), env: { ...process.env }, sink: null })
    expect(started.ok).toBe(true)
    if (!started.ok) return
    const command = started.command
    expect(command.subreaper).toBe('on')
    expect(command.reaperPid).not.toBeNull()
    expect(readProcStat(command.pid)?.pgrp).toBe(command.pid)
    // The command's own exit, at once, while the subreaper still holds the python.
    expect(await command.exited).toMatchObject({ code: 7, signal: null })
    const pid = Number(readFileSync(pidFile, 'utf8'))
    expect(readProcStat(pid)?.ppid).toBe(command.reaperPid)
    process.kill(pid, 'SIGKILL')
    // With its last child gone, the subreaper exits by itself.
    expect(await waitFor(() => !running(command.reaperPid as number), 10_000, 50)).toBe(true)
    await command.drain(5000)
  }, 30_000)

  it('keeps what the wrapper did without it: the cgroup join (exit 125 and its marker), no signal ignored', async () => {
    const unjoined = await startCommand({
      run: 'echo ran',
      cwd: process.cwd(),
      env: { ...process.env },
      cgroupProcs: '/nonexistent/cgroup.procs',
      sink: null
    })
    expect(unjoined.ok).toBe(true)
    if (!unjoined.ok) return
    expect(unjoined.command.subreaper).toBe('on')
    const exit = await unjoined.command.exited
    await unjoined.command.drain(5000)
    expect(cgroupJoinFailed(exit.code, unjoined.command.tail())).toBe(true)
    expect(unjoined.command.tail()).not.toContain('ran')
    // The subreaper ignores SIGPIPE for itself only: the command starts with no signal ignored.
    const lines: string[] = []
    const plain = await startCommand({
      run: 'grep SigIgn /proc/self/status',
      cwd: process.cwd(),
      env: { ...process.env },
      onLine: l => lines.push(l),
      sink: null
    })
    if (!plain.ok) throw new Error(plain.error)
    expect(await plain.command.exited).toMatchObject({ code: 0, signal: null })
    await plain.command.drain(5000)
    expect(lines).toEqual(['SigIgn:\t0000000000000000'])
  }, 30_000)

  it('measures and stops it when the command exits', async () => {
    const { run, pidFile } = escapeeRun('sleep 3')
    const m = await measureModel(request(run, { settings: { intervalMs: 2000, hostMethod: 'pss' } }))
    const pid = Number(readFileSync(pidFile, 'utf8'))
    expect(running(pid)).toBe(false)
    expect(m.peaks.hostRssBytes).toBeGreaterThan(200 * MIB)
    expect(m.notes.join(' ')).toMatch(/left running after it exited were stopped/)
    expect(hasNote(m, 'escapees-uncaught')).toBe(false)
    expect(childrenOfThisProcess()).toEqual([])
  }, 60_000)

  it('without perl the run goes on as before and says the escapee can be neither measured nor stopped', async () => {
    // A PATH with what the run needs (bash, sleep, env) and no perl: the subreaper cannot start.
    const bin = mkdtempSync(join(tmpdir(), 'no-perl-'))
    for (const tool of ['bash', 'sleep', 'env']) symlinkSync(`/usr/bin/${tool}`, join(bin, tool))
    const { run, pidFile } = escapeeRun('sleep 3')
    const m = await measureModel(
      request(run, { settings: { intervalMs: 2000, hostMethod: 'pss' }, env: { ...process.env, PATH: bin } })
    )
    const pid = Number(readFileSync(pidFile, 'utf8'))
    try {
      expect(hasNote(m, 'escapees-uncaught')).toBe(true)
      expect(m.notes.join(' ')).toMatch(/no child subreaper: perl could not be started/)
      // What the subreaper fixes: re-parented to init, the escapee is out of the gate's reach.
      expect(running(pid)).toBe(true)
      expect(m.peaks.hostRssBytes).toBeLessThan(100 * MIB)
    } finally {
      if (running(pid)) process.kill(pid, 'SIGKILL')
    }
  }, 60_000)

  it('a gate killed by SIGKILL leaves no escapee: the watchdog kills the subreaper’s children', async () => {
    const { run, pidFile } = escapeeRun('sleep 60')
    const gate = spawn(process.execPath, ['--import', 'tsx', GATE, run], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const gone = new Promise(r => gate.on('exit', r))
    try {
      expect(
        await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', 30_000, 50)
      ).toBe(true)
      const pid = Number(readFileSync(pidFile, 'utf8'))
      // Orphaned to the subreaper, in its own session.
      const reaper = readProcStat(pid)?.ppid as number
      expect(readProcStat(pid)?.session).toBe(pid)
      expect(reaper).not.toBe(1)
      gate.kill('SIGKILL')
      await gone
      expect(await waitFor(() => !running(pid), 10_000, 50)).toBe(true)
      // Its last child gone, the subreaper exits too.
      expect(await waitFor(() => !running(reaper), 10_000, 50)).toBe(true)
    } finally {
      gate.kill('SIGKILL')
      await sleep(0)
    }
  }, 60_000)
})
