// measure.snapshot's cost to the torch probe, measured here on a CPU-only torch with a fake one-GPU
// torch.cuda (bench/probe_recording.py): one probe sample with recording on (no dump) against off,
// one snapshot dump (pickle + JSON of a 20000-event trace), and the gate's summary of that JSON.
// What it cannot measure without a GPU: the slowdown of torch's allocator itself while recording
// history (a Python stack capture per cudaMalloc'd block request, in C++; PyTorch documents about
// 2 us per recorded allocation in _record_memory_history's docstring).
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { summarizeSnapshot } from '../src/judge/snapshot/summarizeSnapshot.js'
import { findTorchPython } from '../src/measure/probe/findPython.js'
import { probeDir } from '../src/measure/probe/location.js'
import type { Bench } from './benchRow.js'
import { scratchDir } from './fakeGpuMachine.js'

interface ProbeCost {
  mode: string
  history: string | null
  sampleUs: number
  dumpMs: number | null
  buildMs: number | null
  sizes: { pickle: number; json: number; jsonPath: string } | null
  entries: number
}

const script = fileURLToPath(new URL('./probe_recording.py', import.meta.url))

function probeCost(python: string, mode: string): Promise<ProbeCost> {
  const env = {
    ...process.env,
    PYTHONPATH: probeDir(),
    OOM_GATE_RESULT_DIR: scratchDir('probe-recording'),
    OOM_GATE_SNAPSHOT: mode,
    OOM_GATE_PROBE_INTERVAL_MS: '3600000'
  }
  return new Promise((resolve, reject) => {
    const child = spawn(python, [script], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('error', reject)
    child.on('close', code =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ProbeCost)
        : reject(new Error(`exit ${code}`))
    )
  })
}

const MiB = 2 ** 20

export const probeRecording: Bench = async () => {
  const python = findTorchPython()?.python
  if (!python) {
    return [
      {
        name: 'probe recording',
        value: 'not measured',
        target: null,
        met: null,
        detail: 'no Python with torch on this machine'
      }
    ]
  }
  // Alternate the modes so that load on this machine hits both alike; keep the medians.
  const off: number[] = []
  const on: ProbeCost[] = []
  for (let i = 0; i < 3; i++) {
    off.push((await probeCost(python, 'off')).sampleUs)
    on.push(await probeCost(python, 'on-failure'))
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const offUs = median(off)
  const onUs = median(on.map(c => c.sampleUs))
  const ratio = onUs / offUs
  const last = on.at(-1)!
  const dumpMs = median(on.map(c => c.dumpMs ?? 0))
  const buildMs = median(on.map(c => c.buildMs ?? 0))
  const json = readFileSync(last.sizes!.jsonPath, 'utf8')
  const started = performance.now()
  const summary = summarizeSnapshot(JSON.parse(json))
  const summarizeMs = performance.now() - started
  if (!summary.ok) throw new Error(summary.error)
  return [
    {
      name: 'probe sample, measure.snapshot on-failure / off',
      value: `${ratio.toFixed(2)}x (${onUs.toFixed(1)} us vs ${offUs.toFixed(1)} us per sample)`,
      target: '<= 1.10x: recording adds nothing to sampling until a dump',
      met: ratio <= 1.1,
      detail:
        "fake torch.cuda on CPU torch: the probe thread's own work per sample (memory_stats with ~120 keys, the record); not the allocator's recording cost on a GPU"
    },
    {
      name: 'snapshot dump',
      value: `${(dumpMs - buildMs).toFixed(0)} ms to write, ${(last.sizes!.pickle / MiB).toFixed(1)} MiB pickle + ${(last.sizes!.json / MiB).toFixed(1)} MiB JSON`,
      target: null,
      met: null,
      detail: `${last.entries} trace events with 12 Python frames each (the default max_entries); building the synthetic snapshot took ${buildMs.toFixed(0)} ms more (torch's own _snapshot() is not measured). A dump holds the GIL: on-failure dumps once or twice per run, always at most 20 times`
    },
    {
      name: 'snapshot summary (gate side)',
      value: `${summarizeMs.toFixed(0)} ms`,
      target: null,
      met: null,
      detail: `JSON.parse + replay + sites of the ${(last.sizes!.json / MiB).toFixed(1)} MiB JSON above, in this Node process`
    }
  ]
}
