// The release wait against the fake nvidia-smi: a failing nvidia-smi is "could not ask", said as
// such, never "not released within the timeout" (it did not wait).
import { afterEach, expect, it, vi } from 'vitest'
import { waitForGpuRelease } from '../../src/measure/nvidiaSmi/releaseWait.js'
import { FAKE_DIR, fakeState, uuidOf } from './helpers.js'

afterEach(() => vi.unstubAllEnvs())

it('a failing nvidia-smi returns at once with the error, not a release timeout', async () => {
  const state = fakeState([{}])
  vi.stubEnv('PATH', `${FAKE_DIR}:${process.env.PATH}`)
  vi.stubEnv('FAKE_NVIDIA_SMI_STATE', state.dir)
  vi.stubEnv('OOM_GATE_NVIDIA_SMI', '')
  state.knobs({ exitCode: 18 })
  const result = await waitForGpuRelease({
    ourPids: new Set([123]),
    gpus: [{ uuid: uuidOf(0), index: 0, baselineBytes: 0 }],
    checkDevice: true,
    timeoutMs: 60_000,
    pollMs: 100,
    queryTimeoutMs: 5000
  })
  expect(result.released).toBe(false)
  expect(result.waitedMs).toBeLessThan(10_000)
  expect(result.error).toMatch(/could not ask nvidia-smi: .*18/)
})
