// The gate's fixed cost per model: an empty command (`true`) measured with the host sampler
// against the same command run bare, alternating so that the machine's load hits both alike.
// What a model costs before its command starts and after it ends (the memory cgroup, the
// watchdog, the first sample, the leftover check, the cgroup's removal), whatever the command.
import { spawn } from 'node:child_process'
import { measureModel } from '../src/measure/measureModel.js'
import type { Bench } from './benchRow.js'
import { benchRequest } from './runRequest.js'

const PAIRS = 9
const TARGET_MS = 50

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

async function gated(run: string): Promise<{ ms: number; hostMethod: string }> {
  const started = performance.now()
  const m = await measureModel(benchRequest(run, [], { settings: { sampler: 'host' }, sink: null }))
  const ms = performance.now() - started
  if (m.exitCode !== 0 || m.spawnError !== null) {
    throw new Error(`gated run went wrong: exit ${m.exitCode}, ${m.spawnError ?? m.notes.join('; ')}`)
  }
  return { ms, hostMethod: m.hostMethod }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export const fixedCost: Bench = async () => {
  const run = 'true'
  await gated(run) // warm-up: V8 compiles the path once, as it has for every model after the first
  const extra: number[] = []
  const bareMs: number[] = []
  let hostMethod = ''
  for (let i = 0; i < PAIRS; i++) {
    const [b, g] =
      i % 2 === 0
        ? [await bare(run), await gated(run)]
        : await gated(run).then(async g => [await bare(run), g] as const)
    extra.push(g.ms - b)
    bareMs.push(b)
    hostMethod = g.hostMethod
  }
  const cost = median(extra)
  return [
    {
      name: "the gate's fixed cost per model (empty command, host sampler)",
      value: `${cost.toFixed(0)} ms above the bare command`,
      target: `<= ${TARGET_MS} ms`,
      met: cost <= TARGET_MS,
      detail: `median of ${PAIRS} alternating pairs of \`${run}\` (bare median ${median(bareMs).toFixed(0)} ms; extra per pair ${extra.map(x => x.toFixed(0)).join(', ')} ms); host memory by ${hostMethod}`
    }
  ]
}
