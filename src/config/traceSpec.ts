// The `trace:` block of a model (contract 7's last line): which builder `oom-gate trace` runs for
// it, at which batch, with which arguments. The gate traces it in the pre-check (mode: estimate),
// re-traces the ranked fixes, searches the largest batch that fits, and puts the trace next to the
// measurement after a GPU run. Pure: whether FILE exists is checked by `missingTraceFiles` with a
// predicate the loader hands it.
import { z } from 'zod'
import { shown } from './issueText.js'
import { parseSize } from './units.js'

/** `FILE.py:FUNCTION`, FILE relative to the model's `cwd` (else the repository root). */
export const TRACE_ENTRY = /^(.+\.py):([A-Za-z_][A-Za-z0-9_]*)$/

/** Builder arguments: JSON values of `--arg KEY=VALUE`, keyed by Python identifiers. */
const argsField = z.record(z.string(), z.unknown()).superRefine((args, ctx) => {
  for (const key of Object.keys(args))
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `${shown(key)} is not a Python keyword argument name; write a name such as patch`
      })
})

const entryField = z.unknown().transform((value, ctx): string => {
  if (typeof value === 'string' && TRACE_ENTRY.test(value.trim())) return value.trim()
  ctx.addIssue({
    code: 'custom',
    message: `${shown(value)} is not FILE.py:FUNCTION; write the builder as e.g. trace_model.py:build (FILE relative to the model's cwd)`
  })
  return z.NEVER
})

const contextField = z.unknown().transform((value, ctx): number => {
  const parsed = parseSize(value)
  if (parsed.ok) return parsed.value
  ctx.addIssue({
    code: 'custom',
    message: `${shown(value)} is not a size; write 512MiB or a number of bytes`
  })
  return z.NEVER
})

/** A builder variant the gate traces as a fix: other arguments (a larger patch, SDPA attention). */
export const TraceVariantSchema = z
  .object({
    /** Names the fix in the report (`patch-32`). */
    id: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
        'start with a letter or digit, then use letters, digits, ".", "_" and "-", e.g. patch-32'
      ),
    /** Merged over `trace.args`. */
    args: argsField,
    /** What the variant costs besides memory (accuracy, pretrained weights), shown with it. */
    warning: z.string().min(1).optional()
  })
  .strict()

export const TraceSpecSchema = z
  .object({
    entry: entryField,
    /** Per-GPU batch of the recipe (`batch=N`); omitted: the builder's own default. */
    batch: z.number().int().min(1).optional(),
    args: argsField.optional(),
    /** The CUDA context added to the trace's reserved bytes (default: the tracer's 512 MiB). */
    'cuda-context': contextField.optional(),
    variants: z.array(TraceVariantSchema).optional(),
    /**
     * The module class the checkpointing fix wraps (`Block`), or `auto`: the tracer picks the class
     * repeated most (default).
     */
    checkpoint: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'is not a class name; write e.g. Block, or auto')
      .optional(),
    /** Largest batch the capacity search tries (default 256). */
    'max-batch': z.number().int().min(1).max(65536).optional()
  })
  .strict()

export const TRACE_KEYS = [
  'entry',
  'batch',
  'args',
  'cuda-context',
  'variants',
  'checkpoint',
  'max-batch'
] as const
export const TRACE_VARIANT_KEYS = ['id', 'args', 'warning'] as const

/** The normalized `trace:` block the pipeline hands the tracer. */
export interface TraceSpec {
  entry: string
  batch: number | null
  args: Record<string, unknown>
  cudaContextBytes: number | null
  variants: { id: string; args: Record<string, unknown>; warning: string | null }[]
  /** What the checkpointing fix wraps: a module class name or `auto`. */
  checkpoint: string
  maxBatch: number
}

export const DEFAULT_MAX_BATCH = 256

export function normalizeTraceSpec(block: z.output<typeof TraceSpecSchema>): TraceSpec {
  return {
    entry: block.entry,
    batch: block.batch ?? null,
    args: block.args ?? {},
    cudaContextBytes: block['cuda-context'] ?? null,
    variants: (block.variants ?? []).map(v => ({ id: v.id, args: v.args, warning: v.warning ?? null })),
    checkpoint: block.checkpoint ?? 'auto',
    maxBatch: block['max-batch'] ?? DEFAULT_MAX_BATCH
  }
}

/** The FILE of an entry (`seg/trace.py` of `seg/trace.py:build`). */
export function traceEntryFile(entry: string): string {
  return TRACE_ENTRY.exec(entry)?.[1] ?? entry
}

/**
 * One config error per model whose trace FILE does not exist, relative to the model's `cwd`
 * (itself relative to the repository root), as `run` is. `exists` answers for a path relative to
 * the repository root.
 */
export function missingTraceFiles(
  configPath: string,
  models: readonly { name: string; cwd: string | null; trace: TraceSpec | null }[],
  exists: (pathFromRoot: string) => boolean
): string[] {
  return models.flatMap((model, i) => {
    if (model.trace === null) return []
    const file = traceEntryFile(model.trace.entry)
    const fromRoot =
      model.cwd === null || file.startsWith('/') ? file : `${model.cwd.replace(/\/+$/, '')}/${file}`
    if (exists(fromRoot)) return []
    const where = model.cwd === null ? 'the repository root' : `the model's cwd ${model.cwd}`
    return [
      `${configPath}: models[${i}].trace.entry: ${file}: no such file (relative to ${where}); write the path of the builder from there`
    ]
  })
}
