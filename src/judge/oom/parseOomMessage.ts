// Finds the out-of-memory message in a text and reads its numbers.
import type { OomReport } from '../../results.js'
import { logLines } from './logLines.js'
import { OOM_PATTERNS, OOM_PREFILTER } from './patterns.js'

const EVIDENCE_MAX_CHARS = 2000
// NCCL prints the size it failed to get a line or two after its "Cuda failure" warning.
const FOLLOWING_LINES = 3

export interface FindOptions {
  /** Ignore lines that only show a SIGKILL: the gate killed the tree itself. */
  ignoreSigkill: boolean
}

/**
 * Which message decides, when a log has several (DDP ranks, a traceback printed twice, a worker
 * killed after the main process failed):
 *  1. A message that says memory ran out beats one inferred from a SIGKILL, wherever they are: a
 *     SIGKILL is often the consequence (torchrun escalates to SIGKILL when ranks do not stop).
 *  2. Among equals, the first in the log: the first rank to run out is the cause; the others fail
 *     after it (their own OOM, NCCL errors, timeouts). Its numbers and `gpuIndex` are reported.
 */
export function findOom(lines: readonly string[], options: FindOptions): OomReport | null {
  let firstSigkill: OomReport | null = null
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (!OOM_PREFILTER.test(line)) continue
    const pattern = OOM_PATTERNS.find(p => p.match.test(line))
    if (!pattern) continue
    if (pattern.fromSigkill) {
      if (!options.ignoreSigkill && firstSigkill === null) firstSigkill = report(pattern.read(line, []), line)
      continue
    }
    return report(pattern.read(line, lines.slice(i + 1, i + 1 + FOLLOWING_LINES)), line)
  }
  return firstSigkill
}

function report(facts: Omit<OomReport, 'evidence'>, line: string): OomReport {
  return { ...facts, evidence: evidenceLine(line) }
}

export function evidenceLine(line: string): string {
  const text = line.trim()
  return text.length <= EVIDENCE_MAX_CHARS ? text : `${text.slice(0, EVIDENCE_MAX_CHARS - 1)}…`
}

/** The OOM one message (an exception text, a log excerpt) reports, with its numbers; null when it reports none. */
export function parseOomMessage(text: string): OomReport | null {
  return findOom(logLines(text), { ignoreSigkill: false })
}
