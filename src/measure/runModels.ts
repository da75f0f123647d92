// Measures the planned models on this runner's GPUs and hands each verdict back as it lands,
// so the caller can write results.json after every model.
import type { ModelConfig } from '../config/schema.js'
import type { GpuInfo } from '../results.js'
import { measureAndJudge, verdictLine, type MeasureContext, type MeasuredModel } from './measureAndJudge.js'

export interface RunModelsOptions extends MeasureContext {
  /** GPUs this runner may use (measure.gpus, or all it has). */
  gpus: GpuInfo[]
  onResult: (measured: MeasuredModel) => void
  /** Called for each model not started because the gate was interrupted. */
  onNotStarted: (model: ModelConfig) => void
}

export async function runModels(models: readonly ModelConfig[], opts: RunModelsOptions): Promise<void> {
  for (const model of models) {
    if (opts.abort?.aborted) {
      opts.onNotStarted(model)
      continue
    }
    const gpus = opts.target.measures === 'gpu' ? opts.gpus.slice(0, model.gpus) : []
    opts.log(
      `▶ ${model.name}: starting${gpus.length > 0 ? ` on GPU ${gpus.map(g => g.index).join(',')}` : ''}`
    )
    const measured = await measureAndJudge(model, gpus, opts)
    opts.log(verdictLine(measured.result, opts.target))
    opts.onResult(measured)
  }
}
