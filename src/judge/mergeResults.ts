// `oom-gate report` / `mode: report`: the results of several measure jobs (a matrix over
// runners) become one verdict against the config's full model list.
import { UsageError } from '../config/load.js'
import { limitBytes, type Config } from '../config/schema.js'
import { formatBytes } from '../config/units.js'
import { addNotes, note, type Note, type Noted } from '../notes.js'
import type { ModelResult, ModelResultInput, Results, ResultsInput } from '../results.js'
import { ResultsSchema } from '../results.js'
import { gateOf } from './gate.js'
import { notRun } from './notRun.js'
import { reason, reasonFields, type Reason } from '../reasons.js'

export interface ResultsFile {
  /** Where it came from, for messages. */
  path: string
  results: Results
}

export function mergeResults(config: Config, files: readonly ResultsFile[]): Results {
  if (files.length === 0)
    throw new UsageError(['oom-gate report: no results.json found; pass --results DIR (repeatable)'])
  const own: Noted & { findings: Note[] } = { notes: [], findings: [] }
  const measuredIn = new Map<string, { model: ModelResult; path: string; file: ResultsFile }>()
  const problems: string[] = []
  for (const file of files) {
    for (const model of file.results.models) {
      // A job that filtered a model out says nothing about it.
      if (model.status === 'skipped' && !model.refused) continue
      const earlier = measuredIn.get(model.name)
      if (earlier) {
        problems.push(
          `${model.name}: measured twice, in ${earlier.path} and ${file.path}; give each model to one job`
        )
        continue
      }
      measuredIn.set(model.name, { model, path: file.path, file })
    }
  }
  if (problems.length > 0) throw new UsageError(problems)

  const known = new Set(config.models.map(m => m.name))
  const strangers = [...measuredIn.keys()].filter(name => !known.has(name))
  if (strangers.length > 0)
    addNotes(
      own,
      note('ignored-models', `ignored results for models not in ${config.path}: ${strangers.join(', ')}`)
    )

  const target = mergedTarget(config, files, own)
  // Host memory is judged only when every job judged it (contract 6): one GPU job makes the
  // target GPU memory, and a model measured by host RSS then says nothing about the card.
  const measures = files.every(f => f.results.target.measures === 'host') ? 'host' : 'gpu'
  const estimateOnly = files.every(f => f.results.mode === 'estimate')
  if (estimateOnly) addNotes(own, note('estimate-merge', ESTIMATE_MERGE_NOTE))
  const models: ModelResultInput[] = config.models.map(entry => {
    const found = measuredIn.get(entry.name)
    if (!found)
      return notRun(
        entry,
        'failed',
        reason('not-measured', 'not measured: no measure job produced a result for it')
      )
    const model = { ...found.model, expect: entry.expect }
    const why = notEvidence(model, found.file, measures, target.memoryBytes)
    if (why !== null) return { ...model, status: 'failed', ...reasonFields(why) }
    return rejudge(model, target.limitBytes)
  })

  // Sorted, so that the Runner line and the headline do not depend on the order of --results.
  const byName = [...files].sort(byGpuName)
  const gpuNames = [...new Set(byName.map(f => f.results.gpu.name).filter((n): n is string => n !== null))]
  if (gpuNames.length > 1)
    addNotes(
      own,
      note('mixed-gpus', `results come from runners with different GPU models: ${gpuNames.join(', ')}`)
    )
  const commits = [...new Set(files.map(f => f.results.commit).filter((c): c is string => c !== null))]
  if (commits.length > 1)
    addNotes(
      own,
      note(
        'mixed-commits',
        `results come from different commits: ${commits.map(c => c.slice(0, 7)).join(', ')}`
      )
    )

  // What the measure jobs compared with (the same base for all of them): kept, so that a report
  // job that cannot read the history itself still says what the regression columns mean.
  const compared = [
    ...new Map(
      files.flatMap(f => (f.results.comparedWith ? [f.results.comparedWith] : [])).map(c => [c.commit, c])
    ).values()
  ]

  const first = byName[0]!.results
  const merged: ResultsInput = {
    schemaVersion: 1,
    gate: 'fail',
    commit: commits.length === 1 ? commits[0]! : (first.commit ?? null),
    gpu:
      gpuNames.length > 1
        ? { name: `mixed: ${gpuNames.join(', ')}`, memoryBytes: null, driver: null }
        : first.gpu,
    target: {
      memoryBytes: target.memoryBytes,
      limitBytes: target.limitBytes,
      emulated: files.some(f => f.results.target.emulated),
      measures
    },
    models,
    // Only estimates: the headline says nothing was run (and the models fail: see notEvidence).
    mode: estimateOnly ? 'estimate' : 'report',
    startedAt:
      files
        .map(f => f.results.startedAt)
        .filter(Boolean)
        .sort()[0] ?? null,
    finishedAt: new Date().toISOString(),
    complete: files.every(f => f.results.complete !== false),
    gpus: files.flatMap(f => f.results.gpus),
    runner: mergedRunner(files),
    regressionThreshold: config.regression.threshold,
    ...(compared.length === 1 ? { comparedWith: compared[0] } : {}),
    ...mergedNotes(own, files),
    // One broken runner of the matrix is the headline, not its models.
    runnerError: byName.map(f => f.results.runnerError).find(e => e) ?? null
  }
  const parsed = ResultsSchema.parse(merged)
  return { ...parsed, gate: gateOf(parsed.models) }
}

/**
 * The target comes from the config; "runner" only works when every job's runner agreed on it,
 * since the verdict must use one card.
 */
function mergedTarget(config: Config, files: readonly ResultsFile[], notes: Noted) {
  if (config.gpu.memory !== 'runner') {
    return { memoryBytes: config.gpu.memory, limitBytes: limitBytes(config.gpu.memory, config.gpu.headroom) }
  }
  // A job whose runner could not read its card wrote 0 (brokenRunnerTarget): unknown, not a card
  // of 0 bytes, so it takes no part in the minimum.
  const sizes = [...new Set(files.map(f => f.results.target.memoryBytes))].filter(s => s > 0)
  if (sizes.length === 0) {
    addNotes(notes, note('target-unknown', TARGET_UNKNOWN))
    return { memoryBytes: 0, limitBytes: 0 }
  }
  const smallest = Math.min(...sizes)
  if (files.some(f => f.results.target.memoryBytes <= 0)) {
    addNotes(
      notes,
      note(
        'mixed-targets',
        'gpu.memory is "runner" and some job could not read its card: judged against the cards the other jobs read'
      )
    )
  }
  if (sizes.length > 1) {
    addNotes(
      notes,
      note(
        'mixed-targets',
        `gpu.memory is "runner" and the jobs ran on cards of ${sizes.map(s => formatBytes(s)).join(', ')}: judged against the smallest`
      )
    )
  }
  return { memoryBytes: smallest, limitBytes: limitBytes(smallest, config.gpu.headroom) }
}

/** The merge's own notes, then each file's, each text once; their codes travel with them. */
function mergedNotes(own: Noted & { findings: Note[] }, files: readonly ResultsFile[]): Noted {
  const notes = [...new Set([...own.notes, ...files.flatMap(f => f.results.notes)])]
  const findings = [...own.findings, ...files.flatMap(f => f.results.findings)].filter(
    (f, i, all) => all.findIndex(g => g.text === f.text) === i
  )
  return findings.length === 0 ? { notes } : { notes, findings }
}

/** ok and at-risk depend on the limit, which the merge may have changed; failures do not. */
function rejudge(model: ModelResult, limit: number): ModelResultInput {
  if ((model.status !== 'ok' && model.status !== 'at-risk') || model.peakBytes === null) return model
  return { ...model, status: model.peakBytes > limit ? 'at-risk' : 'ok' }
}

export const ESTIMATE_MERGE_NOTE =
  'every merged result is an estimate (oom-gate run --estimate-only / mode: estimate): nothing was measured, so no model can pass a report merge'

const TARGET_UNKNOWN =
  'gpu.memory is "runner" and no job could read its card: the target’s size is unknown, so no model can be judged against it'

/**
 * Why a model a job called ok or at-risk is no evidence that it fits the merged target (contract
 * 6), or null when it is: no reading at all, an estimate instead of a measurement, host memory
 * where the target is GPU memory, or a target of unknown size. Failures keep their own verdict.
 */
function notEvidence(
  model: ModelResult,
  file: ResultsFile,
  measures: 'gpu' | 'host',
  targetBytes: number
): Reason | null {
  if (model.status !== 'ok' && model.status !== 'at-risk') return null
  if (model.estimated || model.peakSource === 'estimate' || file.results.mode === 'estimate') {
    return reason(
      'estimate-not-merged',
      `not measured: ${file.path} holds an estimate (oom-gate run --estimate-only), and a report merges measurements only; measure it with oom-gate run on a GPU runner, or use mode: estimate to gate on estimates`
    )
  }
  if (model.peakBytes === null) {
    return reason(
      'no-peak-recorded',
      `no reading: ${file.path} says ${model.status} but records no peak memory for it (peakBytes null), which is not evidence that it fits`
    )
  }
  if (measures === 'gpu' && (model.peakSource === 'host' || file.results.target.measures === 'host')) {
    return reason(
      'host-not-gpu',
      `measured by host memory (host RSS, ${file.path} ran on a runner without nvidia-smi), and the target is GPU memory: run it on a GPU runner, or set measure.sampler: host for every job to judge host memory`
    )
  }
  if (targetBytes <= 0) return reason('target-unknown', TARGET_UNKNOWN)
  return null
}

/** The runners of all jobs: each field the one value they agree on, or every value, sorted. */
function mergedRunner(files: readonly ResultsFile[]): Results['runner'] {
  const runners = files.map(f => f.results.runner).filter(r => r != null)
  if (runners.length === 0) return null
  const field = (key: 'host' | 'name' | 'torchVersion' | 'sampler') => {
    const values = [...new Set(runners.map(r => r[key]).filter((v): v is string => v !== null))].sort()
    return values.length === 0 ? null : values.join(', ')
  }
  return {
    host: field('host'),
    name: field('name'),
    torchVersion: field('torchVersion'),
    sampler: field('sampler'),
    // Pins differ per job: none is the merged run's.
    pin: null
  }
}

/** Files with a GPU name first, by name, then the path: an order that does not depend on the command line. */
function byGpuName(a: ResultsFile, b: ResultsFile): number {
  const [x, y] = [a.results.gpu.name, b.results.gpu.name]
  if (x !== y) return x === null ? 1 : y === null ? -1 : x.localeCompare(y)
  return a.path.localeCompare(b.path)
}
