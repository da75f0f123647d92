// One model's verdict (contract 2) from what was measured. Pure: the OOM classifier reads
// the log, exit status and probe exception; nothing here touches processes or files.
// Fail closed (contract 6): the log is read on a zero exit too (an OOM hidden behind `| tee`
// or caught and printed is still an OOM); a kill is an OOM only when the kernel recorded one;
// a machine-wide count (/proc/vmstat) never confirms a kill of this run; a run with no reading
// at all is not a fit; an OOM the run caught and survived is at-risk, never ok.
import type { ModelConfig } from '../config/schema.js'
import { formatDuration } from '../config/units.js'
import type { Measurement } from '../measurement.js'
import type { ModelResultInput, OomReport, Status } from '../results.js'
import { allocatorHealth, chooseSnapshot, snapshotProblems } from './allocatorHealth.js'
import { choosePeak } from './choosePeak.js'
import { classifyOom, NO_NUMBERS } from './oom/classifyOom.js'
import { lastErrorRecord } from './oom/notEvidence.js'
import { gpuNoReading, judgeRunner, type RunnerTarget } from './runnerVerdict.js'
import { note, notesFieldsOf, withNotes, type Note } from '../notes.js'
import { reason, reasonFields, type Reason } from '../reasons.js'

export interface Target extends RunnerTarget {
  memoryBytes: number
  limitBytes: number
}

export function judgeModel(model: ModelConfig, m: Measurement, target: Target): ModelResultInput {
  const chosen = choosePeak(m)
  const oom = m.spawnError === null ? oomOf(m) : null
  const ranOutOfMemory =
    oom !== null &&
    oom.report.kind !== 'not-oom' &&
    oom.killedWithoutRecord === null &&
    oom.report.recovered !== true
  // Caught, logged, and the run went on to exit 0 (contract 6): not oom, but not a fit either.
  const recovered = oom !== null && oom.report.kind !== 'not-oom' && oom.report.recovered === true
  const snapshot = chooseSnapshot(m.probes)
  const allocator = allocatorHealth(m.probes, snapshot)
  const judged = withNotes(
    { notes: [...m.notes], findings: [...(m.findings ?? [])] },
    ...(m.spawnError === null ? chosen.notes : []),
    ...(oom?.notes ?? []),
    ...snapshotProblems(m.probes).map(p => note('snapshot-problem', `memory snapshot: ${p}`))
  )

  let status: Status
  let why: Reason | null = null
  if (m.spawnError !== null) {
    status = 'failed'
    why = reason('spawn-failed', m.spawnError)
  } else if (ranOutOfMemory) {
    status = 'oom'
  } else if (m.interrupted) {
    status = 'failed'
    why = reason('interrupted', INTERRUPTED_REASON)
  } else if (m.timedOut) {
    status = 'timeout'
    why = reason(
      'timeout',
      `still running at the timeout (${formatDuration(m.timeoutMs, { style: 'limit' })}); the process tree was killed`
    )
  } else if (oom?.killedWithoutRecord) {
    status = 'failed'
    why = reason('killed-without-oom-record', oom.killedWithoutRecord)
  } else if (!m.stoppedEarly && (m.exitCode !== 0 || m.signal !== null)) {
    status = 'failed'
    const record = lastErrorRecord(m.logTail)
    why = reason(
      'command-failed',
      (m.signal !== null ? `killed by ${m.signal}` : `exited with code ${m.exitCode}`) +
        (record !== null ? ` (last error: ${record})` : '')
    )
  } else if (chosen.peakBytes === null) {
    status = 'failed'
    why =
      m.gpus.length > 0
        ? gpuNoReading(m)
        : reason(
            'no-reading',
            'no memory reading: the command ended before the first sample and no cgroup peak was available; nothing shows that it fits'
          )
  } else {
    status = chosen.peakBytes > target.limitBytes ? 'at-risk' : 'ok'
    const retries = allocator?.numAllocRetries ?? 0
    if (status === 'ok' && retries > 0) {
      // Below the limit only because the caching allocator emptied its cache and retried: the
      // next bit of growth (or fragmentation) runs out of memory.
      status = 'at-risk'
      why = reason(
        'allocator-retries',
        `fit only through ${retries} allocator ${retries === 1 ? 'retry' : 'retries'} (num_alloc_retries): PyTorch's caching allocator ran out of room, freed its cache and retried, so the run is at the edge of the card`
      )
    }
    if (recovered) {
      status = 'at-risk'
      why = reason('oom-recovered', RECOVERED_REASON)
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
    oom: ranOutOfMemory || recovered ? oom!.report : null,
    baseline: null,
    ...reasonFields(why),
    ...notesFieldsOf(judged),
    gpus: m.gpus,
    peakAtMs: m.peakAtMs,
    stoppedEarly: m.stoppedEarly,
    ...(m.interrupted ? { interrupted: true } : {}),
    logTail: m.logTail,
    ...(allocator !== null ? { allocator } : {}),
    ...(snapshot !== null ? { snapshot } : {})
  }
  return judgeRunner(verdict, m, target)
}

/** Why a model the gate stopped is failed (its peak is what was measured until then). */
export const INTERRUPTED_REASON =
  'interrupted: the gate was stopped before this run finished; the peak is what was measured until then'

/** Why a model whose log shows an OOM it caught and survived is at-risk (contract 6). */
export const RECOVERED_REASON =
  'ran out of memory on a batch and skipped it: the config does not fit reliably'

interface OomVerdict {
  report: OomReport
  /** A kill the kernel did not record as an OOM: the failure's reason; null otherwise. */
  killedWithoutRecord: string | null
  notes: Note[]
}

/**
 * The classifier's answer, held to the kernel's record: an answer that rests only on a kill
 * (SIGKILL, exit 137, torchrun's `exitcode: -9`, a worker "killed by signal") stands only when the
 * kernel counted an OOM kill for the run; an OOM kill the kernel counted in the run's own cgroup,
 * or for which it named a process of the run in its log, is an OOM even when nothing was printed and the
 * command exited 0.
 */
function oomOf(m: Measurement): OomVerdict {
  const killedByGate = m.timedOut || m.interrupted || m.stoppedEarly
  const probeException = m.probes.map(p => p.exception).find(e => e !== null) ?? null
  const evidence = { log: m.logTail.join('\n'), exitCode: m.exitCode, signal: m.signal, probeException }
  const full = classifyOom({ ...evidence, killedByGate })
  const kills = m.kernelOomKills
  const whose =
    m.kernelOomSource === 'cgroup'
      ? "the run's memory cgroup"
      : m.kernelOomSource === 'kmsg'
        ? "the kernel log, for the run's processes"
        : "the machine's count (/proc/vmstat: the process killed may not be the run's)"
  const recorded =
    kills !== null && kills > 0 ? `the kernel recorded ${kills} OOM kill(s) during the run in ${whose}` : null

  if (full.kind !== 'not-oom') {
    const basis = (full as OomReport & { basis?: 'message' | 'kill' }).basis
    const onlyKill =
      basis === 'kill' ||
      (basis === undefined && classifyOom({ ...evidence, killedByGate: true }).kind === 'not-oom')
    if (!onlyKill) return { report: full, killedWithoutRecord: null, notes: [] }
    // Only a record of this run's own kill (its cgroup, or the kernel log naming its process)
    // confirms an OOM: the machine-wide count also moves when anything else is OOM-killed.
    if (recorded && m.kernelOomSource !== 'vmstat')
      return { report: full, killedWithoutRecord: null, notes: [note('kernel-oom-recorded', recorded)] }
    const kill = killWords(m, full.evidence)
    return {
      report: full,
      killedWithoutRecord:
        kills === null
          ? `${kill}: possibly out of memory, but the kernel's OOM-kill record could not be read`
          : recorded
            ? `${kill}: possibly out of memory (the kernel counted an OOM kill on this machine, maybe not of this run)`
            : `${kill}; not out of memory: the kernel recorded no OOM kill for the run (${whose})`,
      notes: []
    }
  }
  // Counted for the run itself (not the machine-wide counter): an OOM however the command ended.
  if (kills !== null && kills > 0 && m.kernelOomSource !== 'vmstat' && !killedByGate) {
    return {
      report: { kind: 'host-oom', framework: 'kernel', ...NO_NUMBERS, evidence: recorded },
      killedWithoutRecord: null,
      notes: []
    }
  }
  return { report: full, killedWithoutRecord: null, notes: [] }
}

/** "killed by SIGKILL", with the log line that says so when the shell itself was not killed. */
function killWords(m: Measurement, evidence: string | null): string {
  if (m.signal === 'SIGKILL') return 'killed by SIGKILL'
  if (m.exitCode === 137) return 'killed by SIGKILL (exit code 137)'
  return evidence ? `a process was killed by SIGKILL ("${evidence}")` : 'killed by SIGKILL'
}
