// Four one-GPU models on a four-GPU runner: the wall time of running them in parallel against
// the wall time of the longest one alone (target <= 1.2x), and, for context, one after another
// on one GPU (about 4x). The models hold different amounts of fake GPU memory and wait as a
// smoke fine-tune waits on its GPU; their peaks are checked, so a fast but wrong run fails.
import type { Bench } from './benchRow.js'
import { workload } from './fakeGpuMachine.js'
import { runConfig, type ConfigRun } from './runConfig.js'

const RUN_MS = 8000
const SIZES_MIB = [4000, 3000, 2000, 1000]
const MIB = 1024 * 1024

const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`

function config(sizes: number[]): string {
  const models = sizes.map(
    (mib, i) =>
      `  - name: model_${i}\n    run: ${quoted(
        workload([
          ['gpu', mib],
          ['sleep', RUN_MS]
        ])
      )}`
  )
  return `gpu:\n  memory: 80GiB\nmeasure:\n  interval: 100ms\nmodels:\n${models.join('\n')}\n`
}

function check(run: ConfigRun, sizes: number[]): void {
  const peaks = run.results.map(r => [r.name, r.status, r.peakBytes])
  const expected = sizes.map((mib, i) => [`model_${i}`, 'ok', mib * MIB])
  const sorted = [...peaks].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
  if (JSON.stringify(sorted) !== JSON.stringify(expected))
    throw new Error(`parallel bench measured wrong: ${JSON.stringify(peaks)}`)
}

export const parallelGpus: Bench = async () => {
  const single = await runConfig(config(SIZES_MIB.slice(0, 1)), 4)
  check(single, SIZES_MIB.slice(0, 1))
  const parallel = await runConfig(config(SIZES_MIB), 4)
  check(parallel, SIZES_MIB)
  const sequential = await runConfig(config(SIZES_MIB), 1)
  check(sequential, SIZES_MIB)
  const ratio = parallel.wallMs / single.wallMs
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`
  return [
    {
      name: 'four 1-GPU models on four GPUs, wall time over the longest model alone',
      value: `${ratio.toFixed(2)}x`,
      target: '<= 1.2x',
      met: ratio <= 1.2,
      detail: `${seconds(parallel.wallMs)} in parallel, ${seconds(single.wallMs)} alone; each model holds 1000 to 4000 MiB for ${RUN_MS / 1000}s`
    },
    {
      name: 'the same four models one after another on one GPU, over the longest alone',
      value: `${(sequential.wallMs / single.wallMs).toFixed(2)}x`,
      target: null,
      met: null,
      detail: `${seconds(sequential.wallMs)}: what the parallel run saves`
    }
  ]
}
