// The shape of torch.cuda.memory._snapshot() as the probe writes it to JSON, for each torch layout:
//  - torch 1.13: a list of segments; each block keeps `history`, newest first, of
//    {addr, real_size, frames} (https://zdevito.github.io/2022/08/16/memory-snapshots.html).
//  - torch 2.0: {segments, device_traces}; blocks still keep `history`; device_traces holds, per
//    device, the last trace_alloc_max_entries allocator events {action, addr, size, stream, frames}
//    in time order (https://zdevito.github.io/2022/12/09/memory-traces.html).
//  - torch 2.1+: blocks carry `address`, `requested_size` and `frames` instead of `history`
//    (the Snapshot/Segment/Block/TraceEntry TypedDicts in torch/cuda/memory.py, _snapshot()).
// Frames are innermost first. Unknown keys are ignored, so later additions parse too.
import { z } from 'zod'

const FrameSchema = z.object({
  filename: z.string().default(''),
  line: z.number().default(0),
  name: z.string().default('')
})
export type RawFrame = z.infer<typeof FrameSchema>

const frames = z.array(FrameSchema).nullable().optional()

const BlockSchema = z.object({
  address: z.number().optional(),
  size: z.number().nonnegative(),
  requested_size: z.number().optional(),
  state: z.string(),
  frames,
  history: z
    .array(z.object({ addr: z.number().optional(), real_size: z.number().optional(), frames }))
    .nullable()
    .optional()
})
export type RawBlock = z.infer<typeof BlockSchema>

const SegmentSchema = z.object({
  device: z.number().int().nonnegative().default(0),
  address: z.number(),
  total_size: z.number().nonnegative(),
  blocks: z.array(BlockSchema).default([])
})
export type RawSegment = z.infer<typeof SegmentSchema>

const TraceEntrySchema = z.object({
  action: z.string(),
  addr: z.number().optional(),
  size: z.number().nonnegative().default(0),
  frames,
  device_free: z.number().optional()
})
export type RawTraceEntry = z.infer<typeof TraceEntrySchema>

/** torch 1.13: the segments alone. */
const LegacySnapshotSchema = z.array(SegmentSchema)
/** torch 2.x. */
const SnapshotObjectSchema = z.object({
  segments: z.array(SegmentSchema),
  device_traces: z.array(z.array(TraceEntrySchema)).default([])
})

export interface ParsedSnapshot {
  format: 'torch-1.13' | 'torch-2.0' | 'torch-2.1'
  segments: RawSegment[]
  /** Per device index, time order; [] per device without a trace. */
  traces: RawTraceEntry[][]
}

/** Validates raw snapshot JSON; the error names the first path that does not fit. */
export function parseSnapshot(
  raw: unknown
): { ok: true; snapshot: ParsedSnapshot } | { ok: false; error: string } {
  // One layout or the other by the top-level type, so that an error names the field that is wrong.
  const parsed = Array.isArray(raw)
    ? LegacySnapshotSchema.safeParse(raw)
    : SnapshotObjectSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the top level'
    return { ok: false, error: `not a torch memory snapshot at ${where}: ${issue?.message ?? 'invalid'}` }
  }
  const data = parsed.data
  if (Array.isArray(data)) return { ok: true, snapshot: { format: 'torch-1.13', segments: data, traces: [] } }
  const blocks = data.segments.flatMap(s => s.blocks)
  const legacy =
    blocks.some(b => b.history != null) && !blocks.some(b => b.frames != null || b.address != null)
  return {
    ok: true,
    snapshot: {
      format: legacy ? 'torch-2.0' : 'torch-2.1',
      segments: data.segments,
      traces: data.device_traces
    }
  }
}
