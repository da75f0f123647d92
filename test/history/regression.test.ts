// Comparison with a baseline: bytes and ratio, thresholds, noise from measure.repeat, new and
// removed models, and the alert findings of a push against the previous history entry.
import { describe, expect, it } from 'vitest'
import { failingModels } from '../../src/judge/gate.js'
import {
  alertFindings,
  applyBaseline,
  compareModel,
  compareWithBaseline,
  thresholdsOf
} from '../../src/judge/regression.js'
import { renderReport } from '../../src/report/renderReport.js'
import { config, GiB, MiB, modelResult, results } from '../support/builders.js'
import { note } from '../../src/notes.js'

const BASE = 'b'.repeat(40)
const cfg = config(`
regression:
  threshold: 5%
models:
  - name: sapiens_1b
    run: "true"
  - name: sapiens_2b
    run: "true"
    regression-threshold: 1%
  - name: sapiens_0_3b
    run: "true"
`)
const thresholds = thresholdsOf(cfg)
const ok = (peak: number, spread?: number) => ({
  status: 'ok' as const,
  peakBytes: peak,
  spreadBytes: spread ?? null
})

describe('compareModel', () => {
  it('reports the change in bytes and as a ratio of the base, flagged above the threshold', () => {
    const c = compareModel(ok(80 * GiB), ok(76 * GiB), 0.05, BASE)
    expect(c).toMatchObject({ commit: BASE, peakBytes: 76 * GiB, deltaBytes: 4 * GiB, change: 'compared' })
    expect(c.deltaRatio).toBeCloseTo(4 / 76, 10)
    expect(c.regressed).toBe(true)
    expect(c.thresholdRatio).toBe(0.05)
  })

  it('does not flag a growth at or below the threshold', () => {
    expect(compareModel(ok(105 * GiB), ok(100 * GiB), 0.05, BASE).regressed).toBe(false)
    expect(compareModel(ok(105 * GiB + 1), ok(100 * GiB), 0.05, BASE).regressed).toBe(true)
  })

  it('shows improvements without flagging them', () => {
    const c = compareModel(ok(60 * GiB), ok(70 * GiB), 0.05, BASE)
    expect(c).toMatchObject({ deltaBytes: -10 * GiB, regressed: false, change: 'compared' })
    expect(c.deltaRatio).toBeCloseTo(-1 / 7, 10)
  })

  it('never flags a change no larger than the spread recorded on either side (noise)', () => {
    // +8% would be a regression, but the head's repeats varied by 7 GiB.
    const head = compareModel(ok(108 * GiB, 8 * GiB), ok(100 * GiB), 0.05, BASE)
    expect(head).toMatchObject({
      change: 'noise',
      regressed: false,
      deltaBytes: 8 * GiB,
      spreadBytes: 8 * GiB
    })
    const base = compareModel(ok(108 * GiB), ok(100 * GiB, 9 * GiB), 0.05, BASE)
    expect(base).toMatchObject({ change: 'noise', regressed: false, spreadBytes: 9 * GiB })
    // Beyond the spread it counts again.
    const beyond = compareModel(ok(108 * GiB, 2 * GiB), ok(100 * GiB, 1 * GiB), 0.05, BASE)
    expect(beyond).toMatchObject({ change: 'compared', regressed: true, spreadBytes: 2 * GiB })
  })

  it('compares only finished measurements of the same kind', () => {
    const oom = { status: 'oom' as const, peakBytes: 79 * GiB }
    expect(compareModel(oom, ok(70 * GiB), 0.05, BASE)).toMatchObject({
      change: 'unknown',
      regressed: false,
      deltaBytes: null
    })
    expect(compareModel(ok(70 * GiB), oom, 0.05, BASE)).toMatchObject({ change: 'unknown', regressed: false })
    const estimate = { ...ok(90 * GiB), estimated: true }
    expect(compareModel(estimate, ok(70 * GiB), 0.05, BASE)).toMatchObject({
      change: 'unknown',
      regressed: false
    })
  })
})

describe('a base measured by another source or on another card (contract 6)', () => {
  const onCard = (name: string) => ({ gpuName: name, host: null, runner: null })

  it('shows host vs GPU memory, never compares it, and does not fail the gate', () => {
    const head = results([
      modelResult({
        name: 'sapiens_1b',
        peakBytes: 75 * GiB,
        peakSource: 'nvidia-smi',
        measuredOn: onCard('NVIDIA A800 80GB PCIe')
      })
    ])
    const base = results([modelResult({ name: 'sapiens_1b', peakBytes: 9 * GiB, peakSource: 'host' })], {
      commit: BASE
    })
    const out = applyBaseline(head, { commit: BASE, distance: 0, results: base }, cfg)
    expect(out.models[0]!.baseline).toMatchObject({
      change: 'unknown',
      regressed: false,
      peakBytes: 9 * GiB,
      deltaBytes: null,
      reason: 'the base measured host memory and this run GPU memory: shown, not compared'
    })
    expect(out.gate).toBe('pass')
    expect(renderReport(out)).toContain(
      '| 9.00 GiB | not compared: the base measured host memory and this run GPU memory: shown, not compared |'
    )
  })

  it('shows a peak from another card model, never compares it', () => {
    const head = modelResult({ peakBytes: 75 * GiB, measuredOn: onCard('NVIDIA H100 80GB HBM3') })
    const base = modelResult({ peakBytes: 60 * GiB, measuredOn: onCard('NVIDIA A800 80GB PCIe') })
    expect(compareModel(head, base, 0.05, BASE)).toMatchObject({
      change: 'unknown',
      regressed: false,
      reason:
        'the base was measured on NVIDIA A800 80GB PCIe and this run on NVIDIA H100 80GB HBM3: shown, not compared'
    })
  })

  it('shows a peak from another source or host method, never compares it (contract 6)', () => {
    // Torch reserved + context and nvidia-smi read different quantities, even on the same card.
    const card = onCard('NVIDIA A800 80GB PCIe')
    const base = modelResult({ peakBytes: 60 * GiB, peakSource: 'nvidia-smi', measuredOn: card })
    const torch = modelResult({ peakBytes: 75 * GiB, peakSource: 'torch', measuredOn: card })
    expect(compareModel(torch, base, 0.05, BASE)).toMatchObject({
      change: 'unknown',
      regressed: false,
      deltaBytes: null,
      reason:
        "the base's peak was measured by nvidia-smi (per process) and this run's by the torch probe (reserved + context): shown, not compared"
    })
    const device = modelResult({ peakBytes: 75 * GiB, peakSource: 'nvidia-smi-device', measuredOn: card })
    expect(compareModel(device, base, 0.05, BASE)).toMatchObject({ change: 'unknown', regressed: false })
    const sameSource = modelResult({ peakBytes: 75 * GiB, peakSource: 'nvidia-smi', measuredOn: card })
    expect(compareModel(sameSource, base, 0.05, BASE)).toMatchObject({ change: 'compared', regressed: true })

    const host = (hostMethod: 'cgroup-v1' | 'pss' | undefined, peakBytes: number) =>
      modelResult({
        peakBytes,
        peakSource: 'host',
        peaks: {
          nvidiaSmiBytes: null,
          torchReservedBytes: null,
          torchAllocatedBytes: null,
          hostRssBytes: peakBytes,
          ...(hostMethod ? { hostMethod } : {})
        }
      })
    expect(compareModel(host('cgroup-v1', 3 * GiB), host('pss', 2 * GiB), 0.05, BASE)).toMatchObject({
      change: 'unknown',
      regressed: false,
      reason:
        "the base's peak was measured by host memory (PSS) and this run's by host memory (memory cgroup v1): shown, not compared"
    })
    expect(compareModel(host('pss', 3 * GiB), host('pss', 2 * GiB), 0.05, BASE)).toMatchObject({
      change: 'compared',
      regressed: true
    })
    // An older base that did not record its host method: compared as host memory.
    expect(compareModel(host('pss', 3 * GiB), host(undefined, 2 * GiB), 0.05, BASE)).toMatchObject({
      change: 'compared'
    })
  })
})

describe('compareWithBaseline', () => {
  const head = results(
    [
      modelResult({ name: 'sapiens_1b', peakBytes: 72 * GiB }),
      modelResult({ name: 'sapiens_2b', peakBytes: 70 * GiB + 800 * MiB }),
      modelResult({ name: 'sapiens_0_3b', peakBytes: 20 * GiB })
    ],
    { commit: 'h'.repeat(40) }
  )
  const base = results(
    [
      modelResult({ name: 'sapiens_1b', peakBytes: 70 * GiB }),
      modelResult({ name: 'sapiens_2b', peakBytes: 70 * GiB }),
      modelResult({ name: 'sapiens_0_6b', peakBytes: 30 * GiB })
    ],
    { commit: BASE }
  )

  it('uses the per-model threshold where set, else the global one', () => {
    const compared = compareWithBaseline(head, base, thresholds)
    // 1b: +2.9%, under 5%; 2b: +1.1%, over its own 1%.
    expect(compared.get('sapiens_1b')).toMatchObject({ regressed: false, thresholdRatio: 0.05 })
    expect(compared.get('sapiens_2b')).toMatchObject({ regressed: true, thresholdRatio: 0.01 })
  })

  it('marks models only the head has as new and models only the base has as removed', () => {
    const compared = compareWithBaseline(head, base, thresholds)
    expect(compared.get('sapiens_0_3b')).toMatchObject({ change: 'new', peakBytes: null, regressed: false })
    expect(compared.get('sapiens_0_6b')).toMatchObject({
      change: 'removed',
      peakBytes: 30 * GiB,
      regressed: false
    })
  })

  it('takes the spread from the repeats of results.json', () => {
    const noisyHead = results([
      modelResult({
        name: 'sapiens_1b',
        peakBytes: 76 * GiB,
        repeats: { peaksBytes: [70 * GiB, 76 * GiB], spreadBytes: 6 * GiB }
      })
    ])
    expect(compareWithBaseline(noisyHead, base, thresholds).get('sapiens_1b')).toMatchObject({
      change: 'noise'
    })
  })

  it('compares nothing without a base', () => {
    expect(compareWithBaseline(head, null, thresholds).size).toBe(0)
  })
})

describe('applyBaseline', () => {
  const base = results(
    [
      modelResult({ name: 'sapiens_1b', peakBytes: 70 * GiB }),
      modelResult({ name: 'old_model', peakBytes: 10 * GiB })
    ],
    {
      commit: BASE
    }
  )

  it('fills baseline, comparedWith and the gate: a regression fails it', () => {
    const head = results([modelResult({ name: 'sapiens_1b', peakBytes: 75 * GiB })], { gate: 'pass' })
    const out = applyBaseline(head, { commit: BASE, distance: 2, results: base }, cfg)
    expect(out.gate).toBe('fail')
    expect(out.comparedWith).toEqual({ commit: BASE, distance: 2, from: 'pull-request-base' })
    expect(out.regressionThreshold).toBe(0.05)
    expect(out.models[0]!.baseline).toMatchObject({ regressed: true, deltaBytes: 5 * GiB })
    expect(failingModels(out.models)[0]).toMatch(/sapiens_1b: peak memory regressed by 7\.1% over bbbbbbb/)
  })

  it('adds a row for a model the config no longer has, which does not fail the gate', () => {
    const head = results([modelResult({ name: 'sapiens_1b', peakBytes: 70 * GiB })])
    const out = applyBaseline(head, { commit: BASE, distance: 0, results: base }, cfg)
    expect(out.gate).toBe('pass')
    const removed = out.models.find(m => m.name === 'old_model')!
    expect(removed).toMatchObject({ status: 'skipped', baseline: { change: 'removed', peakBytes: 10 * GiB } })
    const report = renderReport(out)
    expect(report).toMatch(/\| old\\_model \| ⏭️ skipped \| n\/a \|.*\| 10\.00 GiB \| removed \|/)
    expect(report).toMatch(/\| sapiens\\_1b \|.*\| 70\.00 GiB \| ±0 B \(±0\.0%\) \|/)
  })

  it('renders the change column: bytes, percent and an arrow up for a regression', () => {
    const head = results([modelResult({ name: 'sapiens_1b', peakBytes: 70 * GiB + Math.round(1.2 * GiB) })])
    const report = renderReport(applyBaseline(head, { commit: BASE, distance: 0, results: base }, cfg))
    expect(report).toContain('| 70.00 GiB | +1.20 GiB (+1.7%) |')
    const worse = results([modelResult({ name: 'sapiens_1b', peakBytes: 74 * GiB })])
    expect(renderReport(applyBaseline(worse, { commit: BASE, distance: 0, results: base }, cfg))).toContain(
      '+4.00 GiB (+5.7%) ▲'
    )
  })

  it('without a baseline, leaves the results as they are and keeps the reason as a note', () => {
    const head = results([modelResult({ name: 'sapiens_1b' })])
    expect(applyBaseline(head, null, cfg)).toBe(head)
    const noted = applyBaseline(head, null, cfg, note('no-baseline', 'No baseline yet.'))
    expect(noted.notes).toEqual(['No baseline yet.'])
    expect(noted.regression).toMatchObject({ status: 'no-history', code: null })
    expect(noted.gate).toBe(head.gate)
  })
})

describe('alertFindings (push against the previous history entry)', () => {
  const previous = {
    commit: BASE,
    models: {
      sapiens_1b: { status: 'ok' as const, peakBytes: 70 * GiB },
      sapiens_2b: { status: 'oom' as const, peakBytes: 79 * GiB },
      sapiens_0_3b: { status: 'ok' as const, peakBytes: 20 * GiB }
    }
  }

  it('finds regressions above the threshold and models that newly fail, not ones already failing', () => {
    const head = results([
      modelResult({ name: 'sapiens_1b', peakBytes: 75 * GiB }),
      modelResult({ name: 'sapiens_2b', status: 'oom', peakBytes: 79 * GiB }),
      modelResult({ name: 'sapiens_0_3b', status: 'oom', peakBytes: 20 * GiB })
    ])
    const findings = alertFindings(head, previous, thresholds)
    expect(findings.map(f => [f.model, f.kind])).toEqual([
      ['sapiens_1b', 'regressed'],
      ['sapiens_0_3b', 'fails']
    ])
    expect(findings[0]!.compare).toMatchObject({ commit: BASE, deltaBytes: 5 * GiB })
  })

  it('raises no regression against an entry measured on another card model', () => {
    const head = results([
      modelResult({
        name: 'sapiens_1b',
        peakBytes: 75 * GiB,
        measuredOn: { host: null, gpuName: 'NVIDIA H100 80GB HBM3', runner: null }
      })
    ])
    expect(alertFindings(head, { ...previous, gpuName: 'NVIDIA A800 80GB PCIe' }, thresholds)).toEqual([])
    expect(alertFindings(head, { ...previous, gpuName: 'NVIDIA H100 80GB HBM3' }, thresholds)).toHaveLength(1)
  })

  it('finds nothing for growth within the threshold or the noise', () => {
    const head = results([
      modelResult({ name: 'sapiens_1b', peakBytes: 73 * GiB }),
      modelResult({
        name: 'sapiens_0_3b',
        peakBytes: 24 * GiB,
        repeats: { peaksBytes: [20 * GiB, 24 * GiB], spreadBytes: 4 * GiB }
      })
    ])
    expect(alertFindings(head, previous, thresholds)).toEqual([])
  })

  it('a failing model with no earlier entry is new trouble; an expected OOM is not', () => {
    const head = results([
      modelResult({ name: 'sapiens_1b', status: 'at-risk', peakBytes: 79 * GiB }),
      modelResult({ name: 'sapiens_2b', status: 'oom', expect: 'oom', peakBytes: 79 * GiB })
    ])
    expect(alertFindings(head, null, thresholds).map(f => f.model)).toEqual(['sapiens_1b'])
  })
})
