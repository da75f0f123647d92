import { describe, expect, it } from 'vitest'
import { buildRunEnv } from '../../src/measure/process/runEnv.js'
import { planSamplers } from '../../src/measure/samplerPlan.js'
import { gpuInfo, uuidOf } from './helpers.js'

describe('buildRunEnv', () => {
  const base = { PATH: '/usr/bin', PYTHONPATH: '/user/lib', OOM_GATE_CAP_BYTES: '1' }

  it('sets the gate variables over the model env, and puts the probe first on PYTHONPATH', () => {
    const env = buildRunEnv({
      base,
      model: {
        name: 'vit_1b',
        env: { PATCH_SIZE: '16', OOM_GATE_MODEL: 'spoof', CUDA_VISIBLE_DEVICES: '7' }
      },
      resultDir: '/tmp/r',
      gpus: [gpuInfo(2), gpuInfo(3)],
      probe: { dir: '/probe', capBytes: 80 * 2 ** 30, intervalMs: 500 }
    })
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      PATCH_SIZE: '16',
      OOM_GATE_MODEL: 'vit_1b',
      OOM_GATE_RESULT_DIR: '/tmp/r',
      // UUIDs: position-independent, the card the gate measured whatever the CUDA order
      CUDA_VISIBLE_DEVICES: `${uuidOf(2)},${uuidOf(3)}`,
      CUDA_DEVICE_ORDER: 'PCI_BUS_ID',
      PYTHONPATH: '/probe:/user/lib',
      OOM_GATE_CAP_BYTES: String(80 * 2 ** 30),
      OOM_GATE_PROBE_INTERVAL_MS: '500',
      PYTHONUNBUFFERED: '1'
    })
  })

  it('leaves CUDA_VISIBLE_DEVICES alone without GPUs, and drops a stale cap and the probe without one', () => {
    const env = buildRunEnv({ base, model: { name: 'm', env: {} }, resultDir: '/r', gpus: [], probe: null })
    expect(env.CUDA_VISIBLE_DEVICES).toBeUndefined()
    expect(env.OOM_GATE_CAP_BYTES).toBeUndefined()
    expect(env.PYTHONPATH).toBe('/user/lib')
    const noPath = buildRunEnv({
      base: {},
      model: { name: 'm', env: { CUDA_DEVICE_ORDER: 'FASTEST_FIRST' } },
      resultDir: '/r',
      gpus: [gpuInfo(0)],
      probe: { dir: '/probe', capBytes: null, intervalMs: 1000 }
    })
    expect(noPath.PYTHONPATH).toBe('/probe')
    expect(noPath.CUDA_DEVICE_ORDER).toBe('FASTEST_FIRST')
    expect(noPath.OOM_GATE_CAP_BYTES).toBeUndefined()
  })
})

describe('planSamplers', () => {
  it('follows the sampler choice', () => {
    expect(planSamplers('auto', 1, null)).toMatchObject({ nvidiaSmi: true, probe: true })
    expect(planSamplers('auto', 0, null)).toMatchObject({ nvidiaSmi: false, probe: true })
    expect(planSamplers('nvidia-smi', 1, null)).toMatchObject({ nvidiaSmi: true, probe: false })
    expect(planSamplers('torch', 2, null)).toMatchObject({ nvidiaSmi: false, probe: true })
    expect(planSamplers('host', 1, null)).toMatchObject({ nvidiaSmi: false, probe: false })
  })

  it('loads the probe for a cap whatever the sampler, and says why', () => {
    const plan = planSamplers('host', 1, 1024)
    expect(plan.probe).toBe(true)
    expect(plan.notes.map(n => n.text).join()).toMatch(/cap/)
    expect(planSamplers('nvidia-smi', 0, null).notes).toEqual([
      { code: 'no-gpu-given', text: expect.stringMatching(/no GPU/) }
    ])
  })

  it('passes measure.snapshot and the limit to the probe; off without a setting, never a stale value', () => {
    const stale = { OOM_GATE_SNAPSHOT: 'always', OOM_GATE_LIMIT_BYTES: '5' }
    const on = buildRunEnv({
      base: stale,
      model: { name: 'm', env: {} },
      resultDir: '/r',
      gpus: [],
      probe: {
        dir: '/probe',
        capBytes: null,
        intervalMs: 500,
        snapshot: 'on-failure',
        limitBytes: 77 * 2 ** 30
      }
    })
    expect(on).toMatchObject({ OOM_GATE_SNAPSHOT: 'on-failure', OOM_GATE_LIMIT_BYTES: String(77 * 2 ** 30) })
    const unset = buildRunEnv({
      base: stale,
      model: { name: 'm', env: {} },
      resultDir: '/r',
      gpus: [],
      probe: { dir: '/probe', capBytes: null, intervalMs: 500 }
    })
    expect(unset.OOM_GATE_SNAPSHOT).toBe('off')
    expect(unset.OOM_GATE_LIMIT_BYTES).toBeUndefined()
    const noProbe = buildRunEnv({
      base: stale,
      model: { name: 'm', env: {} },
      resultDir: '/r',
      gpus: [],
      probe: null
    })
    expect(noProbe.OOM_GATE_SNAPSHOT).toBeUndefined()
  })
})
