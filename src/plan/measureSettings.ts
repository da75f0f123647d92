// How every model of one gate is measured: the config's `measure:` section resolved once against
// the target card, then handed down unchanged (pipeline -> runModels -> measureAndJudge ->
// measureModel), the way hyperfine passes one options object instead of copying fields. Pure.
import type { Config, ModelConfig } from '../config/schema.js'
import type { ResolvedTarget } from './resolveTarget.js'

/** measure.sampler: which reading judges GPU memory (auto: nvidia-smi with the torch probe). */
export type SamplerChoice = Config['measure']['sampler']

/**
 * How host memory is measured: auto (the run's own memory cgroup where the runner allows, else
 * PSS, else RSS), or pss / rss without a cgroup (tests, benchmarks). The config always says auto.
 */
export type HostMethod = 'auto' | 'pss' | 'rss'

export interface MeasureSettings {
  /** measure.sampler; `host` whenever the target is measured in host memory. */
  sampler: SamplerChoice
  /** measure.interval (ms) between readings. */
  intervalMs: number
  /** measure.timeout (ms): the default run time limit; a model's own `timeout` wins (runTimeoutMs). */
  timeoutMs: number
  /** measure.grace (ms) between SIGTERM and SIGKILL when a run is stopped. */
  graceMs: number
  /** measure.release-timeout (ms): how long the run's GPU memory may take to be released. */
  releaseTimeoutMs: number
  /** measure.settle (ms): end a run once its peak has not grown this long; null: run to the end. */
  settleMs: number | null
  /** measure.min-duration (ms): a run is never stopped early before this. */
  minDurationMs: number
  /** measure.repeat: runs per model; the worst one is kept. */
  repeat: number
  /** measure.snapshot: when the torch probe records a memory snapshot. */
  snapshot: Config['measure']['snapshot']
  /** Cap PyTorch per process to this many bytes (emulating a smaller target card); null: no cap. */
  capBytes: number | null
  /** The target's limit (bytes) the probe calls at risk; null: unknown. */
  limitBytes: number | null
  hostMethod: HostMethod
  /** measure.gpus is set: use the GPUs it names whatever other processes hold on them. */
  explicitGpus: boolean
  /** measure.gpu-idle: memory.used (bytes) under which a GPU with no compute process counts as idle. */
  gpuIdleBytes: number
  /** measure.gpu-wait (ms): how long to wait for a busy or leased GPU, before each model. */
  gpuWaitMs: number
}

/** The settings of one gate: `measure` from the config (schema.ts), the target from resolveTarget. */
export function resolveMeasureSettings(
  measure: Config['measure'],
  target: Pick<ResolvedTarget, 'measures' | 'capBytes' | 'limitBytes'>
): MeasureSettings {
  return {
    sampler: target.measures === 'host' ? 'host' : measure.sampler,
    intervalMs: measure.intervalMs,
    timeoutMs: measure.timeoutMs,
    graceMs: measure.graceMs,
    releaseTimeoutMs: measure.releaseTimeoutMs,
    settleMs: measure.settleMs,
    minDurationMs: measure.minDurationMs,
    repeat: measure.repeat,
    snapshot: measure.snapshot,
    capBytes: target.capBytes,
    limitBytes: target.limitBytes,
    hostMethod: 'auto',
    explicitGpus: measure.gpus !== null,
    gpuIdleBytes: measure.gpuIdleBytes,
    gpuWaitMs: measure.gpuWaitMs
  }
}

/** A model's run time limit (ms): its own `timeout`, else measure.timeout. The one per-model override. */
export function runTimeoutMs(settings: Pick<MeasureSettings, 'timeoutMs'>, model: ModelConfig): number {
  return model.timeoutMs ?? settings.timeoutMs
}
