import { afterEach, describe, expect, it, vi } from 'vitest'
import { discoverGpus } from '../../src/measure/discoverGpus.js'
import { queryComputeApps } from '../../src/measure/nvidiaSmiQueries.js'
import { FAKE_DIR, fakeState, MIB, uuidOf } from './helpers.js'

afterEach(() => {
  vi.unstubAllEnvs()
})

function useFake(gpus = [{}, { name: 'NVIDIA H100 80GB HBM3', totalMiB: 81559, reservedMiB: 512 }]) {
  const state = fakeState(gpus)
  vi.stubEnv('PATH', `${FAKE_DIR}:${process.env.PATH}`)
  vi.stubEnv('FAKE_NVIDIA_SMI_STATE', state.dir)
  return state
}

describe('discoverGpus', () => {
  it('lists the cards with memory in bytes and the driver', async () => {
    useFake()
    const found = await discoverGpus()
    expect(found.notes).toEqual([])
    expect(found.driver).toBe('535.54.03')
    expect(found.gpus).toEqual([
      {
        index: 0,
        uuid: uuidOf(0),
        name: 'NVIDIA A800 80GB PCIe',
        memoryTotalBytes: 81920 * MIB,
        memoryUsedBytes: 0,
        driver: '535.54.03'
      },
      {
        index: 1,
        uuid: uuidOf(1),
        name: 'NVIDIA H100 80GB HBM3',
        memoryTotalBytes: 81559 * MIB,
        memoryUsedBytes: 512 * MIB,
        driver: '535.54.03'
      }
    ])
  })

  it('returns [] with a note when nvidia-smi is missing', async () => {
    vi.stubEnv('OOM_GATE_NVIDIA_SMI', '/nonexistent/nvidia-smi')
    const found = await discoverGpus()
    expect(found.gpus).toEqual([])
    expect(found.driver).toBeNull()
    expect(found.notes.join()).toMatch(/not found/)
  })

  it('returns [] when nvidia-smi fails, finds no device, hangs or prints garbage', async () => {
    const state = useFake()
    state.knobs({ exitCode: 9 })
    expect((await discoverGpus()).notes.join()).toMatch(/exited with 9: Failed to initialize NVML/)
    state.knobs({ hang: true })
    const started = Date.now()
    const hung = await discoverGpus({ timeoutMs: 1500 })
    expect(hung.gpus).toEqual([])
    expect(hung.notes.join()).toMatch(/did not answer within 1500 ms/)
    expect(Date.now() - started).toBeLessThan(10_000)
    state.knobs({ garbage: true })
    expect((await discoverGpus()).gpus.map(g => g.index)).toEqual([0, 1])
    const none = useFake([])
    expect((await discoverGpus()).notes.join()).toMatch(/exited with 6: No devices were found/)
    expect((await discoverGpus()).gpus).toEqual([])
    none.knobs({})
  })
})

describe('queryComputeApps', () => {
  it('lists compute processes, [N/A] memory as null', async () => {
    const state = useFake()
    state.foreign(4242, uuidOf(1), 700)
    expect(await queryComputeApps()).toEqual({
      ok: true,
      value: [{ pid: 4242, gpuUuid: uuidOf(1), usedBytes: 700 * MIB }]
    })
    state.knobs({ usedMemory: 'not-supported' })
    expect(await queryComputeApps()).toEqual({
      ok: true,
      value: [{ pid: 4242, gpuUuid: uuidOf(1), usedBytes: null }]
    })
  })
})
