import { describe, expect, it } from 'vitest'
import { formatBytes, unitFor } from '../../../src/config/units.js'
import { sizeToBytes } from '../../../src/judge/oom/sizes.js'

describe('sizeToBytes', () => {
  it('reads binary units exactly, rounding half up to whole bytes', () => {
    expect(sizeToBytes('20.00', 'MiB')).toBe(20971520)
    expect(sizeToBytes('79.35', 'GiB')).toBe(85201413734) // 85201413734.4
    expect(sizeToBytes('5.19', 'MiB')).toBe(5442109) // 5442109.44
    expect(sizeToBytes('2.30', 'GiB')).toBe(2469606195) // 2469606195.2
    expect(sizeToBytes('0.40', 'GiB')).toBe(429496730) // 429496729.6
    expect(sizeToBytes('1.5', 'KiB')).toBe(1536)
    expect(sizeToBytes('0.5', 'bytes')).toBe(1)
    expect(sizeToBytes('1.25', 'TiB')).toBe(1374389534720)
  })

  it("reads bytes, zero and numpy's trailing dot", () => {
    expect(sizeToBytes('0', 'bytes')).toBe(0)
    expect(sizeToBytes('256', 'bytes')).toBe(256)
    expect(sizeToBytes('926.', 'GiB')).toBe(926 * 2 ** 30)
  })

  it('takes GB/MB labels as binary only where the caller knows they are (old MPS messages)', () => {
    expect(sizeToBytes('9.07', 'GB')).toBeNull()
    expect(sizeToBytes('9.07', 'GB', { legacyBinaryLabels: true })).toBe(9738838344) // 9.07 * 2^30 = 9738838343.68
    expect(sizeToBytes('6.25', 'MB', { legacyBinaryLabels: true })).toBe(6553600)
  })

  it('gives null for units it does not know or numbers it cannot read', () => {
    expect(sizeToBytes('15.48', 'G')).toBeNull()
    expect(sizeToBytes('1', 'EB')).toBeNull()
    expect(sizeToBytes('1e3', 'MiB')).toBeNull()
  })
})

describe('formatBytes', () => {
  it('prints two decimals in the largest fitting binary unit', () => {
    expect(formatBytes(2469606195, { unit: unitFor(2469606195) })).toBe('2.30 GiB')
    expect(formatBytes(20971520, { unit: unitFor(20971520) })).toBe('20.00 MiB')
    expect(formatBytes(1536, { unit: unitFor(1536) })).toBe('1.50 KiB')
    expect(formatBytes(256, { unit: unitFor(256) })).toBe('256 bytes')
  })

  it('keeps one unit across a sentence', () => {
    expect(unitFor(2469606195, 429496730)).toBe('GiB')
    expect(formatBytes(429496730, { unit: 'GiB' })).toBe('0.40 GiB')
    expect(unitFor(0)).toBe('bytes')
  })
})
