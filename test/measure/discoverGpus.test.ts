import { afterEach, describe, expect, it, vi } from 'vitest'
import { discoverGpus } from '../../src/measure/nvidiaSmi/discoverGpus.js'
import { queryComputeApps } from '../../src/measure/nvidiaSmi/nvidiaSmiQueries.js'
import { FAKE_DIR, fakeState, MIB, uuidOf, type FakeGpu } from './helpers.js'

afterEach(() => {
  vi.unstubAllEnvs()
})

function useFake(
  gpus: FakeGpu[] = [{}, { name: 'NVIDIA H100 80GB HBM3', totalMiB: 81559, reservedMiB: 512 }]
) {
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
        driver: '535.54.03',
        mig: false
      },
      {
        index: 1,
        uuid: uuidOf(1),
        name: 'NVIDIA H100 80GB HBM3',
        memoryTotalBytes: 81559 * MIB,
        memoryUsedBytes: 512 * MIB,
        driver: '535.54.03',
        mig: false
      }
    ])
    expect(found.absent).toBe(false)
    expect(found.runnerError).toBeNull()
  })

  it('reads MIG mode and says a partitioned card gives slices', async () => {
    useFake([{ name: 'NVIDIA A100-SXM4-80GB', mig: true }, {}])
    const found = await discoverGpus()
    expect(found.gpus.map(g => g.mig)).toEqual([true, false])
    expect(found.notes).toEqual([
      {
        code: 'mig-enabled',
        text: 'GPU 0 is partitioned (MIG mode enabled): runs get a slice of it, not its whole memory'
      }
    ])
  })

  it('keeps the rows after a warning line (infoROM, exit 14) and notes the warning', async () => {
    const state = useFake()
    // The line as nvidia-smi prints it: https://github.com/NVIDIA/gpu-operator/issues/20
    state.knobs({ warning: 'WARNING: infoROM is corrupted at gpu 0000:3B:00.0' })
    const found = await discoverGpus()
    expect(found.runnerError).toBeNull()
    expect(found.gpus.map(g => g.index)).toEqual([0, 1])
    expect(found.notes).toEqual([
      {
        code: 'nvidia-smi-warned',
        text: 'nvidia-smi warned "WARNING: infoROM is corrupted at gpu 0000:3B:00.0"; its rows were used'
      }
    ])
  })

  it('an absent nvidia-smi is no GPU runner, not a broken one', async () => {
    vi.stubEnv('OOM_GATE_NVIDIA_SMI', '/nonexistent/nvidia-smi')
    const found = await discoverGpus()
    expect(found.gpus).toEqual([])
    expect(found.driver).toBeNull()
    expect(found.absent).toBe(true)
    expect(found.runnerError).toBeNull()
    expect(found.notes.map(n => n.text).join()).toMatch(/not found/)
  })

  it('a failing, empty or hung nvidia-smi is a runner error of its kind', async () => {
    const state = useFake()
    state.knobs({ exitCode: 18 })
    const mismatch = await discoverGpus()
    expect(mismatch).toMatchObject({
      gpus: [],
      absent: false,
      runnerError: { kind: 'driver-version-mismatch' }
    })
    expect(mismatch.notes.map(n => n.text).join()).toMatch(/exited with 18: Failed to initialize NVML/)
    // https://github.com/NVIDIA/open-gpu-kernel-modules/issues/387
    state.knobs({
      exitCode: 15,
      errorText: 'Unable to determine the device handle for GPU 0000:0B:00.0: Unknown Error'
    })
    expect((await discoverGpus()).runnerError?.kind).toBe('gpu-lost')
    state.knobs({ exitCode: 3, errorText: 'Something nobody has seen before' })
    expect((await discoverGpus()).runnerError?.message).toBe(
      'nvidia-smi exited with 3: "Something nobody has seen before"'
    )
    state.knobs({ hang: true })
    const started = Date.now()
    const hung = await discoverGpus({ timeoutMs: 1500 })
    expect(hung.gpus).toEqual([])
    expect(hung.runnerError?.kind).toBe('hung')
    expect(hung.notes.map(n => n.text).join()).toMatch(/did not answer within 1500 ms/)
    expect(Date.now() - started).toBeLessThan(10_000)
    state.knobs({ garbage: true })
    expect((await discoverGpus()).gpus.map(g => g.index)).toEqual([0, 1])
    const none = useFake([])
    const empty = await discoverGpus()
    expect(empty.notes.map(n => n.text).join()).toMatch(/exited with 6: No devices were found/)
    expect(empty.gpus).toEqual([])
    expect(empty.runnerError?.kind).toBe('no-devices')
    none.knobs({})
  })
})

describe('queryComputeApps', () => {
  it('lists compute processes, [N/A] memory as null', async () => {
    const state = useFake()
    state.foreign(4242, uuidOf(1), 700)
    expect(await queryComputeApps()).toEqual({
      ok: true,
      value: [{ pid: 4242, gpuUuid: uuidOf(1), usedBytes: 700 * MIB }],
      warnings: []
    })
    state.knobs({ usedMemory: 'not-supported' })
    expect(await queryComputeApps()).toEqual({
      ok: true,
      value: [{ pid: 4242, gpuUuid: uuidOf(1), usedBytes: null }],
      warnings: []
    })
    state.knobs({ usedMemory: 'insufficient' })
    expect(await queryComputeApps()).toMatchObject({ value: [{ pid: 4242, usedBytes: null }] })
  })
})
