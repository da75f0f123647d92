// results.json: the data every stage reads or writes (contract 3 in DESIGN.md).
// Fields of the contract keep their names and meaning; everything else is an optional
// extension so that older files still parse. Unknown values are null, never 0.
import { z } from 'zod'

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
  evidence: z.string().nullable().default(null)
})
export type OomReport = z.infer<typeof OomReportSchema>

/**
 * Which measurement `peakBytes` comes from, best first:
 * nvidia-smi per-process rows of our tree; the device's memory.used minus the pre-run
 * baseline (when per-process rows are unusable); torch reserved plus CUDA context; host RSS;
 * the analytical estimate (no run at all).
 */
export const PeakSourceSchema = z.enum(['nvidia-smi', 'nvidia-smi-device', 'torch', 'host', 'estimate'])
export type PeakSource = z.infer<typeof PeakSourceSchema>

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
  hostMethod: z.enum(['cgroup-v1', 'cgroup-v2', 'pss', 'rss']).optional()
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

export const BaselineCompareSchema = z.object({
  commit: z.string().nullable(),
  peakBytes: nullableBytes,
  deltaBytes: z.number().int().nullable().optional(),
  deltaRatio: z.number().nullable(),
  regressed: z.boolean(),
  /** new: not in the base; removed: in the base only. */
  change: z.enum(['compared', 'new', 'removed', 'noise', 'unknown']).optional(),
  thresholdRatio: z.number().optional(),
  spreadBytes: nullableBytes.optional()
})
export type BaselineCompare = z.infer<typeof BaselineCompareSchema>

export const FixSchema = z.object({
  id: z.string(),
  title: z.string(),
  detail: z.string(),
  estimatedPeakBytes: bytes,
  fits: z.boolean(),
  warning: z.string().nullable()
})
export type Fix = z.infer<typeof FixSchema>

export const EstimateResultSchema = z.object({
  totalBytes: bytes,
  breakdown: z.record(z.string(), z.number()),
  /** measured / estimated, where the model was measured; estimates of fixes are scaled by it. */
  calibration: z.number().nullable().optional()
})

export const ModelResultSchema = z.object({
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
  /** Skipped because running it was refused (fork PR without approval): fails the gate, unlike a filter. */
  refused: z.boolean().optional(),
  /** Facts the reader needs to trust the number: fallbacks, emulation, early stop. */
  notes: z.array(z.string()).default([]),
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
  /** measure.repeat: every repetition's peak and their spread (max - min). */
  repeats: z
    .object({ peaksBytes: z.array(bytes), spreadBytes: bytes })
    .nullable()
    .optional()
})
export type ModelResult = z.infer<typeof ModelResultSchema>

export const GpuInfoSchema = z.object({
  index: z.number().int().nonnegative(),
  uuid: z.string().nullable(),
  name: z.string().nullable(),
  memoryTotalBytes: nullableBytes,
  memoryUsedBytes: nullableBytes,
  driver: z.string().nullable()
})
export type GpuInfo = z.infer<typeof GpuInfoSchema>

export const ResultsSchema = z.object({
  schemaVersion: z.literal(1),
  gate: z.enum(['pass', 'fail']),
  commit: z.string().nullable(),
  gpu: z.object({ name: z.string().nullable(), memoryBytes: nullableBytes, driver: z.string().nullable() }),
  target: z.object({
    memoryBytes: bytes,
    limitBytes: bytes,
    /** True when a bigger runner card was capped to the target's memory. */
    emulated: z.boolean().optional(),
    /** What the limit applies to: GPU memory, or host memory on a machine without a GPU. */
    measures: z.enum(['gpu', 'host']).optional()
  }),
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
      sampler: z.string().nullable()
    })
    .nullable()
    .optional(),
  /** The base commit the regression columns compare with, and how many commits back it is. */
  comparedWith: z
    .object({ commit: z.string(), distance: z.number().int().nonnegative() })
    .nullable()
    .optional(),
  regressionThreshold: z.number().optional(),
  notes: z.array(z.string()).default([])
})
export type Results = z.infer<typeof ResultsSchema>
/** What stages build: defaults (notes, gpus, logTail...) may be left out. */
export type ResultsInput = z.input<typeof ResultsSchema>
export type ModelResultInput = z.input<typeof ModelResultSchema>

export function parseResults(json: unknown): Results {
  return ResultsSchema.parse(json)
}
