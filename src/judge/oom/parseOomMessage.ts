// Finds the out-of-memory message in a text and reads its numbers.
import type { OomReport } from '../../results.js'
import { readClauses } from './clauses.js'
import { OOM_FAMILIES, type OomFamily } from './families.js'
import { logLines } from './logLines.js'
import { OOM_PREFILTER } from './patterns.js'

const EVIDENCE_MAX_CHARS = 2000
// A terminal (or an issue box) wraps a long message; its parentheses stay open across the break.
// A wrapped piece is at most a screen wide; a longer line is a line of its own.
const WRAPPED_LINES = 2
const WRAPPED_MAX_CHARS = 1000

export interface FindOptions {
  /** Ignore lines that only show a SIGKILL: the gate killed the tree itself. */
  ignoreSigkill: boolean
}

/**
 * Which message decides, when a log has several (DDP ranks, a traceback printed twice, a worker
 * killed after the main process failed):
 *  1. A message that says memory ran out (`basis: 'message'`) beats the shape of a SIGKILL
 *     (`basis: 'kill'`), wherever they are: a SIGKILL is often the consequence (torchrun escalates
 *     to SIGKILL when ranks do not stop).
 *  2. Among equals, the first in the log: the first rank to run out is the cause; the others fail
 *     after it (their own OOM, NCCL errors, timeouts). Its numbers and `gpuIndex` are reported.
 */
export function findOom(lines: readonly string[], options: FindOptions): OomReport | null {
  let firstKill: OomReport | null = null
  for (let i = 0; i < lines.length; i++) {
    const message = unwrapped(lines, i)
    if (!OOM_PREFILTER.test(message)) continue
    const family = OOM_FAMILIES.find(f => f.match.test(message))
    if (!family) continue
    if (family.basis === 'kill') {
      if (!options.ignoreSigkill && firstKill === null) firstKill = report(family, message, [])
      continue
    }
    return report(family, message, lines.slice(i + 1, i + 1 + (family.following ?? 0)))
  }
  return firstKill
}

/**
 * Line `i`, joined with the lines after it while its parentheses are open (a wrapped message). Only
 * a line that could start or continue a message is joined, so noise lines are read once.
 */
function unwrapped(lines: readonly string[], i: number): string {
  let text = lines[i]!
  for (let j = i + 1; j <= i + WRAPPED_LINES && j < lines.length && opensMore(text); j++) {
    const next = lines[j]!
    if (next.length > WRAPPED_MAX_CHARS) break
    if (!OOM_PREFILTER.test(text) && !OOM_PREFILTER.test(next)) break
    text += next
  }
  return text
}

const OPEN = 40 // (
const CLOSE = 41 // )

function opensMore(text: string): boolean {
  if (!text.includes('(')) return false
  let depth = 0
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k)
    if (c === OPEN) depth++
    else if (c === CLOSE && depth > 0) depth--
  }
  return depth > 0
}

function report(family: OomFamily, message: string, following: readonly string[]): OomReport {
  const kind = family.hostWhen?.test(message) ? 'host-oom' : family.kind
  const numbers = readClauses([message, ...following], family.clauses ?? [], family.sizeOptions)
  return {
    kind,
    framework: family.framework,
    ...numbers,
    // A host OOM names no GPU, whatever the device clause of its family would read.
    ...(kind === 'host-oom' ? { gpuIndex: null } : {}),
    evidence: evidenceLine(message),
    family: family.id,
    basis: family.basis
  }
}

export function evidenceLine(line: string): string {
  const text = line.trim()
  return text.length <= EVIDENCE_MAX_CHARS ? text : `${text.slice(0, EVIDENCE_MAX_CHARS - 1)}…`
}

/** The OOM one message (an exception text, a log excerpt) reports, with its numbers; null when it reports none. */
export function parseOomMessage(text: string): OomReport | null {
  return findOom(logLines(text), { ignoreSigkill: false })
}
