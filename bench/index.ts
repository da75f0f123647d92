// npm run bench: the gate's overhead and sampling figures, measured in this one run and printed
// as ratios. Benchmarks use the fake nvidia-smi; a bench adds itself to BENCHES.
import type { Bench, BenchRow } from './benchRow.js'
import { earlyStop } from './earlyStop.js'
import { fixedCost } from './fixedCost.js'
import { useFakeGpus } from './fakeGpuMachine.js'
import { gateCpu } from './gateCpu.js'
import { historyPageLoad } from './historyPageLoad.js'
import { hostMethods } from './hostMethods.js'
import { logPath } from './logPath.js'
import { oomHeldOut } from './oomHeldOut.js'
import { oomLongLines } from './oomLongLines.js'
import { parallelGpus } from './parallelGpus.js'
import { probeRecording } from './probeRecording.js'
import { spikeCatch } from './spikeCatch.js'
import { traceFigures } from './traceFigures.js'
import { traceViT2b } from './traceViT2b.js'
import { wallOverhead } from './wallOverhead.js'

const BENCHES: [string, Bench][] = [
  ['wall-time overhead', wallOverhead],
  ['fixed cost per model', fixedCost],
  ['log path throughput', logPath],
  ['gate CPU', gateCpu],
  ['host memory by cgroup and PSS', hostMethods],
  ['spike catch', spikeCatch],
  ['parallel GPUs', parallelGpus],
  ['early stop', earlyStop],
  ['OOM explainer', oomHeldOut],
  ['OOM explainer on long lines', oomLongLines],
  ['probe recording (measure.snapshot)', probeRecording],
  ['trace of a 2B ViT', traceViT2b],
  ['trace vs public figures', traceFigures],
  ['history page at scale', historyPageLoad]
]

function print(row: BenchRow): void {
  const verdict = row.met === null ? '' : row.met ? '  [met]' : '  [MISSED]'
  const target = row.target ? ` (target ${row.target})` : ''
  console.log(`  ${row.name}: ${row.value}${target}${verdict}`)
  console.log(`      ${row.detail}`)
}

async function main(): Promise<void> {
  useFakeGpus(4)
  const rows: BenchRow[] = []
  // `npm run bench -- log fixed` runs only the benches whose name holds one of the words.
  const only = process.argv.slice(2)
  for (const [name, bench] of BENCHES) {
    if (only.length > 0 && !only.some(word => name.includes(word))) continue
    console.log(`${name}...`)
    const out = await bench()
    out.forEach(print)
    rows.push(...out)
  }
  const targets = rows.filter(r => r.met !== null)
  const missed = targets.filter(r => !r.met)
  console.log(`\n${targets.length - missed.length} of ${targets.length} targets met`)
}

await main()
