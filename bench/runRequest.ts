// RunRequest defaults for benchmarks: a model running `run` with the given GPUs.
import type { GpuInfo } from '../src/results.js'
import type { RunRequest } from '../src/measure/types.js'
import { scratchDir } from './fakeGpuMachine.js'

export function benchRequest(run: string, gpus: GpuInfo[], extra: Partial<RunRequest> = {}): RunRequest {
  return {
    model: {
      name: 'bench',
      run,
      cwd: null,
      env: {},
      passEnv: [],
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
    sampler: 'auto',
    intervalMs: 100,
    timeoutMs: 10 * 60_000,
    graceMs: 5000,
    releaseTimeoutMs: 30_000,
    capBytes: null,
    settleMs: null,
    minDurationMs: 0,
    ...extra
  }
}
