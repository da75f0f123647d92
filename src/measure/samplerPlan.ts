// Which samplers a run gets. auto: nvidia-smi (when GPUs were given) plus the torch probe;
// nvidia-smi: nvidia-smi only; torch: the probe only; host: neither. Host RSS is always sampled.
// The probe also carries the memory cap that emulates a smaller target card, so it is injected
// whenever a cap is asked for, whatever the sampler.
import type { SamplerChoice } from '../plan/measureSettings.js'

export interface SamplerPlan {
  nvidiaSmi: boolean
  probe: boolean
  notes: string[]
}

export function planSamplers(sampler: SamplerChoice, gpuCount: number, capBytes: number | null): SamplerPlan {
  const notes: string[] = []
  const wantsSmi = sampler === 'auto' || sampler === 'nvidia-smi'
  if (sampler === 'nvidia-smi' && gpuCount === 0)
    notes.push('sampler nvidia-smi: no GPU was given to this run; host memory only')
  const probe = sampler === 'auto' || sampler === 'torch' || capBytes !== null
  if (probe && sampler !== 'auto' && sampler !== 'torch') {
    notes.push(`the torch probe was loaded although the sampler is ${sampler}: it applies the memory cap`)
  }
  return { nvidiaSmi: wantsSmi && gpuCount > 0, probe, notes }
}
