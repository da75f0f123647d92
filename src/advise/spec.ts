// What the estimator needs to know about a training run: the `estimate:` block of a model in
// the config, and the flags of `oom-gate estimate`. Defaults follow the Sapiens normal configs.
import { z } from 'zod'

export const PRECISIONS = ['fp32', 'fp16-amp', 'bf16-amp', 'bf16'] as const
export const OPTIMIZERS = ['adamw', 'adam', 'sgd', 'sgd-momentum', 'adamw-8bit'] as const
export const ATTENTIONS = ['eager', 'efficient'] as const

const positiveInt = z.number().int().positive()

export const CustomDimsSchema = z
  .object({
    hidden: positiveInt,
    layers: positiveInt,
    heads: positiveInt,
    mlp: positiveInt.optional()
  })
  .strict()

export const EstimateSpecSchema = z
  .object({
    /** A name from the architectures table (sapiens_2b, vit_large...), or custom `dims`. */
    arch: z.string().optional(),
    dims: CustomDimsSchema.optional(),
    /** `HEIGHTxWIDTH`, e.g. 1024x768. */
    image: z.string().regex(/^\d+x\d+$/, 'write HEIGHTxWIDTH, e.g. 1024x768'),
    patch: positiveInt.default(16),
    /** Padding of the conv patch embedding; defaults to the architecture's own (2 for Sapiens). */
    padding: z.number().int().nonnegative().optional(),
    batch: positiveInt.default(1),
    precision: z.enum(PRECISIONS).default('fp32'),
    optimizer: z.enum(OPTIMIZERS).default('adamw'),
    attention: z.enum(ATTENTIONS).default('efficient'),
    checkpointing: z.boolean().default(false),
    /** Shard model states over this many GPUs (FSDP / ZeRO). 1 = no sharding. */
    fsdp: positiveInt.default(1),
    'zero-stage': z.union([z.literal(1), z.literal(2), z.literal(3)]).default(3),
    /** Data-parallel replicas (DDP keeps a flat gradient bucket copy). */
    ddp: z.boolean().default(false),
    /** Decode head; defaults to the architecture's own (Sapiens: the normal head). */
    head: z.enum(['sapiens-normal', 'none']).optional()
  })
  .strict()
  .refine(s => s.arch !== undefined || s.dims !== undefined, {
    message: 'needs `arch` (a known architecture) or `dims` ({hidden, layers, heads})',
    path: ['arch']
  })

export type EstimateSpec = z.infer<typeof EstimateSpecSchema>
export type EstimateSpecInput = z.input<typeof EstimateSpecSchema>
