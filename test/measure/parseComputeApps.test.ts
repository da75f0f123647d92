import { describe, expect, it } from 'vitest'
import {
  groupComputeAppsTicks,
  parseComputeAppsLine,
  TickGrouper
} from '../../src/measure/nvidiaSmi/parseComputeApps.js'

const U0 = 'GPU-6f1c0a3e-1b2c-4d5e-8f90-123456789abc'
const U1 = 'GPU-0a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d'
const MIB = 1024 * 1024

describe('parseComputeAppsLine', () => {
  it('reads nounits and unit rows as bytes', () => {
    expect(parseComputeAppsLine(`1234, ${U0}, 4562`)).toEqual({
      kind: 'row',
      row: { pid: 1234, gpuUuid: U0, usedBytes: 4562 * MIB }
    })
    expect(parseComputeAppsLine(`1234, ${U0}, 4562 MiB`)).toEqual({
      kind: 'row',
      row: { pid: 1234, gpuUuid: U0, usedBytes: 4562 * MIB }
    })
  })

  it('turns [N/A] and [Not Supported] into null, never 0', () => {
    for (const cell of ['[N/A]', '[Not Supported]', 'N/A', '[Insufficient Permissions]']) {
      const parsed = parseComputeAppsLine(`77, ${U0}, ${cell}`)
      expect(parsed).toEqual({ kind: 'row', row: { pid: 77, gpuUuid: U0, usedBytes: null } })
    }
  })

  it('recognises the header (used_memory prints as used_gpu_memory [MiB]) and blank lines', () => {
    expect(parseComputeAppsLine('pid, gpu_uuid, used_gpu_memory [MiB]').kind).toBe('header')
    expect(parseComputeAppsLine('   ').kind).toBe('blank')
    expect(parseComputeAppsLine('No running processes found').kind).toBe('blank')
  })

  it('calls Xid/ECC messages, NVML errors and garbage stray', () => {
    for (const line of [
      'Xid (PCI:0000:3b:00): 79, pid=0, GPU has fallen off the bus.',
      'Failed to initialize NVML: Driver/library version mismatch',
      `abc, ${U0}, 12`,
      `12, not-a-uuid, 12`,
      `12, ${U0}, 12 GB`,
      `12, ${U0}`,
      '\u0007garbage;;;'
    ]) {
      expect(parseComputeAppsLine(line).kind, line).toBe('stray')
    }
  })
})

describe('groupComputeAppsTicks', () => {
  const at = (text: string, atMs = 0) => ({ text, atMs })

  it('starts a new tick when a (pid, GPU) repeats, even if two ticks arrive at once', () => {
    const ticks = groupComputeAppsTicks(
      [at(`1, ${U0}, 100`), at(`2, ${U0}, 200`), at(`1, ${U0}, 110`), at(`2, ${U0}, 210`)],
      50
    )
    expect(ticks.map(t => t.map(r => r.pid))).toEqual([
      [1, 2],
      [1, 2]
    ])
  })

  it('keeps one pid on two GPUs in one tick', () => {
    const ticks = groupComputeAppsTicks([at(`1, ${U0}, 100`), at(`1, ${U1}, 200`)], 50)
    expect(ticks).toHaveLength(1)
  })

  it('splits on a time gap longer than gapMs (a process that appears in one tick only)', () => {
    const ticks = groupComputeAppsTicks(
      [at(`1, ${U0}, 100`, 0), at(`2, ${U0}, 200`, 1), at(`3, ${U0}, 300`, 100)],
      50
    )
    expect(ticks.map(t => t.map(r => r.pid))).toEqual([[1, 2], [3]])
  })

  it('splits on header and blank lines, and skips stray lines without splitting', () => {
    const ticks = groupComputeAppsTicks(
      [
        at('pid, gpu_uuid, used_gpu_memory [MiB]', 0),
        at(`1, ${U0}, 100`, 0),
        at('Xid (PCI:0000:3b:00): 63, pid=0, Row Remapper', 0),
        at(`2, ${U0}, 100`, 0),
        at('', 0),
        at(`3, ${U0}, 100`, 0)
      ],
      50
    )
    expect(ticks.map(t => t.map(r => r.pid))).toEqual([[1, 2], [3]])
  })

  it('returns no tick for an empty stream (no compute process prints nothing with noheader)', () => {
    expect(groupComputeAppsTicks([], 50)).toEqual([])
  })
})

describe('TickGrouper', () => {
  it('numbers ticks from 0 and exposes the current one', () => {
    const grouper = new TickGrouper(50)
    expect(grouper.current).toBe(-1)
    expect(grouper.add('a', 0)).toBe(0)
    expect(grouper.add('b', 10)).toBe(0)
    expect(grouper.add('b', 20)).toBe(1)
    expect(grouper.add('a', 200)).toBe(2)
    grouper.separate()
    expect(grouper.add('c', 201)).toBe(3)
    expect(grouper.current).toBe(3)
  })
})
