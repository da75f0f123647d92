// Measures the planned models on this runner's GPUs, several at once where the GPUs allow, and
// hands each verdict back as it lands, so the caller can write results.json after every model.
// Which model runs where and when is plan/schedule.ts; this is the executor: it leaves out GPUs
// another job holds, starts each model as soon as enough GPUs are free (CUDA_VISIBLE_DEVICES is
// set from the GPUs given), and keeps the log readable (measure/process/modelLog.ts). Each run is
// attributed to its own process tree, so parallel runs never count each other's memory.
// On a machine measured by host RSS the models run one at a time: they share the host's memory.
// What happens to one model (measuring, judging, advice) is the caller's `measure`: this stage
// knows processes and GPUs, not verdicts.
import type { ModelConfig } from '../config/schema.js'
import { formatBytes, formatDuration } from '../config/units.js'
import { canOverlap, pickStarts, priorityOrder, tooWide } from '../plan/schedule.js'
import type { GpuInfo, ModelResultInput, RunnerError } from '../results.js'
import { waitForIdleGpus } from './gpuWait.js'
import { describeRunnerError } from '../runnerError.js'
import { ModelLog, type LogGroups } from './process/modelLog.js'
import { describeHolder, takeLeases } from './lease/gpuLease.js'
import { addNotes, note, withNotes, type Note } from '../notes.js'
import { reason, type Reason } from '../reasons.js'
import { ENV } from '../environment.js'
import type { MeasureSettings } from '../plan/measureSettings.js'

/** One model's verdict as the caller's `measure` returns it. */
export interface MeasuredModel {
  result: ModelResultInput
  torchVersion: string | null
}

/** What runModels hands the caller's `measure` for one model. */
export interface ModelIo {
  /** Aborted when the gate is interrupted or another model failed inside the gate. */
  abort: AbortSignal
  /** Aborted on a second interrupt: kill the run at once. */
  hurry?: AbortSignal
  /** Progress lines (grouped per model in parallel runs). */
  log: (line: string) => void
  /** The command's output lines. */
  output: (line: string) => void
}

export interface RunModelsOptions {
  /** Whether the models are measured on GPUs or on the host (one at a time). */
  target: { measures: 'gpu' | 'host' }
  /** Measures and judges one model on the GPUs given (empty on the host). */
  measure: (model: ModelConfig, gpus: GpuInfo[], io: ModelIo) => Promise<MeasuredModel>
  /** The result of a model that cannot be placed on this runner (not run, failed), with why. */
  notPlaced: (model: ModelConfig, why: Reason) => ModelResultInput
  /** One line saying a model's verdict, for the log. */
  describe: (result: ModelResultInput) => string
  log: (line: string) => void
  /** Aborted when the gate is interrupted: the running models are stopped, results are kept. */
  abort?: AbortSignal
  /** Aborted on a second interrupt: the running models are killed at once. */
  hurry?: AbortSignal
  /** GPUs this runner may use (measure.gpus, or all it has). */
  gpus: GpuInfo[]
  onResult: (measured: MeasuredModel) => void
  /** Called for each model not started because the gate was interrupted. */
  onNotStarted: (model: ModelConfig) => void
  /** Last known duration per model name (the history baseline's durationMs): longest first. */
  expectedDurationMs?: ReadonlyMap<string, number>
  /** Facts about the whole run for results.json's notes (GPUs left out because they were busy). */
  onNote?: (note: Note) => void
  /** Collapsible log groups (the Actions log): each model's command output in a group of its own. */
  logGroups?: LogGroups
  /**
   * How every model is measured (plan/measureSettings.ts); runModels reads which GPUs may be used
   * and how long to wait for busy ones (measure.gpus, gpu-idle, gpu-wait).
   */
  settings: MeasureSettings
  /**
   * Machine-wide GPU leases between gates (measure/lease/gpuLease.ts): the directory and who this
   * gate is (written into the lease); absent or null: no leases (a caller that owns the machine alone).
   */
  leases?: LeasePolicy | null
  /** nvidia-smi broke before or during a model: the models not yet measured fail with this. */
  onRunnerError?: (error: RunnerError) => void
}

export interface LeasePolicy {
  dir: string
  holder: { repository: string | null; run: string | null }
}

export async function runModels(models: readonly ModelConfig[], opts: RunModelsOptions): Promise<void> {
  const onGpus = opts.target.measures === 'gpu'
  // Once nvidia-smi breaks, nothing more can be measured: every model not yet measured fails with it.
  let broken: RunnerError | null = null
  const breaks = (error: RunnerError) => {
    if (broken) return
    broken = error
    opts.log(`oom-gate: ${describeRunnerError(error)}`)
    opts.onRunnerError?.(error)
  }
  const failBroken = (model: ModelConfig, error: RunnerError) => {
    const result = {
      ...opts.notPlaced(model, reason('runner-broken', describeRunnerError(error))),
      runnerError: error
    }
    opts.log(opts.describe(result))
    opts.onResult({ result, torchVersion: null })
  }
  const start = onGpus && models.length > 0 ? await freeGpus(models, opts) : { pool: [], runnerError: null }
  if (start.runnerError) breaks(start.runnerError)
  const pool = start.pool
  const order = priorityOrder(models, opts.expectedDurationMs)
  const unplaceable = onGpus ? tooWide(order, pool.length) : []
  for (const model of unplaceable) {
    const result = opts.notPlaced(
      model,
      reason('gpus-too-few', `not run: needs ${model.gpus} GPU(s) and ${freeWords(pool, opts.gpus)}`)
    )
    opts.log(opts.describe(result))
    opts.onResult({ result, torchVersion: null })
  }
  const waiting = order.filter(m => !unplaceable.includes(m))
  const parallel = onGpus && canOverlap(waiting, pool.length)
  if (parallel) {
    opts.log(
      `oom-gate: ${waiting.length} models on GPUs ${pool.map(g => g.index).join(',')}, several at once` +
        (opts.expectedDurationMs?.size ? ', the longest expected first' : '')
    )
  }

  // Stops the running models when the gate is interrupted, or when one of them fails inside
  // the gate (an internal error): no run may outlive runModels.
  const stop = new AbortController()
  const onAbort = () => stop.abort()
  if (opts.abort?.aborted) stop.abort()
  opts.abort?.addEventListener('abort', onAbort, { once: true })
  const stopped = new Promise<void>(r => stop.signal.addEventListener('abort', () => r(), { once: true }))

  // The scheduler hands out slots, positions in the pool, not nvidia-smi indices: two MIG slices
  // of one GPU share its index but are two devices (each its own cudaId, lease and run).
  let free = pool.map((_, slot) => slot)
  const running = new Set<Promise<void>>()
  let failure: { error: unknown } | null = null

  const launch = (model: ModelConfig, slots: number[]) => {
    const gpus = slots.map(slot => pool[slot]!)
    const log = new ModelLog(model.name, opts.log, opts.logGroups ?? null, parallel)
    let release: (() => void) | null = null
    const measure = async () => {
      let finished = false
      try {
        // The lease first, then the busy check: another gate may have found the card idle a moment
        // ago and be starting its model on it now. Both waits share measure.gpu-wait.
        const waitStarted = Date.now()
        const leased = await leaseGpus(model, gpus, opts, stop.signal)
        if (leased.notRun !== null) {
          finished = true
          const result = opts.notPlaced(model, leased.notRun)
          opts.log(opts.describe(result))
          opts.onResult({ result, torchVersion: null })
          return
        }
        release = leased.release
        const leftMs = Math.max(0, opts.settings.gpuWaitMs - (Date.now() - waitStarted))
        const ready = await gpusStillFree(model, gpus, opts, stop.signal, leftMs)
        if (ready.runnerError) breaks(ready.runnerError)
        // Interrupted while it waited for its lease or its card: it never started, and says so
        // (not "starting" and an interrupted run of 0 ms, nor "its GPU stayed busy").
        if (!broken && stop.signal.aborted) {
          finished = true
          opts.onNotStarted(model)
          return
        }
        if (broken || ready.busy !== null) {
          finished = true
          if (broken) failBroken(model, broken)
          else {
            const result = opts.notPlaced(model, ready.busy ?? reason('gpu-busy', 'not run: its GPU is busy'))
            opts.log(opts.describe(result))
            opts.onResult({ result, torchVersion: null })
          }
          return
        }
        const expected = opts.expectedDurationMs?.get(model.name)
        log.begin(
          `▶ ${model.name}: starting${gpus.length > 0 ? ` on GPU ${gpus.map(gpuWords).join(',')}` : ''}` +
            (expected !== undefined ? ` (last run took ${formatDuration(expected)})` : '')
        )
        const measured = await opts.measure(model, gpus, {
          abort: stop.signal,
          ...(opts.hurry ? { hurry: opts.hurry } : {}),
          log: line => log.progress(line),
          output: line => log.output(line)
        })
        // Own arrays: addNotes pushes into them.
        const waited = addNotes(
          {
            ...measured.result,
            notes: [...(measured.result.notes ?? [])],
            ...(measured.result.findings ? { findings: [...measured.result.findings] } : {})
          },
          ...(ready.note ? [ready.note] : []),
          ...leased.notes
        )
        const result = withPerGpuNote(waited)
        if (result.runnerError) breaks(result.runnerError)
        finished = true
        log.finish(opts.describe(result))
        opts.onResult({ ...measured, result })
      } catch (error) {
        failure ??= { error }
        stop.abort()
        if (!finished) log.finish(`✖ ${model.name}: internal error: ${(error as Error).message}`)
      }
    }
    // .finally runs after `task` is assigned, even if measure() ends synchronously.
    const task: Promise<void> = measure()
      .catch((error: unknown) => {
        failure ??= { error }
        stop.abort()
      })
      .finally(() => {
        // Held through the run and its release wait (measure returns after both).
        release?.()
        free.push(...slots)
        running.delete(task)
      })
    running.add(task)
  }

  try {
    while (waiting.length > 0 || running.size > 0) {
      if (stop.signal.aborted) {
        for (const model of waiting.splice(0)) opts.onNotStarted(model)
      } else if (broken) {
        for (const model of waiting.splice(0)) failBroken(model, broken)
      } else {
        const starts = onGpus
          ? pickStarts(waiting, free)
          : running.size === 0
            ? [{ model: waiting[0]!, gpus: [] }]
            : []
        for (const start of starts) {
          waiting.splice(waiting.indexOf(start.model), 1)
          free = free.filter(i => !start.gpus.includes(i))
          launch(start.model, start.gpus)
        }
      }
      if (running.size === 0) {
        // Cannot happen (every waiting model fits the pool, which is all free now); never spin.
        if (waiting.length > 0) throw new Error(`no GPUs to start ${waiting.map(m => m.name).join(', ')}`)
        continue
      }
      // Once stopped, `stopped` has settled: waiting on it again would spin.
      await Promise.race(stop.signal.aborted ? running : [...running, stopped])
    }
  } finally {
    opts.abort?.removeEventListener('abort', onAbort)
  }
  if (failure) throw (failure as { error: unknown }).error
}

/**
 * The GPUs of the pool that no other job holds, waiting up to measure.gpu-wait for enough of them
 * to free for the widest model; the ones left out are noted. GPUs named by measure.gpus are used
 * whatever holds them (noted). nvidia-smi failing here is a runner error.
 */
async function freeGpus(
  models: readonly ModelConfig[],
  opts: RunModelsOptions
): Promise<{ pool: GpuInfo[]; runnerError: RunnerError | null }> {
  if (opts.gpus.length === 0) return { pool: [], runnerError: null }
  const explicit = opts.settings.explicitGpus
  const widest = Math.min(opts.gpus.length, Math.max(...models.map(m => m.gpus)))
  const checked = await waitForIdleGpus(opts.gpus, {
    needed: widest,
    idleBytes: opts.settings.gpuIdleBytes,
    waitMs: opts.settings.gpuWaitMs,
    explicit,
    abort: opts.abort
  })
  if (checked.runnerError) return { pool: [], runnerError: checked.runnerError }
  if (checked.busy.length === 0 && checked.waitedMs >= 1000) {
    const waited = note(
      'gpu-busy-waited',
      `waited ${formatDuration(checked.waitedMs)} for GPUs other processes held to be free before the first start`
    )
    opts.log(`oom-gate: ${waited.text}`)
    opts.onNote?.(waited)
  }
  for (const { gpu, why } of checked.busy) {
    const busy = explicit
      ? note(
          'busy-gpu-used',
          `GPU ${gpu.index} used although ${why}, because measure.gpus names it; that memory is not counted`
        )
      : note(
          'busy-gpu-skipped',
          `GPU ${gpu.index} not used: ${why} when the gate started` +
            (checked.waitedMs >= 1000 ? ` (waited ${formatDuration(checked.waitedMs)} for it)` : '')
        )
    opts.log(`oom-gate: ${busy.text}`)
    opts.onNote?.(busy)
  }
  return { pool: checked.free, runnerError: null }
}

/**
 * Right before a model starts: its GPUs are asked again, and waited for up to measure.gpu-wait
 * if another job took one since. `busy`: why the model cannot start; `note`: a wait worth telling.
 */
async function gpusStillFree(
  model: ModelConfig,
  gpus: GpuInfo[],
  opts: RunModelsOptions,
  abort: AbortSignal,
  waitMs: number
): Promise<{ busy: Reason | null; note: Note | null; runnerError: RunnerError | null }> {
  if (gpus.length === 0 || opts.settings.explicitGpus) return { busy: null, note: null, runnerError: null }
  const checked = await waitForIdleGpus(gpus, {
    needed: gpus.length,
    idleBytes: opts.settings.gpuIdleBytes,
    waitMs,
    explicit: false,
    abort
  })
  if (checked.runnerError) return { busy: null, note: null, runnerError: checked.runnerError }
  const taken = checked.busy.map(b => `GPU ${b.gpu.index}: ${b.why}`).join('; ')
  if (checked.free.length < gpus.length)
    return {
      busy: reason(
        'gpu-busy',
        `not run: its GPU stayed busy for ${formatDuration(opts.settings.gpuWaitMs)} (${taken})`
      ),
      note: null,
      runnerError: null
    }
  const waited =
    checked.waitedMs >= 1000
      ? note(
          'model-gpu-waited',
          `waited ${formatDuration(checked.waitedMs)} for GPU ${gpus.map(g => g.index).join(',')} to be free before ${model.name} started`
        )
      : null
  return { busy: null, note: waited, runnerError: null }
}

/**
 * The machine-wide leases on a model's GPUs (measure/lease/gpuLease.ts), in UUID order, waiting up
 * to measure.gpu-wait for another gate to let go. `notRun`: the model cannot start (the lease stayed
 * with another gate, or the gate is stopping); `notes`: a wait worth telling, or leases unavailable.
 */
async function leaseGpus(
  model: ModelConfig,
  gpus: GpuInfo[],
  opts: RunModelsOptions,
  abort: AbortSignal
): Promise<{ release: (() => void) | null; notRun: Reason | null; notes: Note[] }> {
  const leases = opts.leases
  if (!leases || gpus.length === 0) return { release: null, notRun: null, notes: [] }
  const ids = gpus.map(gpuKey)
  const outcome = await takeLeases(ids, {
    dir: leases.dir,
    deadlineMs: Date.now() + opts.settings.gpuWaitMs,
    abort,
    holder: { ...leases.holder, model: model.name }
  })
  const where = `GPU ${gpus.map(g => g.index).join(',')}`
  if (outcome.ok) {
    const notes = outcome.waited
      ? [
          note(
            'lease-waited',
            `waited ${formatDuration(outcome.waitedMs)} for ${where}: leased by ${describeHolder(outcome.heldBy)}`
          )
        ]
      : []
    return { release: outcome.leases.release, notRun: null, notes }
  }
  if (outcome.why === 'unavailable') {
    // Without flock(1) the gate still measures (a machine with one runner needs no lease), and says so.
    const unavailable = note(
      'lease-unavailable',
      `no lease taken on ${where}: ${outcome.error ?? 'leases unavailable'}; another gate on this machine could start on the same card (install util-linux, or set ${ENV.leaseDir} to a writable directory)`
    )
    opts.log(`oom-gate: ${unavailable.text}`)
    return { release: null, notRun: null, notes: [unavailable] }
  }
  const notRun =
    outcome.why === 'aborted'
      ? reason('interrupted', 'not run: the gate was interrupted while waiting for its GPU')
      : reason(
          'gpu-leased',
          `not run: ${where} stayed leased by ${describeHolder(outcome.heldBy)} for ${formatDuration(opts.settings.gpuWaitMs)} (measure.gpu-wait)`
        )
  return { release: null, notRun, notes: [] }
}

/** What identifies a device the gate runs on: the cudaId it exports (a MIG UUID for a slice), else its UUID. */
export function gpuKey(gpu: GpuInfo): string {
  return gpu.cudaId ?? gpu.uuid ?? `index-${gpu.index}`
}

function freeWords(free: GpuInfo[], all: GpuInfo[]): string {
  const busy = all.length - free.length
  const have = free.length === 0 ? 'no GPU is free' : `only ${free.length} GPU(s) are free`
  return busy > 0 ? `${have} (${busy} held by other processes; see the notes)` : have
}

/** A multi-GPU entry: each GPU's peak in words; the verdict uses the largest. */
function withPerGpuNote(result: ModelResultInput): ModelResultInput {
  const gpus = result.gpus ?? []
  if (gpus.length < 2) return result
  const each = gpus.map(g => `GPU ${g.index} ${formatBytes(g.peakBytes)}`).join(', ')
  return withNotes(result, note('peak-per-gpu', `peak per GPU: ${each}; the verdict uses the largest`))
}

/** A GPU as the start line names it: its index, and the slice for a MIG device (two slices share an index). */
function gpuWords(gpu: GpuInfo): string {
  return gpu.cudaId?.startsWith('MIG-') ? `${gpu.index} (${gpu.cudaId})` : String(gpu.index)
}
