// OOM explainer on long lines: the time per character to classify a line of 200k digits after
// "Tried to allocate ", against that of a 2k-digit line. Linear patterns keep the ratio near 1; a
// pattern that backtracks quadratically makes it about 100 (the 200k line took 20 s before the
// numbers in src/judge/oom/ were bounded).
import { classifyOom } from '../src/judge/oom/classifyOom.js'
import type { Bench } from './benchRow.js'

const SHORT = 2_000
const LONG = 200_000
const PREFIXES = ['Tried to allocate ', 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate ']

/** Milliseconds per character to classify `prefix` + `digits` digits, best of `rounds` batches. */
function msPerChar(prefix: string, digits: number, repeats: number, rounds = 3): number {
  const log = prefix + '7'.repeat(digits)
  let best = Infinity
  for (let r = 0; r < rounds; r++) {
    const start = performance.now()
    for (let i = 0; i < repeats; i++) {
      classifyOom({ log, exitCode: null, signal: null, probeException: null, killedByGate: false })
    }
    best = Math.min(best, (performance.now() - start) / repeats)
  }
  return best / log.length
}

export const oomLongLines: Bench = async () => {
  const ratios = PREFIXES.map(prefix => msPerChar(prefix, LONG, 2) / msPerChar(prefix, SHORT, 200))
  const worst = Math.max(...ratios)
  return [
    {
      name: 'OOM explainer, long lines (time per char, 200k vs 2k digits)',
      value: `${worst.toFixed(1)}x`,
      target: '<= 3x',
      met: worst <= 3,
      detail: `worst of ${PREFIXES.map((p, i) => `"${p.trim()}" ${ratios[i]!.toFixed(1)}x`).join(', ')}; a quadratic pattern gives ~100x`
    }
  ]
}
