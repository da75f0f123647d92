// The environment of a smoke command: the (scrubbed) base, the model's own env, then what the
// gate sets, which the model cannot override.
import type { ModelConfig } from '../../config/schema.js'
import type { GpuInfo } from '../../results.js'
import { ENV } from '../../environment.js'

export interface ProbeSettings {
  /** Directory holding the probe's sitecustomize.py. */
  dir: string
  capBytes: number | null
  intervalMs: number
  /** measure.snapshot (absent: off) and the target's limit the probe compares torch's pool with. */
  snapshot?: 'off' | 'on-failure' | 'always'
  limitBytes?: number | null
}

export interface RunEnvInput {
  base: NodeJS.ProcessEnv
  model: Pick<ModelConfig, 'name' | 'env'>
  resultDir: string
  gpus: GpuInfo[]
  probe: ProbeSettings | null
}

export function buildRunEnv(input: RunEnvInput): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...input.base, ...input.model.env }
  env[ENV.model] = input.model.name
  env[ENV.resultDir] = input.resultDir
  if (input.gpus.length > 0) {
    // UUIDs, not indices: an index means another card under another CUDA_DEVICE_ORDER or inside
    // a container that renumbers, a UUID (or the pin's MIG UUID) is the card the gate measures.
    env.CUDA_VISIBLE_DEVICES = input.gpus.map(g => g.cudaId ?? g.uuid ?? String(g.index)).join(',')
    // For any index left (a GPU without a UUID): nvidia-smi's indices are PCI order.
    env.CUDA_DEVICE_ORDER ??= 'PCI_BUS_ID'
  }
  // With no GPU given, CUDA_VISIBLE_DEVICES stays as the base/model env has it (unset on a
  // machine without GPUs): hiding every card with "" would turn a GPU run into a CPU run silently.
  env.PYTHONUNBUFFERED ??= '1' // live log lines instead of 8 KiB blocks
  delete env[ENV.capBytes]
  delete env[ENV.probeIntervalMs]
  delete env[ENV.snapshot]
  delete env[ENV.limitBytes]
  if (input.probe) {
    env.PYTHONPATH = env.PYTHONPATH ? `${input.probe.dir}:${env.PYTHONPATH}` : input.probe.dir
    if (input.probe.capBytes !== null) env[ENV.capBytes] = String(input.probe.capBytes)
    env[ENV.probeIntervalMs] = String(Math.round(input.probe.intervalMs))
    env[ENV.snapshot] = input.probe.snapshot ?? 'off'
    if (input.probe.limitBytes != null) env[ENV.limitBytes] = String(input.probe.limitBytes)
  }
  return env
}
