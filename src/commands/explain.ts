// `oom-gate explain LOGFILE [--json]`: classify a training log the way the gate does. The
// classification is the output; the exit code is 0 whatever it says (2 only for bad usage).
import { readFileSync } from 'node:fs'
import { UsageError } from '../config/load.js'
import { classifyOom } from '../judge/oom/classifyOom.js'
import { decodeLog } from '../judge/oom/decodeLog.js'
import { describeOom, familyAdvice } from '../judge/oom/describeOom.js'
import type { OomReport } from '../results.js'
import { parseFlags } from './parseFlags.js'

const USAGE =
  'usage: oom-gate explain LOGFILE [--json] [--exit-code N]   (LOGFILE - reads standard input; N: the exit status of the run, when known)'

export function explainCommand(argv: string[], out: (text: string) => void): number {
  const { path, json, help, exitCode } = parseArgs(argv)
  if (help) {
    out(USAGE)
    return 0
  }
  // Without --exit-code the run's exit status is unknown: an OOM it caught counts as survived
  // when no traceback follows, and out-of-memory words no family knows are reported (never on 0).
  const report = classifyOom({
    log: readLog(path),
    exitCode,
    signal: null,
    probeException: null,
    killedByGate: false
  })
  out(json ? JSON.stringify(contractJson(report), null, 2) : humanText(report))
  return 0
}

interface ExplainArgs {
  path: string
  json: boolean
  help: boolean
  /** The run's exit status (`--exit-code`); null: unknown. */
  exitCode: number | null
}

function parseArgs(argv: string[]): ExplainArgs {
  const { values, positionals: paths } = parseFlags(
    'explain',
    argv,
    {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      'exit-code': { type: 'string' }
    },
    { positionals: true, values: { 'exit-code': 'an exit status (an integer, e.g. 0 or 137)' } }
  )
  const { json, help } = values
  const exitCode = exitCodeOf(values['exit-code'])
  if (help) return { path: '', json, help, exitCode }
  if (paths.length === 0)
    throw new UsageError([`explain: missing LOGFILE, the training log to classify; ${USAGE}`])
  if (paths.length > 1) {
    throw new UsageError([`explain: takes one LOGFILE, got ${paths.length} (${paths.join(', ')}); ${USAGE}`])
  }
  return { path: paths[0]!, json, help, exitCode }
}

function exitCodeOf(value: string | undefined): number | null {
  if (value === undefined) return null
  if (!/^-?\d{1,3}$/.test(value)) {
    throw new UsageError([
      `explain: --exit-code ${value} is not an exit status; pass the run's exit status as an integer (0, 1, 137), or leave it out when unknown`
    ])
  }
  return Number(value)
}

function readLog(path: string): string {
  const name = path === '-' ? 'standard input' : path
  let bytes: Buffer
  try {
    // File descriptor 0 reads standard input, whatever it is (pipe, file, terminal).
    bytes = readFileSync(path === '-' ? 0 : path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a log file'
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot be read (${code ?? String(error)})`
    throw new UsageError([
      `explain: ${name}: ${why}; pass the path of a training log, or - to read standard input`
    ])
  }
  // UTF-16 (PowerShell 5's `>`) is decoded, not read as UTF-8 with a NUL between every letter.
  const decoded = decodeLog(bytes)
  if (!decoded.ok) throw new UsageError([`explain: ${name}: ${decoded.problem}`])
  return decoded.text
}

/**
 * Contract 4's fields, in its order, then what extends it: the evidence line, the message family
 * (`null` for not-oom), for an OOM its basis (`message` or `kill`), and `recovered`: true when the
 * run caught the OOM and went on (contract 6), false otherwise.
 */
function contractJson(r: OomReport): OomReport {
  return {
    kind: r.kind,
    framework: r.framework,
    gpuIndex: r.gpuIndex,
    triedToAllocateBytes: r.triedToAllocateBytes,
    totalCapacityBytes: r.totalCapacityBytes,
    freeBytes: r.freeBytes,
    allocatedBytes: r.allocatedBytes,
    reservedBytes: r.reservedBytes,
    evidence: r.evidence,
    family: r.family ?? null,
    ...(r.basis === undefined ? {} : { basis: r.basis }),
    recovered: r.recovered === true
  }
}

function humanText(r: OomReport): string {
  const headline =
    r.kind === 'not-oom'
      ? 'not-oom: no out-of-memory error found'
      : `${r.kind}: ran out of ${r.kind === 'host-oom' ? 'host' : 'GPU'} memory${r.framework ? ` (${r.framework})` : ''}`
  const lines = [headline]
  if (r.kind !== 'not-oom') lines.push(describeOom(r))
  const advice = familyAdvice(r)
  if (advice) lines.push(`what it means: ${advice.title}`, `usual fix: ${advice.fix}`)
  if (r.basis === 'kill') {
    lines.push(
      'basis: only the shape of a SIGKILL; the kernel log (dmesg) says whether the OOM killer sent it'
    )
  }
  if (r.recovered === true) {
    lines.push(
      'recovered: the run caught this OOM, skipped the batch and went on; the gate judges it at-risk (the config does not fit reliably)'
    )
  } else if (r.recovered === false) {
    lines.push('caught: the run caught this OOM, but died after it')
  }
  if (r.evidence !== null) lines.push(`evidence: ${r.evidence}`)
  return lines.join('\n')
}
