// `oom-gate explain LOGFILE [--json] [--exit-code N]`: classify a training log the way the gate
// does. The classification is the output; the exit code is 0 whatever it says (2 only for bad usage).
import { readFileSync } from 'node:fs'
import { UsageError } from '../config/load.js'
import { classifyOom, NO_NUMBERS } from '../judge/oom/classifyOom.js'
import { decodeLog } from '../judge/oom/decodeLog.js'
import { describeOom, familyAdvice } from '../judge/oom/describeOom.js'
import type { OomReport } from '../results.js'
import { parseFlags } from './parseFlags.js'

export const EXPLAIN_USAGE = `Usage: oom-gate explain LOGFILE [--json] [--exit-code N]

Classifies a training log as the gate does: gpu-oom, host-oom or not-oom, with the message
family, the sizes the message states (in bytes), and the line the verdict rests on.
  LOGFILE          the log (UTF-8 or UTF-16); - reads standard input
  --exit-code N    how the run ended, when known: 0, 1, 137, or a signal as a negative number
                   (-9, as torchrun and Python's subprocess print it). Out-of-memory words no
                   family knows count only on a run that did not exit 0; unknown without it.
  --json           print the JSON object of contract 4 (kind, framework, gpuIndex, sizes,
                   evidence, family, basis, recovered)
A log that shows only a SIGKILL (\`Killed\`, exit 137) is not-oom with basis "kill": the kernel's
record (dmesg), which a log does not hold, says whether the OOM killer sent it.
Exit codes: 0 classified (whatever the kind), 2 usage error (no such file, bad flag).`

export function explainCommand(argv: string[], out: (text: string) => void): number {
  const { path, json, help, exitCode } = parseArgs(argv)
  if (help) {
    out(EXPLAIN_USAGE)
    return 0
  }
  // Without --exit-code the run's exit status is unknown: an OOM it caught counts as survived
  // when no traceback follows, and out-of-memory words no family knows are reported (never on 0).
  const report = withoutKernelRecord(
    classifyOom({
      log: readLog(path),
      exitCode,
      signal: null,
      probeException: null,
      killedByGate: false
    })
  )
  out(json ? JSON.stringify(contractJson(report), null, 2) : humanText(report))
  return 0
}

/**
 * A log holds no kernel record, and the gate calls a kill an OOM only on the kernel's record
 * (contract 6): a verdict that rests only on a SIGKILL's shape is not-oom here too, keeping its
 * family, basis and evidence so the reader knows a kill was seen.
 */
function withoutKernelRecord(r: OomReport): OomReport {
  if (r.kind === 'not-oom' || r.basis !== 'kill') return r
  return { ...r, kind: 'not-oom', framework: null, ...NO_NUMBERS }
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
    withNegativeExitCode(argv),
    {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      'exit-code': { type: 'string' }
    },
    { positionals: true, values: { 'exit-code': 'an exit status (an integer, e.g. 0, 137 or -9)' } }
  )
  const { json, help } = values
  const exitCode = exitCodeOf(values['exit-code'])
  if (help) return { path: '', json, help, exitCode }
  if (paths.length === 0)
    throw new UsageError([`explain: missing LOGFILE, the training log to classify; ${USAGE_LINE}`])
  if (paths.length > 1) {
    throw new UsageError([
      `explain: takes one LOGFILE, got ${paths.length} (${paths.join(', ')}); ${USAGE_LINE}`
    ])
  }
  return { path: paths[0]!, json, help, exitCode }
}

const USAGE_LINE = 'usage: oom-gate explain LOGFILE [--json] [--exit-code N] (see oom-gate explain --help)'

/**
 * `--exit-code -9` as `--exit-code=-9`: a signal's negative status (torchrun's `exitcode: -9`,
 * Python's returncode) is a value, not an option, but parseArgs reads a leading "-" as one.
 */
function withNegativeExitCode(argv: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1]
    if (argv[i] === '--exit-code' && next !== undefined && /^-\d{1,3}$/.test(next)) {
      out.push(`--exit-code=${next}`)
      i++
    } else out.push(argv[i]!)
  }
  return out
}

function exitCodeOf(value: string | undefined): number | null {
  if (value === undefined) return null
  if (!/^-?\d{1,3}$/.test(value)) {
    throw new UsageError([
      `explain: --exit-code ${value} is not an exit status; pass the run's exit status as an integer (0, 1, 137, or -9 for a signal), or leave it out when unknown`
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
  const killOnly = r.kind === 'not-oom' && r.basis === 'kill'
  const headline = killOnly
    ? 'not-oom: killed by SIGKILL; the log holds no out-of-memory message'
    : r.kind === 'not-oom'
      ? 'not-oom: no out-of-memory error found'
      : `${r.kind}: ran out of ${r.kind === 'host-oom' ? 'host' : 'GPU'} memory${r.framework ? ` (${r.framework})` : ''}`
  const lines = [headline]
  if (r.kind !== 'not-oom') lines.push(describeOom(r))
  const advice = familyAdvice(r)
  if (advice) lines.push(`what it means: ${advice.title}`, `usual fix: ${advice.fix}`)
  if (killOnly) {
    lines.push(
      "basis: only the shape of a SIGKILL. The kernel OOM killer sends one, and so do schedulers, timeouts and kill -9; the kernel's record (dmesg, journalctl -k, a container's OOMKilled) says which. The gate judges such a run failed, not oom, unless the kernel recorded an OOM kill for it"
    )
    const ifOom = familyAdvice({ ...r, kind: 'host-oom' })
    if (ifOom) lines.push(`if it was the OOM killer: ${ifOom.fix}`)
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
