// RunRequest and MeasureSettings defaults for benchmarks: a model running `run` with the given GPUs.
import type { GpuInfo } from '../src/results.js'
import type { RunRequest } from '../src/measure/types.js'
import type { MeasureSettings } from '../src/plan/measureSettings.js'
import { scratchDir } from './fakeGpuMachine.js'

/** The settings a gate resolves from the config (plan/measureSettings.ts), with bench defaults. */
export function benchSettings(extra: Partial<MeasureSettings> = {}): MeasureSettings {
  return {
    sampler: 'auto',
    intervalMs: 100,
    timeoutMs: 10 * 60_000,
    graceMs: 5000,
    releaseTimeoutMs: 30_000,
    settleMs: null,
    minDurationMs: 0,
    repeat: 1,
    snapshot: 'off',
    capBytes: null,
    limitBytes: null,
    hostMethod: 'auto',
    explicitGpus: false,
    gpuIdleBytes: 0,
    gpuWaitMs: 0,
    ...extra
  }
}

/** A RunRequest for `run` on `gpus`; `settings` are laid over benchSettings(). */
export function benchRequest(
  run: string,
  gpus: GpuInfo[],
  extra: Partial<Omit<RunRequest, 'settings'>> & { settings?: Partial<MeasureSettings> } = {}
): RunRequest {
  return {
    model: {
      name: 'bench',
      run,
      cwd: null,
      env: {},
      gpus: Math.max(1, gpus.length),
      expect: 'fit',
      timeoutMs: null,
      paths: null,
      regressionThreshold: null,
      estimate: null,
      trace: null,
      line: null
    },
    gpus,
    resultDir: scratchDir('result'),
    repoRoot: process.cwd(),
    env: { ...process.env },
    ...extra,
    settings: benchSettings(extra.settings)
  }
}
