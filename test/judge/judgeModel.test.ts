import { describe, expect, it } from 'vitest'
import { choosePeak } from '../../src/judge/choosePeak.js'
import { failingModels, gateOf } from '../../src/judge/gate.js'
import { judgeModel } from '../../src/judge/judgeModel.js'
import { ModelResultSchema } from '../../src/results.js'
import { GiB, measurement, modelConfig, modelResult } from '../support/builders.js'

const target = { memoryBytes: 80 * GiB, limitBytes: 83322365542 }
const judge = (m = measurement(), model = modelConfig()) =>
  ModelResultSchema.parse(judgeModel(model, m, target))

describe('choosePeak (contract 3: what the card sees)', () => {
  const peaks = {
    nvidiaSmiBytes: 71 * GiB,
    torchReservedBytes: 69 * GiB,
    torchAllocatedBytes: 65 * GiB,
    hostRssBytes: 9 * GiB
  }

  it('prefers nvidia-smi per-process memory', () => {
    expect(choosePeak(measurement({ peaks }))).toMatchObject({
      peakBytes: 71 * GiB,
      peakSource: 'nvidia-smi'
    })
  })
  it('falls back to device memory.used minus the baseline', () => {
    const m = measurement({ peaks: { ...peaks, nvidiaSmiBytes: null, deviceUsedDeltaBytes: 70 * GiB } })
    expect(choosePeak(m)).toMatchObject({ peakBytes: 70 * GiB, peakSource: 'nvidia-smi-device' })
  })
  it('takes the larger when one GPU was attributed and another fell back to its device delta', () => {
    const m = measurement({ peaks: { ...peaks, nvidiaSmiBytes: 30 * GiB, deviceUsedDeltaBytes: 70 * GiB } })
    expect(choosePeak(m)).toMatchObject({ peakBytes: 70 * GiB, peakSource: 'nvidia-smi-device' })
    const lower = measurement({ peaks: { ...peaks, deviceUsedDeltaBytes: 20 * GiB } })
    expect(choosePeak(lower)).toMatchObject({ peakBytes: 71 * GiB, peakSource: 'nvidia-smi' })
  })
  it('adds the measured CUDA context to torch reserved, without other processes', () => {
    const m = measurement({
      peaks: { ...peaks, nvidiaSmiBytes: null },
      gpus: [{ index: 0, uuid: 'GPU-0', peakBytes: null, baselineBytes: 2 * GiB }],
      probes: [
        {
          pid: 10,
          torchVersion: '2.1.0',
          devices: {
            '0': {
              maxAllocatedBytes: 65 * GiB,
              maxReservedBytes: 69 * GiB,
              totalBytes: 80 * GiB,
              usedBeyondReservedBytes: 2.5 * GiB
            }
          },
          capFraction: null,
          exception: null,
          final: true
        }
      ]
    })
    expect(choosePeak(m)).toMatchObject({ peakBytes: 69.5 * GiB, peakSource: 'torch', notes: [] })
  })
  it('says so when the context could not be measured', () => {
    const m = measurement({ peaks: { ...peaks, nvidiaSmiBytes: null } })
    const chosen = choosePeak(m)
    expect(chosen).toMatchObject({ peakBytes: 69 * GiB, peakSource: 'torch' })
    expect(chosen.notes[0]).toMatch(/CUDA context .* not included/)
  })
  it('uses host RSS without a GPU, and null (never 0) when nothing was read', () => {
    const host = {
      nvidiaSmiBytes: null,
      torchReservedBytes: null,
      torchAllocatedBytes: null,
      hostRssBytes: 3 * GiB
    }
    expect(choosePeak(measurement({ peaks: host }))).toMatchObject({ peakBytes: 3 * GiB, peakSource: 'host' })
    expect(choosePeak(measurement())).toMatchObject({ peakBytes: null, peakSource: null })
  })
})

describe('judgeModel (contract 2)', () => {
  const gpuPeaks = (bytes: number) => ({
    nvidiaSmiBytes: bytes,
    torchReservedBytes: null,
    torchAllocatedBytes: null,
    hostRssBytes: GiB
  })

  it('ok at or below memory minus headroom, at-risk above it', () => {
    expect(judge(measurement({ peaks: gpuPeaks(83322365542) })).status).toBe('ok')
    expect(judge(measurement({ peaks: gpuPeaks(83322365543) })).status).toBe('at-risk')
  })

  it('classifies a CUDA OOM from the log', () => {
    const r = judge(
      measurement({
        exitCode: 1,
        peaks: gpuPeaks(79 * GiB),
        logTail: [
          'Traceback (most recent call last):',
          'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.30 GiB. GPU 0 has a total capacity of 79.15 GiB of which 406.00 MiB is free. Including non-PyTorch memory, this process has 78.74 GiB memory in use. Of the allocated memory 76.88 GiB is allocated by PyTorch, and 1.37 GiB is reserved by PyTorch but unallocated.'
        ]
      })
    )
    expect(r.status).toBe('oom')
    expect(r.oom).toMatchObject({ kind: 'gpu-oom', gpuIndex: 0, triedToAllocateBytes: Math.round(2.3 * GiB) })
  })

  it('a kernel OOM kill (SIGKILL not sent by the gate) is a host OOM', () => {
    const r = judge(measurement({ exitCode: null, signal: 'SIGKILL' }))
    expect(r.status).toBe('oom')
    expect(r.oom?.kind).toBe('host-oom')
  })

  it('timeout, interruption, spawn errors and other failures', () => {
    expect(judge(measurement({ exitCode: null, signal: 'SIGKILL', timedOut: true })).status).toBe('timeout')
    expect(judge(measurement({ exitCode: null, signal: 'SIGTERM', interrupted: true }))).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/interrupted/)
    })
    expect(judge(measurement({ exitCode: null, spawnError: 'cwd seg does not exist' }))).toMatchObject({
      status: 'failed',
      reason: 'cwd seg does not exist'
    })
    const crash = judge(measurement({ exitCode: 1, logTail: ['ValueError: bad config'] }))
    expect(crash).toMatchObject({ status: 'failed', reason: 'exited with code 1', oom: null })
  })

  it('an early stop counts as finished', () => {
    const r = judge(
      measurement({
        exitCode: null,
        signal: 'SIGINT',
        stoppedEarly: true,
        peakAtMs: 5_000,
        peaks: gpuPeaks(60 * GiB)
      })
    )
    expect(r).toMatchObject({ status: 'ok', stoppedEarly: true })
  })

  it('keeps every peak and the unknowns as null', () => {
    const r = judge(measurement({ peaks: gpuPeaks(10 * GiB) }))
    expect(r.peaks).toEqual({
      nvidiaSmiBytes: 10 * GiB,
      torchReservedBytes: null,
      torchAllocatedBytes: null,
      hostRssBytes: GiB
    })
  })
})

describe('the gate', () => {
  it('fails on a model that expects to fit and does not', () => {
    for (const status of ['oom', 'at-risk', 'failed', 'timeout'] as const) {
      expect(gateOf([modelResult(), modelResult({ name: 'sapiens_2b', status })])).toBe('fail')
    }
    expect(gateOf([modelResult(), modelResult({ name: 'x', status: 'skipped' })])).toBe('pass')
  })
  it('a known OOM (expect: oom) is reported but does not fail', () => {
    expect(gateOf([modelResult({ status: 'oom', expect: 'oom' })])).toBe('pass')
    expect(gateOf([modelResult({ status: 'ok', expect: 'oom' })])).toBe('pass')
  })
  it('a refused model (fork without approval) fails', () => {
    expect(
      failingModels([modelResult({ status: 'skipped', refused: true, reason: 'fork PR without approval' })])
    ).toEqual(['sapiens_1b: not run: fork PR without approval'])
  })
  it('a regression above the threshold fails', () => {
    const baseline = { commit: 'b'.repeat(40), peakBytes: 60 * GiB, deltaRatio: 0.1, regressed: true }
    expect(failingModels([modelResult({ baseline })])).toEqual([
      'sapiens_1b: peak memory regressed by 10.0% over bbbbbbb'
    ])
  })
})
