// Held-out real nvidia-smi failures: written before classifyNvidiaSmi existed and never used to
// tune it (about 20% of the real cases). Each is quoted from the linked public issue.
import { describe, expect, it } from 'vitest'
import { classifyNvidiaSmi } from '../../src/measure/nvidiaSmi/runnerHealth.js'

describe('classifyNvidiaSmi on held-out real outputs', () => {
  it('a version mismatch followed by the NVML library version line', () => {
    // https://github.com/tinygrad/open-gpu-kernel-modules/issues/47
    const out = 'Failed to initialize NVML: Driver/library version mismatch\nNVML library version: 570.124\n'
    const { error } = classifyNvidiaSmi({ exitCode: 18, stdout: out, stderr: '', timedOut: false })
    expect(error?.kind).toBe('driver-version-mismatch')
    expect(error?.fix).toMatch(/reboot/i)
  })

  it('a device handle error without a space before the bus id', () => {
    // https://github.com/pdbear/syno_nvidia_gpu_driver/issues/22
    const out = 'Unable to determine the device handle for GPU0000:07:00.0: Unknown Error\n'
    const { error } = classifyNvidiaSmi({ exitCode: 15, stdout: out, stderr: '', timedOut: false })
    expect(error?.kind).toBe('gpu-lost')
    expect(error?.message).toContain('0000:07:00.0')
  })

  it('the driver message with a typographic apostrophe', () => {
    // https://github.com/qixuema/envs/issues/4
    const out =
      'NVIDIA-SMI has failed because it couldn‘t communicate with the NVIDIA driver.\nMake sure that the latest NVIDIA driver is installed and running.\n'
    const { error } = classifyNvidiaSmi({ exitCode: 9, stdout: out, stderr: '', timedOut: false })
    expect(error?.kind).toBe('driver-not-loaded')
  })
})
