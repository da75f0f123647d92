import { describe, expect, it } from 'vitest'
import { summarizeProbes } from '../../src/measure/probe/summarizeProbes.js'
import type { ProbeRecord } from '../../src/measurement.js'

function record(pid: number, devices: ProbeRecord['devices']): ProbeRecord {
  return { pid, torchVersion: '2.3.0', devices, capFraction: null, exception: null, final: true }
}
const dev = (allocated: number | null, reserved: number | null) => ({
  maxAllocatedBytes: allocated,
  maxReservedBytes: reserved,
  totalBytes: 1000,
  usedBeyondReservedBytes: null
})

describe('summarizeProbes', () => {
  it('sums processes per device and takes the largest device', () => {
    const s = summarizeProbes([
      record(1, { '0': dev(100, 150), '1': dev(10, 20) }),
      record(2, { '0': dev(50, 60), '1': dev(300, 320) })
    ])
    expect(s).toEqual({ torchAllocatedBytes: 310, torchReservedBytes: 340 })
  })

  it('keeps unknown as null', () => {
    expect(summarizeProbes([])).toEqual({ torchAllocatedBytes: null, torchReservedBytes: null })
    expect(summarizeProbes([record(1, { '0': dev(null, 5) })])).toEqual({
      torchAllocatedBytes: null,
      torchReservedBytes: 5
    })
  })
})
