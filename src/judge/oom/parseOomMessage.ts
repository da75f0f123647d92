// Finds the out-of-memory message in a text and reads its numbers.
import type { OomReport } from '../../results.js'
import { readClauses } from './clauses.js'
import { DEVICE_WORDS, FALLBACK_FAMILY, FALLBACK_LINES, OOM_FAMILIES, type OomFamily } from './families.js'
import { logLines } from './logLines.js'
import { decisiveNonOomError, deniedAt, INFO_LEVEL, onlyDenied } from './notEvidence.js'
import {
  CATCH_MARKER,
  CATCH_WINDOW,
  EXCEPTION_LINE,
  FATAL_LINE,
  LOOKALIKE_PATTERNS,
  OOM_PREFILTER,
  WARNING_LEVEL
} from './patterns.js'

const EVIDENCE_MAX_CHARS = 2000
// A terminal (or an issue box) wraps a long message; its parentheses stay open across the break.
// A wrapped piece is at most a screen wide; a longer line is a line of its own.
const WRAPPED_LINES = 2
const WRAPPED_MAX_CHARS = 1000

export interface FindOptions {
  /** Ignore lines that only show a SIGKILL: the gate killed the tree itself. */
  ignoreSigkill: boolean
  /**
   * How the run ended, where known: 0 lets a caught OOM count as survived and never allows the
   * fallback; non-zero means a caught OOM did not save the run; null (unknown: `explain` on a log
   * file) reads the log for a traceback after the catch.
   */
  exitCode?: number | null
  /** Report out-of-memory words no family knows (FALLBACK_FAMILY); only for a run that did not exit 0. */
  fallback?: boolean
}

/**
 * Which message decides, when a log has several (DDP ranks, a traceback printed twice, a worker
 * killed after the main process failed):
 *  1. A message that says memory ran out (`basis: 'message'`) beats the shape of a SIGKILL
 *     (`basis: 'kill'`), wherever they are: a SIGKILL is often the consequence (torchrun escalates
 *     to SIGKILL when ranks do not stop).
 *  2. Among equals, the first in the log: the first rank to run out is the cause; the others fail
 *     after it (their own OOM, NCCL errors, timeouts). Its numbers and `gpuIndex` are reported.
 *  3. An OOM the run caught (a "skipping batch" on its line or just after) decides only when no
 *     uncaught one follows; it is `recovered` when the run went on: exit 0, or (exit status unknown)
 *     no traceback after the last catch. A caught OOM beats a kill, and the fallback.
 *  4. With no family's message and no kill, the fallback (out-of-memory words in the last lines),
 *     where allowed: words a kill's explanation uses ("Exit code 137 typically means ... out of
 *     memory") do not turn the kill into a message.
 */
export function findOom(lines: readonly string[], options: FindOptions): OomReport | null {
  let firstKill: OomReport | null = null
  let firstCaught: OomReport | null = null
  let lastCatch = -1
  for (let i = 0; i < lines.length; i++) {
    const message = unwrapped(lines, i)
    if (!OOM_PREFILTER.test(message)) continue
    const family = OOM_FAMILIES.find(f => f.match.test(message))
    if (!family) continue
    if (family.basis === 'kill') {
      if (!options.ignoreSigkill && firstKill === null) firstKill = report(family, message, [])
      continue
    }
    // "no CUDA out of memory errors", "to avoid CUDA out of memory": the words, not the error.
    if (onlyDenied(message, family.match)) continue
    const found = report(family, message, lines.slice(i + 1, i + 1 + (family.following ?? 0)))
    const caughtAt = catchMarkerAt(lines, i, message)
    if (caughtAt === null) return found
    firstCaught ??= found
    lastCatch = Math.max(lastCatch, caughtAt)
  }
  if (firstCaught !== null) {
    return { ...firstCaught, recovered: survived(lines, lastCatch, options.exitCode ?? null) }
  }
  if (firstKill !== null) return firstKill
  return options.fallback && options.exitCode !== 0 ? fallbackOom(lines) : null
}

/** The line at or after `i` (within CATCH_WINDOW) that says the OOM on line `i` was caught, or null. */
function catchMarkerAt(lines: readonly string[], i: number, message: string): number | null {
  if (CATCH_MARKER.test(message)) return i
  for (let j = i + 1; j <= i + CATCH_WINDOW && j < lines.length; j++) {
    if (CATCH_MARKER.test(lines[j]!)) return j
  }
  return null
}

/** Whether the run went on after its last caught OOM: its exit status, or no traceback after it. */
function survived(lines: readonly string[], lastCatch: number, exitCode: number | null): boolean {
  if (exitCode !== null) return exitCode === 0
  for (let j = lastCatch + 1; j < lines.length; j++) {
    const line = lines[j]!
    if (FATAL_LINE.test(line) || EXCEPTION_LINE.test(line)) return false
  }
  return true
}

/**
 * The last of the log's last FALLBACK_LINES lines with out-of-memory words no family knows, as an
 * OOM of FALLBACK_FAMILY; null when there is none. Look-alikes, lines below error level (warning,
 * info, debug), and words denied or given as a hint or a handler's name are skipped. The run's own
 * last error record decides: when it names a non-memory error (`KeyError: "lr"` after an
 * `[INFO] torch.cuda.OutOfMemoryError handler installed`), words above it are not the failure.
 */
function fallbackOom(lines: readonly string[]): OomReport | null {
  let seen = 0
  for (let i = lines.length - 1; i >= 0 && seen < FALLBACK_LINES; i--) {
    const line = lines[i]!
    if (line.trim() === '') continue
    seen++
    const words = FALLBACK_FAMILY.match.exec(line)
    if (words === null) {
      if (decisiveNonOomError(line) !== null) return null
      continue
    }
    if (WARNING_LEVEL.test(line) || INFO_LEVEL.test(line)) continue
    if (deniedAt(line, words.index, words.index + words[0].length)) continue
    // A traceback's source line (`except torch.cuda.OutOfMemoryError:`) names the error, it is not one.
    if (i > 0 && TRACEBACK_FRAME.test(lines[i - 1]!)) continue
    // A look-alike's message spans lines (gRPC's status on one, "Received message larger" on the next).
    const around = lines.slice(Math.max(0, i - LOOKALIKE_REACH), i + LOOKALIKE_REACH + 1)
    if (around.some(l => LOOKALIKE_PATTERNS.some(re => re.test(l)))) continue
    const kind = DEVICE_WORDS.test(line) ? 'gpu-oom' : 'host-oom'
    return { ...report({ ...FALLBACK_FAMILY, kind }, line, []) }
  }
  return null
}

/**
 * Line `i`, joined with the lines after it while its parentheses are open (a wrapped message). Only
 * a line that could start or continue a message is joined, so noise lines are read once.
 */
function unwrapped(lines: readonly string[], i: number): string {
  let text = lines[i]!
  for (let j = i + 1; j <= i + WRAPPED_LINES && j < lines.length; j++) {
    const next = lines[j]!
    if (next.length > WRAPPED_MAX_CHARS) break
    if (opensMore(text)) {
      if (!OOM_PREFILTER.test(text) && !OOM_PREFILTER.test(next)) break
      if (ownMessage(lines, i, next)) break
      text += next
    } else if (DANGLING.test(text) && OOM_PREFILTER.test(text)) {
      // A number cut from its label (`... 21.07` / `GiB reserved`), or a label from its number
      // (`available memory is only` / `416.625000MB.`): the message goes on on the next line.
      if (ownMessage(lines, i, next)) break
      text += ` ${next.trimStart()}`
    } else break
  }
  return text
}

/**
 * Whether `next` cannot continue line `i`: it starts an exception of its own, or line `i` is a
 * traceback's source line (after its `File "...", line N` header), code whose parentheses need
 * not close. Tested only where a join is about to happen, so a long log pays nothing for it.
 */
function ownMessage(lines: readonly string[], i: number, next: string): boolean {
  return (
    EXCEPTION_LINE.test(next) || PROGRAM_ERROR.test(next) || (i > 0 && TRACEBACK_FRAME.test(lines[i - 1]!))
  )
}

/** A program's own error record (`slurmstepd: error: ...`, `srun: error: ...`): a message of its own. */
const PROGRAM_ERROR = /^\s*[\w.-]{1,40}(?:\[\d+\])?: (?:error|fatal)\b/i

/** A Python traceback's frame header; the line after it is source code. */
const TRACEBACK_FRAME = /^\s*File "[^"]*", line \d+/

/** How many lines around a fallback candidate a look-alike's message may reach. */
const LOOKALIKE_REACH = 2

/** A line that cannot end a message: it ends in a bare number or in a word that wants one. */
const DANGLING = /(?:\d|\b(?:of|by|is|only|than|to|allocate|total))[ \t]*$/

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

/**
 * The OOM one message (an exception text, a log excerpt of unknown exit status) reports, with its
 * numbers; null when it reports none.
 */
export function parseOomMessage(text: string): OomReport | null {
  return findOom(logLines(text), { ignoreSigkill: false, exitCode: null, fallback: true })
}
