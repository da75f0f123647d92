// What the runner decides about a verdict (contract 6): a broken runner, a GPU run with no GPU
// reading, the torch fallback, a run that may have been on the CPU, and a card or MIG slice
// smaller than the target.
import { describe, expect, it } from 'vitest'
import { judgeModel } from '../../src/judge/judgeModel.js'
import type { ProbeRecord } from '../../src/measurement.js'
import { note } from '../../src/notes.js'
import { ModelResultSchema } from '../../src/results.js'
import { GiB, measurement, modelConfig } from '../support/builders.js'

const target = { memoryBytes: 80 * GiB, limitBytes: 78 * GiB, cardBytes: 80 * GiB, mig: false }
const gpu = { index: 0, uuid: 'GPU-0', peakBytes: null, baselineBytes: 0 }
const judge = (m: Parameters<typeof judgeModel>[1], t: Parameters<typeof judgeModel>[2] = target) =>
  ModelResultSchema.parse(judgeModel(modelConfig(), m, t))

function probe(totalBytes: number, reservedBytes = 10 * GiB): ProbeRecord {
  return {
    pid: 10,
    torchVersion: '2.4.0',
    devices: {
      '0': {
        maxAllocatedBytes: reservedBytes,
        maxReservedBytes: reservedBytes,
        totalBytes,
        usedBeyondReservedBytes: GiB / 2
      }
    },
    capFraction: null,
    exception: null,
    final: true
  }
}

// An OOM in PyTorch's current message format, on a card or slice PyTorch sees as 39.39 GiB.
const OOM_40 =
  'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 39.39 GiB of which 1.20 GiB is free.'

describe('judgeRunner', () => {
  it('a broken runner fails the model with the cause and fix, whatever the run did', () => {
    const runnerError = {
      kind: 'gpu-lost' as const,
      message: 'a GPU stopped answering the driver',
      fix: 'reboot the runner',
      detail: null
    }
    const r = judge(
      measurement({ gpus: [gpu], peaks: { ...measurement().peaks, nvidiaSmiBytes: 3 * GiB }, runnerError })
    )
    expect(r.status).toBe('failed')
    expect(r.reason).toBe(
      'the runner is broken, not the model: a GPU stopped answering the driver. Fix: reboot the runner'
    )
    expect(r.runnerError).toEqual(runnerError)
  })

  it('a GPU run with only host RSS is not a pass: GPU memory could not be read', () => {
    const r = judge(measurement({ gpus: [gpu], peaks: { ...measurement().peaks, hostRssBytes: 2 * GiB } }))
    expect(r.status).toBe('failed')
    expect(r.peakBytes).toBeNull()
    expect(r.reason).toMatch(/^GPU memory could not be read on this runner: /)
    // Without GPUs host RSS is the reading (sampler host, or no nvidia-smi at all).
    const host = judge(measurement({ peaks: { ...measurement().peaks, hostRssBytes: 2 * GiB } }))
    expect(host).toMatchObject({ status: 'ok', peakSource: 'host', peakBytes: 2 * GiB })
  })

  it('a GPU run with no reading says which sources were asked and what each gave', () => {
    // sampler torch on a run that is not PyTorch: nvidia-smi was healthy but not asked.
    const torchOnly = judge(measurement({ gpus: [gpu], samplers: { nvidiaSmi: false, probe: true } }))
    expect(torchOnly.status).toBe('failed')
    expect(torchOnly.reason).toBe(
      'GPU memory could not be read on this runner: nvidia-smi was not asked (measure.sampler: torch); the torch probe was asked and recorded nothing (not a PyTorch run, or Python never imported torch). Fix: for a run that is not PyTorch, set measure.sampler: auto or nvidia-smi'
    )
    expect(torchOnly.reason).not.toMatch(/\[N\/A\]|Insufficient Permissions/)
    const nvidiaSmiOnly = judge(measurement({ gpus: [gpu], samplers: { nvidiaSmi: true, probe: false } }))
    expect(nvidiaSmiOnly.reason).toMatch(
      /^GPU memory could not be read on this runner: nvidia-smi was asked and gave no reading for the run .*; the torch probe was not asked \(measure.sampler: nvidia-smi\)$/
    )
    const cpuTorch = { ...probe(80 * GiB), devices: {} }
    const both = judge(
      measurement({ gpus: [gpu], samplers: { nvidiaSmi: true, probe: true }, probes: [cpuTorch] })
    )
    expect(both.reason).toMatch(/the torch probe was asked and saw PyTorch, but no CUDA use/)
  })

  it('a run that exited 0 before the first sample, with no probe record, is asked about its command, not blamed on the runner', () => {
    const ended = note(
      'ended-before-first-sample',
      'GPU 0: the run ended before nvidia-smi sampled it (every 500 ms)'
    )
    const quick = measurement({
      gpus: [gpu],
      samplers: { nvidiaSmi: true, probe: true },
      durationMs: 61.4,
      notes: [ended.text],
      findings: [ended]
    })
    const r = judge(quick)
    expect(r.status).toBe('failed')
    expect(r.reason).toMatch(/^finished in 61 ms without using the GPU .*: is `run` the training command\?/)
    expect(r.findings?.map(f => f.code)).toEqual(['ended-before-first-sample'])
    // A run that failed, or that Python with torch ran in, keeps its own reason.
    expect(judge({ ...quick, exitCode: 1 }).reason).toBe('exited with code 1')
    expect(judge({ ...quick, probes: [{ ...probe(80 * GiB), devices: {} }] }).reason).toMatch(
      /^GPU memory could not be read on this runner/
    )
  })

  it('falls back to torch reserved + context with a note when nvidia-smi gave nothing', () => {
    const r = judge(
      measurement({
        gpus: [gpu],
        peaks: { ...measurement().peaks, torchReservedBytes: 10 * GiB, hostRssBytes: GiB },
        probes: [probe(80 * GiB)]
      })
    )
    expect(r).toMatchObject({ status: 'ok', peakSource: 'torch', peakBytes: 10.5 * GiB })
    expect(r.notes.join()).toMatch(/GPU memory from the torch probe \(reserved pool plus the CUDA context\)/)
  })

  it('fails a run which used no GPU memory (no GPU, no pass), with what the torch probe saw', () => {
    const none = { gpus: [{ ...gpu, peakBytes: 0 }], peaks: { ...measurement().peaks, nvidiaSmiBytes: 0 } }
    const r = judge(measurement(none))
    expect(r.status).toBe('failed')
    expect(r.reason).toMatch(/^used no GPU memory: it ran on the CPU or on a card the gate does not watch/)
    expect(r.reason).toMatch(/the torch probe recorded nothing/)
    const cpuBuild = { ...probe(0), devices: {}, cudaAvailable: false, cudaBuild: null }
    const cpu = judge(measurement({ ...none, probes: [cpuBuild] }))
    expect(cpu.status).toBe('failed')
    expect(cpu.reason).toMatch(/torch\.cuda\.is_available\(\) = False, a CPU build of PyTorch/)
    const kept = judge(
      measurement({ ...none, probes: [{ ...cpuBuild, cudaAvailable: true, cudaBuild: '12.4' }] })
    )
    expect(kept.reason).toMatch(/is_available\(\) = True, yet no memory on the card/)
  })

  it('an OOM on a MIG slice smaller than the target is the runner’s slice, not the model', () => {
    const m = measurement({
      gpus: [gpu],
      exitCode: 1,
      logTail: ['Traceback (most recent call last):', OOM_40],
      probes: [probe(39.39 * GiB)]
    })
    const r = judge(m, { ...target, mig: true })
    expect(r.status).toBe('failed')
    expect(r.reason).toMatch(
      /^the runner's MIG slice \(39\.39 GiB\) is smaller than the target \(80\.00 GiB\): the run ran out of memory on it/
    )
    expect(r.oom?.kind).toBe('gpu-oom')
    expect(r.notes).toContain('the run saw a 39.39 GiB MIG slice of its GPU')
    // The OOM message alone (no probe) tells the capacity too; a whole smaller card says "card".
    const card = judge({ ...m, probes: [] }, { ...target, cardBytes: null })
    expect(card.reason).toMatch(/^the runner's card \(39\.39 GiB\) is smaller than the target/)
  })

  it('an OOM on a GPU other processes held is judged against what was free, not the target', () => {
    const oom79 = OOM_40.replace('39.39', '79.15')
    const shared = { ...gpu, baselineBytes: 30000 * 2 ** 20 } // 29.30 GiB
    const r = judge(measurement({ gpus: [shared], exitCode: 1, logTail: [oom79] }))
    expect(r.status).toBe('failed')
    expect(r.reason).toBe(
      "the runner's GPU had only 49.85 GiB free (other processes held 29.30 GiB of its 79.15 GiB): the run ran out of memory on it, which says nothing about the target (80.00 GiB). Fix: stop the processes that hold the GPU, or leave measure.gpus unset so the gate waits for a free GPU"
    )
    expect(r.oom?.kind).toBe('gpu-oom')
    // The driver's own few hundred MiB on an idle card leave an OOM an OOM.
    const idle = judge(
      measurement({ gpus: [{ ...gpu, baselineBytes: 0.5 * GiB }], exitCode: 1, logTail: [oom79] })
    )
    expect(idle.status).toBe('oom')
  })

  it('an OOM on a card the size of the target stays an OOM (PyTorch sees ~1% less than nvidia-smi)', () => {
    const oom79 = OOM_40.replace('39.39', '79.15')
    const r = judge(measurement({ gpus: [gpu], exitCode: 1, logTail: [oom79], probes: [probe(79.15 * GiB)] }))
    expect(r.status).toBe('oom')
  })
})
