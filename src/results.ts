// results.json: the data every stage reads or writes (contract 3 in docs/design.md).
// Fields of the contract keep their names and meaning; everything else is an optional
// extension so that older files still parse. Unknown values are null, never 0.
import { z } from 'zod'
import { NoteSchema, upgradeNotes } from './notes.js'
import { ReasonCodeSchema } from './reasons.js'

const bytes = z.number().int().nonnegative()
const nullableBytes = bytes.nullable()

export const STATUSES = ['ok', 'at-risk', 'oom', 'failed', 'timeout', 'skipped'] as const
export const StatusSchema = z.enum(STATUSES)
export type Status = z.infer<typeof StatusSchema>

/** What `oom-gate explain --json` prints (contract 4), plus the line that decided it. */
export const OomReportSchema = z.object({
  kind: z.enum(['gpu-oom', 'host-oom', 'not-oom']),
  framework: z.string().nullable(),
  gpuIndex: z.number().int().nonnegative().nullable(),
  triedToAllocateBytes: nullableBytes,
  totalCapacityBytes: nullableBytes,
  freeBytes: nullableBytes,
  allocatedBytes: nullableBytes,
  reservedBytes: nullableBytes,
  /** The log line (or exit-status fact) the classification rests on. */
  evidence: z.string().nullable().default(null),
  /**
   * The message family that matched (src/judge/oom/families.ts: `vllm-kv-cache`,
   * `pytorch-caching-allocator`, `windows-paging-file`, `sigkill`, ...); null when none did. The
   * report names the family in words and the fix its users reach for. Absent in older files.
   */
  family: z.string().nullable().optional(),
  /**
   * What an OOM verdict rests on. `message`: a program or the kernel said memory ran out (a
   * framework's OOM error, `OOMKilled`, `Memory cgroup out of memory: Killed process`, `Out of
   * memory: Killed process`). `kill`: only the shape of a process killed by SIGKILL (`Killed`, exit
   * code 137, `exitcode: -9`, a worker "killed by signal"), with no kernel OOM statement in the log.
   * A SIGKILL of the gate's own run is an OOM only with the kernel's record of it (contract 6), so
   * judges treat `kill` as a claim to check, not a fact. Absent for not-oom and in older files.
   */
  basis: z.enum(['message', 'kill']).optional(),
  /**
   * The run caught this OOM and went on (contract 6, 2026-12-06): a "skipping batch" or "attempting
   * to recover" after it, then exit 0 (or, exit status unknown, no traceback after). The gate judges
   * such a model at-risk, not oom. `false`: it caught the OOM and died anyway. Absent: not caught.
   */
  recovered: z.boolean().optional()
})
export type OomReport = z.infer<typeof OomReportSchema>

/**
 * Which measurement `peakBytes` comes from, best first:
 * nvidia-smi per-process rows of our tree; the device's memory.used minus the pre-run
 * baseline (when per-process rows are unusable); torch reserved plus CUDA context; host RSS;
 * the analytical estimate (no run at all); the trace (contract 7: counted on the CPU, not measured).
 */
export const PeakSourceSchema = z.enum([
  'nvidia-smi',
  'nvidia-smi-device',
  'torch',
  'host',
  'estimate',
  'trace'
])
export type PeakSource = z.infer<typeof PeakSourceSchema>

/** What is broken about the runner (src/measure/nvidiaSmi/runnerHealth.ts decides it). */
export const RUNNER_ERROR_KINDS = [
  'driver-version-mismatch',
  'driver-not-loaded',
  'no-devices',
  'gpu-lost',
  'nvml-unknown-error',
  'nvml-library-missing',
  'hung',
  'nvidia-smi-error'
] as const
export const RunnerErrorKindSchema = z.enum(RUNNER_ERROR_KINDS)
export type RunnerErrorKind = z.infer<typeof RunnerErrorKindSchema>

/**
 * The runner, not the model, is broken: nvidia-smi fails, hangs or lost the GPU (contract 6).
 * message and fix are words for the report; detail is what nvidia-smi said (its exit status and
 * first lines), or null.
 */
export const RunnerErrorSchema = z.object({
  kind: RunnerErrorKindSchema,
  message: z.string(),
  fix: z.string(),
  detail: z.string().nullable()
})
export type RunnerError = z.infer<typeof RunnerErrorSchema>

export const PeaksSchema = z.object({
  nvidiaSmiBytes: nullableBytes,
  torchReservedBytes: nullableBytes,
  torchAllocatedBytes: nullableBytes,
  hostRssBytes: nullableBytes,
  /** Device memory.used minus the baseline taken before the run (fallback attribution). */
  deviceUsedDeltaBytes: nullableBytes.optional(),
  /**
   * How hostRssBytes was measured: the run's own memory cgroup (what the kernel charged it, the
   * number a container limit enforces), the tree's PSS plus /dev/shm growth, or summed RSS.
   */
  hostMethod: z
    .enum(['cgroup-v1', 'cgroup-v1-unreclaimable', 'cgroup-v2', 'cgroup-v2-unreclaimable', 'pss', 'rss'])
    .optional()
})
export type Peaks = z.infer<typeof PeaksSchema>

export const GpuPeakSchema = z.object({
  index: z.number().int().nonnegative(),
  uuid: z.string().nullable(),
  peakBytes: nullableBytes,
  /** Memory other processes held on this GPU before the run: reported, never counted as ours. */
  baselineBytes: nullableBytes
})
export type GpuPeak = z.infer<typeof GpuPeakSchema>

/**
 * PyTorch caching-allocator health of the busiest device (torch.cuda.memory_stats(), sampled by
 * the probe; peaks are maxima over the run, kept across reset_peak_memory_stats). Bytes.
 */
export const AllocatorHealthSchema = z.object({
  /** CUDA device index as the run saw it. */
  device: z.string(),
  torchVersion: z.string().nullable(),
  /** num_alloc_retries: cudaMalloc failed, the allocator freed its cache and retried. */
  numAllocRetries: z.number().int().nonnegative().nullable(),
  /** num_ooms: allocations that raised an out-of-memory error (caught ones too). */
  numOoms: z.number().int().nonnegative().nullable(),
  peakAllocatedBytes: nullableBytes,
  peakActiveBytes: nullableBytes,
  peakReservedBytes: nullableBytes,
  /** inactive_split_bytes.all.peak: free pieces of split blocks that cannot be released. */
  peakInactiveSplitBytes: nullableBytes,
  /**
   * Reserved but not allocated at the peak: from the snapshot at the peak moment where there is
   * one, else peak reserved minus peak active (a lower bound: at the moment reserved peaked,
   * active was at most its own peak).
   */
  reservedUnallocatedBytes: nullableBytes,
  reservedUnallocatedSource: z.enum(['snapshot', 'peaks']).nullable(),
  /** PYTORCH_CUDA_ALLOC_CONF already has expandable_segments:True. */
  expandableSegments: z.boolean()
})
export type AllocatorHealth = z.infer<typeof AllocatorHealthSchema>

export const SNAPSHOT_CATEGORIES = ['parameters', 'gradients', 'optimizer', 'activations', 'other'] as const
export const SnapshotCategorySchema = z.enum(SNAPSHOT_CATEGORIES)
export type SnapshotCategory = z.infer<typeof SnapshotCategorySchema>

export const SnapshotSiteSchema = z.object({
  /** User-code `file:line (function)` that allocated, torch internals skipped. */
  site: z.string(),
  category: SnapshotCategorySchema,
  /** Bytes of the blocks from this site alive at the moment (allocator block sizes). */
  bytes,
  blocks: z.number().int().nonnegative()
})
export type SnapshotSite = z.infer<typeof SnapshotSiteSchema>

/** Where the peak came from: torch.cuda.memory._snapshot() summarised at the peak (or the OOM). */
export const SnapshotSummarySchema = z.object({
  /** Layout of the snapshot: 1.13 (segment list, block history), 2.0 (history + traces), 2.1+ (block frames). */
  format: z.enum(['torch-1.13', 'torch-2.0', 'torch-2.1']),
  device: z.number().int().nonnegative(),
  /** peak: replayed from the trace; oom: just before the failing allocation; snapshot: the state when dumped (no trace). */
  moment: z.enum(['peak', 'oom', 'snapshot']),
  allocatedBytes: bytes,
  reservedBytes: nullableBytes,
  /** The size the failing allocation asked for, at an OOM. */
  oomRequestBytes: nullableBytes,
  traceEvents: z.number().int().nonnegative(),
  /** The replayed maximum reaches the allocated peak torch reported when the snapshot was taken; null: unknown. */
  coversPeak: z.boolean().nullable(),
  categories: z.record(SnapshotCategorySchema, bytes),
  /** Largest first; at most 10. */
  sites: z.array(SnapshotSiteSchema),
  /** Paths relative to the output directory: the pickle for pytorch.org/memory_viz and its JSON twin. */
  files: z.array(z.string()).default([]),
  /** Why the probe dumped it: oom, retries, over-limit, peak (measure.snapshot: always). */
  reason: z.string().nullable().default(null)
})
export type SnapshotSummary = z.infer<typeof SnapshotSummarySchema>

/** A site's bytes alive at the peak, here and in the baseline's snapshot. */
export const SiteGrowthSchema = z.object({
  site: z.string(),
  category: SnapshotCategorySchema,
  baseBytes: bytes,
  headBytes: bytes,
  deltaBytes: z.number().int()
})
export type SiteGrowth = z.infer<typeof SiteGrowthSchema>

export const BaselineCompareSchema = z.object({
  commit: z.string().nullable(),
  peakBytes: nullableBytes,
  deltaBytes: z.number().int().nullable().optional(),
  deltaRatio: z.number().nullable(),
  regressed: z.boolean(),
  /** new: not in the base; removed: in the base only. */
  change: z.enum(['compared', 'new', 'removed', 'noise', 'unknown']).optional(),
  thresholdRatio: z.number().optional(),
  spreadBytes: nullableBytes.optional(),
  /** Allocation sites that grew since the base, largest growth first (both sides had a snapshot). */
  sites: z.array(SiteGrowthSchema).optional(),
  /** Why the base is shown but not compared (measured by another source or on another card). */
  reason: z.string().nullable().optional(),
  /**
   * base-unreadable: history exists but the base could not be read (regression.check.code says
   * why); with regression.unreadable-base: fail the model fails the gate (contract 6).
   */
  reasonCode: z.enum(['base-unreadable']).optional()
})
export type BaselineCompare = z.infer<typeof BaselineCompareSchema>

/**
 * Why a history that exists could not give a base (contract 6, "no comparison, no pass"):
 * api-error: GitHub did not answer or refused (an outage, a rate limit; re-run the job);
 * history-corrupt: history.json on the data branch is not an oom-gate history;
 * branch-vanished: the data branch was deleted or force-pushed while the run read it.
 */
/**
 * base-not-found: history.json has records, but none for the base or its nearest first-parent
 * ancestors (a transient 404 from the commits API, a force-pushed branch, more unrecorded commits
 * than the walk looks back): the history exists, so this is no "no history yet".
 */
export const BASE_UNREADABLE_CODES = [
  'api-error',
  'history-corrupt',
  'branch-vanished',
  'base-not-found',
  /** The action's github-token input is empty: nothing could be read (an empty secret on a fork PR). */
  'no-token'
] as const
export type BaseUnreadableCode = (typeof BASE_UNREADABLE_CODES)[number]

/** The regression check as a whole: compared, nothing to compare with yet, or a base not read. */
export const RegressionCheckSchema = z.object({
  status: z.enum(['compared', 'no-history', 'unreadable']),
  /** Set when status is unreadable. */
  code: z.enum(BASE_UNREADABLE_CODES).nullable(),
  /** regression.unreadable-base: fail (the gate fails) or warn (a note). */
  policy: z.enum(['fail', 'warn']),
  /** Cause and fix in words, for the report. */
  text: z.string().nullable()
})
export type RegressionCheck = z.infer<typeof RegressionCheckSchema>

/**
 * A trace of a model's builder (contract 7) as results.json keeps it: the trace's own peaks in
 * bytes, and the request that produced it (batch, precision, checkpointing, builder arguments).
 */
export const TraceSummarySchema = z.object({
  /** reserved + the CUDA context: what the card would hold; judged against the target. */
  devicePeakBytes: bytes,
  /** What torch.cuda.max_memory_allocated would show. */
  allocatedPeakBytes: bytes,
  reservedPeakBytes: bytes,
  cudaContextBytes: nullableBytes,
  /** The batch traced; null: the builder's own default. */
  batch: z.number().int().positive().nullable(),
  precision: z.string().nullable(),
  /** Activation checkpointing requested of the tracer (`auto` or a module class name). */
  checkpoint: z.string().nullable(),
  args: z.record(z.string(), z.unknown()),
  entry: z.string(),
  peakPhase: z.string().nullable(),
  parameters: z.number().int().nonnegative(),
  /** torch.__version__ that traced. */
  torch: z.string()
})
export type TraceSummary = z.infer<typeof TraceSummarySchema>

/**
 * The largest per-GPU batch whose trace fits the limit, found by an exponential search up and a
 * bisection over traces (src/advise/capacity.ts). `largestBatch` 0: batch 1 does not fit;
 * `smallestFailingBatch` null: every batch up to `maxBatch` fits; `error`: a trace failed.
 */
export const CapacitySchema = z.object({
  largestBatch: z.number().int().nonnegative().nullable(),
  smallestFailingBatch: z.number().int().positive().nullable(),
  /** Device peak of the largest batch that fits, and of the smallest that does not. */
  largestBatchPeakBytes: nullableBytes,
  smallestFailingPeakBytes: nullableBytes,
  limitBytes: bytes,
  maxBatch: z.number().int().positive(),
  /** Traces the search ran (cached ones not counted twice). */
  traces: z.number().int().nonnegative(),
  error: z.string().nullable()
})
export type Capacity = z.infer<typeof CapacitySchema>

export const FixSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    detail: z.string(),
    /** The estimator's peak of the fix; for a fix only traced (basis `trace`), the traced device peak. */
    estimatedPeakBytes: bytes,
    fits: z.boolean(),
    warning: z.string().nullable(),
    /**
     * What holds for the estimate of every fix of this model, said once above them: `scaled` (by
     * measured/estimated) or `not-scaled` (the run may have stopped at the limit). Absent in older
     * files, where it is the end of `detail`.
     */
    caveat: z
      .object({ code: z.enum(['scaled', 'not-scaled']), text: z.string() })
      .nullable()
      .optional(),
    /** What `fits` rests on: `trace` (the fix applied and traced) or `estimate` (absent in older files). */
    basis: z.enum(['estimate', 'trace']).optional(),
    /** The fix applied and traced; null: not traceable (the tracer has no such switch) or the trace failed. */
    traced: TraceSummarySchema.nullable().optional(),
    /** Why the fix has no trace, in one line. */
    traceError: z.string().nullable().optional()
  })
  // Upgrade: fixes written before `basis` existed were all estimates; before `caveat` existed it
  // was said in `detail` (null: none said apart).
  .transform(fix => ({ ...fix, basis: fix.basis ?? ('estimate' as const), caveat: fix.caveat ?? null }))
export type Fix = z.infer<typeof FixSchema>

export const EstimateResultSchema = z.object({
  totalBytes: bytes,
  breakdown: z.record(z.string(), z.number()),
  /** measured / estimated, where the model was measured; estimates of fixes are scaled by it. */
  calibration: z.number().nullable().optional()
})

export const ModelResultSchema = z
  .object({
    name: z.string(),
    status: StatusSchema,
    peakBytes: nullableBytes,
    peakSource: PeakSourceSchema.nullable(),
    peaks: PeaksSchema,
    durationMs: z.number().int().nonnegative().nullable(),
    exitCode: z.number().int().nullable(),
    oom: OomReportSchema.nullable(),
    baseline: BaselineCompareSchema.nullable(),
    // ---- extensions ----
    expect: z.enum(['fit', 'oom']).default('fit'),
    signal: z.string().nullable().optional(),
    /** Why a model was skipped or failed without a verdict of its own ("not measured", "fork PR"). */
    reason: z.string().nullable().optional(),
    /** What `reason` says, as a code (src/reasons.ts): what code and reports branch on. Absent in older files. */
    reasonCode: ReasonCodeSchema.nullable().optional(),
    /** Skipped because running it was refused (fork PR without approval): fails the gate, unlike a filter. */
    refused: z.boolean().optional(),
    /** Facts the reader needs to trust the number: fallbacks, emulation, early stop. */
    notes: z.array(z.string()).default([]),
    /** The notes that have a code, with their text (src/notes.ts); code branches on these, not on notes. */
    findings: z.array(NoteSchema).optional(),
    gpus: z.array(GpuPeakSchema).default([]),
    /** Milliseconds after start when the peak was first reached. */
    peakAtMs: z.number().int().nonnegative().nullable().optional(),
    stoppedEarly: z.boolean().optional(),
    /** Stopped because the gate was interrupted (cancel, SIGHUP): status failed, peaks up to then. */
    interrupted: z.boolean().optional(),
    /** Last lines of output, already redacted. */
    logTail: z.array(z.string()).default([]),
    /** Host and card this model was measured on (matters when matrix jobs are merged). */
    measuredOn: z
      .object({ host: z.string().nullable(), gpuName: z.string().nullable(), runner: z.string().nullable() })
      .nullable()
      .optional(),
    reusedFrom: z.string().nullable().optional(),
    /** Judged from the analytical estimate only (static pre-check), nothing was run. */
    estimated: z.boolean().optional(),
    estimate: EstimateResultSchema.nullable().optional(),
    advice: z.array(FixSchema).nullable().optional(),
    /**
     * The training framework's own peak from the run's output (mmengine's `memory:` on each log
     * line: torch.cuda.max_memory_allocated in MiB), a cross-check of peakBytes; null when no line
     * carried one. src/judge/trainingLogMemory.ts.
     */
    trainingLog: z
      .object({
        peakAllocatedBytes: bytes,
        source: z.enum(['mmengine', 'mmcv']),
        lines: z.number().int().positive()
      })
      .nullable()
      .optional(),
    /** measure.repeat: every repetition's peak and their spread (max - min). */
    repeats: z
      .object({ peaksBytes: z.array(bytes), spreadBytes: bytes })
      .nullable()
      .optional(),
    /** PyTorch caching-allocator health from the probe (null: no probe record with CUDA use). */
    allocator: AllocatorHealthSchema.nullable().optional(),
    /** Where the peak came from, from a memory snapshot (measure.snapshot). */
    snapshot: SnapshotSummarySchema.nullable().optional(),
    /** Not measured because the runner is broken (nvidia-smi failed before or during this run). */
    runnerError: RunnerErrorSchema.nullable().optional(),
    /** The model's builder traced (contract 7) at the config's batch: evidence for a failure, never a pass. */
    trace: TraceSummarySchema.nullable().optional(),
    /** Why the trace failed (exit 2 or 3 of the tracer), in one line. */
    traceError: z.string().nullable().optional(),
    /** trace.devicePeakBytes / peakBytes where both exist (a measured run): drift in either shows. */
    tracedToMeasuredRatio: z.number().nullable().optional(),
    /** The largest batch per GPU that fits the limit, by traces. */
    capacity: CapacitySchema.nullable().optional()
  })
  // Files written before notes had codes get them here, once (src/notes.ts upgradeNotes).
  .transform(upgradeNotes)
export type ModelResult = z.infer<typeof ModelResultSchema>

export const GpuInfoSchema = z.object({
  index: z.number().int().nonnegative(),
  uuid: z.string().nullable(),
  name: z.string().nullable(),
  memoryTotalBytes: nullableBytes,
  memoryUsedBytes: nullableBytes,
  driver: z.string().nullable(),
  /** MIG mode is enabled (mig.mode.current): runs see a slice, not the whole card; null = unknown. */
  mig: z.boolean().nullable().optional(),
  /**
   * What the gate exports in CUDA_VISIBLE_DEVICES for a run on this GPU: its UUID, or the MIG UUID
   * the runner's pin names (position-independent, so the run lands on the card measured).
   */
  cudaId: z.string().nullable().optional()
})
export type GpuInfo = z.infer<typeof GpuInfoSchema>

export const ResultsSchema = z
  .object({
    schemaVersion: z.literal(1),
    gate: z.enum(['pass', 'fail']),
    commit: z.string().nullable(),
    gpu: z.object({ name: z.string().nullable(), memoryBytes: nullableBytes, driver: z.string().nullable() }),
    target: z
      .object({
        memoryBytes: bytes,
        limitBytes: bytes,
        /** True when a bigger runner card was capped to the target's memory. */
        emulated: z.boolean().optional(),
        /** What the limit applies to: GPU memory, or host memory on a machine without a GPU. */
        measures: z.enum(['gpu', 'host']).optional(),
        /**
         * False when the target's size is unknown (gpu.memory: runner, and the runner's card could
         * not be read): memoryBytes and limitBytes are then 0 placeholders, which no reader may take
         * as a size (the two byte fields stay numbers so older readers parse). Absent in older
         * files: known when memoryBytes > 0.
         */
        memoryKnown: z.boolean().optional()
      })
      // Upgrade: before memoryKnown existed a size of 0 was the only way to say unknown.
      .transform(t => ({ ...t, memoryKnown: t.memoryKnown ?? t.memoryBytes > 0 })),
    models: z.array(ModelResultSchema),
    // ---- extensions ----
    mode: z.enum(['measure', 'estimate', 'report']).optional(),
    startedAt: z.string().nullable().optional(),
    finishedAt: z.string().nullable().optional(),
    /** False while a run is in progress or when the gate itself crashed: what is here was measured. */
    complete: z.boolean().optional(),
    gpus: z.array(GpuInfoSchema).default([]),
    runner: z
      .object({
        host: z.string().nullable(),
        name: z.string().nullable(),
        torchVersion: z.string().nullable(),
        sampler: z.string().nullable(),
        /**
         * The runner's own GPU pin (contract 6): the inherited CUDA_VISIBLE_DEVICES value and the
         * nvidia-smi indices it allows (the gate used no other GPU); absent or null when unset.
         */
        pin: z
          .object({
            variable: z.literal('CUDA_VISIBLE_DEVICES'),
            value: z.string(),
            gpus: z.array(z.number().int().nonnegative()),
            /** Entries CUDA stops at and ignores (the first invalid one onwards), or null. */
            ignored: z.string().nullable()
          })
          .nullable()
          .optional()
      })
      // Upgrade: before the pin was recorded none was: null.
      .transform(r => ({ ...r, pin: r.pin ?? null }))
      .nullable()
      .optional(),
    /**
     * The base commit the regression columns compare with, and how many commits back it is from
     * where the search started (`from`: the PR's base, the merge group's base, or the pushed commit).
     */
    comparedWith: z
      .object({
        commit: z.string(),
        distance: z.number().int().nonnegative(),
        from: z.enum(['pull-request-base', 'merge-group-base', 'push-parent']).optional()
      })
      // Upgrade: before `from` existed only a pull request's base was compared with.
      .transform(c => ({ ...c, from: c.from ?? ('pull-request-base' as const) }))
      .nullable()
      .optional(),
    regressionThreshold: z.number().optional(),
    /** The regression check's outcome; absent in older files and where no base was looked for. */
    regression: RegressionCheckSchema.nullable().optional(),
    notes: z.array(z.string()).default([]),
    /** The notes that have a code, with their text (src/notes.ts). */
    findings: z.array(NoteSchema).optional(),
    /** The runner is broken (nvidia-smi failing or hung): models not measured failed with this cause. */
    runnerError: RunnerErrorSchema.nullable().optional()
  })
  .transform(upgradeNotes)
export type Results = z.infer<typeof ResultsSchema>
/** What stages build: defaults (notes, gpus, logTail...) may be left out. */
export type ResultsInput = z.input<typeof ResultsSchema>
export type ModelResultInput = z.input<typeof ModelResultSchema>

// Older files are upgraded where each part is parsed (the `.transform`s above): every field a
// version added gets the value it had implicitly before, so readers (report, judge, store, badges,
// history) see one shape and carry no branch for an older one. An unknown stays null (never 0).

export function parseResults(json: unknown): Results {
  return ResultsSchema.parse(json)
}
