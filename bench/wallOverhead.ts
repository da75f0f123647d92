// The gate's wall-time overhead over running the same smoke command bare (target <= 3%).
// The command is CPU-bound (one core busy, as a training loop keeps its main thread busy) and
// holds fake GPU memory, so sampling has rows to attribute; runs alternate bare/gated so that
// drift in machine load hits both alike.
import { spawn } from 'node:child_process'
import { discoverGpus } from '../src/measure/discoverGpus.js'
import { measureModel } from '../src/measure/measureModel.js'
import type { Bench } from './benchRow.js'
import { workload } from './fakeGpuMachine.js'
import { benchRequest } from './runRequest.js'

const TARGET_MS = 15_000
const PAIRS = 3

function bare(run: string): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', run], { stdio: 'ignore' })
    child.on('error', reject)
    child.on('exit', code =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`exit ${code}`))
    )
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const pct = (x: number) => `${(x * 100).toFixed(2)}%`

export const wallOverhead: Bench = async () => {
  const { gpus } = await discoverGpus()
  const calibrationUnits = 2000
  const perUnit = (await bare(workload([['work', calibrationUnits]]))) / calibrationUnits
  const run = workload([
    ['gpu', 3000],
    ['host', 200],
    ['work', Math.round(TARGET_MS / perUnit)]
  ])
  const gated = async () => {
    const started = performance.now()
    const m = await measureModel(benchRequest(run, gpus.slice(0, 1)))
    const total = performance.now() - started
    if (m.exitCode !== 0 || m.peaks.nvidiaSmiBytes !== 3000 * 1024 * 1024) {
      throw new Error(
        `gated run went wrong: exit ${m.exitCode}, peak ${m.peaks.nvidiaSmiBytes}, ${m.notes.join('; ')}`
      )
    }
    return { total, fixed: total - m.durationMs }
  }
  const ratios: number[] = []
  const fixed: number[] = []
  const bareMs: number[] = []
  for (let i = 0; i < PAIRS; i++) {
    // Alternate the order within pairs so that a load trend does not favour one side.
    const [b, g] =
      i % 2 === 0
        ? [await bare(run), await gated()]
        : await gated().then(async g => [await bare(run), g] as const)
    ratios.push(g.total / b - 1)
    fixed.push(g.fixed)
    bareMs.push(b)
  }
  const ratio = median(ratios)
  return [
    {
      name: 'wall-time overhead of the gate over the bare command',
      value: pct(ratio),
      target: '<= 3%',
      met: ratio <= 0.03,
      detail:
        `median of ${PAIRS} bare/gated pairs of a ~${(median(bareMs) / 1000).toFixed(0)}s CPU-bound command ` +
        `(pairs: ${ratios.map(pct).join(', ')}); of the gated time, a median ${Math.round(median(fixed))} ms is spent ` +
        'before the start and after the exit (nvidia-smi baseline and loop start, release check: the fake starts as slowly as node)'
    }
  ]
}
