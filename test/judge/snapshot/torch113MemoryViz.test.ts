// The 1.13 fixture layout checked against torch 1.13's own reader of it (torch/cuda/_memory_viz.py,
// installed with the CPU torch here): its stats() asserts that each segment's blocks tile its
// total_size and sums the bytes per block state, and its flamegraph writer walks each block's
// history. Both must accept what the summarizer is tested on, and agree with its totals.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { summarizeSnapshot } from '../../../src/judge/snapshot/summarizeSnapshot.js'
import { runPython, tempDir } from '../../probe/helpers.js'
import { GiB, MiB, stacks, torch113 } from './fixtures.js'

describe('torch 1.13 layout, read by torch 1.13 itself', () => {
  it("torch's _memory_viz accepts the fixture and counts the same allocated bytes", async () => {
    const raw = torch113(10 * GiB, [
      { size: 4 * GiB, frames: stacks.moveToGpu },
      { size: 3 * GiB, frames: stacks.attention },
      { size: 512 * MiB, frames: stacks.mlp, state: 'inactive' },
      { size: 256 * MiB, frames: stacks.input }
    ])
    const file = join(tempDir(), 'snapshot.json')
    writeFileSync(file, JSON.stringify(raw))
    const script = [
      'import io, json, sys',
      'from torch.cuda import _memory_viz as viz',
      's = json.load(open(sys.argv[1]))',
      'stats = dict((k, getattr(v, "value", v)) for k, v in viz.stats(s).items())',
      'lines = io.StringIO()',
      'for seg in s: viz._write_blocks(lines, "stream_%d" % seg["stream"], seg["blocks"])',
      'print(json.dumps({"stats": stats, "lines": lines.getvalue().splitlines()}))'
    ].join('\n')
    const run = await runPython(script, { resultDir: null, args: [file] })
    expect(run.stderr).toBe('')
    const out = JSON.parse(run.stdout) as { stats: Record<string, number>; lines: string[] }
    const summary = summarizeSnapshot(raw)
    if (!summary.ok) throw new Error(summary.error)
    expect(out.stats.active_allocated).toBe(summary.summary.allocatedBytes)
    expect(out.stats.total_size).toBe(summary.summary.reservedBytes)
    expect(out.stats.segments).toBe(1)
    // one flamegraph line per live allocation, innermost frame last, with its real size
    expect(out.lines).toContain(
      `stream_0;active_allocated;train.py:70:train_step;module.py:1501:_call_impl;vit.py:210:forward;module.py:1501:_call_impl;vit.py:120:forward;functional.py:1858:softmax ${3 * GiB}`
    )
  })
})
