// The results of a run the fork guard refused: every selected model `skipped` and `refused`
// (which fails the gate), or of an event with nothing to do (skipped, not refused: it passes), the
// reason in the notes, written like any run's results so that the
// summary, the comment and a later `report` job all say why nothing ran. Nothing from the pull
// request is executed: the config is only parsed, and the GPUs are read with the runner's nvidia-smi.
import { totalmem } from 'node:os'
import { loadConfig } from '../config/load.js'
import { gateOf } from '../judge/gate.js'
import { notRun } from '../judge/notRun.js'
import { discoverGpus } from '../measure/nvidiaSmi/discoverGpus.js'
import type { PipelineOutcome } from '../pipeline.js'
import { resolveTarget } from '../plan/resolveTarget.js'
import { selectModels } from '../plan/selectModels.js'
import { escapeInline } from '../report/markdownSafety.js'
import { renderComment } from '../report/renderComment.js'
import { renderReport } from '../report/renderReport.js'
import { ResultsSchema, type ResultsInput } from '../results.js'
import { writeReport, writeResults } from '../store/resultsFile.js'
import { note, notesFields } from '../notes.js'
import { reason } from '../reasons.js'

export interface RefusedRunOptions {
  configPath: string
  modelFilters: string[]
  outDir: string
  reason: string
  /**
   * true (default): the guard refused to run the PR's code, which fails the gate. false: the event
   * gave nothing to do (whyNothingToDo): the models are skipped and the gate passes.
   */
  refused?: boolean
  commit: string | null
  runnerName: string | null
}

export async function refusedRun(opts: RefusedRunOptions): Promise<PipelineOutcome> {
  const config = loadConfig(opts.configPath)
  const { selected } = selectModels(config.models, opts.modelFilters, 'models')
  const discovered = await discoverGpus()
  const target = resolveTarget(config, discovered.gpus, totalmem(), 'measure')
  const models = config.models.map(m =>
    selected.includes(m)
      ? notRun(m, 'skipped', reason(opts.refused === false ? 'nothing-to-do' : 'refused', opts.reason), {
          refused: opts.refused ?? true
        })
      : notRun(m, 'skipped', reason('filtered-out', 'filtered out by the model filter'), { refused: false })
  )
  const now = new Date().toISOString()
  const input: ResultsInput = {
    schemaVersion: 1,
    gate: 'fail',
    commit: opts.commit,
    gpu: {
      name: discovered.gpus[0]?.name ?? null,
      memoryBytes: discovered.gpus[0]?.memoryTotalBytes ?? null,
      driver: discovered.driver
    },
    target: {
      memoryBytes: target.memoryBytes,
      limitBytes: target.limitBytes,
      emulated: target.emulated,
      measures: target.measures
    },
    models,
    mode: 'measure',
    startedAt: now,
    finishedAt: now,
    complete: true,
    gpus: discovered.gpus,
    runner: { host: null, name: opts.runnerName, torchVersion: null, sampler: null },
    regressionThreshold: config.regression.threshold,
    ...notesFields([note('nothing-run', `Nothing was run: ${opts.reason}`)])
  }
  const results = writeResults(opts.outDir, { ...input, gate: gateOf(ResultsSchema.parse(input).models) })
  // An event with nothing to do is not a verdict on any model: say that first, not "0 models fit".
  const nothing =
    opts.refused === false ? `### ⏭️ oom-gate: nothing to do\n\n${escapeInline(opts.reason)}.\n` : null
  const reportMarkdown = nothing ?? renderComment(results)
  const summaryMarkdown = nothing ?? renderReport(results)
  writeReport(opts.outDir, reportMarkdown, summaryMarkdown)
  return { results, reportMarkdown, summaryMarkdown, config }
}
