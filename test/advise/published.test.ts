import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { estimatePeak } from '../../src/advise/estimate.js'
import { EstimateSpecSchema } from '../../src/advise/spec.js'
import { DOCUMENTED_MAX_ERROR, MEASUREMENTS } from './published.js'

function estimated(m: (typeof MEASUREMENTS)[number]): number {
  const e = estimatePeak(EstimateSpecSchema.parse(m.spec))
  return m.quantity === 'device' ? e.totalBytes : e.reservedBytes
}

describe('published measurements', () => {
  it.each(MEASUREMENTS.map(m => [m.id, m] as const))('%s is within the documented error', (_id, m) => {
    const error = estimated(m) / m.measuredBytes - 1
    expect(Math.abs(error)).toBeLessThanOrEqual(DOCUMENTED_MAX_ERROR)
  })

  it('docs/estimator.md shows each row with the error the estimator has now', () => {
    const doc = readFileSync(new URL('../../docs/estimator.md', import.meta.url), 'utf8')
    for (const m of MEASUREMENTS) {
      const error = ((estimated(m) / m.measuredBytes - 1) * 100).toFixed(1)
      const row = doc.split('\n').find(line => line.includes(`\`${m.id}\``))
      expect(row, `a table row for ${m.id}`).toBeDefined()
      expect(row).toContain(`${error.startsWith('-') ? '' : '+'}${error}%`)
      expect(row).toContain(m.source)
    }
  })
})
