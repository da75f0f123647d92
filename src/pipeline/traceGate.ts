// The trace's two places in the pipeline: the pre-check (mode: estimate), where a traced model is
// judged from its trace (src/judge/trace/judgeTrace.ts), and after a measured run, where the trace
// stands next to the measurement. Both attach the capacity and, for a model that fails or is at
// risk, the ranked fixes re-traced.
import { adviseModel } from '../advise/adviseModel.js'
import type { ModelConfig } from '../config/schema.js'
import type { Target } from '../judge/judgeModel.js'
import { judgeEstimate } from '../judge/judgeEstimate.js'
import { judgeTrace, withTrace } from '../judge/trace/judgeTrace.js'
import type { ModelResultInput } from '../results.js'
import { traceModel, withTracedFixes, type TraceCache, type TraceModelsOptions } from './traceModels.js'

/** The pre-check of a model with a `trace:` block: judged from its trace, with capacity and traced fixes. */
export async function preCheckTraced(
  model: ModelConfig,
  target: Target,
  cache: TraceCache,
  options: TraceModelsOptions
): Promise<ModelResultInput> {
  const traces = await traceModel(model, cache, options)
  const estimated = model.estimate !== null ? judgeEstimate(model, target) : null
  const judged = adviseModel(judgeTrace(model, target, traces.base, estimated), model, target.limitBytes)
  const advised = await withTracedFixes(judged, model, traces, cache, options)
  return { ...advised, capacity: traces.capacity }
}

/** A measured model with its trace, the traced/measured ratio, capacity and (failing) traced fixes. */
export async function traceMeasured(
  result: ModelResultInput,
  model: ModelConfig,
  cache: TraceCache,
  options: TraceModelsOptions
): Promise<ModelResultInput> {
  const traces = await traceModel(model, cache, options)
  const advised = await withTracedFixes(withTrace(result, traces.base), model, traces, cache, options)
  return { ...advised, capacity: traces.capacity }
}
