import { describe, expect, it } from 'vitest'
import { resolveMeasureSettings, runTimeoutMs } from '../../src/plan/measureSettings.js'
import { resolveTarget } from '../../src/plan/resolveTarget.js'
import type { GpuInfo } from '../../src/results.js'
import { config, GiB, MiB } from '../support/builders.js'

const card = (memoryTotalBytes: number): GpuInfo => ({
  index: 0,
  uuid: 'GPU-0',
  name: 'NVIDIA A800 80GB PCIe',
  memoryTotalBytes,
  memoryUsedBytes: 0,
  driver: '535.54.03'
})

describe('resolveMeasureSettings: the config and the target, once, for every run', () => {
  const file = config(`gpu: {memory: 40GiB, headroom: 1GiB}
measure:
  sampler: torch
  interval: 250ms
  timeout: 20m
  grace: 7s
  release-timeout: 45s
  settle: 2m
  min-duration: 30s
  repeat: 3
  snapshot: on-failure
  gpus: [0]
  gpu-idle: 600MiB
  gpu-wait: 90s
models:
  - {name: a, run: x}
  - {name: b, run: x, timeout: 5m}
`)

  it('carries every measure.* key in ms and bytes, with the cap and limit of the target', () => {
    const target = resolveTarget(file, [card(80 * GiB)], 64 * GiB, 'measure')
    expect(resolveMeasureSettings(file.measure, target)).toEqual({
      sampler: 'torch',
      intervalMs: 250,
      timeoutMs: 20 * 60_000,
      graceMs: 7000,
      releaseTimeoutMs: 45_000,
      settleMs: 120_000,
      minDurationMs: 30_000,
      repeat: 3,
      snapshot: 'on-failure',
      capBytes: target.capBytes,
      limitBytes: 39 * GiB,
      hostMethod: 'auto',
      explicitGpus: true,
      gpuIdleBytes: 600 * MiB,
      gpuWaitMs: 90_000
    })
    expect(target.capBytes).toBeGreaterThan(0)
  })

  it('measures host memory with the host sampler whatever measure.sampler says', () => {
    const target = resolveTarget(file, [], 64 * GiB, 'measure')
    expect(target.measures).toBe('host')
    expect(resolveMeasureSettings(file.measure, target)).toMatchObject({ sampler: 'host', capBytes: null })
  })

  it('without measure.gpus the GPUs in use by others are left out (not explicit)', () => {
    const plain = config(`gpu: {memory: 80GiB}\nmodels:\n  - {name: a, run: x}\n`)
    const target = resolveTarget(plain, [card(80 * GiB)], 64 * GiB, 'measure')
    expect(resolveMeasureSettings(plain.measure, target)).toMatchObject({
      sampler: 'auto',
      explicitGpus: false,
      settleMs: null,
      repeat: 1,
      snapshot: 'on-failure'
    })
  })

  it("a model's own timeout wins over measure.timeout", () => {
    const settings = resolveMeasureSettings(file.measure, resolveTarget(file, [], 64 * GiB, 'measure'))
    const [a, b] = file.models
    expect(runTimeoutMs(settings, a!)).toBe(20 * 60_000)
    expect(runTimeoutMs(settings, b!)).toBe(5 * 60_000)
  })
})
