import { describe, expect, it } from 'vitest'
import { isRunning, parseProcStat, readProcStat } from '../../src/measure/host/procStat.js'

describe('parseProcStat', () => {
  it('reads fields after a comm with spaces and parentheses', () => {
    const text =
      '4242 (python (worker) 1) S 4200 4100 4000 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 12 0 987654 1000000 2560 18446744073709551615'
    expect(parseProcStat(text)).toEqual({
      pid: 4242,
      state: 'S',
      ppid: 4200,
      pgrp: 4100,
      session: 4000,
      startTime: 987654,
      rssPages: 2560
    })
  })

  it('rejects garbage and treats zombies as not running', () => {
    expect(parseProcStat('nonsense')).toBeNull()
    const zombie = parseProcStat('7 (x) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0')
    expect(zombie?.state).toBe('Z')
    expect(isRunning(zombie)).toBe(false)
  })

  it('reads this process', () => {
    const self = readProcStat(process.pid)
    expect(self?.pid).toBe(process.pid)
    expect(self?.ppid).toBe(process.ppid)
    expect(isRunning(self)).toBe(true)
    expect(readProcStat(2 ** 30)).toBeNull()
  })
})
