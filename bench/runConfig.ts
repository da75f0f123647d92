// Runs every model of a config through the executor (measure/runModels.ts) the way the pipeline
// does, on the fake GPUs of this bench process, and times it.
import { writeFileSync } from 'node:fs'
import { totalmem } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../src/config/load.js'
import { discoverGpus } from '../src/measure/nvidiaSmi/discoverGpus.js'
import { runModels } from '../src/measure/runModels.js'
import { judgedRuns } from '../src/pipeline/measureAndJudge.js'
import { resolveMeasureSettings } from '../src/plan/measureSettings.js'
import { resolveTarget } from '../src/plan/resolveTarget.js'
import type { ModelResultInput } from '../src/results.js'
import { scratchDir } from './fakeGpuMachine.js'

export interface ConfigRun {
  wallMs: number
  results: ModelResultInput[]
}

/** `gpuCount`: how many of the fake runner's GPUs the gate may use (the first ones). */
export async function runConfig(yaml: string, gpuCount: number): Promise<ConfigRun> {
  const path = join(scratchDir('config'), 'oom-gate.yml')
  writeFileSync(path, yaml)
  const config = loadConfig(path)
  const gpus = (await discoverGpus()).gpus.slice(0, gpuCount)
  const target = resolveTarget(config, gpus, totalmem(), 'measure')
  const results: ModelResultInput[] = []
  const started = performance.now()
  await runModels(config.models, {
    ...judgedRuns({
      settings: resolveMeasureSettings(config.measure, target),
      target,
      outDir: scratchDir('out'),
      repoRoot: process.cwd(),
      env: { ...process.env },
      secrets: [],
      runnerName: null,
      log: () => {}
    }),
    target,
    gpus,
    log: () => {},
    onResult: ({ result }) => results.push(result),
    onNotStarted: () => {}
  })
  return { wallMs: performance.now() - started, results }
}
