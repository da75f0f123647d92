// Runs one model's smoke command and measures it: the edge between the pipeline and the machine.
// Failing commands, missing tools and interruptions are data in the Measurement, never exceptions;
// no process of the run outlives this function.
import { mkdir, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { HostSampler } from './hostSampler.js'
import { stopTree, type StopTreeResult } from './killTree.js'
import { NvidiaSmiSampler, type NvidiaSmiOutcome } from './nvidiaSmiSampler.js'
import { probeDir } from './probe/location.js'
import { readProbeRecords } from './probe/readProbeRecords.js'
import { ProcessTree } from './processTree.js'
import { waitForGpuRelease } from './releaseWait.js'
import { buildRunEnv, type ProbeSettings } from './runEnv.js'
import { startCommand, type CommandExit } from './runCommand.js'
import { planSamplers } from './samplerPlan.js'
import { SettleDetector } from './settleDetector.js'
import { summarizeProbes } from './summarizeProbes.js'
import type { Measurement, ProbeRecord, ProgressSample, RunRequest } from './types.js'

type Ending = 'exit' | 'timeout' | 'abort' | 'settled'

/** Longest wait for the shell's exit event and its pipes once the tree has been SIGKILLed. */
const AFTERMATH_MS = 5000

function blank(req: RunRequest): Measurement {
  return {
    name: req.model.name,
    exitCode: null,
    signal: null,
    durationMs: 0,
    timedOut: false,
    interrupted: false,
    stoppedEarly: false,
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

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`

function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<null>(r => (timer = setTimeout(() => r(null), ms)))
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

export async function measureModel(req: RunRequest): Promise<Measurement> {
  const m = blank(req)
  if (req.abort?.aborted) {
    return { ...m, interrupted: true, notes: ['not started: the gate was interrupted'] }
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

  const plan = planSamplers(req.sampler, req.gpus.length, req.capBytes)
  const notes = [...plan.notes]
  let probe: ProbeSettings | null = null
  if (plan.probe) {
    try {
      // The probe writes JSON per process; at 100 ms sampling every 0.5 s is plenty.
      probe = {
        dir: probeDir(),
        capBytes: req.capBytes,
        intervalMs: Math.max(req.intervalMs, 500),
        snapshot: req.snapshot,
        limitBytes: req.limitBytes
      }
    } catch (err) {
      notes.push(`torch probe unavailable: ${(err as Error).message}`)
    }
  }
  let smi: NvidiaSmiSampler | null = null
  if (plan.nvidiaSmi) {
    const sampler = new NvidiaSmiSampler({ gpus: req.gpus, intervalMs: req.intervalMs })
    if (await sampler.start()) smi = sampler
    else {
      notes.push(...sampler.outcome().notes)
      // nvidia-smi broke after the gate found it working: running blind would measure nothing.
      const runnerError = sampler.runnerFailure
      if (runnerError)
        return {
          ...m,
          gpus: unmeasured(req),
          notes: [...notes, 'not started: nvidia-smi is failing'],
          runnerError
        }
    }
  }
  if (req.abort?.aborted) {
    await smi?.stopStreams()
    return { ...m, interrupted: true, notes: [...notes, 'not started: the gate was interrupted'] }
  }

  const env = buildRunEnv({
    base: req.env,
    model: req.model,
    resultDir: req.resultDir,
    gpus: req.gpus,
    probe
  })
  const started = await startCommand({ run: req.model.run, cwd, env, onLine: req.onLine })
  if (!started.ok) {
    await smi?.stopStreams()
    return { ...m, spawnError: started.error, notes }
  }
  const command = started.command
  const t0 = command.startedAt
  const tree = new ProcessTree(command.pid)
  smi?.attach(tree, t0)
  const host = new HostSampler(tree)
  const settle = req.settleMs !== null ? new SettleDetector(req.settleMs, req.minDurationMs) : null

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
  const ticker = setInterval(sample, req.intervalMs)
  const timeoutMs = req.model.timeoutMs ?? req.timeoutMs
  const deadline = setTimeout(() => requestStop('timeout'), timeoutMs)
  const onAbort = () => requestStop('abort')
  req.abort?.addEventListener('abort', onAbort, { once: true })

  let ending: Ending = 'exit'
  let stop: StopTreeResult | null = null
  let exit: CommandExit | null = null
  let smiOutcome: NvidiaSmiOutcome | null = null
  try {
    sample()
    ending = await Promise.race([command.exited.then(() => 'exit' as const), stopRequested])
    if (ending !== 'exit') {
      sample()
      const signals: NodeJS.Signals[] = ending === 'settled' ? ['SIGINT', 'SIGTERM'] : ['SIGTERM']
      stop = await stopTree({ tree, groupId: command.pid, signals, graceMs: req.graceMs })
    } else {
      tree.refresh()
      const left = tree.size
      if (left > 0) {
        stop = await stopTree({ tree, groupId: command.pid, signals: ['SIGTERM'], graceMs: req.graceMs })
        notes.push(`${left} process(es) the command left running after it exited were stopped`)
      }
    }
    exit = await within(command.exited, AFTERMATH_MS)
    await command.drain(ending === 'exit' && !stop ? AFTERMATH_MS : 1000)
  } finally {
    clearInterval(ticker)
    clearTimeout(deadline)
    req.abort?.removeEventListener('abort', onAbort)
    // Whatever happened above, nothing of the run may outlive the measurement.
    tree.refresh()
    if (tree.size > 0) await stopTree({ tree, groupId: command.pid, signals: [], graceMs: 0 })
    await smi?.stopStreams()
  }

  if (smi) {
    smiOutcome = smi.outcome()
    notes.push(...smiOutcome.notes)
    const release = await waitForGpuRelease({
      ourPids: new Set(tree.everPids()),
      gpus: smi.baselines(),
      checkDevice: smiOutcome.usedDevice || !smi.rowsUsable,
      timeoutMs: req.releaseTimeoutMs,
      pollMs: Math.max(100, req.intervalMs),
      queryTimeoutMs: Math.min(10_000, Math.max(1000, req.releaseTimeoutMs))
    })
    if (!release.released) {
      notes.push(
        `GPU memory of the run was not released within ${seconds(req.releaseTimeoutMs)}: ${release.holding}`
      )
    } else if (release.waitedMs >= 1000) {
      notes.push(`waited ${seconds(release.waitedMs)} for the driver to release the run's GPU memory`)
    }
  }

  if (stop) {
    if (stop.escaped > 0)
      notes.push(`${stop.escaped} process(es) that had left the process group (setsid) were stopped too`)
    if (stop.sent.length > 0) notes.push(`stopped with ${stop.sent.join(', then ')}`)
    if (stop.survivors.length > 0) {
      notes.push(
        `process(es) ${stop.survivors.join(', ')} survived SIGKILL (stuck in the kernel or a driver)`
      )
    }
  }
  const endAt = exit?.atMs ?? Date.now()
  if (ending === 'settled' && settle) {
    notes.push(
      `stopped early after ${seconds(endAt - t0)}: the peak had not grown since ${seconds(settle.lastGrowthAtMs)}`
    )
  }
  if (ending === 'timeout') notes.push(`timed out after ${seconds(timeoutMs)}`)
  if (ending === 'abort')
    notes.push('interrupted: the gate was asked to stop; the peaks are what was measured until then')

  let probes: ProbeRecord[] = []
  try {
    probes = await readProbeRecords(req.resultDir)
  } catch (err) {
    notes.push(`could not read the torch probe's records: ${(err as Error).message}`)
  }
  const torch = summarizeProbes(probes)

  const peaks: Measurement['peaks'] = {
    nvidiaSmiBytes: smiOutcome?.nvidiaSmiBytes ?? null,
    torchReservedBytes: torch.torchReservedBytes,
    torchAllocatedBytes: torch.torchAllocatedBytes,
    hostRssBytes: host.peakBytes
  }
  if (smiOutcome?.deviceUsedDeltaBytes != null) peaks.deviceUsedDeltaBytes = smiOutcome.deviceUsedDeltaBytes
  const gpuPeakKnown =
    smiOutcome !== null && (smiOutcome.nvidiaSmiBytes ?? smiOutcome.deviceUsedDeltaBytes) !== null
  return {
    ...m,
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
    notes,
    runnerError: smiOutcome?.runnerError ?? null
  }
}

function unmeasured(req: RunRequest): Measurement['gpus'] {
  return req.gpus.map(g => ({ index: g.index, uuid: g.uuid, peakBytes: null, baselineBytes: null }))
}
