import { describe, expect, it } from 'vitest'
import {
  formatBytes,
  formatDuration,
  parseDuration,
  parsePercent,
  parseSize
} from '../../src/config/units.js'

const ok = <T>(value: T) => ({ ok: true, value })

describe('parseSize', () => {
  it.each([
    ['80GiB', 80 * 2 ** 30],
    ['81920MiB', 81920 * 2 ** 20],
    ['80GB', 80e9],
    ['80 GiB', 85899345920],
    ['1.5GiB', 1610612736],
    // Issue 9: a fraction of a byte rounds (half up), it is not refused.
    ['1.2GiB', 1288490189],
    ['1.3B', 1],
    ['0.5B', 1],
    ['512KiB', 524288],
    ['2TB', 2e12],
    ['0.5gib', 2 ** 29],
    [85899345920, 85899345920],
    ['1024', 1024]
  ])('%s is %d bytes', (input, bytes) => {
    expect(parseSize(input)).toEqual(ok(bytes))
  })

  it.each(['80 GiBs', '80G', 'eighty', '', '-1GiB', 1.5, -2, null, '80 GiB extra'])('rejects %j', input => {
    expect(parseSize(input)).toEqual({ ok: false })
  })
})

describe('parsePercent', () => {
  it('parses exact fractions', () => {
    expect(parsePercent('3%')).toEqual(ok(0.03))
    expect(parsePercent('2.5%')).toEqual(ok(0.025))
    expect(parsePercent('0%')).toEqual(ok(0))
  })
  it.each(['3', 3, '101%', 'three%', '%'])('rejects %j', input => {
    expect(parsePercent(input)).toEqual({ ok: false })
  })
})

describe('parseDuration', () => {
  it.each([
    ['100ms', 100],
    ['90s', 90_000],
    ['20m', 1_200_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['2min', 120_000]
  ])('%s is %d ms', (input, ms) => {
    expect(parseDuration(input)).toEqual(ok(ms))
  })
  it.each(['90', 90, '10 parsecs', '', 's', '5s5'])('rejects %j', input => {
    expect(parseDuration(input)).toEqual({ ok: false })
  })
})

describe('formatting', () => {
  it('writes bytes the way the report reads them', () => {
    expect(formatBytes(71.3 * 2 ** 30)).toBe('71.30 GiB')
    expect(formatBytes(512 * 2 ** 20)).toBe('512 MiB')
    expect(formatBytes(1.5 * 2 ** 20)).toBe('1.5 MiB')
    expect(formatBytes(null)).toBe('n/a')
    expect(formatBytes(-2 * 2 ** 30)).toBe('-2.00 GiB')
  })
  it('writes durations', () => {
    expect(formatDuration(84_000)).toBe('1m 24s')
    expect(formatDuration(950)).toBe('950 ms')
    expect(formatDuration(12_340)).toBe('12.3 s')
    expect(formatDuration(null)).toBe('n/a')
  })
})
