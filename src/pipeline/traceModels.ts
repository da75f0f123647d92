// The trace in the gate (edge): runs the tracer (contract 7) for the models with a `trace:` block
// and hands the pure judge and advise what it counted: the base trace at the config's batch, the
// largest batch that fits (capacity, by bisection over traces) and, for a model that fails or is at
// risk, each ranked fix traced with the fix applied. Traces run one after the other (a trace is
// CPU-heavy: in parallel they would only compete), a fix's traces in one Python process (torch
// imported once), and each distinct request is traced once (cache keyed by the request).
import { resolve } from 'node:path'
import { searchCapacity } from '../advise/capacity.js'
import {
  mergeTracedFixes,
  traceFixCandidates,
  type TracedOutcome,
  type TraceOverrides
} from '../advise/tracedFixes.js'
import type { ModelConfig } from '../config/schema.js'
import { summarizeTrace } from '../judge/trace/traceSummary.js'
import type { Capacity, Fix, ModelResultInput } from '../results.js'
import { runTraces, type TraceOptions, type TraceRequest } from '../trace/runTrace.js'
import type { TraceOutcome } from '../trace/traceResult.js'

/** Runs trace requests (one Python process for the lot), outcomes in order: runTraces by default. */
export type TraceRunner = (requests: TraceRequest[]) => Promise<TraceOutcome[]>

export interface TraceModelsOptions {
  /** The repository root: a model's cwd (and its trace FILE) is relative to it. */
  repoRoot: string
  limitBytes: number
  log: (line: string) => void
  /** Options of runTraces (Python, environment, timeout, abort). */
  traceOptions?: TraceOptions
  /** Replaces runTraces (tests count the traces through it). */
  runner?: TraceRunner
}

/** What the tracer found for one model. */
export interface ModelTraces {
  base: TracedOutcome
  capacity: Capacity | null
  /** Traces run for this model (cached requests not counted twice). */
  traces: number
}

/** Traces one model's requests, each distinct request once; shared by every model of a run. */
export class TraceCache {
  private readonly outcomes = new Map<string, TraceOutcome>()
  traced = 0

  constructor(private readonly runner: TraceRunner) {}

  /** Outcomes of `requests` in order; the uncached ones traced together in one process. */
  async trace(requests: TraceRequest[]): Promise<TraceOutcome[]> {
    const key = (r: TraceRequest) => JSON.stringify(r)
    const missing = [
      ...new Map(requests.filter(r => !this.outcomes.has(key(r))).map(r => [key(r), r])).values()
    ]
    if (missing.length > 0) {
      const outcomes = await this.runner(missing)
      this.traced += missing.length
      missing.forEach((r, i) => this.outcomes.set(key(r), outcomes[i]!))
    }
    return requests.map(r => this.outcomes.get(key(r))!)
  }
}

export function traceCacheFor(options: TraceModelsOptions): TraceCache {
  return new TraceCache(options.runner ?? (requests => runTraces(requests, options.traceOptions)))
}

/** The model's trace request with `overrides` (a fix) applied. */
export function traceRequestOf(
  model: ModelConfig,
  repoRoot: string,
  overrides: TraceOverrides = {}
): TraceRequest {
  const spec = model.trace!
  const batch = overrides.batch ?? spec.batch
  return {
    entry: spec.entry,
    cwd: resolve(repoRoot, model.cwd ?? '.'),
    ...(batch !== null ? { batch } : {}),
    args: overrides.args ?? spec.args,
    ...(overrides.precision ? { precision: overrides.precision } : {}),
    ...(overrides.checkpoint ? { checkpoint: overrides.checkpoint } : {}),
    ...(spec.cudaContextBytes !== null ? { cudaContextBytes: spec.cudaContextBytes } : {})
  }
}

function outcomeOf(model: ModelConfig, request: TraceRequest, outcome: TraceOutcome): TracedOutcome {
  if (!outcome.ok) return { ok: false, message: outcome.message }
  return {
    ok: true,
    summary: summarizeTrace(outcome.result, {
      entry: model.trace!.entry,
      batch: request.batch ?? null,
      args: request.args ?? {},
      precision: request.precision ?? null,
      checkpoint: request.checkpoint ?? null
    })
  }
}

/** The base trace of `model` and its capacity (the largest batch that fits `limitBytes`). */
export async function traceModel(
  model: ModelConfig,
  cache: TraceCache,
  options: TraceModelsOptions
): Promise<ModelTraces> {
  const before = cache.traced
  const request = traceRequestOf(model, options.repoRoot)
  options.log(
    `oom-gate: tracing ${model.name} (${model.trace!.entry}${request.batch ? `, batch ${request.batch}` : ''})`
  )
  const base = outcomeOf(model, request, (await cache.trace([request]))[0]!)
  let capacity: Capacity | null = null
  if (base.ok && base.summary.batch !== null) {
    capacity = await searchCapacity(
      async batch => {
        const probe = traceRequestOf(model, options.repoRoot, { batch })
        const outcome = outcomeOf(model, probe, (await cache.trace([probe]))[0]!)
        return outcome.ok ? { ok: true, peakBytes: outcome.summary.devicePeakBytes } : outcome
      },
      { startBatch: base.summary.batch, maxBatch: model.trace!.maxBatch, limitBytes: options.limitBytes }
    )
  }
  return { base, capacity, traces: cache.traced - before }
}

/**
 * `result.advice` with each fix the tracer can apply traced (a model that fails or is at risk, or
 * whose base trace is over the limit); the result unchanged otherwise.
 */
export async function withTracedFixes(
  result: ModelResultInput,
  model: ModelConfig,
  traces: ModelTraces,
  cache: TraceCache,
  options: TraceModelsOptions
): Promise<ModelResultInput> {
  if (!traces.base.ok) return result
  // Failing or at risk, measured or traced (a run that timed out while its trace is over the limit).
  const failing = result.status === 'oom' || result.status === 'at-risk'
  if (!failing && traces.base.summary.devicePeakBytes <= options.limitBytes) return result
  const advice = (result.advice ?? null) as Fix[] | null
  const candidates = traceFixCandidates(model, traces.base.summary, traces.capacity, advice)
  if (candidates.length === 0) return result
  options.log(`oom-gate: tracing ${candidates.length} fixes of ${model.name}`)
  const requests = candidates.map(c => traceRequestOf(model, options.repoRoot, c.overrides))
  const outcomes = await cache.trace(requests)
  const traced = candidates.map((candidate, i) => ({
    candidate,
    outcome: outcomeOf(model, requests[i]!, outcomes[i]!)
  }))
  return { ...result, advice: mergeTracedFixes(advice, traced, options.limitBytes) }
}
