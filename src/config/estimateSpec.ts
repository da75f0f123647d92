// What the estimator needs to know about a training run: the `estimate:` block of a model in
// the config, and the flags of `oom-gate estimate`. Defaults follow the Sapiens normal configs.
import { z } from 'zod'
import { parseSize } from './units.js'

export const PRECISIONS = ['fp32', 'fp16-amp', 'bf16-amp', 'bf16'] as const
export const OPTIMIZERS = ['adamw', 'adam', 'sgd', 'sgd-momentum', 'adamw-8bit'] as const
export const ATTENTIONS = ['eager', 'efficient'] as const
export const HEADS = ['sapiens-normal', 'none'] as const
export const OPTIMIZER_IMPLS = ['foreach', 'for-loop', 'fused'] as const

export type Precision = (typeof PRECISIONS)[number]
export type Optimizer = (typeof OPTIMIZERS)[number]
export type Attention = (typeof ATTENTIONS)[number]
export type OptimizerImpl = (typeof OPTIMIZER_IMPLS)[number]

const positiveInt = z.number().int().positive()

/**
 * An explicit shape: width (`hidden`), depth (`layers`), heads, the MLP size (`mlp`, or
 * `mlp-ratio` x width; default 4x) and the channels of the Sapiens-style normal head
 * (`head-channels`, default 768), for models the architectures table does not list.
 */
export const CustomDimsSchema = z
  .object({
    hidden: positiveInt,
    layers: positiveInt,
    heads: positiveInt,
    mlp: positiveInt.optional(),
    'mlp-ratio': z.number().positive().optional(),
    'head-channels': positiveInt.optional()
  })
  .strict()
  .refine(d => d.mlp === undefined || d['mlp-ratio'] === undefined, {
    message: 'give `mlp` (a size) or `mlp-ratio` (a multiple of hidden), not both',
    path: ['mlp-ratio']
  })

export type CustomDims = z.infer<typeof CustomDimsSchema>

/** Keys of `dims`, for "did you mean" hints. */
export const DIMS_KEYS = ['hidden', 'layers', 'heads', 'mlp', 'mlp-ratio', 'head-channels'] as const

const sizeField = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const parsed = parseSize(value)
  if (parsed.ok) return parsed.value
  ctx.addIssue({
    code: 'custom',
    message: `${JSON.stringify(value)} is not a size; write 512MiB or a number of bytes`
  })
  return z.NEVER
})

export const EstimateSpecSchema = z
  .object({
    /** A name from the architectures table (sapiens_2b, vit_large...), or custom `dims`. */
    arch: z.string().optional(),
    dims: CustomDimsSchema.optional(),
    /** `HEIGHTxWIDTH`, e.g. 1024x768 (vision models). */
    image: z
      .string()
      .regex(/^\d+x\d+$/, 'write HEIGHTxWIDTH, e.g. 1024x768')
      .optional(),
    /** Sequence length, for text models or to override the token count of an image. */
    tokens: positiveInt.optional(),
    patch: positiveInt.default(16),
    /** Padding of the conv patch embedding; defaults to the architecture's own (2 for Sapiens). */
    padding: z.number().int().nonnegative().optional(),
    batch: positiveInt.default(1),
    precision: z.enum(PRECISIONS).default('fp32'),
    optimizer: z.enum(OPTIMIZERS).default('adamw'),
    /**
     * How the optimizer step runs: torch's foreach kernels (the CUDA default since 2.0, one
     * parameter-sized temporary), a per-tensor loop (HF's AdamW, torch < 2.0) or fused kernels.
     */
    'optimizer-impl': z.enum(OPTIMIZER_IMPLS).default('foreach'),
    attention: z.enum(ATTENTIONS).default('efficient'),
    checkpointing: z.boolean().default(false),
    /** Shard model states over this many GPUs (FSDP / ZeRO). 1 = no sharding. */
    fsdp: positiveInt.default(1),
    'zero-stage': z.union([z.literal(1), z.literal(2), z.literal(3)]).default(3),
    /** Data-parallel replicas (DDP keeps a flat gradient bucket copy). */
    ddp: z.boolean().default(false),
    /** Decode head; defaults to the architecture's own (Sapiens: the normal head). */
    head: z.enum(HEADS).optional(),
    /** Dropout (p > 0) on attention probabilities and both residual branches (BERT, GPT). */
    dropout: z.boolean().default(false),
    /**
     * Stochastic depth (drop path, p > 0) on both residual branches, as timm and ViTPose do it:
     * `x.div(keep) * mask` keeps the scaled branch output for backward, two per layer.
     */
    'drop-path': z.boolean().default(false),
    /**
     * Gradients stay allocated through the next forward: zero_grad(set_to_none=False) (the
     * default before torch 2.0), or zero_grad() called after the forward.
     */
    'keep-grads': z.boolean().default(false),
    /** Micro-batches per optimizer step; above 1 the gradients are kept between them. */
    'grad-accumulation': positiveInt.default(1),
    /** Memory outside PyTorch's allocator: CUDA context, kernel images, NCCL (default 0.5 GiB). */
    'cuda-context': sizeField.optional(),
    /**
     * The caching allocator's fixed slack (workspaces, small-block pool); default 0.5 GiB. Set 0
     * where memory is not held by PyTorch's CUDA allocator (host-memory toys).
     */
    'allocator-slack': sizeField.optional()
  })
  .strict()
  .refine(s => s.arch !== undefined || s.dims !== undefined, {
    message: 'needs `arch` (a known architecture) or `dims` ({hidden, layers, heads})',
    path: ['arch']
  })
  .refine(s => s.image !== undefined || s.tokens !== undefined, {
    message: 'needs `image` (HEIGHTxWIDTH, e.g. 1024x768) or `tokens` (a sequence length)',
    path: ['image']
  })

export type EstimateSpec = z.infer<typeof EstimateSpecSchema>
export type EstimateSpecInput = z.input<typeof EstimateSpecSchema>

/** Keys of the `estimate:` block, for "did you mean" hints (the config's KNOWN_KEYS uses this list). */
export const ESTIMATE_KEYS = [
  'arch',
  'dims',
  'image',
  'tokens',
  'patch',
  'padding',
  'batch',
  'precision',
  'optimizer',
  'optimizer-impl',
  'attention',
  'checkpointing',
  'fsdp',
  'zero-stage',
  'ddp',
  'head',
  'dropout',
  'drop-path',
  'keep-grads',
  'grad-accumulation',
  'cuda-context',
  'allocator-slack'
] as const
