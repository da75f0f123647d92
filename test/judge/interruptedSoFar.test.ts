// The entry written at the first stop signal for a model still running (break report 2, item 6).
import { describe, expect, it } from 'vitest'
import { gateOf } from '../../src/judge/gate.js'
import { interruptedSoFar, PROVISIONAL_NOTE } from '../../src/judge/interruptedSoFar.js'
import { ModelResultSchema } from '../../src/results.js'
import { GiB } from '../support/builders.js'

const model = { name: 'sapiens_1b', expect: 'fit' as const }

describe('interruptedSoFar', () => {
  it('keeps the peak so far under its own source, failed and interrupted', () => {
    const smi = ModelResultSchema.parse(
      interruptedSoFar(model, { elapsedMs: 4200, peakBytes: 68 * GiB, source: 'nvidia-smi' })
    )
    expect(smi).toMatchObject({
      status: 'failed',
      interrupted: true,
      peakBytes: 68 * GiB,
      peakSource: 'nvidia-smi',
      durationMs: 4200,
      notes: [PROVISIONAL_NOTE]
    })
    expect(smi.peaks).toMatchObject({ nvidiaSmiBytes: 68 * GiB, hostRssBytes: null })
    const device = interruptedSoFar(model, { elapsedMs: 1, peakBytes: GiB, source: 'nvidia-smi-device' })
    expect(device.peaks).toMatchObject({ nvidiaSmiBytes: null, deviceUsedDeltaBytes: GiB })
    expect(gateOf([smi])).toBe('fail')
    // An expected OOM that was cut short is not the OOM it expected.
    expect(gateOf([ModelResultSchema.parse(interruptedSoFar({ ...model, expect: 'oom' }, null))])).toBe(
      'fail'
    )
  })

  it('is null, never 0, when nothing was read yet', () => {
    const none = ModelResultSchema.parse(interruptedSoFar(model, null))
    expect(none).toMatchObject({ peakBytes: null, peakSource: null, durationMs: null })
    expect(Object.values(none.peaks).every(v => v === null || v === undefined)).toBe(true)
    const noPeak = interruptedSoFar(model, { elapsedMs: 50, peakBytes: null, source: 'host' })
    expect(noPeak).toMatchObject({ peakBytes: null, peakSource: null, durationMs: 50 })
  })
})
