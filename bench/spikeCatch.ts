// The share of short allocation spikes whose peak the nvidia-smi sampler catches at 100 ms with
// the fake. Spike i raises the workload's GPU memory to a height of its own (base + i MiB) for its
// duration; it counts as caught when the sampler reported exactly that height.
import { NvidiaSmiSampler } from '../src/measure/nvidiaSmi/nvidiaSmiSampler.js'
import { discoverGpus } from '../src/measure/nvidiaSmi/discoverGpus.js'
import { ProcessTree } from '../src/measure/process/processTree.js'
import { startCommand } from '../src/measure/process/runCommand.js'
import type { Bench, BenchRow } from './benchRow.js'
import { scratchDir, workload } from './fakeGpuMachine.js'
import { join } from 'node:path'

const MIB = 1024 * 1024
const INTERVAL_MS = 100
const SPIKE_BASE_MIB = 8000

async function caughtShare(spikeMs: number, count: number): Promise<{ caught: number; count: number }> {
  const { gpus } = await discoverGpus()
  const seen = new Set<number>()
  const sampler = new NvidiaSmiSampler({
    gpus: gpus.slice(0, 1),
    intervalMs: INTERVAL_MS,
    onSample: s => seen.add(s.bytes)
  })
  if (!(await sampler.start()))
    throw new Error(`fake nvidia-smi did not start: ${sampler.outcome().notes.join('; ')}`)
  const log = join(scratchDir('spikes'), 'spikes.log')
  const spikes = { count, baseMiB: 1000, spikeMiB: SPIKE_BASE_MIB, spikeMs, gapMs: spikeMs, log }
  const started = await startCommand({
    run: workload([['spikes', spikes]]),
    cwd: process.cwd(),
    env: process.env
  })
  if (!started.ok) throw new Error(started.error)
  const tree = new ProcessTree(started.command.pid)
  sampler.attach(tree, started.command.startedAt)
  const ticker = setInterval(() => tree.refresh(), INTERVAL_MS)
  await started.command.exited
  clearInterval(ticker)
  await sampler.stopStreams()
  let caught = 0
  for (let i = 0; i < count; i++) if (seen.has((SPIKE_BASE_MIB + i) * MIB)) caught++
  return { caught, count }
}

export const spikeCatch: Bench = async () => {
  const rows: BenchRow[] = []
  for (const [spikeMs, count, target] of [
    [300, 40, true],
    [100, 40, false]
  ] as const) {
    const { caught } = await caughtShare(spikeMs, count)
    const share = caught / count
    rows.push({
      name: `${spikeMs} ms allocation spikes caught by nvidia-smi at ${INTERVAL_MS} ms`,
      value: `${(share * 100).toFixed(0)}% (${caught}/${count})`,
      target: target ? 'all, in principle (3 samples per spike)' : null,
      met: target ? share >= 0.95 : null,
      detail: target
        ? 'fake nvidia-smi -lms 100; 95% counts as met'
        : 'for context: one sample per spike at best'
    })
  }
  return rows
}
