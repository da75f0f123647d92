// What results.json holds while the gate runs and at a stop signal, read from one object.
import { describe, expect, it } from 'vitest'
import { PROVISIONAL_NOTE } from '../../src/judge/interruptedSoFar.js'
import { ResultsSoFar } from '../../src/pipeline/resultsSoFar.js'
import { ResultsSchema, type ResultsInput, type RunnerError } from '../../src/results.js'
import { GiB, modelConfig, modelResult, results } from '../support/builders.js'

const a = modelConfig({ name: 'a' })
const b = modelConfig({ name: 'b' })
const c = modelConfig({ name: 'c', expect: 'oom' })

function fresh(stopping: () => boolean = () => false) {
  const header: ResultsInput = {
    ...results([]),
    runner: { host: 'h', name: null, torchVersion: null, sampler: 'auto' },
    notes: ['first']
  }
  return new ResultsSoFar(header, [a, b, c], stopping)
}

describe('ResultsSoFar', () => {
  it('lists finished models in config order, whatever order they finished in', () => {
    const sofar = fresh()
    sofar.modelStarted(c)
    sofar.modelStarted(a)
    sofar.modelFinished({ result: modelResult({ name: 'c' }), torchVersion: '2.6.0' })
    sofar.modelFinished({ result: modelResult({ name: 'a' }), torchVersion: '2.5.1' })
    const now = sofar.snapshot()
    expect(now.models!.map(m => m.name)).toEqual(['a', 'c'])
    // The first torch version seen is the run's.
    expect(now.runner!.torchVersion).toBe('2.6.0')
  })

  it('leaves running models out until the gate is asked to stop', () => {
    const sofar = fresh()
    sofar.modelStarted(b)
    sofar.sample('b', { elapsedMs: 1200, peakBytes: 3 * GiB, source: 'nvidia-smi' })
    expect(sofar.snapshot().models).toEqual([])
  })

  it('at a stop signal, writes each running model as interrupted with its last reading', () => {
    let stopping = false
    const sofar = fresh(() => stopping)
    sofar.modelStarted(b)
    sofar.modelStarted(c)
    sofar.sample('b', { elapsedMs: 1000, peakBytes: 2 * GiB, source: 'nvidia-smi' })
    sofar.sample('b', { elapsedMs: 2400.4, peakBytes: 5 * GiB, source: 'nvidia-smi' })
    sofar.modelFinished({ result: modelResult({ name: 'a' }), torchVersion: null })
    stopping = true
    const atStop = ResultsSchema.parse(sofar.snapshot())
    expect(atStop.models.map(m => [m.name, m.status, m.interrupted ?? false])).toEqual([
      ['a', 'ok', false],
      ['b', 'failed', true],
      ['c', 'failed', true]
    ])
    const [, running, unread] = atStop.models
    expect(running).toMatchObject({ peakBytes: 5 * GiB, peakSource: 'nvidia-smi', durationMs: 2400 })
    expect(running!.notes).toContain(PROVISIONAL_NOTE)
    expect(unread).toMatchObject({ peakBytes: null, expect: 'oom', durationMs: null })
    // The final measurement replaces the provisional entry.
    sofar.modelFinished({ result: modelResult({ name: 'b', status: 'oom' }), torchVersion: null })
    expect(sofar.snapshot().models!.map(m => [m.name, m.status])).toEqual([
      ['a', 'ok'],
      ['b', 'oom'],
      ['c', 'failed']
    ])
  })

  it('keeps notes, the first runner error, and replaced verdicts', () => {
    const sofar = fresh()
    sofar.add(modelResult({ name: 'a' }))
    sofar.note('GPU 1 not used')
    const broken = (detail: string): RunnerError => ({
      kind: 'nvidia-smi-error',
      message: 'nvidia-smi failed',
      fix: 'fix the driver',
      detail
    })
    sofar.runnerError(broken('first'))
    sofar.runnerError(broken('second'))
    sofar.replace(modelResult({ name: 'a', status: 'at-risk' }))
    const now = sofar.snapshot()
    expect(now.notes).toEqual(['first', 'GPU 1 not used'])
    expect(now.runnerError).toMatchObject({ detail: 'first' })
    expect(sofar.result('a')!.status).toBe('at-risk')
    expect(now.models).toHaveLength(1)
  })
})
