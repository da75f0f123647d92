// What a run measured, before any verdict: the hand-off from the measure edge to the pure judge
// (docs/design.md, layout). It lives beside results.ts, not in measure/, because judge and the
// pipeline read it and must not depend on the measuring edge; measure/ produces it.
import type { GpuInfo, GpuPeak, Peaks, RunnerError, SnapshotSummary } from './results.js'
import type { Note } from './notes.js'

/** How host memory (peaks.hostRssBytes) was measured: results.json's `peaks.hostMethod`. */
export type HostMethod = NonNullable<Peaks['hostMethod']>

/** A live reading of a run while it runs (progress lines, the peak so far at an interrupt). */
export interface ProgressSample {
  elapsedMs: number
  /** Current and peak memory of the run, from the best source available so far. */
  currentBytes: number | null
  peakBytes: number | null
  source: 'nvidia-smi' | 'nvidia-smi-device' | 'host'
}

/** One process's torch probe record (OOM_GATE_RESULT_DIR/probe/<pid>.json). */
export interface ProbeRecord {
  pid: number
  torchVersion: string | null
  /** torch.cuda.is_available() as the process saw it; absent from older probes, null when it raised. */
  cudaAvailable?: boolean | null
  /** torch.version.cuda: the CUDA the build was made for, null for a CPU build of PyTorch. */
  cudaBuild?: string | null
  /** Per CUDA device index as the process saw it (after CUDA_VISIBLE_DEVICES). */
  devices: Record<
    string,
    {
      maxAllocatedBytes: number | null
      maxReservedBytes: number | null
      totalBytes: number | null
      /** Device memory in use beyond torch's reserved pool when first measured: context + workspaces + others. */
      usedBeyondReservedBytes: number | null
      /** torch.cuda.memory_stats() maxima over the run; absent from older probes, null where torch lacks the key. */
      numAllocRetries?: number | null
      numOoms?: number | null
      maxActiveBytes?: number | null
      maxInactiveSplitBytes?: number | null
    }
  >
  capFraction: number | null
  exception: string | null
  final: boolean
  /** PYTORCH_CUDA_ALLOC_CONF as the process saw it. */
  allocConf?: string | null
  /** The _record_memory_history form the probe used ('1.13', '2.0', '2.1'); null: not recording. */
  memoryHistory?: string | null
  /** The latest memory snapshot the process dumped (paths relative to the result directory). */
  snapshot?: ProbeSnapshotRef | null
  /** The process's working directory (the probe writes it; snapshot file names are shown relative to it). */
  cwd?: string | null
  /** Set after measuring, not by the probe: the snapshot JSON summarised at its peak, or why it could not be. */
  snapshotSummary?: SnapshotSummary | null
  snapshotProblem?: string | null
}

export interface ProbeSnapshotRef {
  pickle: string
  json: string
  /** oom | retries | over-limit | peak */
  reason: string
  historyApi: string | null
  /** torch's allocated_bytes.all.peak when dumped: the replay must reach it to cover the peak. */
  peakAllocatedBytes: number | null
}

export interface Measurement {
  name: string
  exitCode: number | null
  /** Signal that ended the shell, e.g. SIGKILL. */
  signal: string | null
  durationMs: number
  timedOut: boolean
  /** The gate was interrupted (SIGINT/SIGTERM) and stopped the run. */
  interrupted: boolean
  /** Ended by early stop after its peak settled. */
  stoppedEarly: boolean
  /** The timeout the run was held to, ms (not counting the grace to stop it). */
  timeoutMs: number
  /** How host memory (peaks.hostRssBytes) was measured. */
  hostMethod: HostMethod
  /**
   * The kernel's record of OOM kills during the run: the count (0: none), or null when no record
   * could be read. `kernelOomSource` says whose: the run's cgroup, or the machine's /proc/vmstat.
   */
  kernelOomKills: number | null
  kernelOomSource: 'cgroup' | 'kmsg' | 'vmstat' | null
  /** When the peak was first reached, ms after start. */
  peakAtMs: number | null
  peaks: Peaks
  /** Per GPU given to the run: its peak (ours only) and the memory others held before it started. */
  gpus: GpuPeak[]
  /** Last 200 lines of combined stdout/stderr, unredacted (the pipeline redacts). */
  logTail: string[]
  probes: ProbeRecord[]
  /** Facts the report must state: fallbacks, PIDs that matched nothing, release timeouts. */
  notes: string[]
  /** Coded notes (src/notes.ts) among those facts; their texts are in `notes` too. */
  findings?: Note[]
  /** The command could not be started at all (missing cwd, no bash). */
  spawnError: string | null
  /**
   * nvidia-smi failed or hung before or during the run: the runner is broken and this run's GPU
   * memory is not known (contract 6). Absent or null when nvidia-smi was fine or not used.
   */
  runnerError?: RunnerError | null
  /**
   * Which GPU samplers the run was given (src/measure/samplerPlan.ts): nvidia-smi loops and the
   * torch probe. Says, when no GPU reading came, which sources were asked. Absent: not recorded.
   */
  samplers?: { nvidiaSmi: boolean; probe: boolean }
}

/** What nvidia-smi said about the runner's GPUs before planning (measure/ reads it, plan/ decides on it). */
export interface GpuDiscovery {
  gpus: GpuInfo[]
  driver: string | null
  notes: Note[]
  /** No nvidia-smi on this runner. */
  absent: boolean
  /** nvidia-smi is there but broken; null when it answered. */
  runnerError: RunnerError | null
}
