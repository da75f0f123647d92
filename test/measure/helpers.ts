// Shared by the measure tests: the fake nvidia-smi on PATH with a fresh state directory,
// workload commands, and RunRequest and MeasureSettings defaults.
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { ModelConfig } from '../../src/config/schema.js'
import type { GpuInfo } from '../../src/results.js'
import type { RunRequest } from '../../src/measure/types.js'
import type { MeasureSettings } from '../../src/plan/measureSettings.js'
import { isRunning, readProcStat } from '../../src/measure/host/procStat.js'

export const FAKE_DIR = resolve(import.meta.dirname, '../fixtures/fake-nvidia-smi')
export const WORKLOAD = join(FAKE_DIR, 'workload.mjs')
export const MIB = 1024 * 1024

export type Step = [string, ...unknown[]]

/**
 * A shell-safe `node workload.mjs '<steps>'` command. A test that needs a GPU reading holds the
 * memory 800 ms (16 ticks at 50 ms): the fake's loop is a process a loaded machine can leave
 * unscheduled for a few hundred, and a hold of 200-300 ms then ends between two samples.
 */
export function workload(steps: Step[]): string {
  const json = JSON.stringify(steps).replace(/'/g, `'\\''`)
  return `node ${WORKLOAD} '${json}'`
}

export interface FakeGpu {
  uuid?: string
  name?: string
  totalMiB?: number
  reservedMiB?: number
  /** MIG mode enabled (mig.mode.current). */
  mig?: boolean
  /** MIG devices `nvidia-smi -L` lists under this GPU. */
  migDevices?: { uuid: string; profile?: string }[]
}

export interface FakeState {
  dir: string
  knobs(knobs: Record<string, unknown>): void
  /** A process that is not ours: static, its pid need not exist. */
  foreign(pid: number, uuid: string, usedMiB: number): void
}

export function fakeState(gpus: FakeGpu[] = [{}]): FakeState {
  const dir = mkdtempSync(join(tmpdir(), 'fake-smi-'))
  mkdirSync(join(dir, 'procs'))
  writeFileSync(join(dir, 'gpus.json'), JSON.stringify({ gpus }))
  return {
    dir,
    knobs: knobs => writeFileSync(join(dir, 'knobs.json'), JSON.stringify(knobs)),
    foreign: (pid, uuid, usedMiB) =>
      writeFileSync(
        join(dir, 'procs', `foreign-${pid}.json`),
        JSON.stringify({ pid, uuid, usedMiB, static: true })
      )
  }
}

export function uuidOf(index: number): string {
  return `GPU-00000000-0000-4000-8000-${String(index).padStart(12, '0')}`
}

export function gpuInfo(index: number, usedMiB = 0): GpuInfo {
  return {
    index,
    uuid: uuidOf(index),
    name: 'NVIDIA A800 80GB PCIe',
    memoryTotalBytes: 81920 * MIB,
    memoryUsedBytes: usedMiB * MIB,
    driver: '535.54.03'
  }
}

export function model(run: string, extra: Partial<ModelConfig> = {}): ModelConfig {
  return {
    name: 'smoke',
    run,
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
    line: null,
    ...extra
  }
}

/** The settings a gate resolves from the config (plan/measureSettings.ts), with test defaults. */
export function testSettings(extra: Partial<MeasureSettings> = {}): MeasureSettings {
  return {
    sampler: 'auto',
    intervalMs: 50,
    timeoutMs: 60_000,
    graceMs: 3000,
    releaseTimeoutMs: 10_000,
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

/** A RunRequest for `run`; `settings` are laid over testSettings(). */
export function request(
  run: string,
  extra: Partial<Omit<RunRequest, 'settings'>> & { settings?: Partial<MeasureSettings> } = {}
): RunRequest {
  const resultDir = mkdtempSync(join(tmpdir(), 'oom-gate-result-'))
  return {
    model: model(run),
    gpus: [],
    resultDir,
    repoRoot: process.cwd(),
    env: { ...process.env },
    ...extra,
    settings: testSettings(extra.settings)
  }
}

/** Live (not zombie) children of this test process: none may be left after a measurement. */
export function childrenOfThisProcess(): number[] {
  return readdirSync('/proc')
    .filter(e => /^\d+$/.test(e))
    .map(e => readProcStat(Number(e)))
    .filter(s => isRunning(s) && s.ppid === process.pid)
    .map(s => s?.pid as number)
}
