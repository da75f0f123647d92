// One model from command to verdict: measure it (measure.repeat times), judge each run, keep
// the worst, attach advice. The log is redacted here, before it can reach any report.
// Pipeline level: it joins measure/ (the edge) with judge/, advise/ and report/ (pure), so that
// measure/ itself never depends on verdicts.
import { defaultLeaseDir } from '../measure/lease/gpuLease.js'
import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { adviseModel } from '../advise/adviseModel.js'
import type { ModelConfig } from '../config/schema.js'
import { formatBytes, formatDuration } from '../config/units.js'
import { judgeModel } from '../judge/judgeModel.js'
import { notRun } from '../judge/notRun.js'
import { measureModel } from '../measure/measureModel.js'
import type { MeasuredModel, RunModelsOptions } from '../measure/runModels.js'
import type { Measurement, ProgressSample } from '../measurement.js'
import type { MeasureSettings } from '../plan/measureSettings.js'
import type { ResolvedTarget } from '../plan/resolveTarget.js'
import { redactLines, redactSecrets } from '../report/redact.js'
import { outputLineHandler } from './outputLines.js'
import { withPassedEnv } from './passedEnv.js'
import { summarizeProbeSnapshots } from './snapshotSummaries.js'
import type { GpuInfo, ModelResultInput } from '../results.js'

export interface MeasureContext {
  /** How every model is measured, resolved once from the config and the target (plan/measureSettings.ts). */
  settings: MeasureSettings
  target: ResolvedTarget
  outDir: string
  repoRoot: string
  env: NodeJS.ProcessEnv
  /** Where the models' pass-env values come from (the unscrubbed environment); default `env`. */
  passEnvFrom?: NodeJS.ProcessEnv
  secrets: string[]
  runnerName: string | null
  log: (line: string) => void
  /** The command's output lines (already prefixed and redacted); default `log`. */
  output?: (line: string) => void
  abort?: AbortSignal
  /** Aborted on a second interrupt: no grace, the run is killed at once. */
  hurry?: AbortSignal
  progressEveryMs?: number
  /** Every live reading of a model's run (unthrottled): the pipeline keeps the last one. */
  onSample?: (model: string, sample: ProgressSample) => void
}

/** runModels' per-model hooks for this context: measure and judge, not-placed results, verdict lines. */
export function judgedRuns(
  ctx: MeasureContext
): Pick<RunModelsOptions, 'measure' | 'notPlaced' | 'describe' | 'settings' | 'leases'> {
  return {
    settings: ctx.settings,
    leases: {
      dir: defaultLeaseDir(ctx.env),
      holder: {
        repository: ctx.env.GITHUB_REPOSITORY ?? null,
        run: ctx.env.GITHUB_RUN_ID
          ? `${ctx.env.GITHUB_RUN_ID}${ctx.env.GITHUB_RUN_ATTEMPT ? `/${ctx.env.GITHUB_RUN_ATTEMPT}` : ''}`
          : null
      }
    },
    measure: (model, gpus, io) => measureAndJudge(model, gpus, { ...ctx, ...io }),
    notPlaced: (model, reason) => notRun(model, 'failed', reason),
    describe: result => verdictLine(result, ctx.target)
  }
}

export async function measureAndJudge(
  model: ModelConfig,
  gpus: GpuInfo[],
  ctx: MeasureContext
): Promise<MeasuredModel> {
  const { settings, target } = ctx
  const judged: { result: ModelResultInput; measurement: Measurement }[] = []
  for (let i = 0; i < settings.repeat; i++) {
    // Masks, the training log's memory: values and the echo, as each line of the output passes.
    const output = outputLineHandler({
      name: model.name,
      secrets: ctx.secrets,
      output: ctx.output ?? ctx.log
    })
    const resultDir = resolve(ctx.outDir, 'runs', settings.repeat > 1 ? `${model.name}.${i + 1}` : model.name)
    const measurement = await measureModel({
      model,
      gpus: target.measures === 'gpu' ? gpus : [],
      resultDir,
      repoRoot: ctx.repoRoot,
      env: withPassedEnv(ctx.env, ctx.passEnvFrom ?? ctx.env, model),
      settings,
      abort: ctx.abort,
      hurry: ctx.hurry,
      onLines: output.lines,
      // Before any cut: a secret cut in two is two halves no later redaction finds.
      redact: text => redactSecrets(text, ctx.secrets),
      onProgress: throttledProgress(model.name, ctx)
    })
    output.flush()
    const trainingLog = output.trainingLog()
    measurement.logTail = redactLines(measurement.logTail, ctx.secrets)
    measurement.probes = await summarizeProbeSnapshots(measurement.probes, resultDir)
    judged.push({ result: { ...judgeModel(model, measurement, target), trainingLog }, measurement })
    if (!finished(judged.at(-1)!.result)) break
  }
  // A failing repetition decides; otherwise the highest peak does (the gate protects the worst case).
  const chosen =
    judged.find(j => !finished(j.result)) ??
    judged.reduce((a, b) => ((b.result.peakBytes ?? -1) > (a.result.peakBytes ?? -1) ? b : a))
  let result: ModelResultInput = {
    ...chosen.result,
    measuredOn: { host: hostname(), gpuName: gpus[0]?.name ?? null, runner: ctx.runnerName }
  }
  if (judged.length > 1) {
    const peaks = judged.map(j => j.result.peakBytes).filter((p): p is number => p !== null)
    const spread = peaks.length > 0 ? Math.max(...peaks) - Math.min(...peaks) : 0
    result = { ...result, repeats: { peaksBytes: peaks, spreadBytes: spread } }
  }
  result = adviseModel(result, model, target.limitBytes)
  const torchVersion = judged.flatMap(j => j.measurement.probes.map(p => p.torchVersion)).find(v => v) ?? null
  return { result, torchVersion }
}

function finished(result: ModelResultInput): boolean {
  return result.status === 'ok' || result.status === 'at-risk'
}

function throttledProgress(name: string, ctx: MeasureContext): (s: ProgressSample) => void {
  const every = ctx.progressEveryMs ?? 5000
  let last = 0
  return s => {
    ctx.onSample?.(name, s)
    if (s.elapsedMs - last < every) return
    last = s.elapsedMs
    ctx.log(
      `  ${name}: ${formatDuration(s.elapsedMs)}, now ${formatBytes(s.currentBytes)}, peak ${formatBytes(s.peakBytes)}`
    )
  }
}

export function verdictLine(m: ModelResultInput, target: ResolvedTarget): string {
  const icon = m.status === 'ok' ? '✔' : m.status === 'at-risk' ? '⚠' : '✖'
  const share =
    m.peakBytes != null
      ? ` (${((m.peakBytes / target.memoryBytes) * 100).toFixed(0)}% of ${formatBytes(target.memoryBytes)})`
      : ''
  const why = m.reason ? `: ${m.reason}` : m.oom ? `: ${m.oom.kind}` : ''
  return `${icon} ${m.name}: ${m.status}${why}, peak ${formatBytes(m.peakBytes)}${share}, limit ${formatBytes(target.limitBytes)}, ${formatDuration(m.durationMs ?? null)}`
}
