// Decides whether a failed run ran out of GPU memory, host memory, or neither, from everything the
// run left behind: the probe's exception, the log tail, and how the process ended.
import type { OomReport } from '../../results.js'
import { logLines } from './logLines.js'
import { evidenceLine, findOom } from './parseOomMessage.js'
import { CANCELLATION_PATTERNS, EXCEPTION_LINE, LOOKALIKE_PATTERNS } from './patterns.js'

export interface OomEvidence {
  /** Combined stdout/stderr tail (may be long, with ANSI codes and DDP ranks interleaved). */
  log: string
  exitCode: number | null
  /** The signal that ended the shell, e.g. 'SIGKILL'. */
  signal: string | null
  /** Uncaught exception text captured in-process by the torch probe, if any. */
  probeException: string | null
  /** The gate killed the tree (timeout, early stop, interrupt): a SIGKILL then is not the kernel OOM killer. */
  killedByGate: boolean
}

/** An OOM report's numbers when the evidence states none (a kill, a kernel record): unknown, never 0. */
export const NO_NUMBERS = {
  gpuIndex: null,
  triedToAllocateBytes: null,
  totalCapacityBytes: null,
  freeBytes: null,
  allocatedBytes: null,
  reservedBytes: null
} as const

/**
 * The OOM a finished run shows, or `kind: 'not-oom'`. `family` names the message family that
 * matched (families.ts; `unrecognised` for out-of-memory words no family knows, on a run that did
 * not exit 0); `basis` says whether the verdict rests on a message that says memory ran out or only
 * on the shape of a SIGKILL; `recovered` whether the run caught the OOM and went on (see OomReport
 * in results.ts). `exitCode` null means unknown (a log file given to `explain`). Never throws.
 */
export function classifyOom(e: OomEvidence): OomReport {
  // The probe's text is the exception itself, whole and from one process: no interleaving, no
  // truncated tail. It wins when it is an OOM; otherwise the log may still show another process's.
  if (e.probeException !== null) {
    const fromProbe = findOom(logLines(e.probeException), { ignoreSigkill: false })
    if (fromProbe) return fromProbe
  }
  const lines = logLines(e.log)
  // The fallback reads a run that failed on its own: not one that exited 0, nor one the gate killed.
  const fromLog = findOom(lines, {
    ignoreSigkill: e.killedByGate,
    exitCode: e.exitCode,
    fallback: !e.killedByGate
  })
  const sigkill = sigkillFact(e)
  // A kill the log says someone ordered (a time limit, a cancellation, a preemption) was not the
  // kernel OOM killer's, whatever its shape.
  const cancelled =
    (fromLog?.basis === 'kill' || (fromLog === null && sigkill !== null)) && !e.killedByGate
      ? cancellationRecord(lines)
      : null
  if (fromLog && cancelled === null) return fromLog

  if (sigkill !== null && !e.killedByGate && cancelled === null) {
    // Nothing printed, killed by SIGKILL: what the kernel OOM killer leaves behind, and only that.
    return {
      kind: 'host-oom',
      framework: 'kernel',
      ...NO_NUMBERS,
      evidence: sigkill,
      family: 'sigkill',
      basis: 'kill'
    }
  }
  return {
    kind: 'not-oom',
    framework: null,
    ...NO_NUMBERS,
    evidence: cancelled ?? notOomEvidence(lines, e, sigkill),
    family: null
  }
}

/** The last line that records someone ending the run (CANCELLATION_PATTERNS), or null. */
function cancellationRecord(lines: readonly string[]): string | null {
  const line = lines.findLast(l => CANCELLATION_PATTERNS.some(re => re.test(l)))
  return line === undefined ? null : evidenceLine(line)
}

/** How the process said it was SIGKILLed, or null. bash exits 128 + 9 when its child is killed. */
function sigkillFact(e: OomEvidence): string | null {
  if (e.signal === 'SIGKILL') return 'killed by SIGKILL'
  if (e.exitCode === 137) return 'exit code 137 (128 + SIGKILL)'
  if (e.exitCode === -9) return 'exit code -9 (SIGKILL)'
  return null
}

function notOomEvidence(lines: readonly string[], e: OomEvidence, sigkill: string | null): string | null {
  for (const re of LOOKALIKE_PATTERNS) {
    const line = lines.find(l => re.test(l))
    if (line !== undefined) return evidenceLine(line)
  }
  const lastException = lines.findLast(l => EXCEPTION_LINE.test(l))
  if (lastException !== undefined) return evidenceLine(lastException)
  if (sigkill !== null) return `${sigkill}, sent by the gate itself`
  if (e.signal !== null) return `killed by ${e.signal}`
  if (e.exitCode !== null && e.exitCode !== 0) return `exit code ${e.exitCode}`
  return null
}
