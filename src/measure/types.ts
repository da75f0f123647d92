// What the measure edge is asked to do: run one model (what it measured is src/measurement.ts).
import type { ModelConfig } from '../config/schema.js'
import type { LineBlock, OutputSink } from './process/runCommand.js'
import type { GpuInfo } from '../results.js'
import type { ProgressSample } from '../measurement.js'

export type SamplerChoice = 'auto' | 'nvidia-smi' | 'torch' | 'host'

export interface RunRequest {
  model: ModelConfig
  /** GPUs given to this run; empty on a machine without GPUs. */
  gpus: GpuInfo[]
  /** OOM_GATE_RESULT_DIR: the probe writes here; created by the runner. */
  resultDir: string
  /** The model's cwd is resolved against this. */
  repoRoot: string
  /** Base environment for the smoke command, already scrubbed of secrets. */
  env: NodeJS.ProcessEnv
  sampler: SamplerChoice
  intervalMs: number
  timeoutMs: number
  graceMs: number
  releaseTimeoutMs: number
  /** Cap PyTorch per process to this many bytes (emulating a smaller target card); null = no cap. */
  capBytes: number | null
  /** measure.snapshot for the probe (default off), and the limit it calls at risk (null: unknown). */
  snapshot?: 'off' | 'on-failure' | 'always'
  limitBytes?: number | null
  /** Early stop: end the run once its peak has not grown for settleMs after minDurationMs. */
  settleMs: number | null
  minDurationMs: number
  /** Aborted when the gate itself is interrupted: the tree is stopped, what was measured is kept. */
  abort?: AbortSignal
  /** Aborted on a second interrupt: no grace any more, the tree is SIGKILLed at once. */
  hurry?: AbortSignal
  /**
   * How to measure host memory: auto (the run's own memory cgroup where the runner allows, else
   * PSS, else RSS), or pss / rss without a cgroup (tests, benchmarks). Default auto.
   */
  hostMethod?: 'auto' | 'pss' | 'rss'
  /** Back-pressure on the command's output (default process.stdout); null: none. */
  sink?: OutputSink | null
  onLine?: (line: string) => void
  /** The output a block of lines at a time (the lines one chunk completed): cheaper than onLine. */
  onLines?: (block: LineBlock) => void
  onProgress?: (sample: ProgressSample) => void
}
