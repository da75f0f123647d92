// The gate's wall-time overhead over running the same smoke command bare (target <= 3%).
// The command holds fake GPU and host memory and mostly waits, as a smoke fine-tune waits on its
// GPU: CPU-bound filler would measure the load other jobs put on this machine, not the gate (the
// gate's own CPU has its own bench). Runs alternate bare/gated so that drift hits both alike.
import { spawn } from 'node:child_process'
import { discoverGpus } from '../src/measure/nvidiaSmi/discoverGpus.js'
import { measureModel } from '../src/measure/measureModel.js'
import type { Bench } from './benchRow.js'
import { workload } from './fakeGpuMachine.js'
import { benchRequest } from './runRequest.js'

const COMMAND_MS = 20_000
const PAIRS = 2

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

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length / 2
  return Number.isInteger(mid)
    ? ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
    : (sorted[Math.floor(mid)] as number)
}
const pct = (x: number) => `${(x * 100).toFixed(2)}%`

export const wallOverhead: Bench = async () => {
  const { gpus } = await discoverGpus()
  const run = workload([
    ['gpu', 3000],
    ['host', 200],
    ['sleep', COMMAND_MS]
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
    hostMethod = m.hostMethod
    return { total, fixed: total - m.durationMs }
  }
  let hostMethod = ''
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
        `median of ${PAIRS} bare/gated pairs of a ${(median(bareMs) / 1000).toFixed(1)}s command ` +
        `(pairs: ${ratios.map(pct).join(', ')}); of the gated time, a median ${Math.round(median(fixed))} ms is spent ` +
        'before the start and after the exit (nvidia-smi baseline and loop start, release check: the fake starts as slowly as node); ' +
        `host memory by ${hostMethod}`
    }
  ]
}
