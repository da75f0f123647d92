// `oom-gate report` / `mode: report`: the results of several measure jobs (a matrix over
// runners) become one verdict against the config's full model list.
import { UsageError } from '../config/load.js'
import { limitBytes, type Config } from '../config/schema.js'
import { formatBytes } from '../config/units.js'
import type { ModelResult, ModelResultInput, Results, ResultsInput } from '../results.js'
import { ResultsSchema } from '../results.js'
import { gateOf } from './gate.js'
import { notRun } from './notRun.js'

export interface ResultsFile {
  /** Where it came from, for messages. */
  path: string
  results: Results
}

export function mergeResults(config: Config, files: readonly ResultsFile[]): Results {
  if (files.length === 0)
    throw new UsageError(['oom-gate report: no results.json found; pass --results DIR (repeatable)'])
  const notes: string[] = []
  const measuredIn = new Map<string, { model: ModelResult; path: string }>()
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
      measuredIn.set(model.name, { model, path: file.path })
    }
  }
  if (problems.length > 0) throw new UsageError(problems)

  const known = new Set(config.models.map(m => m.name))
  const strangers = [...measuredIn.keys()].filter(name => !known.has(name))
  if (strangers.length > 0)
    notes.push(`ignored results for models not in ${config.path}: ${strangers.join(', ')}`)

  const target = mergedTarget(config, files, notes)
  const models: ModelResultInput[] = config.models.map(entry => {
    const found = measuredIn.get(entry.name)
    if (!found) return notRun(entry, 'failed', 'not measured: no measure job produced a result for it')
    return rejudge({ ...found.model, expect: entry.expect }, target.limitBytes)
  })

  const gpuNames = [...new Set(files.map(f => f.results.gpu.name).filter((n): n is string => n !== null))]
  if (gpuNames.length > 1)
    notes.push(`results come from runners with different GPU models: ${gpuNames.join(', ')}`)
  const commits = [...new Set(files.map(f => f.results.commit).filter((c): c is string => c !== null))]
  if (commits.length > 1)
    notes.push(`results come from different commits: ${commits.map(c => c.slice(0, 7)).join(', ')}`)

  // What the measure jobs compared with (the same base for all of them): kept, so that a report
  // job that cannot read the history itself still says what the regression columns mean.
  const compared = [
    ...new Map(
      files.flatMap(f => (f.results.comparedWith ? [f.results.comparedWith] : [])).map(c => [c.commit, c])
    ).values()
  ]

  const first = files[0]!.results
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
      measures: files.every(f => f.results.target.measures === 'host') ? 'host' : 'gpu'
    },
    models,
    mode: 'report',
    startedAt:
      files
        .map(f => f.results.startedAt)
        .filter(Boolean)
        .sort()[0] ?? null,
    finishedAt: new Date().toISOString(),
    complete: files.every(f => f.results.complete !== false),
    gpus: files.flatMap(f => f.results.gpus),
    runner: first.runner ?? null,
    regressionThreshold: config.regression.threshold,
    ...(compared.length === 1 ? { comparedWith: compared[0] } : {}),
    notes: [...new Set([...notes, ...files.flatMap(f => f.results.notes)])],
    // One broken runner of the matrix is the headline, not its models.
    runnerError: files.map(f => f.results.runnerError).find(e => e) ?? null
  }
  const parsed = ResultsSchema.parse(merged)
  return { ...parsed, gate: gateOf(parsed.models) }
}

/**
 * The target comes from the config; "runner" only works when every job's runner agreed on it,
 * since the verdict must use one card.
 */
function mergedTarget(config: Config, files: readonly ResultsFile[], notes: string[]) {
  if (config.gpu.memory !== 'runner') {
    return { memoryBytes: config.gpu.memory, limitBytes: limitBytes(config.gpu.memory, config.gpu.headroom) }
  }
  const sizes = [...new Set(files.map(f => f.results.target.memoryBytes))]
  const smallest = Math.min(...sizes)
  if (sizes.length > 1) {
    notes.push(
      `gpu.memory is "runner" and the jobs ran on cards of ${sizes.map(s => formatBytes(s)).join(', ')}: judged against the smallest`
    )
  }
  return { memoryBytes: smallest, limitBytes: limitBytes(smallest, config.gpu.headroom) }
}

/** ok and at-risk depend on the limit, which the merge may have changed; failures do not. */
function rejudge(model: ModelResult, limit: number): ModelResultInput {
  if ((model.status !== 'ok' && model.status !== 'at-risk') || model.peakBytes === null) return model
  return { ...model, status: model.peakBytes > limit ? 'at-risk' : 'ok' }
}
