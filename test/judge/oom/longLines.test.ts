// Lines a pattern could backtrack on without end: long runs of digits, spaces and dots after the
// words that start a message. Before numbers were bounded (sizes.ts MAX_DIGITS) and the families'
// matchers stopped overlapping a number with its unit (`\d[\d.]*\s*\w+`), "Tried to allocate "
// and 200k digits took 20 s or more. The speed target is a ratio in `npm run bench` (OOM explainer,
// long lines); here the bound is generous, there to catch a quadratic pattern, not to time one.
import { describe, expect, it } from 'vitest'
import { classifyOom } from '../../../src/judge/oom/classifyOom.js'
import type { OomReport } from '../../../src/results.js'

const RUN = 200_000
const GENEROUS_MS = 2000

function classify(log: string): { report: OomReport; ms: number } {
  const start = performance.now()
  const report = classifyOom({ log, exitCode: null, signal: null, probeException: null, killedByGate: false })
  return { report, ms: performance.now() - start }
}

const digits = (n: number) => '7'.repeat(n)

describe('long runs in a log line are classified in linear time', () => {
  const cases: [string, string, OomReport['kind']][] = [
    ['"Tried to allocate " and 200k digits', `Tried to allocate ${digits(RUN)}`, 'not-oom'],
    [
      'a CUDA OOM whose size is 200k digits',
      `torch.OutOfMemoryError: CUDA out of memory. Tried to allocate ${digits(RUN)}`,
      'gpu-oom'
    ],
    [
      'a digit run before "is reserved by PyTorch but unallocated"',
      `CUDA out of memory. ${digits(RUN)} is reserved by PyTorch but unallocated`,
      'gpu-oom'
    ],
    [
      "a digit run before vLLM's KV cache clause",
      `ValueError: ${digits(RUN)} KV cache is needed, which is larger than the available KV cache memory (1.00 GiB)`,
      'gpu-oom'
    ],
    [
      'vLLM startup with a digit run for the device',
      `Free memory on device cuda:${digits(RUN)} (1/2 GiB)`,
      'not-oom'
    ],
    [
      'numpy with a digit run for the size',
      `Unable to allocate ${digits(RUN)} GiB for an array with shape (1,)`,
      'host-oom'
    ],
    ['a space run after "exit code"', `exit code${' '.repeat(RUN)}137`, 'host-oom'],
    ['digits and dots', `CUDA out of memory. Tried to allocate ${'1.'.repeat(RUN / 2)}`, 'gpu-oom']
  ]

  for (const [name, log, kind] of cases) {
    it(name, () => {
      const { report, ms } = classify(log)
      expect(report.kind).toBe(kind)
      // A number longer than any byte count is no size: unknown, never a guess from its last digits.
      expect(report.triedToAllocateBytes).toBeNull()
      expect(report.reservedBytes).toBeNull()
      expect(ms).toBeLessThan(GENEROUS_MS)
    })
  }
})

describe('a number is read whole or not at all', () => {
  it('does not read the tail of a digit run as a size', () => {
    const { report } = classify(
      `CUDA out of memory. Tried to allocate ${digits(30)} MiB. GPU 0 has a total capacity of ${digits(25)} GiB of which 1.00 GiB is free.`
    )
    expect(report).toMatchObject({ kind: 'gpu-oom', triedToAllocateBytes: null, totalCapacityBytes: null })
    expect(report.freeBytes).toBe(2 ** 30)
  })

  it('still reads ordinary sizes and integers', () => {
    const { report } = classify(
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 3 has a total capacity of 79.19 GiB of which 4.94 MiB is free.'
    )
    expect(report).toMatchObject({ gpuIndex: 3, triedToAllocateBytes: 20 * 2 ** 20 })
  })
})
