// Small builders for the data that flows between stages, so tests state only what matters.
import { parseConfig } from '../../src/config/load.js'
import type { Config, ModelConfig } from '../../src/config/schema.js'
import type { Measurement } from '../../src/measurement.js'
import {
  ModelResultSchema,
  ResultsSchema,
  type ModelResult,
  type ModelResultInput,
  type Results,
  type ResultsInput
} from '../../src/results.js'

export const GiB = 2 ** 30
export const MiB = 2 ** 20
export const gib = (n: number) => Math.round(n * GiB)

export function config(yaml: string): Config {
  return parseConfig(yaml, '.github/oom-gate.yml')
}

export function modelConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return {
    name: 'sapiens_1b',
    run: 'true',
    cwd: null,
    env: {},
    passEnv: [],
    gpus: 1,
    expect: 'fit',
    timeoutMs: null,
    paths: null,
    regressionThreshold: null,
    estimate: null,
    trace: null,
    line: 3,
    ...overrides
  }
}

export function measurement(overrides: Partial<Measurement> = {}): Measurement {
  return {
    name: 'sapiens_1b',
    exitCode: 0,
    signal: null,
    durationMs: 84_000,
    timedOut: false,
    interrupted: false,
    stoppedEarly: false,
    timeoutMs: 20 * 60_000,
    hostMethod: 'pss',
    kernelOomKills: null,
    kernelOomSource: null,
    peakAtMs: 40_000,
    peaks: { nvidiaSmiBytes: null, torchReservedBytes: null, torchAllocatedBytes: null, hostRssBytes: null },
    gpus: [],
    logTail: [],
    probes: [],
    notes: [],
    spawnError: null,
    ...overrides
  }
}

export function modelResult(overrides: Partial<ModelResultInput> = {}): ModelResult {
  return ModelResultSchema.parse({
    name: 'sapiens_1b',
    status: 'ok',
    peakBytes: 71 * GiB,
    peakSource: 'nvidia-smi',
    peaks: {
      nvidiaSmiBytes: 71 * GiB,
      torchReservedBytes: null,
      torchAllocatedBytes: null,
      hostRssBytes: 9 * GiB
    },
    durationMs: 84_000,
    exitCode: 0,
    oom: null,
    baseline: null,
    ...overrides
  })
}

export function results(models: ModelResult[], overrides: Partial<ResultsInput> = {}): Results {
  return ResultsSchema.parse({
    schemaVersion: 1,
    gate: 'pass',
    commit: 'a'.repeat(40),
    gpu: { name: 'NVIDIA A800 80GB PCIe', memoryBytes: 80 * GiB, driver: '535.54.03' },
    target: { memoryBytes: 80 * GiB, limitBytes: 83322365542, measures: 'gpu' },
    models,
    ...overrides
  })
}
