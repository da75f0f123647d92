// Runs the Python tracer (src/trace/tracer/oom_gate_trace.py) on a user's builder: the edge of the
// trace. Spawns the Python that has torch, hands it the request as JSON and reads the outcome
// file it writes (stdout and stderr stay the user's code's own).
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findTorchPython, type TorchPython } from '../measure/probe/findPython.js'
import { z } from 'zod'
import { TracerOutcomeSchema, type TraceOutcome, type TracePrecision } from './traceResult.js'

/** What to trace (contract 7's command line, as an object). */
export interface TraceRequest {
  /** `FILE.py:FUNCTION`, FILE relative to `cwd`. */
  entry: string
  /** Passed as `batch=N`; omitted, the function's own default applies. */
  batch?: number
  /** Keyword arguments of FUNCTION (`--arg KEY=VALUE`, values already parsed). */
  args?: Record<string, unknown>
  /** Overrides the builder's loop precision. */
  precision?: TracePrecision
  /** Wraps the repeated blocks in torch.utils.checkpoint: `auto` or a module class name. */
  checkpoint?: string
  /** Overrides the builder's loop.ddp (DDP's flat gradient buckets). */
  ddp?: boolean
  /** Overrides the builder's loop.iterations. */
  iterations?: number
  /** Where FILE is resolved and the Python runs (default: the process's cwd). */
  cwd?: string
  /** `meta` (default: shapes only) or `cpu` (real tensors, for checking the trace at small sizes). */
  device?: 'meta' | 'cpu'
  /** The CUDA context added to reserved for devicePeakBytes (default 512 MiB, see docs/trace.md). */
  cudaContextBytes?: number
}

export interface TraceOptions {
  /** The Python to run; default `$OOM_GATE_PYTHON`, else the first Python found with torch. */
  python?: string
  /** Environment of the Python (default process.env). */
  env?: NodeJS.ProcessEnv
  /** Wall-clock limit in ms (default 600 000); past it the trace is killed (exit 3). */
  timeoutMs?: number
  signal?: AbortSignal
  /** How to find a Python with torch when neither `python` nor $OOM_GATE_PYTHON is set. */
  findPython?: (env: NodeJS.ProcessEnv) => TorchPython | null
}

const ENTRY = /^(.+\.py):([A-Za-z_][A-Za-z0-9_]*)$/

/** The directory holding the tracer's .py files: src/trace/tracer from source, dist/tracer bundled. */
export function tracerDir(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [join(here, 'tracer'), join(here, '..', '..', 'dist', 'tracer')]
  const found = candidates.find(dir => existsSync(join(dir, 'oom_gate_trace.py')))
  if (found === undefined)
    throw new Error(`the tracer oom_gate_trace.py is missing (looked in ${candidates.join(', ')})`)
  return found
}

const fail = (exitCode: 2 | 3, message: string): TraceOutcome => ({ ok: false, exitCode, message })

/**
 * Traces `request.entry`'s training memory (contract 7). Never throws for the user's mistakes or
 * the tracer's: the outcome is a TraceResult, or exit code 2 (usage/entry error: bad entry, no
 * such file or function, wrong returned shape, an exception in the user's code with its location,
 * no Python with torch) or 3 (the tracer failed), with one line.
 */
export async function runTrace(request: TraceRequest, options: TraceOptions = {}): Promise<TraceOutcome> {
  return (await runTraces([request], options))[0]!
}

/**
 * Traces several requests in one Python process (torch imported once: seconds saved per trace),
 * one after the other: e.g. a model's fixes (precision, checkpointing, batch, builder arguments),
 * each re-traced. Outcomes in the order of `requests`, each as runTrace's.
 */
export async function runTraces(
  requests: readonly TraceRequest[],
  options: TraceOptions = {}
): Promise<TraceOutcome[]> {
  const outcomes: (TraceOutcome | null)[] = []
  const payloads: { index: number; payload: Record<string, unknown>; cwd: string }[] = []
  for (const [index, request] of requests.entries()) {
    const prepared = prepare(request)
    if ('ok' in prepared) outcomes.push(prepared)
    else {
      outcomes.push(null)
      payloads.push({ index, ...prepared })
    }
  }
  if (payloads.length === 0) return outcomes as TraceOutcome[]
  const everyone = (outcome: TraceOutcome) => outcomes.map(o => o ?? outcome)
  const env = options.env ?? process.env
  const python =
    options.python ?? (env.OOM_GATE_PYTHON?.trim() || (options.findPython ?? findTorchPython)(env)?.python)
  if (python === undefined)
    return everyone(
      fail(
        2,
        'no Python with torch found (tried $OOM_GATE_PYTHON, python3, python, /usr/bin/python3); install torch (pip install torch, or apt-get install python3-torch) or set OOM_GATE_PYTHON to a Python that has it'
      )
    )
  const scratch = mkdtempSync(join(tmpdir(), 'oom-gate-trace-'))
  const outcomePath = join(scratch, 'outcome.json')
  const timeoutMs = options.timeoutMs ?? 600_000
  try {
    const run = await spawnTracer(
      python,
      [join(tracerDir(), 'oom_gate_trace.py'), JSON.stringify(payloads.map(p => p.payload)), outcomePath],
      // Relative FILEs are resolved by runTraces; the Python runs in the first request's cwd.
      { cwd: payloads[0]!.cwd, env, timeoutMs, signal: options.signal }
    )
    if (run.spawnError !== null)
      return everyone(
        fail(2, `cannot run ${python} (${run.spawnError}); set OOM_GATE_PYTHON to a Python that has torch`)
      )
    if (run.timedOut) return everyone(fail(3, `the trace did not finish within ${timeoutMs / 1000} s`))
    if (!existsSync(outcomePath)) {
      const last = run.output.trim().split('\n').filter(Boolean).pop() ?? ''
      const how = run.signal !== null ? `was killed by ${run.signal}` : `exited with code ${run.code}`
      return everyone(
        fail(3, `the tracer (${python}) ${how} without a result${last ? `: ${last.slice(0, 300)}` : ''}`)
      )
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(readFileSync(outcomePath, 'utf8'))
    } catch (error) {
      return everyone(fail(3, `the tracer wrote an unreadable result: ${(error as Error).message}`))
    }
    const checked = z.array(TracerOutcomeSchema).length(payloads.length).safeParse(parsed)
    if (!checked.success) {
      const issue = checked.error.issues[0]!
      return everyone(
        fail(3, `the tracer's result does not match contract 7 at ${issue.path.join('.')}: ${issue.message}`)
      )
    }
    checked.data.forEach((outcome, i) => {
      outcomes[payloads[i]!.index] = outcome.ok
        ? { ok: true, result: outcome.result }
        : fail(outcome.exitCode, outcome.message)
    })
    return outcomes as TraceOutcome[]
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** Checks what can be checked without Python; the tracer's request, or the failure. */
function prepare(request: TraceRequest): TraceOutcome | { payload: Record<string, unknown>; cwd: string } {
  const cwd = resolve(request.cwd ?? process.cwd())
  const match = ENTRY.exec(request.entry)
  if (match === null)
    return fail(2, `expected FILE.py:FUNCTION, got ${JSON.stringify(request.entry)} (e.g. model.py:build)`)
  const file = resolve(cwd, match[1]!)
  if (!existsSync(file) || !statSync(file).isFile()) return fail(2, `${match[1]}: no such file (in ${cwd})`)
  if (request.batch !== undefined && (!Number.isInteger(request.batch) || request.batch < 1))
    return fail(2, `batch must be a positive integer, got ${request.batch}`)
  return {
    cwd,
    payload: {
      entry: request.entry,
      file,
      batch: request.batch ?? null,
      args: request.args ?? {},
      precision: request.precision ?? null,
      checkpoint: request.checkpoint ?? null,
      ddp: request.ddp ?? null,
      iterations: request.iterations ?? null,
      device: request.device ?? 'meta',
      cudaContextBytes: request.cudaContextBytes ?? null
    }
  }
}

interface TracerRun {
  code: number | null
  signal: NodeJS.Signals | null
  spawnError: string | null
  timedOut: boolean
  /** The last 16 KiB of stdout and stderr together. */
  output: string
}

function spawnTracer(
  python: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal }
): Promise<TracerRun> {
  return new Promise(done => {
    let output = ''
    let timedOut = false
    const child = spawn(python, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout or abort ends the chroot wrapper's children too.
      detached: true
    })
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-16_384)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    const timer = setTimeout(() => {
      timedOut = true
      kill()
    }, options.timeoutMs)
    options.signal?.addEventListener('abort', kill, { once: true })
    child.on('error', error => {
      clearTimeout(timer)
      done({
        code: null,
        signal: null,
        spawnError: (error as NodeJS.ErrnoException).code ?? error.message,
        timedOut,
        output
      })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', kill)
      done({ code, signal, spawnError: null, timedOut, output })
    })
  })
}
