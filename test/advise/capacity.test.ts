// Capacity by an exponential search and a bisection over traces: against a probe whose memory is
// linear in the batch, the boundary is exact and the number of traces bounded.
import { describe, expect, it } from 'vitest'
import { capacityLine, searchCapacity, type BatchProbe } from '../../src/advise/capacity.js'

const GIB = 2 ** 30
/** Fixed 10 GiB plus 3 GiB per sample. */
const linear =
  (calls: number[]): BatchProbe =>
  async batch => {
    calls.push(batch)
    return { ok: true, peakBytes: 10 * GIB + batch * 3 * GIB }
  }

describe('searchCapacity', () => {
  it('finds the exact largest batch for every limit, each batch traced once, in at most 2·log2(max)+2 traces', async () => {
    for (const start of [1, 2, 7, 64]) {
      for (let largest = 0; largest <= 40; largest++) {
        const calls: number[] = []
        const limit = 10 * GIB + largest * 3 * GIB + GIB // between batch `largest` and `largest + 1`
        const c = await searchCapacity(linear(calls), { startBatch: start, maxBatch: 64, limitBytes: limit })
        expect(c.largestBatch).toBe(largest)
        expect(c.smallestFailingBatch).toBe(largest + 1)
        expect(new Set(calls).size).toBe(calls.length)
        expect(c.traces).toBe(calls.length)
        expect(c.traces).toBeLessThanOrEqual(2 * Math.log2(64) + 2)
        if (largest > 0) expect(c.largestBatchPeakBytes).toBe(10 * GIB + largest * 3 * GIB)
      }
    }
  })

  it('reports every batch up to max-batch fitting, a failed trace, and the trace budget', async () => {
    const all = await searchCapacity(linear([]), { startBatch: 1, maxBatch: 16, limitBytes: 1000 * GIB })
    expect(all).toMatchObject({ largestBatch: 16, smallestFailingBatch: null, error: null, traces: 5 })
    expect(capacityLine(all)).toBe('every batch up to 16 fits')
    const broken: BatchProbe = async batch =>
      batch >= 4 ? { ok: false, message: 'exit 3' } : { ok: true, peakBytes: batch }
    const failed = await searchCapacity(broken, { startBatch: 1, maxBatch: 64, limitBytes: 100 })
    expect(failed).toMatchObject({ largestBatch: 2, smallestFailingBatch: null, error: 'batch 4: exit 3' })
    const capped = await searchCapacity(linear([]), {
      startBatch: 1,
      maxBatch: 1024,
      limitBytes: 10 * GIB + 300 * 3 * GIB + GIB,
      maxTraces: 4
    })
    expect(capped).toMatchObject({ largestBatch: 8, smallestFailingBatch: null, traces: 4 })
  })

  it('words it as people say it', async () => {
    const c = await searchCapacity(linear([]), {
      startBatch: 2,
      maxBatch: 256,
      limitBytes: 10 * GIB + 2 * 3 * GIB
    })
    expect(capacityLine(c)).toBe('batch 2 fits, 3 does not')
    const none = await searchCapacity(linear([]), { startBatch: 2, maxBatch: 256, limitBytes: GIB })
    expect(capacityLine(none)).toBe('batch 1 does not fit')
    expect(none.largestBatch).toBe(0)
  })
})
