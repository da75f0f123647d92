// A fake GPU machine for benchmarks: the fake nvidia-smi first on PATH with a fresh state
// directory, and commands for its workload script (see test/fixtures/fake-nvidia-smi/).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const FAKE_DIR = resolve(import.meta.dirname, '../test/fixtures/fake-nvidia-smi')
const WORKLOAD = join(FAKE_DIR, 'workload.mjs')

export type Step = [string, ...unknown[]]

/** Puts the fake on this process's PATH (the gate runs nvidia-smi from there) with `gpuCount` cards. */
export function useFakeGpus(gpuCount: number): { stateDir: string } {
  const stateDir = mkdtempSync(join(tmpdir(), 'oom-gate-bench-'))
  mkdirSync(join(stateDir, 'procs'))
  writeFileSync(
    join(stateDir, 'gpus.json'),
    JSON.stringify({ gpus: Array.from({ length: gpuCount }, () => ({})) })
  )
  process.env.PATH = `${FAKE_DIR}:${process.env.PATH}`
  process.env.FAKE_NVIDIA_SMI_STATE = stateDir
  return { stateDir }
}

/** A shell-safe command running the workload script with these steps. */
export function workload(steps: Step[]): string {
  return `node ${WORKLOAD} '${JSON.stringify(steps).replace(/'/g, `'\\''`)}'`
}

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `oom-gate-bench-${prefix}-`))
}
