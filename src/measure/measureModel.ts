// Runs one model's smoke command and measures it: the edge between the pipeline and the machine.
// Failing commands, missing tools and interruptions are data in the Measurement, never exceptions;
// no process of the run outlives this function, nor the gate itself (treeWatchdog.ts).
// Each run gets its own memory cgroup where the runner allows: host memory as the kernel charges
// it, a kernel record of OOM kills, and a membership no child escapes (cgroup/).
import { randomUUID } from 'node:crypto'
import { mkdir, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ownMemoryHierarchy } from './host/cgroup/findMemoryCgroup.js'
import { RunCgroup } from './host/cgroup/runCgroup.js'
import { HostSampler } from './host/hostSampler.js'
import { OomKillCounter, type OomKillRecord } from './host/kernelOomCounter.js'
import { stopTree, type StopTreeResult } from './process/killTree.js'
import { NvidiaSmiSampler, type NvidiaSmiOutcome } from './nvidiaSmi/nvidiaSmiSampler.js'
import { probeDir } from './probe/location.js'
import { readProbeRecords } from './probe/readProbeRecords.js'
import { listPids, ProcessTree } from './process/processTree.js'
import { waitForGpuRelease } from './nvidiaSmi/releaseWait.js'
import { buildRunEnv, type ProbeSettings } from './process/runEnv.js'
import { cgroupJoinFailed, startCommand, type CommandExit } from './process/runCommand.js'
import { planSamplers } from './samplerPlan.js'
import { SettleDetector } from './settleDetector.js'
import { summarizeProbes } from './probe/summarizeProbes.js'
import { startWatchdog } from './process/treeWatchdog.js'
import type { Measurement, ProbeRecord, ProgressSample } from '../measurement.js'
import type { RunRequest } from './types.js'
import { runTimeoutMs } from '../plan/measureSettings.js'
import { waitFor } from './process/waitFor.js'
import { ENV } from '../environment.js'
import { formatDuration } from '../config/units.js'
import { note, notesFields, type Note } from '../notes.js'
import { readProcStat } from './host/procStat.js'
import { subreaperMissing } from './process/subreaper.js'

type Ending = 'exit' | 'timeout' | 'abort' | 'settled'

/** Longest wait for the shell's exit event and its pipes once the tree has been SIGKILLed. */
const AFTERMATH_MS = 5000
/**
 * How long processes still running when the shell exits may take to end on their own before
 * they count as left running (Python's resource tracker exits a moment after the main process).
 */
export const LEFTOVER_WAIT_MS = 2000

let cgroupSeq = 0

function blank(req: RunRequest): Measurement {
  return {
    name: req.model.name,
    exitCode: null,
    signal: null,
    durationMs: 0,
    timedOut: false,
    interrupted: false,
    stoppedEarly: false,
    timeoutMs: runTimeoutMs(req.settings, req.model),
    hostMethod: req.settings.hostMethod === 'rss' ? 'rss' : 'pss',
    kernelOomKills: null,
    kernelOomSource: null,
    peakAtMs: null,
    peaks: { nvidiaSmiBytes: null, torchReservedBytes: null, torchAllocatedBytes: null, hostRssBytes: null },
    gpus: [],
    logTail: [],
    probes: [],
    notes: [],
    spawnError: null
  }
}

async function directoryProblem(path: string): Promise<string | null> {
  try {
    return (await stat(path)).isDirectory() ? null : 'is not a directory'
  } catch {
    return 'does not exist'
  }
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<null>(r => (timer = setTimeout(() => r(null), ms)))
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

export async function measureModel(req: RunRequest): Promise<Measurement> {
  const m = blank(req)
  if (req.abort?.aborted) {
    return {
      ...m,
      interrupted: true,
      ...notesFields([note('not-started', 'not started: the gate was interrupted')])
    }
  }
  const cwd = resolve(req.repoRoot, req.model.cwd ?? '.')
  const problem = await directoryProblem(cwd)
  if (problem) return { ...m, spawnError: `cwd "${req.model.cwd ?? '.'}" ${problem} (${cwd})` }
  try {
    await mkdir(req.resultDir, { recursive: true })
  } catch (err) {
    return {
      ...m,
      spawnError: `cannot create the result directory ${req.resultDir}: ${(err as Error).message}`
    }
  }

  const plan = planSamplers(req.settings.sampler, req.gpus.length, req.settings.capBytes)
  const notes: Note[] = [...plan.notes]
  let probe: ProbeSettings | null = null
  if (plan.probe) {
    try {
      // The probe writes JSON per process; at 100 ms sampling every 0.5 s is plenty.
      probe = {
        dir: probeDir(),
        capBytes: req.settings.capBytes,
        intervalMs: Math.max(req.settings.intervalMs, 500),
        snapshot: req.settings.snapshot,
        limitBytes: req.settings.limitBytes
      }
    } catch (err) {
      notes.push(note('probe-unavailable', `torch probe unavailable: ${(err as Error).message}`))
    }
  }
  let smi: NvidiaSmiSampler | null = null
  if (plan.nvidiaSmi) {
    const sampler = new NvidiaSmiSampler({ gpus: req.gpus, intervalMs: req.settings.intervalMs })
    if (await sampler.start()) smi = sampler
    else {
      notes.push(...sampler.outcome().notes)
      // nvidia-smi broke after the gate found it working: running blind would measure nothing.
      const runnerError = sampler.runnerFailure
      if (runnerError)
        return {
          ...m,
          gpus: unmeasured(req),
          ...notesFields([...notes, note('not-started', 'not started: nvidia-smi is failing')]),
          runnerError
        }
    }
  }
  if (req.abort?.aborted) {
    await smi?.stopStreams()
    return {
      ...m,
      interrupted: true,
      ...notesFields([...notes, note('not-started', 'not started: the gate was interrupted')])
    }
  }

  const env = buildRunEnv({
    base: req.env,
    model: req.model,
    resultDir: req.resultDir,
    gpus: req.gpus,
    probe
  })
  // Every process of the run inherits the token: one that escapes the process tree is still found.
  const token = `${ENV.runToken}=${randomUUID()}`
  env[ENV.runToken] = token.slice(token.indexOf('=') + 1)
  const cgroup = req.settings.hostMethod === 'auto' ? runCgroup(req, notes) : null
  const oomKills = new OomKillCounter(cgroup)
  // Listed before the command starts: none of these is the run's (processTree.ts reads only the rest).
  const before = listPids()
  const started = await startCommand({
    run: req.model.run,
    cwd,
    env,
    onLine: req.onLine,
    onLines: req.onLines,
    redact: req.redact,
    cgroupProcs: cgroup?.procsFile ?? null,
    sink: req.sink
  })
  if (!started.ok) {
    cgroup?.remove()
    await smi?.stopStreams()
    return { ...m, spawnError: started.error, ...notesFields(notes) }
  }
  const command = started.command
  const t0 = command.startedAt
  const reaperStat = command.reaperPid !== null ? readProcStat(command.reaperPid) : null
  const watchdog = await startWatchdog({
    groupId: command.pid,
    cgroupDir: cgroup?.dir ?? null,
    envToken: token,
    reaper: reaperStat ? { pid: reaperStat.pid, startTime: reaperStat.startTime } : null
  })
  if (!watchdog)
    notes.push(
      note('no-watchdog', 'no watchdog could be started: a gate killed by SIGKILL may leave this run running')
    )
  // The cgroup holds every process of the run whatever it does; without one, the subreaper is
  // what keeps a process that scrubbed its environment and left the session in the tree.
  if (command.subreaper !== 'on' && !cgroup)
    notes.push(note('escapees-uncaught', subreaperMissing(command.subreaper)))
  const tree = new ProcessTree(command.pid, '/proc', {
    envToken: token,
    before,
    reaperPid: command.reaperPid,
    ...(cgroup ? { cgroupPids: () => cgroup.pids() } : {})
  })
  smi?.attach(tree, t0)
  const host = new HostSampler(tree, cgroup, req.settings.hostMethod === 'rss' ? 'rss' : 'pss')
  const settle =
    req.settings.settleMs !== null
      ? new SettleDetector(req.settings.settleMs, req.settings.minDurationMs)
      : null

  let requestStop: (ending: Ending) => void = () => {}
  const stopRequested = new Promise<Ending>(r => (requestStop = r))
  const sample = () => {
    const elapsedMs = Date.now() - t0
    tree.refresh()
    host.sample(elapsedMs)
    const gpu = smi?.live() ?? null
    const progress: ProgressSample = gpu
      ? { elapsedMs, currentBytes: gpu.currentBytes, peakBytes: gpu.peakBytes, source: gpu.source }
      : { elapsedMs, currentBytes: host.currentBytes, peakBytes: host.peakBytes, source: 'host' }
    try {
      req.onProgress?.(progress)
    } catch {
      // a broken progress printer must not stop the measurement
    }
    if (settle?.update({ host: host.peakBytes, gpu: gpu?.peakBytes ?? null }, elapsedMs))
      requestStop('settled')
  }
  const ticker = setInterval(sample, req.settings.intervalMs)
  const timeoutMs = runTimeoutMs(req.settings, req.model)
  const deadline = setTimeout(() => requestStop('timeout'), timeoutMs)
  const onAbort = () => requestStop('abort')
  req.abort?.addEventListener('abort', onAbort, { once: true })
  req.hurry?.addEventListener('abort', onAbort, { once: true })
  const hurried = () => req.hurry?.aborted === true

  let ending: Ending = 'exit'
  let stop: StopTreeResult | null = null
  let exit: CommandExit | null = null
  let smiOutcome: NvidiaSmiOutcome | null = null
  let kills: OomKillRecord = { kills: null, source: null }
  try {
    sample()
    ending = await Promise.race([command.exited.then(() => 'exit' as const), stopRequested])
    if (ending !== 'exit') {
      sample()
      const signals: NodeJS.Signals[] = hurried()
        ? []
        : ending === 'settled'
          ? ['SIGINT', 'SIGTERM']
          : ['SIGTERM']
      stop = await stopTree({
        tree,
        groupId: command.pid,
        signals,
        graceMs: req.settings.graceMs,
        cutShort: req.hurry
      })
    } else {
      const gone = () => {
        tree.refresh()
        return tree.size === 0
      }
      if (!(await waitFor(gone, LEFTOVER_WAIT_MS, 25))) {
        const left = tree.size
        stop = await stopTree({
          tree,
          groupId: command.pid,
          signals: hurried() ? [] : ['SIGTERM'],
          graceMs: req.settings.graceMs,
          cutShort: req.hurry
        })
        notes.push(
          note(
            'leftovers-stopped',
            `${left} process(es) the command left running after it exited were stopped`
          )
        )
      }
    }
    // The tree is gone (or stopped): nvidia-smi rows after this do not prove it sampled the run.
    smi?.runEnded(Date.now())
    exit = await within(command.exited, AFTERMATH_MS)
    await command.drain(ending === 'exit' && !stop ? AFTERMATH_MS : 1000)
  } finally {
    clearInterval(ticker)
    clearTimeout(deadline)
    req.abort?.removeEventListener('abort', onAbort)
    req.hurry?.removeEventListener('abort', onAbort)
    // Whatever happened above, nothing of the run may outlive the measurement.
    tree.refresh()
    if (tree.size > 0) await stopTree({ tree, groupId: command.pid, signals: [], graceMs: 0 })
    if (cgroup) {
      cgroup.killAll()
      await waitFor(() => cgroup.pids().length === 0, AFTERMATH_MS, 25)
    }
    host.finish((exit?.atMs ?? Date.now()) - t0)
    const pageCache = host.pageCacheNote()
    if (pageCache) notes.push(pageCache)
    kills = oomKills.end(tree.everPids())
    if (cgroup && !(await waitFor(() => cgroup.remove(), 2000, 50)))
      notes.push(note('cgroup-not-removed', `the run's memory cgroup ${cgroup.dir} could not be removed`))
    await watchdog?.release()
    smi?.runEnded(Date.now())
    await smi?.stopStreams()
  }

  if (smi) {
    smiOutcome = smi.outcome()
    notes.push(...smiOutcome.notes)
  }
  // Interrupted: no model starts after this one, so nothing waits for its GPU memory (an
  // interrupt during the wait ends it too). A broken runner: nvidia-smi cannot tell, and no model
  // starts after this one either.
  if (smi && smiOutcome && !smiOutcome.runnerError && !req.abort?.aborted && !hurried()) {
    const release = await waitForGpuRelease({
      ourPids: new Set(tree.everPids()),
      gpus: smi.baselines(),
      checkDevice: smiOutcome.usedDevice || !smi.rowsUsable,
      timeoutMs: req.settings.releaseTimeoutMs,
      pollMs: Math.max(100, req.settings.intervalMs),
      queryTimeoutMs: Math.min(10_000, Math.max(1000, req.settings.releaseTimeoutMs)),
      // A cancel while the driver frees the memory must not hold back the finished run's result.
      abort: [req.abort, req.hurry]
    })
    if (release.interrupted) {
      notes.push(
        note(
          'release-wait-interrupted',
          `the gate was interrupted ${formatDuration(release.waitedMs, { style: 'seconds', compact: true })} into the wait for the driver to release the run's GPU memory` +
            (release.holding ? ` (${release.holding})` : '')
        )
      )
    } else if (release.error !== null) {
      notes.push(
        note(
          'release-unchecked',
          `could not check that the run's GPU memory was released after ${formatDuration(release.waitedMs, { style: 'seconds', compact: true })}: ${release.error}`
        )
      )
    } else if (!release.released) {
      notes.push(
        note(
          'memory-not-released',
          `GPU memory of the run was not released within ${formatDuration(req.settings.releaseTimeoutMs, { style: 'seconds', compact: true })}: ${release.holding}`
        )
      )
    } else if (release.waitedMs >= 1000) {
      notes.push(
        note(
          'release-waited',
          `waited ${formatDuration(release.waitedMs, { style: 'seconds', compact: true })} for the driver to release the run's GPU memory`
        )
      )
    }
  }

  if (stop) {
    if (stop.escaped > 0)
      notes.push(
        note(
          'escapees-stopped',
          `${stop.escaped} process(es) that had left the process group (setsid) were stopped too`
        )
      )
    if (stop.sent.length > 0) notes.push(note('stopped-with', `stopped with ${stop.sent.join(', then ')}`))
    if (stop.survivors.length > 0) {
      notes.push(
        note(
          'survived-sigkill',
          `process(es) ${stop.survivors.join(', ')} survived SIGKILL (stuck in the kernel or a driver)`
        )
      )
    }
  }
  const endAt = exit?.atMs ?? Date.now()
  if (ending === 'settled' && settle) {
    notes.push(
      note(
        'stopped-early',
        `stopped early after ${formatDuration(endAt - t0, { style: 'seconds', compact: true })}: the peak had not grown since ${formatDuration(settle.lastGrowthAtMs, { style: 'seconds', compact: true })}`
      )
    )
  }
  if (ending === 'timeout')
    notes.push(
      note('timed-out', `timed out after ${formatDuration(timeoutMs, { style: 'seconds', compact: true })}`)
    )
  if (ending === 'abort')
    notes.push(
      note(
        'interrupted',
        'interrupted: the gate was asked to stop; the peaks are what was measured until then'
      )
    )

  let probes: ProbeRecord[] = []
  try {
    probes = await readProbeRecords(req.resultDir)
  } catch (err) {
    notes.push(
      note('probe-records-unreadable', `could not read the torch probe's records: ${(err as Error).message}`)
    )
  }
  const torch = summarizeProbes(probes)

  const peaks: Measurement['peaks'] = {
    nvidiaSmiBytes: smiOutcome?.nvidiaSmiBytes ?? null,
    torchReservedBytes: torch.torchReservedBytes,
    torchAllocatedBytes: torch.torchAllocatedBytes,
    hostRssBytes: host.peakBytes,
    hostMethod: host.method
  }
  if (smiOutcome?.deviceUsedDeltaBytes != null) peaks.deviceUsedDeltaBytes = smiOutcome.deviceUsedDeltaBytes
  const gpuPeakKnown =
    smiOutcome !== null && (smiOutcome.nvidiaSmiBytes ?? smiOutcome.deviceUsedDeltaBytes) !== null
  const joinFailed = cgroupJoinFailed(exit?.code, command.tail())
  return {
    ...m,
    spawnError: joinFailed ? `could not move the command into its memory cgroup ${cgroup?.dir}` : null,
    hostMethod: host.method,
    kernelOomKills: kills.kills,
    kernelOomSource: kills.source,
    exitCode: exit?.code ?? null,
    signal: exit?.signal ?? null,
    durationMs: Math.max(0, endAt - t0),
    timedOut: ending === 'timeout',
    interrupted: ending === 'abort',
    stoppedEarly: ending === 'settled',
    peakAtMs: gpuPeakKnown ? (smiOutcome?.peakAtMs ?? null) : host.peakAtMs,
    peaks,
    gpus: smiOutcome?.gpus ?? unmeasured(req),
    logTail: command.tail(),
    probes,
    ...notesFields(notes),
    runnerError: smiOutcome?.runnerError ?? null,
    samplers: { nvidiaSmi: plan.nvidiaSmi, probe: probe !== null }
  }
}

function unmeasured(req: RunRequest): Measurement['gpus'] {
  return req.gpus.map(g => ({ index: g.index, uuid: g.uuid, peakBytes: null, baselineBytes: null }))
}

/** The run's own memory cgroup, or null with a note saying why host memory is measured by PSS. */
function runCgroup(req: RunRequest, notes: Note[]): RunCgroup | null {
  const found = ownMemoryHierarchy()
  const made = found.hierarchy
    ? RunCgroup.create(found.hierarchy, `oom-gate-${process.pid}-${++cgroupSeq}`)
    : { cgroup: null, reason: found.reason }
  // Host memory is the verdict only without GPUs: elsewhere the method is a detail of peaks.
  if (!made.cgroup && req.gpus.length === 0)
    notes.push(note('host-by-pss', `host memory measured by PSS, not by a memory cgroup: ${made.reason}`))
  return made.cgroup
}
