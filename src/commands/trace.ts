// `oom-gate trace FILE.py:FUNCTION [--batch N] [--arg KEY=VALUE]... [--json]` (contract 7): the
// exact training memory of the model's own code, traced on meta tensors. Exit 0 traced, 2 usage or
// entry error, 3 tracer error; every failure is one line on stderr.
import { UsageError } from '../config/load.js'
import { renderTrace } from '../trace/renderTrace.js'
import { runTrace, type TraceRequest } from '../trace/runTrace.js'
import { PRECISIONS, type TracePrecision } from '../trace/traceResult.js'
import { parseFlags } from './parseFlags.js'
import { stderrLine } from './stdoutLine.js'

export const TRACE_USAGE = `Usage: oom-gate trace FILE.py:FUNCTION [--batch N] [--arg KEY=VALUE]... [--json]

Traces the peak GPU memory of training the model FUNCTION builds, on the CPU, in seconds: the
model's own PyTorch code runs on meta tensors (shapes, no data) through forward, loss, backward and
the optimizer step, and every storage created and freed is counted. FUNCTION(batch=N, **args)
returns {"model", "inputs", and optionally "loss", "optimizer", "loop", "checkpoint"}
(see docs/trace.md).
  --batch N               passed to FUNCTION as batch=N
  --arg KEY=VALUE         passed as KEY=VALUE (VALUE parsed as JSON when it parses, else a string)
  --precision fp32|bf16-amp|fp16-amp   overrides the builder's loop precision
  --checkpoint auto|CLASS wrap the repeated blocks (auto) or modules of CLASS in torch.utils.checkpoint
  --ddp                   add DDP's flat gradient buckets
  --iterations N          optimizer steps (default 2: the second is the steady state)
  --device meta|cpu       cpu runs real tensors (small sizes only: to check the trace)
  --json                  print contract 7's JSON object
Python: $OOM_GATE_PYTHON, else the first of python3, python, /usr/bin/python3 that has torch.
Exit codes: 0 traced, 2 usage or entry error, 3 tracer error.`

const FLAGS = {
  batch: { type: 'string' },
  arg: { type: 'string', multiple: true, default: [] as string[] },
  precision: { type: 'string' },
  checkpoint: { type: 'string' },
  ddp: { type: 'boolean', default: false },
  iterations: { type: 'string' },
  device: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false }
} as const

export interface TraceCommandContext {
  out: (text: string) => void
  /** Where the one-line error goes (default process.stderr). */
  err?: (line: string) => void
  /** Environment for the Python (OOM_GATE_PYTHON); default process.env. */
  env?: NodeJS.ProcessEnv
  signal?: AbortSignal
}

/** Parses argv (after `trace`) into a TraceRequest, or throws UsageError with one line. */
export function parseTraceArgs(argv: string[]): { request: TraceRequest; json: boolean } | 'help' {
  const { values, positionals } = parseFlags('trace', argv, FLAGS, {
    positionals: true,
    values: {
      batch: 'a positive integer',
      arg: 'KEY=VALUE',
      precision: PRECISIONS.join(' | '),
      checkpoint: 'auto or a module class name',
      iterations: 'a positive integer',
      device: 'meta | cpu'
    }
  })
  if (values.help) return 'help'
  const problem = (message: string): never => {
    throw new UsageError([`oom-gate trace: ${message}; see oom-gate trace --help`])
  }
  if (positionals.length !== 1)
    problem(
      positionals.length === 0
        ? 'missing FILE.py:FUNCTION'
        : `takes one FILE.py:FUNCTION, got ${positionals.join(' ')}`
    )
  const request: TraceRequest = { entry: positionals[0]! }
  if (values.batch !== undefined) request.batch = positiveInteger('--batch', values.batch, problem)
  if (values.iterations !== undefined)
    request.iterations = positiveInteger('--iterations', values.iterations, problem)
  if (values.precision !== undefined) {
    if (!(PRECISIONS as readonly string[]).includes(values.precision))
      problem(`--precision must be ${PRECISIONS.join(', ')}, got ${JSON.stringify(values.precision)}`)
    request.precision = values.precision as TracePrecision
  }
  if (values.checkpoint !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(values.checkpoint))
      problem(`--checkpoint takes auto or a module class name, got ${JSON.stringify(values.checkpoint)}`)
    request.checkpoint = values.checkpoint
  }
  if (values.device !== undefined) {
    if (values.device !== 'meta' && values.device !== 'cpu')
      problem(`--device must be meta or cpu, got ${JSON.stringify(values.device)}`)
    request.device = values.device as 'meta' | 'cpu'
  }
  if (values.ddp) request.ddp = true
  const args: Record<string, unknown> = {}
  for (const pair of values.arg) {
    const at = pair.indexOf('=')
    const key = at > 0 ? pair.slice(0, at) : ''
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      problem(`--arg needs KEY=VALUE with KEY a Python identifier, got ${JSON.stringify(pair)}`)
    if (key === 'batch') problem('--arg batch=... : use --batch N')
    args[key] = parseValue(pair.slice(at + 1))
  }
  if (Object.keys(args).length > 0) request.args = args
  return { request, json: values.json }
}

/** JSON when it parses (`32`, `true`, `[1,2]`, `"x"`), else the string itself (`sdpa`). */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function positiveInteger(flag: string, text: string, problem: (message: string) => never): number {
  const value = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1)
    problem(`${flag} must be a positive integer, got ${JSON.stringify(text)}`)
  return value
}

export async function traceCommand(argv: string[], context: TraceCommandContext): Promise<number> {
  const parsed = parseTraceArgs(argv)
  if (parsed === 'help') {
    context.out(TRACE_USAGE)
    return 0
  }
  const outcome = await runTrace(parsed.request, { env: context.env, signal: context.signal })
  if (!outcome.ok) {
    const err = context.err ?? stderrLine
    err(`oom-gate trace: ${outcome.message}`)
    return outcome.exitCode
  }
  context.out(
    parsed.json ? JSON.stringify(outcome.result, null, 2) : renderTrace(outcome.result, parsed.request.entry)
  )
  return 0
}
