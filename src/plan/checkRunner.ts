// Which memory this runner can judge, from what GPU discovery found (contract 6, fail closed):
// - nvidia-smi answered: GPU memory, as configured;
// - no nvidia-smi at all: host memory, but only with `measure.sampler: auto` (or host), and the
//   report says so; a config that asks for GPU memory (sampler nvidia-smi or torch, measure.gpus)
//   is a config error with one line saying how to switch;
// - nvidia-smi present but failing or hung: the runner is broken; nothing is measured and every
//   model fails with the cause and its fix.
// Pure: discovery is done by the caller.
import { UsageError } from '../config/load.js'
import { limitBytes, type Config } from '../config/schema.js'
import type { GpuDiscovery } from '../measure/discoverGpus.js'
import type { RunnerError } from '../results.js'
import type { ResolvedTarget } from './resolveTarget.js'

export interface RunnerCheck {
  /** nvidia-smi is present and broken: measure nothing. */
  runnerError: RunnerError | null
  notes: string[]
}

export const HOST_JUDGED_NOTE =
  'no nvidia-smi on this runner: host memory (the RSS of each run’s process tree) was judged, not GPU memory'

/** Throws UsageError when the config asks for GPU memory on a runner without nvidia-smi. */
export function checkRunner(config: Config, discovery: GpuDiscovery | null): RunnerCheck {
  if (discovery === null) return { runnerError: null, notes: [] }
  if (discovery.runnerError) return { runnerError: discovery.runnerError, notes: [] }
  if (!discovery.absent) return { runnerError: null, notes: [] }
  const switchTo = 'to judge host memory instead, set measure.sampler: host'
  if (config.measure.sampler === 'nvidia-smi' || config.measure.sampler === 'torch') {
    throw new UsageError([
      `${config.path}: measure.sampler: ${config.measure.sampler} measures GPU memory, and this runner has no nvidia-smi (no NVIDIA GPU or driver); run on a GPU runner, or ${switchTo}`
    ])
  }
  if (config.measure.gpus !== null) {
    throw new UsageError([
      `${config.path}: measure.gpus asks for GPUs ${config.measure.gpus.join(', ')}, and this runner has no nvidia-smi (no NVIDIA GPU or driver); run on a GPU runner, or remove measure.gpus and ${switchTo}`
    ])
  }
  return { runnerError: null, notes: [HOST_JUDGED_NOTE] }
}

/**
 * The target when the runner is broken: the configured card; with `gpu.memory: runner` its size is
 * unknown, which the contract's required number can only carry as 0, said in a note.
 */
export function brokenRunnerTarget(config: Config): ResolvedTarget {
  const memory = config.gpu.memory === 'runner' ? 0 : config.gpu.memory
  return {
    memoryBytes: memory,
    limitBytes: limitBytes(memory, config.gpu.headroom),
    measures: 'gpu',
    capBytes: null,
    emulated: false,
    notes:
      config.gpu.memory === 'runner'
        ? ['gpu.memory: runner, and the runner’s card could not be read: the target’s size is unknown']
        : []
  }
}
