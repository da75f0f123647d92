import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readProbeRecords } from '../../src/measure/probe/readProbeRecords.js'
import { summarizeProbeSnapshots } from '../../src/pipeline/snapshotSummaries.js'
import type { ProbeRecord } from '../../src/measurement.js'
import { GiB, stacks, torch21 } from '../judge/snapshot/fixtures.js'
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

  it('summarises the snapshot a record names, with paths shown under runs/<dir> of the output', async () => {
    const resultDir = join(tempDir(), 'sapiens_2b')
    mkdirSync(join(resultDir, 'probe'), { recursive: true })
    mkdirSync(join(resultDir, 'snapshot'))
    const allocs = [
      { size: 4 * GiB, frames: stacks.moveToGpu },
      { size: 6 * GiB, frames: stacks.attention }
    ]
    writeFileSync(join(resultDir, 'snapshot', '31.json'), JSON.stringify(torch21(12 * GiB, allocs, [])))
    const snapshot = {
      pickle: 'snapshot/31.pickle',
      json: 'snapshot/31.json',
      reason: 'retries',
      historyApi: '2.1',
      peakAllocatedBytes: 10 * GiB
    }
    writeFileSync(
      join(resultDir, 'probe', '31.json'),
      JSON.stringify({ ...record(31), snapshot, cwd: '/work/repo' })
    )
    // a record that points outside the result directory is not followed
    const escape = { ...snapshot, json: '../../../etc/passwd' }
    writeFileSync(join(resultDir, 'probe', '32.json'), JSON.stringify({ ...record(32), snapshot: escape }))
    const [first, second] = await summarizeProbeSnapshots(await readProbeRecords(resultDir), resultDir)
    expect(first!.snapshotSummary).toMatchObject({
      files: ['runs/sapiens_2b/snapshot/31.pickle', 'runs/sapiens_2b/snapshot/31.json'],
      reason: 'retries',
      allocatedBytes: 10 * GiB,
      coversPeak: true,
      sites: [
        { site: 'models/vit.py:120 (forward)', bytes: 6 * GiB }, // cwd cut from file names
        { site: 'tools/train.py:41 (build_model)', bytes: 4 * GiB }
      ]
    })
    expect(first!.snapshotProblem).toBeNull()
    expect(second).toMatchObject({
      snapshotSummary: null,
      snapshotProblem: expect.stringContaining('outside')
    })
    expect(first).not.toHaveProperty('cwd')
  })

  it('says why a snapshot could not be summarised, and keeps the record', async () => {
    const resultDir = tempDir()
    mkdirSync(join(resultDir, 'probe'))
    const snapshot = {
      pickle: 'snapshot/9.pickle',
      json: 'snapshot/9.json',
      reason: 'oom',
      historyApi: '2.1',
      peakAllocatedBytes: null
    }
    writeFileSync(join(resultDir, 'probe', '9.json'), JSON.stringify({ ...record(9), snapshot }))
    const [only] = await summarizeProbeSnapshots(await readProbeRecords(resultDir), resultDir)
    expect(only).toMatchObject({
      pid: 9,
      snapshotSummary: null,
      snapshotProblem: expect.stringMatching(/^snapshot\/9\.json: ENOENT/)
    })
  })
})
