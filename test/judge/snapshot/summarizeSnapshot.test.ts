import { describe, expect, it } from 'vitest'
import { BEFORE_HISTORY, NO_PYTHON_FRAMES } from '../../../src/judge/snapshot/allocationSite.js'
import { summarizeSnapshot } from '../../../src/judge/snapshot/summarizeSnapshot.js'
import { addressOf, frame, GiB, MiB, stacks, torch113, torch20, torch21 } from './fixtures.js'

const strip = { stripPrefixes: ['/work/repo'] }

function ok(raw: unknown, options = {}) {
  const result = summarizeSnapshot(raw, { ...strip, ...options })
  if (!result.ok) throw new Error(result.error)
  return result.summary
}

describe('summarizeSnapshot', () => {
  it('torch 1.13: sums the live blocks by user-code site from their history (no trace: the state when dumped)', () => {
    const allocs = [
      { size: 4 * GiB, frames: stacks.moveToGpu },
      { size: 1 * GiB, frames: stacks.loadCheckpoint },
      { size: 3 * GiB, frames: stacks.attention },
      { size: 256 * MiB, frames: stacks.input },
      { size: 512 * MiB, frames: stacks.mlp, state: 'inactive' }
    ]
    const summary = ok(torch113(10 * GiB, allocs))
    expect(summary).toEqual({
      format: 'torch-1.13',
      device: 0,
      moment: 'snapshot',
      allocatedBytes: 8 * GiB + 256 * MiB,
      reservedBytes: 10 * GiB,
      oomRequestBytes: null,
      traceEvents: 0,
      coversPeak: null,
      categories: { parameters: 5 * GiB, gradients: 0, optimizer: 0, activations: 3 * GiB, other: 256 * MiB },
      sites: [
        { site: 'tools/train.py:41 (build_model)', category: 'parameters', bytes: 4 * GiB, blocks: 1 },
        { site: 'models/vit.py:120 (forward)', category: 'activations', bytes: 3 * GiB, blocks: 1 },
        // the innermost frame outside torch; site-packages cut off
        {
          site: 'mmengine/runner/checkpoint.py:345 (load_from_local)',
          category: 'parameters',
          bytes: GiB,
          blocks: 1
        },
        { site: 'tools/train.py:66 (train_step)', category: 'other', bytes: 256 * MiB, blocks: 1 }
      ]
    })
  })

  it('torch 1.13: of a block history (newest first), takes the allocation at the block address', () => {
    const raw = torch113(2 * GiB, [{ size: GiB, frames: stacks.attention }])
    const block = raw[0]!.blocks[0] as { history: unknown[] }
    block.history = [
      { addr: 12345, real_size: GiB, frames: stacks.input }, // another address: not this block's allocation
      ...block.history
    ]
    expect(ok(raw).sites[0]).toMatchObject({ site: 'models/vit.py:120 (forward)', category: 'activations' })
  })

  it('torch 2.0: replays the trace back to the peak, with the frames of allocations freed since', () => {
    const allocs = [
      { size: 4 * GiB, frames: stacks.moveToGpu },
      { size: 1 * GiB, frames: stacks.mlp }
    ]
    const weights = addressOf(allocs, 0)
    const scores = weights + 16 * GiB // freed since: its address lies past the live blocks
    const trace = [
      { action: 'segment_alloc', addr: weights, size: 16 * GiB, stream: 0, frames: stacks.moveToGpu },
      { action: 'segment_alloc', addr: scores, size: 2 * GiB, stream: 0, frames: stacks.attention },
      { action: 'alloc', addr: weights, size: 4 * GiB, stream: 0, frames: stacks.moveToGpu },
      { action: 'alloc', addr: scores, size: 6 * GiB, stream: 0, frames: stacks.attention },
      { action: 'free_requested', addr: scores, size: 6 * GiB, stream: 0, frames: [] },
      { action: 'free_completed', addr: scores, size: 6 * GiB, stream: 0, frames: [] },
      { action: 'segment_free', addr: scores, size: 2 * GiB, stream: 0, frames: [] },
      { action: 'alloc', addr: addressOf(allocs, 1), size: 1 * GiB, stream: 0, frames: stacks.mlp }
    ]
    const raw = torch20(16 * GiB, allocs, trace)
    const summary = ok(raw, { peakAllocatedBytes: 10 * GiB })
    expect(summary).toMatchObject({
      format: 'torch-2.0',
      moment: 'peak',
      allocatedBytes: 10 * GiB,
      reservedBytes: 18 * GiB, // the 2 GiB segment released after the peak is counted back
      traceEvents: 8,
      coversPeak: true,
      categories: { parameters: 4 * GiB, activations: 6 * GiB, gradients: 0, optimizer: 0, other: 0 }
    })
    expect(summary.sites.map(s => [s.site, s.bytes])).toEqual([
      ['models/vit.py:120 (forward)', 6 * GiB],
      ['tools/train.py:41 (build_model)', 4 * GiB]
    ])
    // torch said the peak was 12 GiB: this trace does not reach back to it
    expect(ok(raw, { peakAllocatedBytes: 12 * GiB }).coversPeak).toBe(false)
  })

  it('torch 2.1: at an OOM, the moment is just before the failing allocation; groups optimizer state, gradients, parameters, activations', () => {
    const allocs = [
      { size: 4 * GiB, frames: stacks.moveToGpu },
      { size: 8 * GiB, frames: stacks.adamState },
      { size: 2 * GiB, frames: stacks.engineThread },
      { size: 2 * GiB, frames: [] }, // stacks='python' records nothing for the autograd thread
      { size: 1 * GiB, frames: stacks.backwardCall, state: 'active_pending_free' }
    ]
    const attention = addressOf(allocs, 5)
    const trace = [
      ...allocs.map((a, i) => ({
        action: 'alloc',
        addr: addressOf(allocs, i),
        size: a.size,
        stream: 0,
        frames: a.frames
      })),
      { action: 'alloc', addr: attention, size: 6 * GiB, stream: 0, frames: stacks.attention },
      { action: 'segment_free', addr: attention + 6 * GiB, size: GiB, stream: 0, frames: [] },
      { action: 'oom', size: 8 * GiB, stream: 0, device_free: 512 * MiB, frames: stacks.mlp },
      { action: 'free_requested', addr: attention, size: 6 * GiB, stream: 0, frames: [] },
      { action: 'free_completed', addr: attention, size: 6 * GiB, stream: 0, frames: [] }
    ]
    const summary = ok(torch21(24 * GiB, allocs, trace))
    expect(summary).toMatchObject({
      format: 'torch-2.1',
      moment: 'oom',
      allocatedBytes: 23 * GiB,
      reservedBytes: 24 * GiB,
      oomRequestBytes: 8 * GiB,
      categories: {
        parameters: 4 * GiB,
        optimizer: 8 * GiB,
        gradients: 5 * GiB,
        activations: 6 * GiB,
        other: 0
      }
    })
    expect(summary.sites).toEqual([
      {
        site: 'mmengine/optim/optimizer/optimizer_wrapper.py:196 (step)',
        category: 'optimizer',
        bytes: 8 * GiB,
        blocks: 1
      },
      { site: 'models/vit.py:120 (forward)', category: 'activations', bytes: 6 * GiB, blocks: 1 },
      { site: NO_PYTHON_FRAMES, category: 'gradients', bytes: 4 * GiB, blocks: 2 },
      { site: 'tools/train.py:41 (build_model)', category: 'parameters', bytes: 4 * GiB, blocks: 1 },
      { site: 'tools/train.py:73 (train_step)', category: 'gradients', bytes: GiB, blocks: 1 }
    ])
  })

  it('a block freed after the moment whose allocation is older than the trace has an unknown site', () => {
    const allocs = [{ size: GiB, frames: stacks.input }]
    const old = addressOf(allocs, 1)
    const trace = [{ action: 'free_completed', addr: old, size: 3 * GiB, stream: 0, frames: [] }]
    const summary = ok(torch21(8 * GiB, allocs, trace))
    expect(summary.allocatedBytes).toBe(4 * GiB)
    expect(summary.sites[0]).toEqual({ site: BEFORE_HISTORY, category: 'other', bytes: 3 * GiB, blocks: 1 })
  })

  it('takes the device with the most memory at its moment, and keeps the top sites only', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      size: (i + 1) * MiB,
      frames: [frame('/work/repo/tools/train.py', 100 + i, 'main')]
    }))
    const raw = torch21(GiB, many, [], 1)
    raw.segments.push({ ...torch21(GiB, [{ size: MiB, frames: stacks.input }], []).segments[0]!, device: 0 })
    const summary = ok(raw, { topSites: 3 })
    expect(summary.device).toBe(1)
    expect(summary.sites.map(s => s.site)).toEqual([
      'tools/train.py:111 (main)',
      'tools/train.py:110 (main)',
      'tools/train.py:109 (main)'
    ])
    expect(summary.categories.other).toBe(78 * MiB)
  })

  it('rejects what is not a snapshot with the path that does not fit', () => {
    expect(summarizeSnapshot({ segments: 'none' })).toEqual({
      ok: false,
      error: expect.stringMatching(/^not a torch memory snapshot at segments: /)
    })
    expect(summarizeSnapshot(null)).toMatchObject({ ok: false })
  })
})
