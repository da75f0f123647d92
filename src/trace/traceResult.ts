// The JSON of `oom-gate trace --json` (contract 7 in docs/design.md, extensions in docs/trace.md),
// as a zod schema: what the Python tracer writes is checked against it before anyone reads it.
// Pure: no processes, files or clocks.
import { z } from 'zod'

const bytes = z.number().int().nonnegative()

/** The precision the loop traces: fp32, or CUDA autocast to bf16 / fp16 around forward and loss. */
export const PRECISIONS = ['fp32', 'bf16-amp', 'fp16-amp'] as const
export type TracePrecision = (typeof PRECISIONS)[number]

export const TRACE_PHASES = ['forward', 'backward', 'optimizer'] as const
export type TracePhase = (typeof TRACE_PHASES)[number]

export const TRACE_CATEGORIES = ['parameters', 'gradients', 'optimizer', 'activations', 'other'] as const
export type TraceCategory = (typeof TRACE_CATEGORIES)[number]

/** One row of `byModule`: bytes live at the peak that belong to a module, by category. */
export const ModuleBytesSchema = z.object({
  /** Module path in model.named_modules() (`blocks.3.attn`), or `(inputs)`, `(backward)`, ... */
  module: z.string(),
  category: z.enum(TRACE_CATEGORIES),
  bytes
})

export const TraceResultSchema = z.looseObject({
  // Contract 7's fields: never renamed or removed.
  /** What torch.cuda.max_memory_allocated would show, in bytes (blocks rounded to 512 B). */
  allocatedPeakBytes: bytes,
  /** The caching allocator replay's peak of reserved segments, in bytes. */
  reservedPeakBytes: bytes,
  /** reservedPeakBytes + the CUDA context (cudaContextBytes). */
  devicePeakBytes: bytes,
  peakPhase: z.enum(TRACE_PHASES).nullable(),
  /** 1-based optimizer step that first reaches the peak. */
  peakIteration: z.number().int().positive().nullable(),
  /** Parameter count of the model (elements, not bytes). */
  parameters: z.number().int().nonnegative(),
  /** Bytes live at the allocated peak by category; they sum to allocatedPeakBytes. */
  byCategory: z.object({
    parameters: bytes,
    gradients: bytes,
    optimizer: bytes,
    activations: bytes,
    other: bytes
  }),
  /** torch.__version__ of the Python that traced. */
  torch: z.string(),
  notes: z.array(z.string()),
  // Extensions (docs/trace.md).
  peakOp: z.string().nullable().optional(),
  peakModule: z.string().nullable().optional(),
  byModule: z.array(ModuleBytesSchema).optional(),
  cudaContextBytes: bytes.optional(),
  device: z.enum(['meta', 'cpu']).optional(),
  batch: z.number().int().positive().nullable().optional(),
  precision: z.enum(PRECISIONS).optional(),
  ddp: z.boolean().optional(),
  iterations: z.number().int().positive().optional(),
  gradAccumulation: z.number().int().positive().optional(),
  checkpointed: z
    .object({ class: z.array(z.string()), modules: z.number().int() })
    .nullable()
    .optional(),
  segments: z.number().int().nonnegative().optional(),
  ops: z.number().int().nonnegative().optional(),
  /** Wall time of the trace in the tracer, torch's import included, in ms. */
  traceMs: z.number().nonnegative().optional(),
  /** CPU time (user + system) of the tracer process, in ms: comparable on a loaded machine. */
  cpuMs: z.number().nonnegative().optional()
})

export type TraceResult = z.infer<typeof TraceResultSchema>

/** What the tracer writes to its outcome file. */
export const TracerOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: TraceResultSchema }),
  z.object({
    ok: z.literal(false),
    exitCode: z.union([z.literal(2), z.literal(3)]),
    message: z.string(),
    detail: z.string().optional()
  })
])

/** A trace, or why there is none: exit code 2 (usage or entry error) or 3 (tracer error). */
export type TraceOutcome = { ok: true; result: TraceResult } | { ok: false; exitCode: 2 | 3; message: string }
