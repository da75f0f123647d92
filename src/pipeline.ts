// The one pipeline both entry points call: config -> plan -> measure -> judge -> report.
// GitHub (publishing, history) stays with the caller, which may plug in through `hooks`;
// this writes results.json after every model and report.md at the end.
import { hostname, totalmem } from 'node:os'
import { adviseModel } from './advise/adviseModel.js'
import { loadConfig, UsageError } from './config/load.js'
import type { Config, ModelConfig } from './config/schema.js'
import { gateOf } from './judge/gate.js'
import { judgeEstimate } from './judge/judgeEstimate.js'
import { notRun } from './judge/notRun.js'
import { describeRunnerError } from './runnerError.js'
import { discoverGpus } from './measure/nvidiaSmi/discoverGpus.js'
import { listMigDevices } from './measure/nvidiaSmi/listMigDevices.js'
import { describePin, parseRunnerPin, resolvePin } from './plan/runnerPin.js'
import type { LogGroups } from './measure/process/modelLog.js'
import { runModels } from './measure/runModels.js'
import { brokenRunnerTarget, checkRunner } from './plan/checkRunner.js'
import { addNotes, note, notesFieldsOf, type Note, type Noted } from './notes.js'
import { judgedRuns } from './pipeline/measureAndJudge.js'
import { ResultsSoFar } from './pipeline/resultsSoFar.js'
import { configSecrets, unsetPassEnv } from './pipeline/passedEnv.js'
import { preCheckTraced, traceMeasured } from './pipeline/traceGate.js'
import { traceCacheFor, type TraceRunner } from './pipeline/traceModels.js'
import { resolveMeasureSettings } from './plan/measureSettings.js'
import { resolveTarget, type ResolvedTarget } from './plan/resolveTarget.js'
import { selectModels } from './plan/selectModels.js'
import { renderComment } from './report/renderComment.js'
import { renderReport } from './report/renderReport.js'
import { ResultsSchema, type GpuInfo, type ModelResult, type Results, type ResultsInput } from './results.js'
import { writeReport, writeResults } from './store/resultsFile.js'
import { workflowRunUrl } from './environment.js'
import { reason } from './reasons.js'

export interface PipelineHooks {
  /**
   * Results that cannot have changed (history: a PR that touches none of a model's paths);
   * those models are not measured.
   */
  reuse?: (plan: { config: Config; target: ResolvedTarget; models: ModelConfig[] }) => Promise<{
    reused: ModelResult[]
    note: Note | null
  }>
  /** Compare with a baseline (history) before the gate is decided. */
  compare?: (results: Results, config: Config) => Results
  /** How long each model took last time (history): the longest start first. */
  expectedDurationMs?: ReadonlyMap<string, number>
  /**
   * Called once at the first stop signal, after results.json and report.md hold what was measured
   * so far (the running models as interrupted): the action publishes its PR comment here too, since
   * the job may be killed before the end. Must not throw; its work may still be running when the
   * pipeline returns.
   */
  onStop?: (results: Results, reportMarkdown: string) => void
}

export interface PipelineOptions {
  configPath: string
  /** The config already loaded from configPath (the action loads it once per run); else loaded here. */
  config?: Config
  /** Names or globs; empty = every model. */
  modelFilters: string[]
  outDir: string
  /** Judge from the analytical estimates only (static pre-check, no GPU). */
  estimateOnly: boolean
  repoRoot: string
  /** Environment for the smoke commands (the action scrubs secrets from it first). */
  env: NodeJS.ProcessEnv
  /**
   * Where the names a config's `pass-env` lists are read from: the action's own, unscrubbed
   * environment. Default `env` (the CLI, which does not scrub).
   */
  passEnvFrom?: NodeJS.ProcessEnv
  /**
   * Values to redact from everything taken from logs. The pipeline adds to this array what the
   * config brings (pipeline/passedEnv.ts) and the masks the logs announce, so a caller that
   * publishes afterwards redacts those too.
   */
  secrets: string[]
  commit: string | null
  runnerName: string | null
  /** Progress lines for the console / Actions log. */
  log: (line: string) => void
  /** Aborted when the gate is interrupted: the running model is stopped, results are kept. */
  abort?: AbortSignal
  /** Aborted on a second interrupt: the running model is killed at once, results are kept. */
  hurry?: AbortSignal
  /** Milliseconds between live progress lines. */
  progressEveryMs?: number
  /** Collapsible log groups (the action): each model's command output in a group of its own. */
  logGroups?: LogGroups
  hooks?: PipelineHooks
  /** Replaces runTraces for the models' `trace:` blocks (tests count the traces through it). */
  traceRunner?: TraceRunner
}

export interface PipelineOutcome {
  results: Results
  /** The PR comment (report.md). */
  reportMarkdown: string
  /** The full report (summary.md, the job summary). */
  summaryMarkdown: string
  config: Config
}

export async function runPipeline(opts: PipelineOptions): Promise<PipelineOutcome> {
  const config = opts.config ?? loadConfig(opts.configPath)
  const { selected, filteredOut } = selectModels(config.models, opts.modelFilters)
  const mode = opts.estimateOnly ? 'estimate' : 'measure'
  const passEnvFrom = opts.passEnvFrom ?? opts.env
  opts.secrets.push(...configSecrets(config, passEnvFrom))
  const discovered = mode === 'measure' && config.measure.sampler !== 'host' ? await discoverGpus() : null
  // Contract 6: a broken nvidia-smi measures nothing; a missing one judges host memory only if asked.
  const runner = checkRunner(config, discovered, selected)
  const pinned = runner.runnerError ? null : await pinnedGpus(discovered?.gpus ?? [], config, opts.env)
  const allowed = pinned ? usableGpus(pinned.gpus, config, pinned.pin) : []
  const target = runner.runnerError
    ? brokenRunnerTarget(config)
    : resolveTarget(config, allowed, totalmem(), mode)
  if (mode === 'measure' && !runner.runnerError) checkGpuCounts(config, selected, allowed, target)
  const settings = resolveMeasureSettings(config.measure, target)

  const noted: Noted & { findings: Note[] } = { notes: [], findings: [] }
  addNotes(noted, ...(discovered?.notes ?? []), ...runner.notes, ...target.notes, ...(pinned?.notes ?? []))
  if (mode === 'measure' && !runner.runnerError) addNotes(noted, ...unsetPassEnv(selected, passEnvFrom))
  const reuse =
    mode === 'measure' && opts.hooks?.reuse
      ? await opts.hooks.reuse({ config, target, models: selected })
      : null
  if (reuse?.note) addNotes(noted, reuse.note)
  const reused = reuse?.reused ?? []
  const toRun = selected.filter(m => !reused.some(r => r.name === m.name))

  // results.json's header; the models so far are kept, and read at a signal, in ResultsSoFar.
  const header: ResultsInput = {
    schemaVersion: 1,
    gate: 'fail',
    commit: opts.commit,
    gpu: {
      name: allowed[0]?.name ?? null,
      memoryBytes: allowed[0]?.memoryTotalBytes ?? null,
      driver: allowed[0]?.driver ?? discovered?.driver ?? null
    },
    target: {
      memoryBytes: target.memoryBytes,
      limitBytes: target.limitBytes,
      emulated: target.emulated,
      measures: target.measures,
      memoryKnown: target.memoryKnown ?? true
    },
    models: [],
    mode,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    complete: false,
    gpus: discovered?.gpus ?? [],
    runner: {
      host: hostname(),
      name: opts.runnerName,
      torchVersion: null,
      sampler: mode === 'estimate' ? 'estimate' : settings.sampler,
      pin: pinned?.pin ?? null
    },
    regressionThreshold: config.regression.threshold,
    ...notesFieldsOf(noted),
    runnerError: runner.runnerError
  }
  const stopping = () => opts.abort?.aborted === true
  const sofar = new ResultsSoFar(header, config.models, stopping)
  sofar.add(
    ...reused,
    ...filteredOut.map(m => notRun(m, 'skipped', reason('filtered-out', 'filtered out by the model filter')))
  )
  const save = () => writeResults(opts.outDir, sofar.snapshot())
  const documents = { runUrl: workflowRunUrl(opts.env) }
  save()
  const onStop = () => {
    try {
      save()
      // report.md too: the job may be killed before the end.
      const parsed = ResultsSchema.parse(sofar.snapshot())
      const atStop = { ...parsed, gate: gateOf(parsed.models) }
      const comment = renderComment(atStop, documents)
      writeReport(opts.outDir, comment, renderReport(atStop, documents))
      opts.hooks?.onStop?.(atStop, comment)
    } catch (error) {
      opts.log(`oom-gate: could not write the results at the stop signal: ${(error as Error).message}`)
    }
  }
  opts.abort?.addEventListener('abort', onStop, { once: true })

  try {
    if (runner.runnerError) {
      const runnerError = runner.runnerError
      opts.log(`oom-gate: ${describeRunnerError(runnerError)}`)
      for (const model of toRun)
        sofar.add({
          ...notRun(model, 'failed', reason('runner-broken', describeRunnerError(runnerError))),
          runnerError
        })
    } else if (mode === 'estimate') {
      // Without a single estimate or trace block nothing is judged, and nothing judged is no pass.
      const nothing = toRun.length > 0 && toRun.every(m => m.estimate === null && m.trace === null)
      const tracing = traceOptionsOf(opts, target.limitBytes)
      const cache = traceCacheFor(tracing)
      for (const model of toRun) {
        if (nothing)
          sofar.add({
            ...notRun(model, 'failed', reason('nothing-to-estimate', NOTHING_ESTIMATED)),
            estimated: true
          })
        else if (model.trace !== null) sofar.add(await preCheckTraced(model, target, cache, tracing))
        else sofar.add(adviseModel(judgeEstimate(model, target), model, target.limitBytes))
        save()
      }
    } else {
      const runs = judgedRuns({
        settings,
        target,
        outDir: opts.outDir,
        repoRoot: opts.repoRoot,
        env: opts.env,
        passEnvFrom,
        secrets: opts.secrets,
        runnerName: opts.runnerName,
        log: opts.log,
        progressEveryMs: opts.progressEveryMs,
        onSample: (name, reading) => sofar.sample(name, reading)
      })
      await runModels(toRun, {
        ...runs,
        measure: (model, gpus, io) => {
          sofar.modelStarted(model)
          return runs.measure(model, gpus, io)
        },
        target,
        gpus: allowed,
        log: opts.log,
        abort: opts.abort,
        hurry: opts.hurry,
        logGroups: opts.logGroups,
        expectedDurationMs: opts.hooks?.expectedDurationMs,
        onRunnerError: runnerError => {
          sofar.runnerError(runnerError)
          save()
        },
        onNote: note => {
          sofar.note(note)
          save()
        },
        onResult: measured => {
          sofar.modelFinished(measured)
          save()
        },
        onNotStarted: model => {
          // Not measured is not a pass (contract 6): an interrupted gate fails, even between models.
          sofar.add({
            ...notRun(model, 'failed', reason('interrupted', 'not run: the gate was interrupted')),
            interrupted: true
          })
          save()
        }
      })
      // After every run, one trace at a time: a trace beside a run would compete with it for the
      // CPU and, on a host-memory runner, be counted in its memory.
      const tracing = traceOptionsOf(opts, target.limitBytes)
      const cache = traceCacheFor(tracing)
      for (const model of toRun) {
        if (model.trace === null || stopping()) continue
        const measured = sofar.result(model.name)
        if (!measured || measured.status === 'skipped') continue
        sofar.replace(await traceMeasured(measured, model, cache, tracing))
        save()
      }
    }
  } finally {
    opts.abort?.removeEventListener('abort', onStop)
    // Also when measuring crashed: what was measured so far stays on disk (complete: false).
    save()
  }

  let results = ResultsSchema.parse({
    ...sofar.snapshot(),
    finishedAt: new Date().toISOString(),
    complete: true
  })
  if (opts.hooks?.compare) results = opts.hooks.compare(results, config)
  results = writeResults(opts.outDir, { ...results, gate: gateOf(results.models) })
  const reportMarkdown = renderComment(results, documents)
  const summaryMarkdown = renderReport(results, documents)
  writeReport(opts.outDir, reportMarkdown, summaryMarkdown)
  return { results, reportMarkdown, summaryMarkdown, config }
}

const NOTHING_ESTIMATED =
  'nothing was judged: no model in the config has an `estimate:` or `trace:` block, so estimate-only mode has nothing to estimate; add one (README: "What would fit: the estimator and the static pre-check") or measure on a GPU runner'

/** How the pipeline runs traces: the smoke commands' environment (OOM_GATE_PYTHON), the abort signal. */
function traceOptionsOf(opts: PipelineOptions, limitBytes: number) {
  return {
    repoRoot: opts.repoRoot,
    limitBytes,
    log: opts.log,
    traceOptions: { env: opts.env, signal: opts.abort },
    ...(opts.traceRunner ? { runner: opts.traceRunner } : {})
  }
}

/**
 * The GPUs the runner's own pin allows (contract 6): CUDA_VISIBLE_DEVICES of the inherited
 * environment, read as CUDA reads it and matched to nvidia-smi's rows by UUID (plan/runnerPin.ts).
 * A pin that leaves no GPU is a one-line error for a config that measures GPU memory.
 */
async function pinnedGpus(
  gpus: GpuInfo[],
  config: Config,
  env: NodeJS.ProcessEnv
): Promise<{ gpus: GpuInfo[]; pin: RunnerPinRecord | null; notes: Note[] } | null> {
  if (gpus.length === 0) return null
  const pin = parseRunnerPin(env.CUDA_VISIBLE_DEVICES)
  const migs =
    pin.kind === 'pinned' && pin.entries.some(e => e.kind === 'mig-uuid') ? await listMigDevices() : []
  const resolved = resolvePin(pin, gpus, migs, env.CUDA_DEVICE_ORDER)
  // The runner's environment, not the config file, is what to fix: the line names it first.
  if (resolved.problem) throw new UsageError([resolved.problem.text])
  const pool = resolved.gpus.map(p => ({ ...p.gpu, cudaId: p.cudaId }))
  if (pin.kind === 'unset') return { gpus: pool, pin: null, notes: [] }
  const indices = pool.map(g => g.index)
  const notes = [note('pinned-by-runner', `${describePin(indices)} (${pin.value})`)]
  if (resolved.ignored !== null) {
    notes.push(
      note(
        'pin-entries-ignored',
        `the runner's CUDA_VISIBLE_DEVICES stops at "${resolved.ignored}" (not a GPU of this machine, or a repeat): CUDA ignores it and every entry after it, and so does the gate`
      )
    )
  }
  return {
    gpus: pool,
    pin: { variable: 'CUDA_VISIBLE_DEVICES', value: pin.value, gpus: indices, ignored: resolved.ignored },
    notes
  }
}

type RunnerPinRecord = NonNullable<NonNullable<Results['runner']>['pin']>

/** measure.gpus, which must lie inside the runner's pin (or name GPUs this runner has). */
function usableGpus(gpus: GpuInfo[], config: Config, pin: RunnerPinRecord | null): GpuInfo[] {
  const wanted = config.measure.gpus
  if (wanted === null) return gpus
  const missing = wanted.filter(i => !gpus.some(g => g.index === i))
  if (gpus.length > 0 && missing.length > 0) {
    throw new UsageError([
      pin
        ? `${config.path}: measure.gpus: GPU ${missing.join(', ')} lies outside the runner's pin (CUDA_VISIBLE_DEVICES=${pin.value} allows GPU ${pin.gpus.join(', ')}); name GPUs inside the pin, or remove measure.gpus`
        : `${config.path}: measure.gpus: GPU ${missing.join(', ')} not found on this runner; it has ${gpus.map(g => g.index).join(', ')}`
    ])
  }
  return gpus.filter(g => wanted.includes(g.index))
}

function checkGpuCounts(
  config: Config,
  models: ModelConfig[],
  allowed: GpuInfo[],
  target: ResolvedTarget
): void {
  if (target.measures !== 'gpu') return
  const problems = models
    .filter(m => m.gpus > allowed.length)
    .map(m => {
      const i = config.models.indexOf(m)
      return `${config.path}: models[${i}].gpus: ${m.name} needs ${m.gpus} GPUs and this runner offers ${allowed.length}; lower gpus or use a bigger runner`
    })
  if (problems.length > 0) throw new UsageError(problems)
}
