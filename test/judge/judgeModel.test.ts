import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { choosePeak } from '../../src/judge/choosePeak.js'
import { failingModels, gateOf } from '../../src/judge/gate.js'
import { judgeModel } from '../../src/judge/judgeModel.js'
import { ModelResultSchema } from '../../src/results.js'
import { GiB, measurement, modelConfig, modelResult } from '../support/builders.js'

const OOM_FIXTURES = join(import.meta.dirname, '../fixtures/oom')
const target = { memoryBytes: 80 * GiB, limitBytes: 83322365542 }
const judge = (m = measurement(), model = modelConfig()) =>
  ModelResultSchema.parse(judgeModel(model, m, target))

describe('choosePeak (contract 3: what the card sees)', () => {
  const peaks = {
    nvidiaSmiBytes: 71 * GiB,
    torchReservedBytes: 69 * GiB,
    torchAllocatedBytes: 65 * GiB,
    hostRssBytes: 9 * GiB
  }

  it('prefers nvidia-smi per-process memory', () => {
    expect(choosePeak(measurement({ peaks }))).toMatchObject({
      peakBytes: 71 * GiB,
      peakSource: 'nvidia-smi'
    })
  })
  it('falls back to device memory.used minus the baseline', () => {
    const m = measurement({ peaks: { ...peaks, nvidiaSmiBytes: null, deviceUsedDeltaBytes: 70 * GiB } })
    expect(choosePeak(m)).toMatchObject({ peakBytes: 70 * GiB, peakSource: 'nvidia-smi-device' })
  })
  it('takes the larger when one GPU was attributed and another fell back to its device delta', () => {
    const m = measurement({ peaks: { ...peaks, nvidiaSmiBytes: 30 * GiB, deviceUsedDeltaBytes: 70 * GiB } })
    expect(choosePeak(m)).toMatchObject({ peakBytes: 70 * GiB, peakSource: 'nvidia-smi-device' })
    const lower = measurement({ peaks: { ...peaks, deviceUsedDeltaBytes: 20 * GiB } })
    expect(choosePeak(lower)).toMatchObject({ peakBytes: 71 * GiB, peakSource: 'nvidia-smi' })
  })
  it('adds the measured CUDA context to torch reserved, without other processes', () => {
    const m = measurement({
      peaks: { ...peaks, nvidiaSmiBytes: null },
      gpus: [{ index: 0, uuid: 'GPU-0', peakBytes: null, baselineBytes: 2 * GiB }],
      probes: [
        {
          pid: 10,
          torchVersion: '2.1.0',
          devices: {
            '0': {
              maxAllocatedBytes: 65 * GiB,
              maxReservedBytes: 69 * GiB,
              totalBytes: 80 * GiB,
              usedBeyondReservedBytes: 2.5 * GiB
            }
          },
          capFraction: null,
          exception: null,
          final: true
        }
      ]
    })
    expect(choosePeak(m)).toMatchObject({ peakBytes: 69.5 * GiB, peakSource: 'torch', notes: [] })
  })
  it('says so when the context could not be measured', () => {
    const m = measurement({ peaks: { ...peaks, nvidiaSmiBytes: null } })
    const chosen = choosePeak(m)
    expect(chosen).toMatchObject({ peakBytes: 69 * GiB, peakSource: 'torch' })
    expect(chosen.notes[0]).toMatchObject({
      code: 'context-not-included',
      text: expect.stringMatching(/CUDA context .* not included/)
    })
  })
  it('uses host RSS without a GPU, and null (never 0) when nothing was read', () => {
    const host = {
      nvidiaSmiBytes: null,
      torchReservedBytes: null,
      torchAllocatedBytes: null,
      hostRssBytes: 3 * GiB
    }
    expect(choosePeak(measurement({ peaks: host }))).toMatchObject({ peakBytes: 3 * GiB, peakSource: 'host' })
    expect(choosePeak(measurement())).toMatchObject({ peakBytes: null, peakSource: null })
  })
})

describe('judgeModel (contract 2)', () => {
  const gpuPeaks = (bytes: number) => ({
    nvidiaSmiBytes: bytes,
    torchReservedBytes: null,
    torchAllocatedBytes: null,
    hostRssBytes: GiB
  })

  it('ok at or below memory minus headroom, at-risk above it', () => {
    expect(judge(measurement({ peaks: gpuPeaks(83322365542) })).status).toBe('ok')
    expect(judge(measurement({ peaks: gpuPeaks(83322365543) })).status).toBe('at-risk')
  })

  it('classifies a CUDA OOM from the log', () => {
    const r = judge(
      measurement({
        exitCode: 1,
        peaks: gpuPeaks(79 * GiB),
        logTail: [
          'Traceback (most recent call last):',
          'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.30 GiB. GPU 0 has a total capacity of 79.15 GiB of which 406.00 MiB is free. Including non-PyTorch memory, this process has 78.74 GiB memory in use. Of the allocated memory 76.88 GiB is allocated by PyTorch, and 1.37 GiB is reserved by PyTorch but unallocated.'
        ]
      })
    )
    expect(r.status).toBe('oom')
    expect(r.oom).toMatchObject({ kind: 'gpu-oom', gpuIndex: 0, triedToAllocateBytes: Math.round(2.3 * GiB) })
  })

  it('a SIGKILL the kernel recorded as an OOM kill is a host OOM', () => {
    const r = judge(
      measurement({ exitCode: null, signal: 'SIGKILL', kernelOomKills: 1, kernelOomSource: 'cgroup' })
    )
    expect(r.status).toBe('oom')
    expect(r.oom?.kind).toBe('host-oom')
    expect(r.notes.join()).toMatch(
      /kernel recorded 1 OOM kill\(s\) during the run in the run's memory cgroup/
    )
  })

  it('a SIGKILL, exit 137, torchrun exitcode -9 or a killed worker without a kernel record is failed, not oom', () => {
    const fixture = (f: string) => readFileSync(join(OOM_FIXTURES, f), 'utf8').split('\n')
    const kills = [
      { exitCode: null, signal: 'SIGKILL' },
      { exitCode: 137, signal: null },
      { exitCode: 1, signal: null, logTail: fixture('elastic-exitcode-9-llama-856.txt') },
      { exitCode: 1, signal: null, logTail: fixture('dataloader-killed-8976.txt') }
    ]
    for (const kill of kills) {
      const none = judge(measurement({ ...kill, kernelOomKills: 0, kernelOomSource: 'cgroup' }))
      expect(none.status, JSON.stringify(kill).slice(0, 80)).toBe('failed')
      expect(none.oom).toBeNull()
      expect(none.reason).toMatch(/killed by SIGKILL.*not out of memory: the kernel recorded no OOM kill/)
      const unknown = judge(measurement({ ...kill, kernelOomKills: null, kernelOomSource: null }))
      expect(unknown.status).toBe('failed')
      expect(unknown.reason).toMatch(/killed by SIGKILL.*possibly out of memory/)
      const recorded = judge(measurement({ ...kill, kernelOomKills: 2, kernelOomSource: 'kmsg' }))
      expect(recorded.status).toBe('oom')
    }
  })

  it("a kill confirmed only by the machine-wide count (/proc/vmstat) is failed, never this run's OOM", () => {
    // Another process on the machine OOM-killed while this run got a plain SIGKILL (break report 2, item 4).
    for (const kill of [
      { exitCode: null, signal: 'SIGKILL' },
      { exitCode: 137, signal: null }
    ]) {
      const vm = judge(
        measurement({ ...kill, kernelOomKills: 1, kernelOomSource: 'vmstat' }),
        modelConfig({ expect: 'oom' })
      )
      expect(vm.status).toBe('failed')
      expect(vm.oom).toBeNull()
      expect(vm.reason).toBe(
        `killed by SIGKILL${kill.exitCode === 137 ? ' (exit code 137)' : ''}: possibly out of memory (the kernel counted an OOM kill on this machine, maybe not of this run)`
      )
      expect(gateOf([vm])).toBe('fail')
    }
  })

  it('expect: oom never turns a plain kill (or a crash, or a timeout) into a pass', () => {
    const plainKill = judge(
      measurement({ exitCode: 137, kernelOomKills: 0, kernelOomSource: 'cgroup' }),
      modelConfig({ expect: 'oom' })
    )
    expect(plainKill.status).toBe('failed')
    expect(gateOf([plainKill])).toBe('fail')
    expect(failingModels([plainKill])[0]).toMatch(/expected an OOM, but failed \(killed by SIGKILL/)
    const realOom = judge(
      measurement({ exitCode: 137, kernelOomKills: 1, kernelOomSource: 'cgroup' }),
      modelConfig({ expect: 'oom' })
    )
    expect(realOom.status).toBe('oom')
    expect(gateOf([realOom])).toBe('pass')
    expect(gateOf([modelResult({ status: 'timeout', expect: 'oom' })])).toBe('fail')
  })

  it('reads the log on a zero exit: an OOM behind `| tee` or caught and printed is an oom', () => {
    const r = judge(
      measurement({
        exitCode: 0,
        peaks: gpuPeaks(10 * GiB),
        logTail: ['torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.30 GiB.']
      })
    )
    expect(r.status).toBe('oom')
    expect(r.oom?.kind).toBe('gpu-oom')
  })

  it('an OOM the run caught and survived (real fairseq log, exit 0) is at-risk with its reason, and keeps its report', () => {
    const logTail = readFileSync(join(OOM_FIXTURES, 'recovered-ray-fairseq-5755.txt'), 'utf8').split('\n')
    const survived = judge(measurement({ exitCode: 0, peaks: gpuPeaks(10 * GiB), logTail }))
    expect(survived.status).toBe('at-risk')
    expect(survived.reason).toBe(
      'ran out of memory on a batch and skipped it: the config does not fit reliably'
    )
    expect(survived.oom).toMatchObject({
      kind: 'gpu-oom',
      recovered: true,
      triedToAllocateBytes: Math.round(1.5 * GiB)
    })
    expect(ModelResultSchema.parse(survived).oom?.recovered).toBe(true)
    expect(gateOf([survived])).toBe('fail')
    expect(failingModels([survived])[0]).toMatch(/skipped it: the config does not fit reliably/)
    // The same log from a run that then exited 1: the catch did not save it.
    const died = judge(measurement({ exitCode: 1, peaks: gpuPeaks(10 * GiB), logTail }))
    expect(died.status).toBe('oom')
    expect(died.oom?.recovered).toBe(false)
    // Above the limit too: still at-risk, and the reason names the OOM.
    const above = judge(measurement({ exitCode: 0, peaks: gpuPeaks(83322365543), logTail }))
    expect([above.status, above.reason]).toEqual(['at-risk', survived.reason])
  })

  it("Slurm's cgroup OOM record (real log) makes a SIGKILL of the run an OOM; the bare Killed alone does not", () => {
    const logTail = readFileSync(join(OOM_FIXTURES, 'slurm-killed-batch-arjuna-52.txt'), 'utf8').split('\n')
    const recorded = judge(
      measurement({ exitCode: 137, signal: null, kernelOomKills: null, kernelOomSource: null, logTail })
    )
    expect(recorded.status).toBe('oom')
    expect(recorded.oom).toMatchObject({
      kind: 'host-oom',
      framework: 'slurm',
      family: 'slurm-oom-kill',
      basis: 'message'
    })
    const bare = judge(
      measurement({
        exitCode: 137,
        signal: null,
        kernelOomKills: null,
        kernelOomSource: null,
        logTail: logTail.slice(0, 1)
      })
    )
    expect(bare.status).toBe('failed')
    expect(bare.reason).toMatch(/possibly out of memory, but the kernel's OOM-kill record could not be read/)
  })

  it('an OOM kill counted in the run cgroup is an oom even on exit 0 with nothing printed', () => {
    const r = judge(
      measurement({ exitCode: 0, peaks: gpuPeaks(1 * GiB), kernelOomKills: 1, kernelOomSource: 'cgroup' })
    )
    expect(r.status).toBe('oom')
    expect(r.oom).toMatchObject({ kind: 'host-oom', framework: 'kernel' })
    const byPid = judge(
      measurement({ exitCode: 0, peaks: gpuPeaks(1 * GiB), kernelOomKills: 1, kernelOomSource: 'kmsg' })
    )
    expect(byPid.status).toBe('oom')
    // A machine-wide count alone does not make a clean exit an OOM (another process may have died).
    const vm = judge(
      measurement({ exitCode: 0, peaks: gpuPeaks(1 * GiB), kernelOomKills: 1, kernelOomSource: 'vmstat' })
    )
    expect(vm.status).toBe('ok')
  })

  it('a run with no reading at all is failed, not ok', () => {
    const r = judge(measurement({ exitCode: 0 }))
    expect(r.status).toBe('failed')
    expect(r.reason).toMatch(/no memory reading/)
    expect(r.peakBytes).toBeNull()
  })

  it('a timeout quotes the timeout, not the time it took to stop', () => {
    const r = judge(
      measurement({
        exitCode: null,
        signal: 'SIGTERM',
        timedOut: true,
        timeoutMs: 20 * 60_000,
        durationMs: 20 * 60_000 + 10_000
      })
    )
    expect(r.reason).toBe('still running at the timeout (20 min); the process tree was killed')
    const short = judge(
      measurement({ exitCode: null, signal: 'SIGKILL', timedOut: true, timeoutMs: 500, durationMs: 3600 })
    )
    expect(short.reason).toMatch(/\(0\.5 s\)/)
  })

  it('a spawn error is its own reason, without a note about the first sample', () => {
    const r = judge(measurement({ exitCode: null, spawnError: 'cwd "seg" does not exist (/repo/seg)' }))
    expect(r.reason).toBe('cwd "seg" does not exist (/repo/seg)')
    expect(r.notes.join()).not.toMatch(/first sample/)
  })

  it('an interrupted run is failed, flagged, and keeps its peak so far', () => {
    const r = judge(
      measurement({ exitCode: null, signal: 'SIGKILL', interrupted: true, peaks: gpuPeaks(5 * GiB) })
    )
    expect(r).toMatchObject({ status: 'failed', interrupted: true, peakBytes: 5 * GiB })
    expect(r.reason).toMatch(/^interrupted/)
  })

  it('timeout, interruption, spawn errors and other failures', () => {
    expect(judge(measurement({ exitCode: null, signal: 'SIGKILL', timedOut: true })).status).toBe('timeout')
    expect(judge(measurement({ exitCode: null, signal: 'SIGTERM', interrupted: true }))).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/interrupted/)
    })
    expect(judge(measurement({ exitCode: null, spawnError: 'cwd seg does not exist' }))).toMatchObject({
      status: 'failed',
      reason: 'cwd seg does not exist'
    })
    const crash = judge(measurement({ exitCode: 1, logTail: ['ValueError: bad config'] }))
    expect(crash).toMatchObject({
      status: 'failed',
      reason: 'exited with code 1 (last error: ValueError: bad config)',
      reasonCode: 'command-failed',
      oom: null
    })
  })

  it('a crash names its last error record, not only its exit code (the log tail has the rest)', () => {
    const reasonOf = (logTail: string[], exitCode = 1) => judge(measurement({ exitCode, logTail })).reason
    // The run's own last record, below what came before it (a new user's KeyError behind an OOM-ish info line).
    expect(
      reasonOf([
        '[INFO] torch.cuda.OutOfMemoryError handler installed',
        'Traceback (most recent call last):',
        '  File "train.py", line 3, in <module>',
        "KeyError: 'lr'"
      ])
    ).toBe("exited with code 1 (last error: KeyError: 'lr')")
    expect(reasonOf(['Caused by: java.lang.IllegalStateException: no data'], 2)).toBe(
      'exited with code 2 (last error: Caused by: java.lang.IllegalStateException: no data)'
    )
    expect(reasonOf([`ValueError: ${'x'.repeat(500)}`])).toMatch(
      /^exited with code 1 \(last error: ValueError: x+…\)$/
    )
    expect(reasonOf([`ValueError: ${'x'.repeat(500)}`])!.length).toBeLessThan(240)
    // No record: the exit code alone, as before.
    expect(reasonOf(['step 10 done', 'bye'])).toBe('exited with code 1')
  })

  it('an early stop counts as finished', () => {
    const r = judge(
      measurement({
        exitCode: null,
        signal: 'SIGINT',
        stoppedEarly: true,
        peakAtMs: 5_000,
        peaks: gpuPeaks(60 * GiB)
      })
    )
    expect(r).toMatchObject({ status: 'ok', stoppedEarly: true })
  })

  it('keeps every peak and the unknowns as null', () => {
    const r = judge(measurement({ peaks: gpuPeaks(10 * GiB) }))
    expect(r.peaks).toEqual({
      nvidiaSmiBytes: 10 * GiB,
      torchReservedBytes: null,
      torchAllocatedBytes: null,
      hostRssBytes: GiB
    })
  })
})

describe('the gate', () => {
  it('fails on a model that expects to fit and does not', () => {
    for (const status of ['oom', 'at-risk', 'failed', 'timeout'] as const) {
      expect(gateOf([modelResult(), modelResult({ name: 'sapiens_2b', status })])).toBe('fail')
    }
    expect(gateOf([modelResult(), modelResult({ name: 'x', status: 'skipped' })])).toBe('pass')
  })
  it('a known OOM (expect: oom) is reported but does not fail', () => {
    expect(gateOf([modelResult({ status: 'oom', expect: 'oom' })])).toBe('pass')
    expect(gateOf([modelResult({ status: 'ok', expect: 'oom' })])).toBe('pass')
  })
  it('a refused model (fork without approval) fails', () => {
    expect(
      failingModels([modelResult({ status: 'skipped', refused: true, reason: 'fork PR without approval' })])
    ).toEqual(['sapiens_1b: not run: fork PR without approval'])
  })
  it('a regression above the threshold fails', () => {
    const baseline = { commit: 'b'.repeat(40), peakBytes: 60 * GiB, deltaRatio: 0.1, regressed: true }
    expect(failingModels([modelResult({ baseline })])).toEqual([
      'sapiens_1b: peak memory regressed by 10.0% over bbbbbbb'
    ])
  })
})
