// The gate's overhead when it measures host memory as the kernel charges it (issue 9 §2): each
// run in its own memory cgroup (the default where the runner allows, as here), and the PSS
// fallback, which reads smaps_rollup and the open files of every process at each sample. A
// host-only runner (no GPU), a four-process tree holding memory and sleeping; the same targets
// as the GPU benches: wall <= 3% over the bare command, gate CPU < 2% of one core.
import { spawn } from 'node:child_process'
import { measureModel } from '../src/measure/measureModel.js'
import type { Bench, BenchRow } from './benchRow.js'
import { workload, type Step } from './fakeGpuMachine.js'
import { benchRequest } from './runRequest.js'

const RUN_MS = 10_000

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000
const pct = (x: number) => `${(x * 100).toFixed(2)}%`

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

function tree(): string {
  const leaf: Step[] = [
    ['host', 50],
    ['sleep', RUN_MS]
  ]
  const spawnLeaf: Step = ['spawn', { steps: leaf, wait: false }]
  return workload([['host', 100], spawnLeaf, spawnLeaf, spawnLeaf, ['sleep', RUN_MS + 500]])
}

async function gated(run: string, hostMethod: 'auto' | 'pss') {
  let first: { cpu: NodeJS.CpuUsage; at: number } | null = null
  let last: { cpu: NodeJS.CpuUsage; at: number } | null = null
  const t0 = performance.now()
  const m = await measureModel(
    benchRequest(run, [], {
      settings: { hostMethod },
      onProgress: () => {
        const sample = { cpu: process.cpuUsage(), at: performance.now() }
        first ??= sample
        last = sample
      }
    })
  )
  const wall = performance.now() - t0
  if (m.exitCode !== 0 || m.peaks.hostRssBytes === null || !first || !last) {
    throw new Error(`gated run went wrong: exit ${m.exitCode}, ${m.notes.join('; ')}`)
  }
  const a = first as { cpu: NodeJS.CpuUsage; at: number }
  const b = last as { cpu: NodeJS.CpuUsage; at: number }
  return { wall, steady: (cpuMs(b.cpu) - cpuMs(a.cpu)) / (b.at - a.at), method: m.hostMethod }
}

export const hostMethods: Bench = async () => {
  const run = tree()
  const rows: BenchRow[] = []
  await gated(run, 'auto') // warm-up: V8 compiles the sampling path once
  for (const hostMethod of ['auto', 'pss'] as const) {
    // Alternate bare and gated so that a load trend hits both alike.
    const b1 = await bare(run)
    const g = await gated(run, hostMethod)
    const b2 = await bare(run)
    const overhead = g.wall / ((b1 + b2) / 2) - 1
    rows.push(
      {
        name: `wall-time overhead, host memory by ${g.method}`,
        value: pct(overhead),
        target: '<= 3%',
        met: overhead <= 0.03,
        detail: `gated ${(g.wall / 1000).toFixed(2)}s vs bare ${(b1 / 1000).toFixed(2)}s / ${(b2 / 1000).toFixed(2)}s, 4-process tree, no GPU`
      },
      {
        name: `gate CPU while sampling at 100 ms, host memory by ${g.method}`,
        value: `${pct(g.steady)} of one core`,
        target: '< 2% of one core',
        met: g.steady < 0.02,
        detail: 'steady state between the first and last progress report, 4-process tree, no GPU'
      }
    )
  }
  return rows
}
