// The config file (contract 1 in docs/design.md). Keys are kebab-case as users write them;
// `normalizeConfig` turns the parsed file into the camelCase `Config` the pipeline uses.
import { z } from 'zod'
import { DIMS_KEYS, ESTIMATE_KEYS, EstimateSpecSchema } from './estimateSpec.js'
import { shown } from './issueText.js'
import {
  normalizeTraceSpec,
  TRACE_KEYS,
  TRACE_VARIANT_KEYS,
  TraceSpecSchema,
  type TraceSpec
} from './traceSpec.js'
import { formatBytes, parseDuration, parsePercent, parseSize } from './units.js'

/** Allowed range of a duration, inclusive, in ms, with how to write the bounds. */
interface DurationRange {
  minMs: number
  maxMs: number
  words: string
}

/**
 * Longest delay a Node timer holds (2^31 - 1 ms, about 24.8 days): a longer one fires after 1 ms
 * with a TimeoutOverflowWarning, so every duration's range stays below it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

/** Every duration key of the file and its range; a test checks each stays within MAX_TIMER_MS. */
export const DURATION_RANGES = {
  /** Sampling faster than 10 ms costs more than it measures; slower than a minute misses whole runs. */
  interval: { minMs: 10, maxMs: 60_000, words: '10ms to 60s' },
  /** A run must be allowed to run at all; three days is past any CI job's own limit. */
  timeout: { minMs: 1000, maxMs: 72 * 3_600_000, words: '1s to 72h' },
  /** SIGTERM to SIGKILL: 0s kills at once; a trainer that needs an hour to stop is stuck. */
  grace: { minMs: 0, maxMs: 3_600_000, words: '0s to 1h' },
  'release-timeout': { minMs: 0, maxMs: 3_600_000, words: '0s to 1h' },
  settle: { minMs: 1, maxMs: 72 * 3_600_000, words: 'more than 0s, up to 72h' },
  'min-duration': { minMs: 0, maxMs: 72 * 3_600_000, words: '0s to 72h' },
  'gpu-wait': { minMs: 0, maxMs: 24 * 3_600_000, words: '0s to 24h' }
} as const satisfies Record<string, DurationRange>

/**
 * A config value of any YAML type, turned into `T` by `parse` (undefined: not valid). The field
 * takes any input so a value of the wrong type (`[1, 2]`, `true`, `null`) gets the same message,
 * with its fix, as a malformed string: `${value} ${problem}`.
 */
function valueField<T>(parse: (value: unknown) => T | undefined, problem: string) {
  return z.unknown().transform((value, ctx): T => {
    const parsed = parse(value)
    if (parsed !== undefined) return parsed
    ctx.addIssue({ code: 'custom', message: `${shown(value)} ${problem}` })
    return z.NEVER
  })
}

function durationField(example: string, range: DurationRange) {
  return z.unknown().transform((value, ctx) => {
    const parsed = parseDuration(value)
    if (parsed.ok && (parsed.value < range.minMs || parsed.value > range.maxMs)) {
      ctx.addIssue({
        code: 'custom',
        message: `${shown(value)} is out of range; allowed: ${range.words} (e.g. ${example})`
      })
      return z.NEVER
    }
    if (parsed.ok) return parsed.value
    const hint = typeof value === 'number' ? ` (a bare number has no unit: ${value}s?)` : ''
    ctx.addIssue({
      code: 'custom',
      message: `${shown(value)} is not a duration${hint}; write ${example} (ms, s, m or h)`
    })
    return z.NEVER
  })
}

const ok = <T>(result: { ok: true; value: T } | { ok: false }): T | undefined =>
  result.ok ? result.value : undefined

function percentField(example: string) {
  return valueField(v => ok(parsePercent(v)), `is not a percentage; write ${example}`)
}

/** A share of the card (`3%`) or an absolute amount (`2GiB`); a share below 100%. */
const headroomField = valueField(value => {
  const percent = parsePercent(value)
  if (percent.ok && percent.value < 1) return { ratio: percent.value, bytes: null }
  if (percent.ok) return undefined
  const size = parseSize(value)
  return size.ok ? { ratio: null, bytes: size.value } : undefined
}, 'is neither a percentage below 100% nor a size; write 3% or 2GiB')

const memoryField = valueField((value): number | 'runner' | undefined => {
  if (value === 'runner') return 'runner'
  const parsed = parseSize(value)
  return parsed.ok && parsed.value > 0 ? parsed.value : undefined
}, "is not a size; write 80GiB, a number of bytes, or runner (the runner's own card)")

/** A size of memory that may be 0 (`1GiB`, `0`). */
function sizeField(example: string) {
  return valueField(v => ok(parseSize(v)), `is not a size; write ${example}`)
}

const envValue = valueField(
  v => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined),
  'is not a value for an environment variable; write text, a number or true/false, e.g. PATCH_SIZE: "16"'
)

/** measure.gpus holds indices; UUIDs belong in the runner's pin (README: "Shared GPU machines"). */
function gpuIndexError(issue: { input?: unknown }): string {
  const uuid = typeof issue.input === 'string' && /^(GPU|MIG)-/i.test(issue.input)
  return uuid
    ? `${JSON.stringify(issue.input)} is a GPU UUID; measure.gpus takes indices as nvidia-smi numbers them (e.g. [0, 1]); to pin a runner by UUID set CUDA_VISIBLE_DEVICES in its environment`
    : `${JSON.stringify(issue.input ?? null)} is not a GPU index; write indices as nvidia-smi numbers them, e.g. [0, 1]`
}

export const GpuSectionSchema = z
  .object({
    memory: memoryField.prefault('runner'),
    headroom: headroomField.prefault('3%')
  })
  .strict()

export const MeasureSectionSchema = z
  .object({
    sampler: z.enum(['auto', 'nvidia-smi', 'torch', 'host']).default('auto'),
    interval: durationField('100ms', DURATION_RANGES.interval).prefault('100ms'),
    timeout: durationField('20m', DURATION_RANGES.timeout).prefault('20m'),
    /** Between SIGTERM and SIGKILL when a run is stopped. */
    grace: durationField('10s', DURATION_RANGES.grace).prefault('10s'),
    /** How long to wait for a stopped run's GPU memory to be released. */
    'release-timeout': durationField('60s', DURATION_RANGES['release-timeout']).prefault('60s'),
    /** GPU indices this runner may use (default: all it has). */
    gpus: z
      .array(
        z.number({ error: gpuIndexError }).int({ error: gpuIndexError }).nonnegative({ error: gpuIndexError })
      )
      .min(1, {
        error: 'is empty; list GPU indices, e.g. [0, 1], or leave measure.gpus out for all the runner may use'
      })
      .optional(),
    /** End a run once its peak has not grown for this long (early stop). */
    settle: durationField('60s', DURATION_RANGES.settle).optional(),
    'min-duration': durationField('2m', DURATION_RANGES['min-duration']).prefault('0s'),
    /** Measure each model this many times and record the spread. */
    repeat: z.number().int().min(1).max(20).default(1),
    /** torch memory snapshot: record allocation history, dump on OOM/at-risk (or at the peak: always). */
    snapshot: z.enum(['off', 'on-failure', 'always']).default('on-failure'),
    /**
     * memory.used under which a GPU with no compute process counts as idle: a desktop's display
     * (graphics processes are not compute apps) or driver-reserved memory stays below it.
     */
    'gpu-idle': sizeField('1GiB').prefault('1GiB'),
    /** How long to wait, before each model, for a GPU another job holds to become free. */
    'gpu-wait': durationField('2m', DURATION_RANGES['gpu-wait']).prefault('2m')
  })
  .strict()

export const RegressionSectionSchema = z
  .object({
    threshold: percentField('5%').prefault('5%'),
    /** History exists but the base cannot be read: fail the check (contract 6) or only warn. */
    'unreadable-base': z.enum(['fail', 'warn']).default('fail')
  })
  .strict()

export const HistorySectionSchema = z
  .object({
    branch: z.string().min(1).default('oom-gate-data'),
    /** Pushes to these branches write history (default: the repository's default branch). */
    branches: z.array(z.string().min(1)).optional(),
    limit: z.number().int().min(1).default(500),
    alert: z.enum(['commit-comment', 'issue', 'none']).default('commit-comment'),
    mention: z
      .array(z.string().regex(/^@?[A-Za-z0-9-/]+$/, 'a GitHub user or team, e.g. @octocat'))
      .default([]),
    /** Write into an existing branch that has no oom-gate marker (e.g. one you made by hand). */
    'adopt-branch': z.boolean().default(false)
  })
  .strict()

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

export const ModelEntrySchema = z
  .object({
    name: z
      .string()
      .regex(
        MODEL_NAME,
        'start with a letter or digit, then use letters, digits, ".", "_" and "-" (it names files and badges)'
      ),
    run: z
      .string()
      .trim()
      .min(
        1,
        'is empty; write the shell command that runs the smoke fine-tune (nothing run is nothing measured)'
      ),
    cwd: z.string().optional(),
    env: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not a valid environment variable name'), envValue)
      .optional(),
    gpus: z.number().int().min(1).default(1),
    expect: z.enum(['fit', 'oom']).default('fit'),
    timeout: durationField('20m', DURATION_RANGES.timeout).optional(),
    /** Globs of the files this model depends on; unchanged paths let a PR reuse the base's result. */
    paths: z.array(z.string().min(1)).optional(),
    'regression-threshold': percentField('5%').optional(),
    estimate: EstimateSpecSchema.optional(),
    /** The builder `oom-gate trace` runs for this model (contract 7): src/config/traceSpec.ts. */
    trace: TraceSpecSchema.optional()
  })
  .strict()

const ConfigObjectSchema = z
  .object({
    gpu: GpuSectionSchema.prefault({}),
    measure: MeasureSectionSchema.prefault({}),
    regression: RegressionSectionSchema.prefault({}),
    history: HistorySectionSchema.prefault({}),
    models: z.array(ModelEntrySchema).min(1, 'list at least one model to measure')
  })
  .strict()

export const ConfigFileSchema = ConfigObjectSchema.superRefine((file, ctx) => {
  const { memory, headroom } = file.gpu
  if (typeof memory === 'number' && headroom.bytes !== null && headroom.bytes >= memory) {
    ctx.addIssue({
      code: 'custom',
      path: ['gpu', 'headroom'],
      message: `${formatBytes(headroom.bytes)} is not less than gpu.memory (${formatBytes(memory)}), so nothing would fit; write a headroom below the card's memory, e.g. 3% or 2GiB`
    })
  }
  const seen = new Map<string, number>()
  file.models.forEach((model, i) => {
    const first = seen.get(model.name)
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['models', i, 'name'],
        message: `"${model.name}" is already the name of models[${first}]; names must be unique`
      })
    } else seen.set(model.name, i)
  })
})

/** Known keys per object path, for "did you mean" hints. `*` stands for an array index. */
export const KNOWN_KEYS: Record<string, string[]> = {
  '': Object.keys(ConfigObjectSchema.shape),
  gpu: Object.keys(GpuSectionSchema.shape),
  measure: Object.keys(MeasureSectionSchema.shape),
  regression: Object.keys(RegressionSectionSchema.shape),
  history: Object.keys(HistorySectionSchema.shape),
  'models.*': Object.keys(ModelEntrySchema.shape),
  'models.*.estimate': [...ESTIMATE_KEYS],
  'models.*.estimate.dims': [...DIMS_KEYS],
  'models.*.trace': [...TRACE_KEYS],
  'models.*.trace.variants.*': [...TRACE_VARIANT_KEYS]
}

export type ConfigFile = z.output<typeof ConfigFileSchema>
type ModelEntry = z.output<typeof ModelEntrySchema>

export interface ModelConfig {
  name: string
  run: string
  cwd: string | null
  env: Record<string, string>
  gpus: number
  expect: 'fit' | 'oom'
  timeoutMs: number | null
  paths: string[] | null
  regressionThreshold: number | null
  estimate: NonNullable<ModelEntry['estimate']> | null
  /** The builder to trace (contract 7), null without a `trace:` block. */
  trace: TraceSpec | null
  /** 1-based line of the entry in the config file, for annotations. */
  line: number | null
}

export interface Config {
  /** Path of the file as the user named it (relative to the repository root where possible). */
  path: string
  gpu: { memory: number | 'runner'; headroom: { ratio: number | null; bytes: number | null } }
  measure: {
    sampler: 'auto' | 'nvidia-smi' | 'torch' | 'host'
    intervalMs: number
    timeoutMs: number
    graceMs: number
    releaseTimeoutMs: number
    gpus: number[] | null
    settleMs: number | null
    minDurationMs: number
    repeat: number
    snapshot: 'off' | 'on-failure' | 'always'
    gpuIdleBytes: number
    gpuWaitMs: number
  }
  regression: { threshold: number; unreadableBase: 'fail' | 'warn' }
  history: {
    branch: string
    branches: string[] | null
    limit: number
    alert: 'commit-comment' | 'issue' | 'none'
    mention: string[]
    adoptBranch: boolean
  }
  models: ModelConfig[]
}

export function normalizeConfig(file: ConfigFile, path: string, lines: (number | null)[]): Config {
  return {
    path,
    gpu: file.gpu,
    measure: {
      sampler: file.measure.sampler,
      intervalMs: file.measure.interval,
      timeoutMs: file.measure.timeout,
      graceMs: file.measure.grace,
      releaseTimeoutMs: file.measure['release-timeout'],
      gpus: file.measure.gpus ?? null,
      settleMs: file.measure.settle ?? null,
      minDurationMs: file.measure['min-duration'],
      repeat: file.measure.repeat,
      snapshot: file.measure.snapshot,
      gpuIdleBytes: file.measure['gpu-idle'],
      gpuWaitMs: file.measure['gpu-wait']
    },
    regression: { threshold: file.regression.threshold, unreadableBase: file.regression['unreadable-base'] },
    history: {
      branch: file.history.branch,
      branches: file.history.branches ?? null,
      limit: file.history.limit,
      alert: file.history.alert,
      mention: file.history.mention,
      adoptBranch: file.history['adopt-branch']
    },
    models: file.models.map((m, i) => ({
      name: m.name,
      run: m.run,
      cwd: m.cwd ?? null,
      env: m.env ?? {},
      gpus: m.gpus,
      expect: m.expect,
      timeoutMs: m.timeout ?? null,
      paths: m.paths ?? null,
      regressionThreshold: m['regression-threshold'] ?? null,
      estimate: m.estimate ?? null,
      trace: m.trace ? normalizeTraceSpec(m.trace) : null,
      line: lines[i] ?? null
    }))
  }
}

/** Bytes above which a finished run is at risk: memory minus headroom. */
export function limitBytes(memoryBytes: number, headroom: Config['gpu']['headroom']): number {
  const reserve = headroom.bytes ?? Math.round(memoryBytes * (headroom.ratio ?? 0))
  return Math.max(0, memoryBytes - reserve)
}
