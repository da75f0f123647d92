// The gate's own CPU while sampling at 100 ms (target < 2% of one core), from process.cpuUsage():
// over the whole measureModel call, and over the steady state between the first and the last
// progress report. The command is a three-process tree holding fake GPU memory and sleeping, so
// the figure is the sampler's, not contention's. nvidia-smi's own CPU is not the gate's and is
// not counted (the fake's would say nothing about the real one). A smoke run lasts minutes, so
// the figure that matters is after V8 has compiled the sampling path: one warm-up run comes
// first, and its own figure is printed beside the measured one.
import { discoverGpus } from '../src/measure/nvidiaSmi/discoverGpus.js'
import { measureModel } from '../src/measure/measureModel.js'
import type { Bench } from './benchRow.js'
import { workload, type Step } from './fakeGpuMachine.js'
import { benchRequest } from './runRequest.js'

const RUN_MS = 10_000

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000

export const gateCpu: Bench = async () => {
  const { gpus } = await discoverGpus()
  const warmUp = await measureOnce(gpus)
  const { steady, whole, wall, window, hostMethod } = await measureOnce(gpus)
  return [
    {
      name: 'gate CPU while sampling at 100 ms (steady state)',
      value: `${(steady * 100).toFixed(2)}% of one core`,
      target: '< 2% of one core',
      met: steady < 0.02,
      detail: `${(window / 1000).toFixed(1)}s between the first and last progress report, 3-process tree on 1 fake GPU, after one warm-up run (which read ${(warmUp.steady * 100).toFixed(2)}%); host memory by ${hostMethod}`
    },
    {
      name: 'gate CPU over the whole measureModel call',
      value: `${(whole * 100).toFixed(2)}% of one core`,
      target: null,
      met: null,
      detail: `${(wall / 1000).toFixed(1)}s including start (baseline queries, spawning the samplers) and the release check`
    }
  ]
}

async function measureOnce(gpus: Awaited<ReturnType<typeof discoverGpus>>['gpus']) {
  const grandchild: Step[] = [
    ['gpu', 500],
    ['sleep', RUN_MS]
  ]
  const child: Step[] = [
    ['gpu', 1000],
    ['spawn', { steps: grandchild, wait: true }]
  ]
  const run = workload([
    ['gpu', 2000],
    ['spawn', { steps: child, wait: true }]
  ])
  let first: { cpu: NodeJS.CpuUsage; at: number } | null = null
  let last: { cpu: NodeJS.CpuUsage; at: number } | null = null
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const m = await measureModel(
    benchRequest(run, gpus.slice(0, 1), {
      onProgress: () => {
        const sample = { cpu: process.cpuUsage(), at: performance.now() }
        first ??= sample
        last = sample
      }
    })
  )
  const wall = performance.now() - t0
  const whole = cpuMs(process.cpuUsage(cpu0)) / wall
  if (m.peaks.nvidiaSmiBytes !== 3500 * 1024 * 1024 || !first || !last) {
    throw new Error(`gated run went wrong: peak ${m.peaks.nvidiaSmiBytes}, ${m.notes.join('; ')}`)
  }
  const a = first as { cpu: NodeJS.CpuUsage; at: number }
  const b = last as { cpu: NodeJS.CpuUsage; at: number }
  const steady = (cpuMs(b.cpu) - cpuMs(a.cpu)) / (b.at - a.at)
  return { steady, whole, wall, window: b.at - a.at, hostMethod: m.hostMethod }
}
