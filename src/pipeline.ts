// The one pipeline both entry points call: config -> plan -> measure -> judge -> report.
// Publishing (GitHub) and history stay with the caller; this writes results.json and report.md.
import { hostname, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { adviseModel } from './advise/adviseModel.js'
import { loadConfig, UsageError } from './config/load.js'
import type { Config, ModelConfig } from './config/schema.js'
import { formatBytes, formatDuration } from './config/units.js'
import { gateOf } from './judge/gate.js'
import { judgeEstimate } from './judge/judgeEstimate.js'
import { judgeModel, type Target } from './judge/judgeModel.js'
import { discoverGpus } from './measure/discoverGpus.js'
import { measureModel } from './measure/measureModel.js'
import type { Measurement, ProgressSample } from './measure/types.js'
import { resolveTarget, type ResolvedTarget } from './plan/resolveTarget.js'
import { selectModels } from './plan/selectModels.js'
import { redactSecrets } from './report/redact.js'
import { renderReport } from './report/renderReport.js'
import {
  ResultsSchema,
  type GpuInfo,
  type ModelResultInput,
  type Results,
  type ResultsInput
} from './results.js'
import { writeReport, writeResults } from './store/resultsFile.js'

export interface PipelineOptions {
  configPath: string
  /** Names or globs; empty = every model. */
  modelFilters: string[]
  outDir: string
  /** Judge from the analytical estimates only (static pre-check, no GPU). */
  estimateOnly: boolean
  repoRoot: string
  /** Environment for the smoke commands (the action scrubs secrets from it first). */
  env: NodeJS.ProcessEnv
  /** Values to redact from everything taken from logs. */
  secrets: string[]
  commit: string | null
  runnerName: string | null
  /** Progress lines for the console / Actions log. */
  log: (line: string) => void
  /** Aborted when the gate is interrupted: the running model is stopped, results are kept. */
  abort?: AbortSignal
  /** Seconds between live progress lines. */
  progressEveryMs?: number
}

export interface PipelineOutcome {
  results: Results
  reportMarkdown: string
  config: Config
}

export async function runPipeline(opts: PipelineOptions): Promise<PipelineOutcome> {
  const config = loadConfig(opts.configPath)
  const { selected, filteredOut } = selectModels(config.models, opts.modelFilters)
  const mode = opts.estimateOnly ? 'estimate' : 'measure'
  const discovered = mode === 'measure' && config.measure.sampler !== 'host' ? await discoverGpus() : null
  const allowed = usableGpus(discovered?.gpus ?? [], config)
  const target = resolveTarget(config, allowed, totalmem(), mode)
  if (mode === 'measure') checkGpuCounts(config, selected, allowed, target)

  const state: ResultsInput = {
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
      measures: target.measures
    },
    models: filteredOut.map(m => skipped(m, 'filtered out by the model filter')),
    mode,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    complete: false,
    gpus: discovered?.gpus ?? [],
    runner: {
      host: hostname(),
      name: opts.runnerName,
      torchVersion: null,
      sampler: mode === 'estimate' ? 'estimate' : target.measures === 'host' ? 'host' : config.measure.sampler
    },
    regressionThreshold: config.regression.threshold,
    notes: [...(discovered?.notes ?? []), ...target.notes]
  }
  const models: ModelResultInput[] = []
  const save = () => writeResults(opts.outDir, { ...state, models: [...models, ...(state.models ?? [])] })
  save()

  for (const model of selected) {
    if (opts.abort?.aborted) {
      models.push(skipped(model, 'not run: the gate was interrupted'))
      continue
    }
    if (mode === 'estimate') {
      models.push(adviseModel(judgeEstimate(model, target), model, target.limitBytes))
      save()
      continue
    }
    opts.log(
      `▶ ${model.name}: starting${
        allowed.length > 0
          ? ` on GPU ${gpusFor(model, allowed)
              .map(g => g.index)
              .join(',')}`
          : ''
      }`
    )
    try {
      const result = await measureAndJudge(model, config, target, allowed, opts)
      if (state.runner && !state.runner.torchVersion) state.runner.torchVersion = result.torchVersion
      models.push(result.model)
      opts.log(verdictLine(result.model, target))
    } finally {
      // Also when measuring crashed: what was measured so far stays on disk.
      save()
    }
  }

  const ordered = config.models.flatMap(m =>
    [...models, ...(state.models ?? [])].filter(r => r.name === m.name)
  )
  const final: ResultsInput = {
    ...state,
    models: ordered,
    finishedAt: new Date().toISOString(),
    complete: true
  }
  const results = writeResults(opts.outDir, { ...final, gate: gateOf(ResultsSchema.parse(final).models) })
  const reportMarkdown = renderReport(results)
  writeReport(opts.outDir, reportMarkdown)
  return { results, reportMarkdown, config }
}

async function measureAndJudge(
  model: ModelConfig,
  config: Config,
  target: ResolvedTarget,
  allowed: GpuInfo[],
  opts: PipelineOptions
): Promise<{ model: ModelResultInput; torchVersion: string | null }> {
  const judged: { result: ModelResultInput; measurement: Measurement }[] = []
  for (let i = 0; i < config.measure.repeat; i++) {
    const measurement = await measureModel({
      model,
      gpus: target.measures === 'gpu' ? gpusFor(model, allowed) : [],
      resultDir: resolve(
        opts.outDir,
        'runs',
        config.measure.repeat > 1 ? `${model.name}.${i + 1}` : model.name
      ),
      repoRoot: opts.repoRoot,
      env: opts.env,
      sampler: target.measures === 'host' ? 'host' : config.measure.sampler,
      intervalMs: config.measure.intervalMs,
      timeoutMs: model.timeoutMs ?? config.measure.timeoutMs,
      graceMs: config.measure.graceMs,
      releaseTimeoutMs: config.measure.releaseTimeoutMs,
      capBytes: target.capBytes,
      settleMs: config.measure.settleMs,
      minDurationMs: config.measure.minDurationMs,
      abort: opts.abort,
      onLine: line => opts.log(`  ${model.name} | ${redactSecrets(line, opts.secrets)}`),
      onProgress: throttledProgress(model.name, opts)
    })
    measurement.logTail = measurement.logTail.map(line => redactSecrets(line, opts.secrets))
    const result = judgeModel(model, measurement, target satisfies Target)
    judged.push({ result, measurement })
    if (result.status !== 'ok' && result.status !== 'at-risk') break
  }
  const worst = judged.reduce((a, b) => ((b.result.peakBytes ?? -1) > (a.result.peakBytes ?? -1) ? b : a))
  const failing = judged.find(j => j.result.status !== 'ok' && j.result.status !== 'at-risk')
  const chosen = failing ?? worst
  let result: ModelResultInput = {
    ...chosen.result,
    measuredOn: { host: hostname(), gpuName: allowed[0]?.name ?? null, runner: opts.runnerName }
  }
  if (judged.length > 1) {
    const peaks = judged.map(j => j.result.peakBytes).filter((p): p is number => p !== null)
    const spread = peaks.length > 0 ? Math.max(...peaks) - Math.min(...peaks) : 0
    result = { ...result, repeats: { peaksBytes: peaks, spreadBytes: spread } }
  }
  result = adviseModel(result, model, target.limitBytes)
  const torchVersion = judged.flatMap(j => j.measurement.probes.map(p => p.torchVersion)).find(v => v) ?? null
  return { model: result, torchVersion }
}

function throttledProgress(name: string, opts: PipelineOptions): (s: ProgressSample) => void {
  const every = opts.progressEveryMs ?? 5000
  let last = 0
  return s => {
    if (s.elapsedMs - last < every) return
    last = s.elapsedMs
    opts.log(
      `  ${name}: ${formatDuration(s.elapsedMs)}, now ${formatBytes(s.currentBytes)}, peak ${formatBytes(s.peakBytes)}`
    )
  }
}

function verdictLine(m: ModelResultInput, target: ResolvedTarget): string {
  const icon = m.status === 'ok' ? '✔' : m.status === 'at-risk' ? '⚠' : '✖'
  const share =
    m.peakBytes != null
      ? ` (${((m.peakBytes / target.memoryBytes) * 100).toFixed(0)}% of ${formatBytes(target.memoryBytes)})`
      : ''
  const why = m.reason ? `: ${m.reason}` : m.oom ? `: ${m.oom.kind}` : ''
  return `${icon} ${m.name}: ${m.status}${why}, peak ${formatBytes(m.peakBytes)}${share}, limit ${formatBytes(target.limitBytes)}, ${formatDuration(m.durationMs ?? null)}`
}

function skipped(model: ModelConfig, reason: string): ModelResultInput {
  return {
    name: model.name,
    status: 'skipped',
    expect: model.expect,
    peakBytes: null,
    peakSource: null,
    peaks: { nvidiaSmiBytes: null, torchReservedBytes: null, torchAllocatedBytes: null, hostRssBytes: null },
    durationMs: null,
    exitCode: null,
    oom: null,
    baseline: null,
    reason
  }
}

function usableGpus(gpus: GpuInfo[], config: Config): GpuInfo[] {
  if (config.measure.gpus === null) return gpus
  const missing = config.measure.gpus.filter(i => !gpus.some(g => g.index === i))
  if (gpus.length > 0 && missing.length > 0) {
    throw new UsageError([
      `${config.path}: measure.gpus: GPU ${missing.join(', ')} not found on this runner; it has ${gpus.map(g => g.index).join(', ')}`
    ])
  }
  return gpus.filter(g => config.measure.gpus!.includes(g.index))
}

function gpusFor(model: ModelConfig, allowed: GpuInfo[]): GpuInfo[] {
  return allowed.slice(0, model.gpus)
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
