// The runner-health classifier on real nvidia-smi outputs quoted from public issues (each with its
// link), plus the status-only and unknown cases. More real cases, never tuned against, are in
// runnerHealth.heldout.test.ts.
import { describe, expect, it } from 'vitest'
import { classifyNvidiaSmi, runnerErrorInLine } from '../../src/measure/nvidiaSmi/runnerHealth.js'

const run = (exitCode: number | null, stdout: string, extra: { stderr?: string; timedOut?: boolean } = {}) =>
  classifyNvidiaSmi({
    exitCode,
    stdout,
    stderr: extra.stderr ?? '',
    timedOut: extra.timedOut ?? false,
    timeoutMs: 10_000
  })

describe('classifyNvidiaSmi on real outputs', () => {
  it('driver/library version mismatch (exit 18): reboot or reload the module', () => {
    // https://github.com/lyulyul/shine-cluster/issues/30
    const { error } = run(18, 'Failed to initialize NVML: Driver/library version mismatch\n')
    expect(error?.kind).toBe('driver-version-mismatch')
    expect(error?.message).toContain('"Failed to initialize NVML: Driver/library version mismatch"')
    expect(error?.fix).toMatch(/reboot the runner, or reload the NVIDIA kernel modules/)
    expect(error?.detail).toBe(
      'nvidia-smi exited with 18: Failed to initialize NVML: Driver/library version mismatch'
    )
  })

  it('cannot communicate with the driver (exit 9)', () => {
    // https://github.com/ci-for-research/self-hosted-runners/issues/40
    const out =
      "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n"
    const { error } = run(9, out)
    expect(error?.kind).toBe('driver-not-loaded')
    expect(error?.fix).toMatch(/rebuild the driver for the running kernel/)
  })

  it('no devices were found (exit 6)', () => {
    // https://github.com/JackHack96/dell-xps-9570-ubuntu-respin/issues/125
    const { error } = run(6, 'No devices were found\n')
    expect(error?.kind).toBe('no-devices')
  })

  it('a GPU whose device handle cannot be read (exit 15), and one that is lost', () => {
    // https://github.com/NVIDIA/open-gpu-kernel-modules/issues/387
    const handle = run(15, 'Unable to determine the device handle for GPU 0000:0B:00.0: Unknown Error\n')
    expect(handle.error?.kind).toBe('gpu-lost')
    expect(handle.error?.message).toMatch(/fallen off the bus/)
    expect(handle.error?.fix).toMatch(/^reboot the runner/)
    // https://github.com/JosephKJ/OWOD/issues/81
    const lost = run(
      15,
      'Unable to determine the device handle for GPU 0000:02:00.0: GPU is lost. Reboot the system to recover this GPU\n'
    )
    expect(lost.error?.kind).toBe('gpu-lost')
  })

  it('NVML unknown error: a container that lost the GPU', () => {
    // https://github.com/NVIDIA/nvidia-docker/issues/1671
    const { error } = run(255, 'Failed to initialize NVML: Unknown Error\n')
    expect(error?.kind).toBe('nvml-unknown-error')
    expect(error?.message).toMatch(/container/)
    expect(error?.fix).toMatch(/restart the job’s container/)
  })

  it('libnvidia-ml.so missing (exit 12)', () => {
    // https://github.com/NVIDIA/nvidia-docker/issues/1163
    const out =
      "NVIDIA-SMI couldn't find libnvidia-ml.so library in your system. Please make sure that the NVIDIA Display Driver is properly installed and present in your system.\nPlease also try adding directory that contains libnvidia-ml.so to your system PATH.\n"
    expect(run(12, out).error?.kind).toBe('nvml-library-missing')
  })

  it('an infoROM warning (exit 14) before valid rows is a warning, not an error', () => {
    // https://github.com/NVIDIA/gpu-operator/issues/20 (the line), exit 14 per microsoft/pai#3756
    const out =
      'WARNING: infoROM is corrupted at gpu 0000:B3:00.0\n0, GPU-5a1c, Quadro P4000, 8105, 701, 384.130\n'
    const verdict = run(14, out)
    expect(verdict.error).toBeNull()
    expect(verdict.warnings).toEqual(['WARNING: infoROM is corrupted at gpu 0000:B3:00.0'])
  })
})

describe('classifyNvidiaSmi by structure', () => {
  it('a run given up on is a hung driver, whatever it printed', () => {
    const { error } = run(null, '', { timedOut: true })
    expect(error?.kind).toBe('hung')
    expect(error?.message).toBe(
      'nvidia-smi did not answer within 10s: the NVIDIA driver is hung (its calls are stuck in the kernel)'
    )
  })

  it('a known message on stderr counts as much as on stdout', () => {
    expect(
      run(18, '', { stderr: 'Failed to initialize NVML: Driver/library version mismatch' }).error?.kind
    ).toBe('driver-version-mismatch')
  })

  it('a known exit status with an unknown message is that status’s kind', () => {
    expect(run(15, 'something new\n').error?.kind).toBe('gpu-lost')
    expect(run(18, '').error?.kind).toBe('driver-version-mismatch')
  })

  it('any other non-zero exit quotes its first line', () => {
    const { error } = run(4, 'Insufficient Permissions\nmore\n')
    expect(error?.kind).toBe('nvidia-smi-error')
    expect(error?.message).toBe('nvidia-smi exited with 4: "Insufficient Permissions"')
    expect(run(3, '').error?.message).toBe('nvidia-smi exited with 3 and printed nothing')
  })

  it('a loop that dies mid-run quotes its error, never the CSV rows it printed before', () => {
    const rows = [
      '435, GPU-00000000-0000-4000-8000-000000000000, 10000',
      '436, GPU-00000000-0000-4000-8000-000000000000, [N/A]',
      '0, GPU-00000000-0000-4000-8000-000000000000, NVIDIA A800 80GB PCIe, 81920, 10000, 535.54.03',
      'pid, gpu_uuid, used_gpu_memory [MiB]'
    ].join('\n')
    const { error } = run(4, `${rows}\nInsufficient Permissions\n`)
    expect(error?.message).toBe('nvidia-smi exited with 4: "Insufficient Permissions"')
    expect(error?.detail).toBe('nvidia-smi exited with 4: Insufficient Permissions')
    // On stderr (which comes after stdout) just the same.
    expect(run(4, rows, { stderr: 'Insufficient Permissions' }).error?.message).toBe(
      'nvidia-smi exited with 4: "Insufficient Permissions"'
    )
    expect(run(4, rows).error?.message).toBe('nvidia-smi exited with 4 and printed no error message')
  })

  it('exit 0 is fine', () => {
    expect(run(0, '0, GPU-1, A800, 81920, 0, 535.54.03\n')).toEqual({ error: null, warnings: [] })
  })

  it('finds an error line inside a sampling stream', () => {
    expect(
      runnerErrorInLine('Unable to determine the device handle for GPU 0000:3B:00.0: Unknown Error')?.kind
    ).toBe('gpu-lost')
    expect(runnerErrorInLine('12345, GPU-1, 100')).toBeNull()
  })
})
