// A fake multi-GPU runner for the scale tests: the fake nvidia-smi on PATH with N cards, configs
// written to disk, and runModels driven the way the pipeline drives it.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { vi } from 'vitest'
import { loadConfig, UsageError } from '../../src/config/load.js'
import type { Config } from '../../src/config/schema.js'
import { formatBytes } from '../../src/config/units.js'
import { discoverGpus } from '../../src/measure/nvidiaSmi/discoverGpus.js'
import { runModels, type RunModelsOptions } from '../../src/measure/runModels.js'
import { runPipeline } from '../../src/pipeline.js'
import { judgedRuns } from '../../src/pipeline/measureAndJudge.js'
import { waitFor } from '../../src/measure/process/waitFor.js'
import { resolveMeasureSettings } from '../../src/plan/measureSettings.js'
import { resolveTarget } from '../../src/plan/resolveTarget.js'
import type { ModelResultInput } from '../../src/results.js'
import { FAKE_DIR, fakeState, MIB, type FakeState } from '../measure/helpers.js'

export const tmp = (prefix = 'scale-') => mkdtempSync(join(tmpdir(), prefix))

/** The fake nvidia-smi first on PATH with `count` idle A800 cards; undo with vi.unstubAllEnvs(). */
export function fakeRunner(count: number): FakeState {
  const state = fakeState(Array.from({ length: count }, () => ({})))
  vi.stubEnv('PATH', `${FAKE_DIR}:${process.env.PATH}`)
  vi.stubEnv('FAKE_NVIDIA_SMI_STATE', state.dir)
  return state
}

/** Writes a config file into a fresh directory; returns its path. */
export function writeConfig(yaml: string, dir = tmp('scale-config-')): string {
  const path = join(dir, 'oom-gate.yml')
  writeFileSync(path, yaml)
  return path
}

/** A YAML-safe single-quoted scalar. */
export const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`

export interface Executed {
  config: Config
  results: ModelResultInput[]
  /** Everything runModels logged, with group markers as `::group::title` / `::endgroup::`. */
  lines: string[]
  notes: string[]
  notStarted: string[]
}

/** Options of runModels, plus the pipeline's progress throttle. */
export type ExecuteOptions = Partial<RunModelsOptions> & { progressEveryMs?: number }

/** runModels over every model of the config, on the GPUs the fake runner offers (or measure.gpus). */
export async function execute(configPath: string, extra: ExecuteOptions = {}): Promise<Executed> {
  const config = loadConfig(configPath)
  const { gpus } = await discoverGpus()
  const wanted = config.measure.gpus
  const allowed = wanted === null ? gpus : gpus.filter(g => wanted.includes(g.index))
  const target = resolveTarget(config, allowed, totalmem(), 'measure')
  const out: Executed = { config, results: [], lines: [], notes: [], notStarted: [] }
  const log = extra.log ?? ((line: string) => out.lines.push(line))
  await runModels(config.models, {
    ...judgedRuns({
      settings: resolveMeasureSettings(config.measure, target),
      target,
      outDir: tmp('scale-out-'),
      repoRoot: process.cwd(),
      env: { ...process.env },
      secrets: [],
      runnerName: null,
      log,
      progressEveryMs: extra.progressEveryMs
    }),
    target,
    gpus: allowed,
    log,
    onResult: ({ result }) => out.results.push(result),
    onNotStarted: m => out.notStarted.push(m.name),
    onNote: note => out.notes.push(note.text),
    ...extra
  })
  return out
}

export function resultOf(executed: Executed, name: string): ModelResultInput {
  const found = executed.results.find(r => r.name === name)
  if (!found) throw new Error(`no result for ${name}: ${executed.lines.join('\n')}`)
  return found
}

/** Groups as the Actions log shows them: markers interleaved with the lines, in order. */
export function recordingGroups(lines: string[]): NonNullable<RunModelsOptions['logGroups']> {
  return {
    start: title => lines.push(`::group::${title}`),
    end: () => lines.push('::endgroup::')
  }
}

/**
 * Runs the config while a barrier holds every workload: `dir/go` is created only once every
 * model of `seen` has started and the gate has seen its full memory (name -> MiB) in a progress
 * line. Sequential runs would never get there. `groups`: record log group markers among the lines.
 */
export async function behindBarrier(
  configPath: string,
  dir: string,
  seen: Record<string, number>,
  options: { groups?: boolean; extra?: ExecuteOptions } = {}
): Promise<{ executed: Executed; allAtOnce: boolean }> {
  const lines: string[] = []
  const running = execute(configPath, {
    log: line => lines.push(line),
    progressEveryMs: 1,
    ...(options.groups ? { logGroups: recordingGroups(lines) } : {}),
    ...options.extra
  })
  const allAtOnce = await waitFor(
    () =>
      Object.entries(seen).every(([name, mib]) =>
        lines.some(l => l.startsWith(`  ${name}: `) && l.endsWith(`peak ${formatBytes(mib * MIB)}`))
      ),
    60_000,
    50
  )
  writeFileSync(join(dir, 'go'), '')
  const executed = await running
  return { executed: { ...executed, lines }, allAtOnce }
}

/** The whole pipeline (as `oom-gate run` drives it) on a config file, from this checkout, quietly. */
export function runGate(
  configPath: string,
  outDir = tmp(),
  modelFilters: string[] = [],
  log: (line: string) => void = () => {}
) {
  return runPipeline({
    configPath,
    modelFilters,
    outDir,
    estimateOnly: false,
    repoRoot: process.cwd(),
    env: { ...process.env },
    secrets: [],
    commit: 'a'.repeat(40),
    runnerName: null,
    log
  })
}

/** The one-line problems of the config or usage error `promise` must reject with. */
export async function usageProblems(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise
  } catch (error) {
    if (error instanceof UsageError) return error.problems
    throw error
  }
  throw new Error('expected a config error')
}
