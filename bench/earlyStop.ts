// Early stop: a run that reaches its peak within its first 10% and then plateaus, measured once
// to its end and once with measure.settle; the share of wall time saved (target >= 70%). Scaled
// down from a 20-minute smoke run with its peak at 2 minutes (10%) and settle 60s (5% of the
// run) to 20s, peak at 2s and settle 1.5s: the run has to pass its peak and hold it for the
// settle period, so the saving is at most 1 - (peak time + settle) / run time = 82.5%.
import type { Bench } from './benchRow.js'
import { workload, type Step } from './fakeGpuMachine.js'
import { runConfig, type ConfigRun } from './runConfig.js'

const RUN_MS = 20_000
const PEAK_MIB = 8000
const PEAK_AT_MS = RUN_MS / 10
/** Longer than the gaps between the ramp's steps (0.5 s), as settle must be; see README. */
const SETTLE = '1500ms'

const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`

/** Grows in five steps, 0.5 s apart, to its peak at PEAK_AT_MS, then holds it to RUN_MS. */
function config(settle: string | null): string {
  const steps = 5
  const ramp = Array.from({ length: steps }, (_, i) => [
    ['gpu', (PEAK_MIB * (i + 1)) / steps],
    ['sleep', i < steps - 1 ? PEAK_AT_MS / (steps - 1) : RUN_MS - PEAK_AT_MS]
  ]).flat() as Step[]
  const early = settle ? `  settle: ${settle}\n` : ''
  return `gpu:\n  memory: 80GiB\nmeasure:\n  interval: 100ms\n${early}models:\n  - name: plateau\n    run: ${quoted(workload(ramp))}\n`
}

function check(run: ConfigRun, stoppedEarly: boolean): void {
  const r = run.results[0]
  if (
    r?.status !== 'ok' ||
    r.peakBytes !== PEAK_MIB * 1024 * 1024 ||
    Boolean(r.stoppedEarly) !== stoppedEarly
  )
    throw new Error(`early-stop bench measured wrong: ${JSON.stringify(r)}`)
}

export const earlyStop: Bench = async () => {
  const full = await runConfig(config(null), 1)
  check(full, false)
  const early = await runConfig(config(SETTLE), 1)
  check(early, true)
  const saved = 1 - early.wallMs / full.wallMs
  return [
    {
      name: 'wall time saved by early stop on a run that peaks in its first 10%',
      value: `${(saved * 100).toFixed(0)}%`,
      target: '>= 70%',
      met: saved >= 0.7,
      detail: `${(early.wallMs / 1000).toFixed(1)}s with settle ${SETTLE} against ${(full.wallMs / 1000).toFixed(1)}s to the end; peak at ${PEAK_AT_MS / 1000}s of ${RUN_MS / 1000}s, same peak measured both ways`
    }
  ]
}
