import { describe, expect, it } from 'vitest'
import { SettleDetector } from '../../src/measure/settleDetector.js'

const MIB = 1024 * 1024

describe('SettleDetector', () => {
  it('stops once the peak has not grown for settleMs after minDurationMs', () => {
    const d = new SettleDetector(1000, 3000)
    expect(d.update({ gpu: 100 * MIB }, 0)).toBe(false)
    expect(d.update({ gpu: 500 * MIB }, 500)).toBe(false)
    expect(d.update({ gpu: 500 * MIB }, 1600)).toBe(false) // settled, but before minDuration
    expect(d.update({ gpu: 500 * MIB }, 3000)).toBe(true)
    expect(d.lastGrowthAtMs).toBe(500)
  })

  it('ignores noise below 1 MiB / 0.1% but not creep that adds up', () => {
    const d = new SettleDetector(1000, 0)
    d.update({ host: 1000 * MIB }, 0)
    expect(d.update({ host: 1000 * MIB + 512 * 1024 }, 900)).toBe(false)
    expect(d.update({ host: 1000 * MIB + 900 * 1024 }, 1000)).toBe(true)
    const creep = new SettleDetector(1000, 0)
    creep.update({ host: 1000 * MIB }, 0)
    creep.update({ host: 1000.6 * MIB }, 600)
    expect(creep.update({ host: 1001.2 * MIB }, 1000)).toBe(false) // 1.2 MiB above the reference
    expect(creep.lastGrowthAtMs).toBe(1000)
  })

  it('restarts the clock when any source grows, and waits for a first value', () => {
    const d = new SettleDetector(1000, 0)
    expect(d.update({ gpu: null, host: null }, 5000)).toBe(false)
    d.update({ gpu: null, host: 4000 * MIB }, 5000)
    d.update({ gpu: 10 * MIB, host: 4000 * MIB }, 5500) // GPU appears: a new source grew
    expect(d.update({ gpu: 10 * MIB, host: 4000 * MIB }, 6200)).toBe(false)
    expect(d.update({ gpu: 10 * MIB, host: 4000 * MIB }, 6500)).toBe(true)
  })
})
