import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readProbeRecords } from '../../src/measure/probe/readProbeRecords.js'
import type { ProbeRecord } from '../../src/measure/types.js'
import { runPython, tempDir } from './helpers.js'

const record = (pid: number, extra: Partial<ProbeRecord> = {}): ProbeRecord => ({
  pid,
  torchVersion: '2.4.1+cu121',
  devices: {
    '0': {
      maxAllocatedBytes: 65_100_000_000,
      maxReservedBytes: 69_800_000_000,
      totalBytes: 85_031_714_816,
      usedBeyondReservedBytes: 520_093_696
    }
  },
  capFraction: 0.94,
  exception: null,
  final: true,
  ...extra
})

describe('readProbeRecords', () => {
  it('returns [] when the probe wrote nothing', async () => {
    expect(await readProbeRecords(tempDir())).toEqual([])
    expect(await readProbeRecords(join(tempDir(), 'missing'))).toEqual([])
  })

  it('returns valid records by PID and skips partial, corrupt and foreign files', async () => {
    const resultDir = tempDir()
    const dir = join(resultDir, 'probe')
    mkdirSync(dir)
    const good = record(4242)
    const killed = record(17, {
      final: false,
      devices: {},
      capFraction: null,
      exception: 'RuntimeError: CUDA error: out of memory'
    })
    writeFileSync(join(dir, '4242.json'), JSON.stringify(good))
    writeFileSync(join(dir, '17.json'), JSON.stringify(killed))
    writeFileSync(join(dir, '18.json'), JSON.stringify(good).slice(0, 40)) // cut short
    writeFileSync(join(dir, '19.json'), '')
    writeFileSync(
      join(dir, '20.json'),
      JSON.stringify({ ...good, pid: 20, devices: { '0': { maxAllocatedBytes: -1 } } })
    )
    writeFileSync(join(dir, '21.json'), JSON.stringify({ ...good, pid: 21, final: 'yes' }))
    writeFileSync(join(dir, '22.json'), 'null')
    writeFileSync(join(dir, '.23.json.tmp'), JSON.stringify(record(23))) // the probe's temp file
    writeFileSync(join(dir, 'notes.json'), JSON.stringify(record(24)))
    mkdirSync(join(dir, '25.json')) // a directory: unreadable as a file
    expect(await readProbeRecords(resultDir)).toEqual([killed, good])
  })

  it('reads what the real probe writes', async () => {
    const resultDir = tempDir()
    await runPython('import torch', { resultDir })
    const records = await readProbeRecords(resultDir)
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ devices: {}, exception: null, final: true, capFraction: null })
  })
})
