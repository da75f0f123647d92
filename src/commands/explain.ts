// `oom-gate explain LOGFILE [--json]`: classify a training log the way the gate does. The
// classification is the output; the exit code is 0 whatever it says (2 only for bad usage).
import { readFileSync } from 'node:fs'
import { UsageError } from '../config/load.js'
import { classifyOom } from '../judge/oom/classifyOom.js'
import { decodeLog } from '../judge/oom/decodeLog.js'
import { describeOom, familyAdvice } from '../judge/oom/describeOom.js'
import type { OomReport } from '../results.js'
import { parseFlags } from './parseFlags.js'

const USAGE = 'usage: oom-gate explain LOGFILE [--json]   (LOGFILE - reads standard input)'

export function explainCommand(argv: string[], out: (text: string) => void): number {
  const { path, json, help } = parseArgs(argv)
  if (help) {
    out(USAGE)
    return 0
  }
  const report = classifyOom({
    log: readLog(path),
    exitCode: null,
    signal: null,
    probeException: null,
    killedByGate: false
  })
  out(json ? JSON.stringify(contractJson(report), null, 2) : humanText(report))
  return 0
}

function parseArgs(argv: string[]): { path: string; json: boolean; help: boolean } {
  const { values, positionals: paths } = parseFlags(
    'explain',
    argv,
    { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    { positionals: true }
  )
  const { json, help } = values
  if (help) return { path: '', json, help }
  if (paths.length === 0)
    throw new UsageError([`explain: missing LOGFILE, the training log to classify; ${USAGE}`])
  if (paths.length > 1) {
    throw new UsageError([`explain: takes one LOGFILE, got ${paths.length} (${paths.join(', ')}); ${USAGE}`])
  }
  return { path: paths[0]!, json, help }
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
 * (`null` for not-oom) and, for an OOM, its basis (`message` or `kill`).
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
    ...(r.basis === undefined ? {} : { basis: r.basis })
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
  if (r.evidence !== null) lines.push(`evidence: ${r.evidence}`)
  return lines.join('\n')
}
