// What the measure edge is asked to do: run one model (what it measured is src/measurement.ts).
// How it is measured is the gate's one MeasureSettings (plan/measureSettings.ts), carried unchanged;
// the request itself holds only what differs per run.
import type { ModelConfig } from '../config/schema.js'
import type { LineBlock, OutputSink } from './process/runCommand.js'
import type { GpuInfo } from '../results.js'
import type { ProgressSample } from '../measurement.js'
import type { MeasureSettings } from '../plan/measureSettings.js'

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
  /** How every run of the gate is measured (measure.* and the target), resolved once. */
  settings: MeasureSettings
  /** Aborted when the gate itself is interrupted: the tree is stopped, what was measured is kept. */
  abort?: AbortSignal
  /** Aborted on a second interrupt: no grace any more, the tree is SIGKILLed at once. */
  hurry?: AbortSignal
  /** Back-pressure on the command's output (default process.stdout); null: none. */
  sink?: OutputSink | null
  onLine?: (line: string) => void
  /** The output a block of lines at a time (the lines one chunk completed): cheaper than onLine. */
  onLines?: (block: LineBlock) => void
  /** What a line's text becomes before anything cuts it (the caller's redaction; runCommand.ts). */
  redact?: (text: string) => string
  onProgress?: (sample: ProgressSample) => void
}
