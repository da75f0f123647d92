// Which memory this runner can judge, from what GPU discovery found (contract 6, fail closed):
// - nvidia-smi answered: GPU memory, as configured;
// - no nvidia-smi at all: host memory, but only with `measure.sampler: auto` (or host), and the
//   report says so; a config that asks for GPU memory (sampler nvidia-smi or torch, measure.gpus,
//   a model with gpus > 1) is a config error with one line saying how to switch;
// - nvidia-smi present but failing or hung: the runner is broken; nothing is measured and every
//   model fails with the cause and its fix.
// Pure: discovery is done by the caller.
import { UsageError } from '../config/load.js'
import { limitBytes, type Config, type ModelConfig } from '../config/schema.js'
import type { GpuDiscovery } from '../measurement.js'
import { note, type Note } from '../notes.js'
import type { RunnerError } from '../results.js'
import type { ResolvedTarget } from './resolveTarget.js'

export interface RunnerCheck {
  /** nvidia-smi is present and broken: measure nothing. */
  runnerError: RunnerError | null
  notes: Note[]
}

// How host memory is measured (cgroup, PSS or RSS) is decided per run: the report's Runner line and
// each model's "Measured by" name it (peaks.hostMethod), so this plan-time note does not.
export const HOST_JUDGED_NOTE =
  'no nvidia-smi on this runner: host memory of each run was judged, not GPU memory'

/**
 * Throws UsageError when the config asks for GPU memory on a runner without nvidia-smi: sampler
 * nvidia-smi or torch, measure.gpus, or a model (of `models`, default all) that needs several GPUs.
 */
export function checkRunner(
  config: Config,
  discovery: GpuDiscovery | null,
  models: readonly ModelConfig[] = config.models
): RunnerCheck {
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
  // A run that needs several GPUs (torchrun, FSDP) measured on the host would pass on no evidence.
  const wide = models
    .filter(m => m.gpus > 1)
    .map(m => {
      const i = config.models.indexOf(m)
      return `${config.path}: models[${i}].gpus: ${m.name} needs ${m.gpus} GPUs, and this runner has no nvidia-smi (no NVIDIA GPU or driver); run on a GPU runner, or set gpus: 1 to judge its host memory instead`
    })
  if (wide.length > 0) throw new UsageError(wide)
  return { runnerError: null, notes: [note('host-judged', HOST_JUDGED_NOTE)] }
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
    memoryKnown: config.gpu.memory !== 'runner',
    notes:
      config.gpu.memory === 'runner'
        ? [
            note(
              'target-size-unknown',
              'gpu.memory: runner, and the runner’s card could not be read: the target’s size is unknown'
            )
          ]
        : []
  }
}
