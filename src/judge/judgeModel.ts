// One model's verdict (contract 2) from what was measured. Pure: the OOM classifier reads
// the log, exit status and probe exception; nothing here touches processes or files.
import type { ModelConfig } from '../config/schema.js'
import type { Measurement } from '../measure/types.js'
import type { ModelResultInput, OomReport, Status } from '../results.js'
import { allocatorHealth, chooseSnapshot, snapshotProblems } from './allocatorHealth.js'
import { choosePeak } from './choosePeak.js'
import { classifyOom } from './oom/classifyOom.js'
import { judgeRunner, type RunnerTarget } from './runnerVerdict.js'

export interface Target extends RunnerTarget {
  memoryBytes: number
  limitBytes: number
}

export function judgeModel(model: ModelConfig, m: Measurement, target: Target): ModelResultInput {
  const chosen = choosePeak(m)
  const killedByGate = m.timedOut || m.interrupted || m.stoppedEarly
  const probeException = m.probes.map(p => p.exception).find(e => e !== null) ?? null
  const oom: OomReport | null =
    m.spawnError === null && (m.exitCode !== 0 || m.signal !== null || probeException !== null)
      ? classifyOom({
          log: m.logTail.join('\n'),
          exitCode: m.exitCode,
          signal: m.signal,
          probeException,
          killedByGate
        })
      : null
  const ranOutOfMemory = oom !== null && oom.kind !== 'not-oom'
  const snapshot = chooseSnapshot(m.probes)
  const allocator = allocatorHealth(m.probes, snapshot)
  const notes = [...m.notes, ...chosen.notes, ...snapshotProblems(m.probes).map(p => `memory snapshot: ${p}`)]

  let status: Status
  let reason: string | null = null
  if (m.spawnError !== null) {
    status = 'failed'
    reason = m.spawnError
  } else if (ranOutOfMemory) {
    status = 'oom'
  } else if (m.interrupted) {
    status = 'failed'
    reason = 'interrupted: the gate was stopped before this run finished'
  } else if (m.timedOut) {
    status = 'timeout'
    reason = `still running at the timeout (${(m.durationMs / 1000).toFixed(0)} s); the process tree was killed`
  } else if (!m.stoppedEarly && (m.exitCode !== 0 || m.signal !== null)) {
    status = 'failed'
    reason = m.signal !== null ? `killed by ${m.signal}` : `exited with code ${m.exitCode}`
  } else {
    status = chosen.peakBytes !== null && chosen.peakBytes > target.limitBytes ? 'at-risk' : 'ok'
    const retries = allocator?.numAllocRetries ?? 0
    if (status === 'ok' && retries > 0) {
      // Below the limit only because the caching allocator emptied its cache and retried: the
      // next bit of growth (or fragmentation) runs out of memory.
      status = 'at-risk'
      reason = `fit only through ${retries} allocator ${retries === 1 ? 'retry' : 'retries'} (num_alloc_retries): PyTorch's caching allocator ran out of room, freed its cache and retried, so the run is at the edge of the card`
    }
  }

  const verdict: ModelResultInput = {
    name: model.name,
    status,
    expect: model.expect,
    peakBytes: chosen.peakBytes,
    peakSource: chosen.peakSource,
    peaks: m.peaks,
    durationMs: Math.round(m.durationMs),
    exitCode: m.exitCode,
    signal: m.signal,
    oom: ranOutOfMemory ? oom : null,
    baseline: null,
    reason,
    notes,
    gpus: m.gpus,
    peakAtMs: m.peakAtMs,
    stoppedEarly: m.stoppedEarly,
    logTail: m.logTail,
    ...(allocator !== null ? { allocator } : {}),
    ...(snapshot !== null ? { snapshot } : {})
  }
  return judgeRunner(verdict, m, target)
}
