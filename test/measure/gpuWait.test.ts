// The busy check before a model starts (measure/gpuWait.ts), against the fake nvidia-smi, for MIG:
// nvidia-smi lists a slice's processes, and counts their memory, on the parent GPU. The gate's own
// run on one slice must not make the other slice look busy; a stranger on the card still does.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it, vi } from 'vitest'
import { waitForIdleGpus } from '../../src/measure/gpuWait.js'
import { waitFor } from '../../src/measure/process/waitFor.js'
import { FAKE_DIR, fakeState, gpuInfo, WORKLOAD } from './helpers.js'

afterEach(() => vi.unstubAllEnvs())

const [A, B] = ['MIG-aaaaaaaa-2222-5333-8444-555555555555', 'MIG-bbbbbbbb-2222-5333-8444-555555555555']

it('two MIG slices of GPU 0: our run on slice A leaves slice B free; a stranger on the card makes it busy', async () => {
  const state = fakeState([{ mig: true, migDevices: [{ uuid: A }, { uuid: B }] }])
  vi.stubEnv('PATH', `${FAKE_DIR}:${process.env.PATH}`)
  vi.stubEnv('FAKE_NVIDIA_SMI_STATE', state.dir)
  vi.stubEnv('OOM_GATE_NVIDIA_SMI', '')
  // Our own run on slice A (a child of this process, as the gate's runs are): 4 GiB on GPU 0.
  const run = spawn(process.execPath, [WORKLOAD, JSON.stringify([['gpu', 4096], ['forever']])], {
    env: { ...process.env, CUDA_VISIBLE_DEVICES: A },
    stdio: 'ignore'
  })
  try {
    expect(await waitFor(() => existsSync(join(state.dir, 'procs', `${run.pid}.json`)), 20_000, 50)).toBe(
      true
    )
    const sliceB = { ...gpuInfo(0), cudaId: B }
    const options = { needed: 1, idleBytes: 1024 * 2 ** 20, waitMs: 0, explicit: false }
    const ours = await waitForIdleGpus([sliceB], options)
    expect(ours.runnerError).toBeNull()
    expect(ours.free).toEqual([sliceB])
    state.foreign(4242, gpuInfo(0).uuid!, 2048)
    const stranger = await waitForIdleGpus([sliceB], options)
    expect(stranger.free).toEqual([])
    expect(stranger.busy[0]?.why).toMatch(/another process holds memory on it \(pid 4242/)
  } finally {
    run.kill('SIGKILL')
  }
}, 30_000)
