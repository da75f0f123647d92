// measureModel against the fake nvidia-smi: attribution to the process tree, other processes,
// the [N/A] fallback, kills, interruption, release wait and early stop.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { measureModel } from '../../src/measure/measureModel.js'
import { isRunning, readProcStat } from '../../src/measure/host/procStat.js'
import { waitFor } from '../../src/measure/process/waitFor.js'
import {
  childrenOfThisProcess,
  FAKE_DIR,
  fakeState,
  gpuInfo,
  MIB,
  model,
  request,
  uuidOf,
  workload,
  type FakeState,
  type Step
} from './helpers.js'

let state: FakeState

beforeEach(() => {
  state = fakeState([{}, {}, {}])
  vi.stubEnv('PATH', `${FAKE_DIR}:${process.env.PATH}`)
  vi.stubEnv('FAKE_NVIDIA_SMI_STATE', state.dir)
})

afterEach(async () => {
  vi.unstubAllEnvs()
  // No smoke process and no nvidia-smi loop outlives a measurement (a SIGKILLed one is reaped soon).
  expect(await waitFor(() => childrenOfThisProcess().length === 0, 5000)).toBe(true)
})

const tmp = () => mkdtempSync(join(tmpdir(), 'measure-'))

/** Parent 1000 MiB -> child 2000 MiB -> grandchild 500 MiB, all alive at once for a while. */
function threeGenerations(hold = 600): Step[] {
  const grandchild: Step[] = [
    ['gpu', 500],
    ['sleep', hold]
  ]
  const child: Step[] = [
    ['gpu', 2000],
    ['spawn', { steps: grandchild, wait: true }]
  ]
  return [
    ['gpu', 1000],
    ['spawn', { steps: child, wait: true }],
    ['print', 'done']
  ]
}

describe('measureModel with the fake nvidia-smi', () => {
  it('sums the whole tree (bash -> node -> node -> node) per GPU, and reports others as baseline', async () => {
    state.foreign(999_999, uuidOf(0), 700)
    state.foreign(999_998, uuidOf(2), 300)
    const m = await measureModel(
      request(`${workload(threeGenerations())}; echo shell-done`, {
        gpus: [gpuInfo(0)],
        env: { ...process.env }
      })
    )
    expect(m.spawnError).toBeNull()
    expect(m.exitCode).toBe(0)
    expect(m.peaks.nvidiaSmiBytes).toBe(3500 * MIB)
    expect(m.peaks.deviceUsedDeltaBytes).toBeUndefined()
    expect(m.gpus).toEqual([{ index: 0, uuid: uuidOf(0), peakBytes: 3500 * MIB, baselineBytes: 700 * MIB }])
    expect(m.peakAtMs).toBeGreaterThan(0)
    expect(m.notes.join('\n')).toMatch(
      /GPU 0: 700 MiB in use before the start \(other processes: pid 999999 700 MiB\)/
    )
    expect(m.notes.join('\n')).not.toMatch(/999998/) // a GPU that is not ours
    expect(m.logTail).toEqual(['done', 'shell-done'])
    expect(m.peaks.hostRssBytes).toBeGreaterThan(10 * MIB)
  })

  it('attributes per GPU with CUDA_VISIBLE_DEVICES, and two parallel runs never see each other', async () => {
    const both = (ordinalMiB: [number, number]) =>
      workload([
        ['gpu', ordinalMiB[0], 0],
        ['sleep', 300],
        [
          'spawn',
          {
            steps: [
              ['gpu', ordinalMiB[1], 1],
              ['sleep', 800]
            ],
            wait: true
          }
        ]
      ])
    const single = workload([
      ['gpu', 4000],
      ['sleep', 1500]
    ])
    const [multi, other] = await Promise.all([
      measureModel(request(both([1000, 3000]), { gpus: [gpuInfo(0), gpuInfo(1)], env: { ...process.env } })),
      measureModel(request(single, { gpus: [gpuInfo(2)], env: { ...process.env } }))
    ])
    expect(multi.gpus.map(g => [g.index, g.peakBytes])).toEqual([
      [0, 1000 * MIB],
      [1, 3000 * MIB]
    ])
    expect(multi.peaks.nvidiaSmiBytes).toBe(3000 * MIB)
    expect(other.gpus.map(g => [g.index, g.peakBytes])).toEqual([[2, 4000 * MIB]])
    expect(other.peaks.nvidiaSmiBytes).toBe(4000 * MIB)
  })

  it('ignores Xid lines and rows written one by one, and says it ignored them', async () => {
    state.knobs({ xidEveryTicks: 2, splitRows: true })
    state.foreign(999_999, uuidOf(0), 100)
    const m = await measureModel(
      request(workload(threeGenerations(800)), { gpus: [gpuInfo(0)], env: { ...process.env } })
    )
    expect(m.peaks.nvidiaSmiBytes).toBe(3500 * MIB)
    expect(m.notes.join('\n')).toMatch(
      /ignored \d+ line\(s\) of nvidia-smi output that were not CSV rows, e.g. "Xid/
    )
  })

  it('falls back to memory.used minus the baseline when per-process memory is [N/A], and says so', async () => {
    state.knobs({ usedMemory: 'na' })
    state.foreign(999_999, uuidOf(0), 700)
    const m = await measureModel(
      request(workload(threeGenerations()), { gpus: [gpuInfo(0)], env: { ...process.env } })
    )
    expect(m.peaks.nvidiaSmiBytes).toBeNull()
    expect(m.peaks.deviceUsedDeltaBytes).toBe(3500 * MIB)
    expect(m.gpus[0]).toMatchObject({ peakBytes: 3500 * MIB, baselineBytes: 700 * MIB })
    expect(m.notes.join('\n')).toMatch(
      /GPU 0: nvidia-smi printed its processes' memory as unavailable \(\[N\/A\]\); measured the card's memory.used minus the 700 MiB/
    )
  })

  it('falls back when the rows name PIDs of another namespace', async () => {
    state.knobs({ pidOffset: 3_000_000 })
    const m = await measureModel(
      request(workload(threeGenerations()), { gpus: [gpuInfo(0)], env: { ...process.env } })
    )
    expect(m.peaks.nvidiaSmiBytes).toBeNull()
    expect(m.peaks.deviceUsedDeltaBytes).toBe(3500 * MIB)
    expect(m.notes.join('\n')).toMatch(/match no process here .*PID namespace/)
  })

  it('reports 0, not null, for a run that nvidia-smi sampled and that never touched its GPU', async () => {
    const m = await measureModel(
      request('echo cpu only; sleep 0.4', { gpus: [gpuInfo(1)], env: { ...process.env } })
    )
    expect(m.gpus).toEqual([{ index: 1, uuid: uuidOf(1), peakBytes: 0, baselineBytes: 0 }])
    expect(m.peaks.nvidiaSmiBytes).toBe(0)
  })

  it('reports null, not 0, for a run that ended before nvidia-smi sampled it', async () => {
    // break-report-1 item 4: `run: "true"` at 500 ms. An empty per-process tick prints nothing, so
    // silence during a run shorter than one tick is no reading of it.
    const m = await measureModel(
      request('true', { gpus: [gpuInfo(1)], env: { ...process.env }, settings: { intervalMs: 500 } })
    )
    expect(m.exitCode).toBe(0)
    expect(m.gpus).toEqual([{ index: 1, uuid: uuidOf(1), peakBytes: null, baselineBytes: 0 }])
    expect(m.peaks.nvidiaSmiBytes).toBeNull()
    expect(m.peaks.deviceUsedDeltaBytes).toBeUndefined()
    expect(m.notes.join('\n')).toMatch(/GPU 1: the run ended before nvidia-smi sampled it \(every 500 ms\)/)
    expect(m.findings?.map(f => f.code)).toEqual(['ended-before-first-sample'])
  })

  it('a 30 ms spike of 90000 MiB between two 500 ms ticks is never recorded as 0', async () => {
    const m = await measureModel(
      request(
        workload([
          ['gpu', 90_000],
          ['sleep', 30]
        ]),
        { gpus: [gpuInfo(0)], env: { ...process.env }, settings: { intervalMs: 500 } }
      )
    )
    expect(m.exitCode).toBe(0)
    // Whatever a tick caught of it, or unknown; a tick that saw the card idle would be 0.
    expect(m.gpus[0]!.peakBytes).not.toBe(0)
    expect(m.peaks.nvidiaSmiBytes ?? m.peaks.deviceUsedDeltaBytes ?? null).not.toBe(0)
  })

  it('kills the whole tree at the timeout, a setsid child included, and waits for the release', async () => {
    const dir = tmp()
    const escaped = join(dir, 'escaped')
    state.knobs({ releaseDelayMs: 1200 })
    const steps: Step[] = [
      ['gpu', 1000],
      ['spawn', { steps: [['gpu', 2000], ['pidfile', escaped], ['forever']], setsid: true }],
      ['forever']
    ]
    const started = Date.now()
    const m = await measureModel(
      request(workload(steps), {
        gpus: [gpuInfo(0)],
        env: { ...process.env },
        settings: { timeoutMs: 2500, graceMs: 2000 }
      })
    )
    expect(m.timedOut).toBe(true)
    expect(m.exitCode).toBeNull()
    expect(m.signal).toBe('SIGTERM')
    expect(m.peaks.nvidiaSmiBytes).toBe(3000 * MIB)
    const pid = Number(readFileSync(escaped, 'utf8'))
    expect(isRunning(readProcStat(pid))).toBe(false)
    expect(m.notes.join('\n')).toMatch(
      /1 process\(es\) that had left the process group \(setsid\) were stopped too/
    )
    expect(m.notes.join('\n')).toMatch(/waited \d+\.\ds for the driver to release/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500 + 1200)
    // The fake drops a process's memory only once the release delay has passed.
    expect(existsSync(join(state.dir, 'procs', `${pid}.json`))).toBe(false)
  })

  it('notes a release that does not come within releaseTimeoutMs', async () => {
    state.knobs({ releaseDelayMs: 60_000 })
    const m = await measureModel(
      request(
        workload([
          ['gpu', 1000],
          ['sleep', 300]
        ]),
        { gpus: [gpuInfo(0)], env: { ...process.env }, settings: { releaseTimeoutMs: 800 } }
      )
    )
    expect(m.exitCode).toBe(0)
    expect(m.notes.join('\n')).toMatch(
      /GPU memory of the run was not released within 0\.8s: still listed: pid \d+/
    )
  })

  it('a cancel during the release wait ends the wait and keeps the finished run (break report 2, item 5)', async () => {
    // The driver holds the memory for a minute after the exit; the gate is cancelled inside that
    // wait. The finished run's result must come back now, not after the minute.
    // The cancel waits for the release wait's second query (the only one-shot queries after the
    // run's exit): its first answer, listing the run, has then been read. A fixed delay after
    // the exit fell before the wait, or before its first answer, on a slow machine.
    const asked = join(tmp(), 'asked.log')
    state.knobs({ releaseDelayMs: 60_000, askedLog: asked })
    const queriesSince = (since: number) =>
      (existsSync(asked) ? readFileSync(asked, 'utf8') : '')
        .split('\n')
        .filter(line => Number(line.split(' ')[0]) >= since && /^\d+ \d/.test(line)).length
    const abort = new AbortController()
    let abortedAt = 0
    const m = await measureModel(
      request(
        workload([
          ['gpu', 1000],
          ['sleep', 800],
          ['print', 'done']
        ]),
        {
          gpus: [gpuInfo(0)],
          env: { ...process.env },
          abort: abort.signal,
          onLine: line => {
            if (line !== 'done') return
            const exitedAt = Date.now()
            void waitFor(() => queriesSince(exitedAt) >= 2, 20_000, 20).then(() => {
              abortedAt = Date.now()
              abort.abort()
            })
          },
          settings: { releaseTimeoutMs: 120_000 }
        }
      )
    )
    expect(abortedAt).toBeGreaterThan(0)
    expect(Date.now() - abortedAt).toBeLessThan(3000)
    expect(m).toMatchObject({ exitCode: 0, interrupted: false, timedOut: false })
    expect(m.peaks.nvidiaSmiBytes).toBe(1000 * MIB)
    expect(m.notes.join('\n')).toMatch(
      /the gate was interrupted \d+\.\ds into the wait for the driver to release the run's GPU memory \(still listed: pid \d+\)/
    )
  }, 30_000)

  it('keeps what was measured when the gate is interrupted', async () => {
    const abort = new AbortController()
    const m = await measureModel(
      request(workload([['gpu', 1500], ['forever']]), {
        gpus: [gpuInfo(0)],
        env: { ...process.env },
        abort: abort.signal,
        onProgress: p => {
          if (p.source === 'nvidia-smi' && p.peakBytes === 1500 * MIB) abort.abort()
        }
      })
    )
    expect(m.interrupted).toBe(true)
    expect(m.timedOut).toBe(false)
    expect(m.signal).toBe('SIGTERM')
    expect(m.peaks.nvidiaSmiBytes).toBe(1500 * MIB)
    expect(m.peaks.hostRssBytes).toBeGreaterThan(0)
  })

  it('stops a plateaued run early with SIGINT first', async () => {
    const steps: Step[] = [['gpu', 500], ['sleep', 400], ['gpu', 1200], ['print', 'plateau'], ['forever']]
    const m = await measureModel(
      request(workload(steps), {
        gpus: [gpuInfo(0)],
        env: { ...process.env },
        settings: { settleMs: 1500, minDurationMs: 1000, timeoutMs: 60_000 }
      })
    )
    expect(m.stoppedEarly).toBe(true)
    expect(m.timedOut).toBe(false)
    expect(m.signal).toBe('SIGINT')
    expect(m.peaks.nvidiaSmiBytes).toBe(1200 * MIB)
    expect(m.durationMs).toBeLessThan(30_000)
    expect(m.notes.join('\n')).toMatch(/stopped early after .*: the peak had not grown since/)
  })

  it('does not run blind when nvidia-smi is gone or failing at the start: a runner error', async () => {
    vi.stubEnv('OOM_GATE_NVIDIA_SMI', '/nonexistent/nvidia-smi')
    const missing = await measureModel(
      request(workload([['host', 50]]), { gpus: [gpuInfo(0)], env: { ...process.env } })
    )
    expect(missing.exitCode).toBeNull()
    expect(missing.logTail).toEqual([])
    expect(missing.gpus).toEqual([{ index: 0, uuid: uuidOf(0), peakBytes: null, baselineBytes: null }])
    expect(missing.runnerError?.message).toBe(
      'nvidia-smi is gone from this runner (/nonexistent/nvidia-smi not found)'
    )
    vi.stubEnv('OOM_GATE_NVIDIA_SMI', '')
    state.knobs({ exitCode: 18 })
    const failing = await measureModel(request('echo ran', { gpus: [gpuInfo(0)], env: { ...process.env } }))
    expect(failing.logTail).toEqual([])
    expect(failing.runnerError?.kind).toBe('driver-version-mismatch')
    expect(failing.notes.join()).toMatch(/nvidia-smi sampler off: .*exited with 18/)
  })

  it('a GPU lost in the middle of the run (the loop prints the NVML error and exits) is a runner error', async () => {
    const m = await measureModel(
      request(
        workload([
          ['gpu', 800],
          ['sleep', 400],
          // https://github.com/NVIDIA/open-gpu-kernel-modules/issues/387
          [
            'knobs',
            {
              exitCode: 15,
              errorText: 'Unable to determine the device handle for GPU 0000:0B:00.0: Unknown Error'
            }
          ],
          ['sleep', 800]
        ]),
        { gpus: [gpuInfo(0)], env: { ...process.env } }
      )
    )
    expect(m.exitCode).toBe(0)
    expect(m.runnerError?.kind).toBe('gpu-lost')
    expect(m.runnerError?.message).toContain('0000:0B:00.0')
    expect(m.notes.join('\n')).toMatch(/nvidia-smi sampling: .*stopped by itself \(15\)/)
  })

  it('a driver failure mid-run is said once, and no release wait is claimed that did not happen', async () => {
    // break-report-1 P3: "not released within 60s" after ~3 s, "stopped by itself (18)" twice,
    // one error line counted as 2.
    const started = Date.now()
    const m = await measureModel(
      request(
        workload([
          ['gpu', 800],
          ['sleep', 400],
          ['knobs', { exitCode: 18 }],
          ['sleep', 800]
        ]),
        { gpus: [gpuInfo(0)], env: { ...process.env }, settings: { releaseTimeoutMs: 60_000 } }
      )
    )
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(m.runnerError?.kind).toBe('driver-version-mismatch')
    const notes = m.notes.join('\n')
    expect(notes.match(/stopped by itself \(18\)/g)).toHaveLength(1)
    expect(notes).not.toMatch(/not released within/)
    expect(notes).toMatch(/ignored 1 line\(s\) of nvidia-smi output .*Driver\/library version mismatch/)
  })

  it('one warning line that both loops print is one ignored line', async () => {
    // https://github.com/NVIDIA/gpu-operator/issues/20
    state.knobs({ warning: 'WARNING: infoROM is corrupted at gpu 0000:3B:00.0' })
    const m = await measureModel(
      request(
        workload([
          ['gpu', 300],
          ['sleep', 800]
        ]),
        { gpus: [gpuInfo(0)], env: { ...process.env } }
      )
    )
    expect(m.peaks.nvidiaSmiBytes).toBe(300 * MIB)
    expect(m.notes).toContain(
      'ignored 1 line(s) of nvidia-smi output that were not CSV rows, e.g. "WARNING: infoROM is corrupted at gpu 0000:3B:00.0"'
    )
  })

  it('a loop that exits mid-run with an unknown status quotes its error text, not a row', async () => {
    const m = await measureModel(
      request(
        workload([
          ['gpu', 435],
          ['sleep', 400],
          // nvidia-smi's status 4 is "no permission" (man nvidia-smi, RETURN VALUE): NVML's text for it.
          ['knobs', { exitCode: 4, errorText: 'Insufficient Permissions' }],
          ['sleep', 800]
        ]),
        { gpus: [gpuInfo(0)], env: { ...process.env } }
      )
    )
    expect(m.runnerError?.kind).toBe('nvidia-smi-error')
    expect(m.runnerError?.message).toBe('nvidia-smi exited with 4: "Insufficient Permissions"')
  })

  it('an NVML error printed inside the running loop is a runner error', async () => {
    const m = await measureModel(
      request(
        workload([
          ['gpu', 300],
          ['sleep', 300],
          // https://github.com/NVIDIA/nvidia-docker/issues/1671: a container losing the GPU
          ['knobs', { errorLine: 'Failed to initialize NVML: Unknown Error' }],
          ['sleep', 600]
        ]),
        { gpus: [gpuInfo(0)], env: { ...process.env } }
      )
    )
    expect(m.runnerError?.kind).toBe('nvml-unknown-error')
  })

  it('[Insufficient Permissions] memory and no process rows: unknown, never 0', async () => {
    // As printed in an unprivileged MIG container: https://github.com/Stability-AI/StableSwarmUI/issues/388
    state.knobs({ usedMemory: 'insufficient', deviceUsed: 'insufficient' })
    const denied = await measureModel(
      request(
        workload([
          ['gpu', 900],
          ['sleep', 500]
        ]),
        { gpus: [gpuInfo(0)], env: { ...process.env } }
      )
    )
    expect(denied.runnerError).toBeNull()
    expect(denied.peaks.nvidiaSmiBytes).toBeNull()
    expect(denied.peaks.deviceUsedDeltaBytes).toBeUndefined()
    expect(denied.gpus[0]?.peakBytes).toBeNull()
    expect(denied.notes.join('\n')).toMatch(/GPU memory unknown/)
    state.knobs({ noProcesses: true, deviceUsed: 'na' })
    const unlisted = await measureModel(
      request(
        workload([
          ['gpu', 900],
          ['sleep', 500]
        ]),
        { gpus: [gpuInfo(0)], env: { ...process.env } }
      )
    )
    expect(unlisted.gpus[0]?.peakBytes).toBeNull()
    expect(unlisted.peaks.nvidiaSmiBytes).toBeNull()
    expect(unlisted.notes.join('\n')).toMatch(
      /GPU 0: nvidia-smi listed no process of the run and the card's memory.used is unavailable: GPU memory not measurable by nvidia-smi/
    )
  })

  describe('readings lost in the middle of the run (a run measured only before the flip is not a pass)', () => {
    // 10000 MiB measured, then nvidia-smi stops showing the run's memory, then it grows to 90000 MiB.
    // The flip waits until the sampler's loop has printed the run's row (listedMark), so a loaded
    // machine's sampler cannot miss the rows before it (a run it never saw listed is another case).
    const listed = () => join(state.dir, 'listed')
    const flip = (knobs: Record<string, unknown>): Step[] => [
      ['gpu', 10000],
      ['waitfile', listed()],
      ['sleep', 500],
      ['knobs', knobs],
      ['gpu', 90000],
      ['sleep', 2500]
    ]
    const measure = (knobs: Record<string, unknown>) =>
      measureModel(request(workload(flip(knobs)), { gpus: [gpuInfo(0)], env: { ...process.env } }))

    it('nothing readable after the flip: the GPU peak is unknown, never the part before', async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ usedMemory: 'insufficient', deviceUsed: 'insufficient' }, /\(\[N\/A\]\)/],
        [{ usedMemory: 'na', deviceUsed: 'na' }, /\(\[N\/A\]\)/],
        [
          { noProcesses: true, deviceUsed: 'na' },
          /stopped listing processes of the run while they still ran \(pid \d+ after \d+\.\ds\)/
        ]
      ]
      for (const [knobs, why] of cases) {
        state.knobs({ listedMark: listed() })
        rmSync(listed(), { force: true })
        const m = await measure(knobs)
        expect(m.exitCode).toBe(0)
        expect(m.runnerError).toBeNull()
        expect(m.peaks.nvidiaSmiBytes).toBeNull()
        expect(m.peaks.deviceUsedDeltaBytes).toBeUndefined()
        expect(m.gpus[0]?.peakBytes).toBeNull()
        const notes = m.notes.join('\n')
        expect(notes).toMatch(why)
        expect(notes).toMatch(
          /the card's memory.used was unavailable for part of the run: GPU memory unknown \(the rows that had a value showed 10000 MiB, a lower bound\)/
        )
      }
    }, 60_000)

    it('memory.used still readable: the peak is the larger of the rows and the device delta, and says so', async () => {
      for (const knobs of [{ noProcesses: true }, { pidOffset: 3_000_000 }]) {
        state.knobs({ listedMark: listed() })
        rmSync(listed(), { force: true })
        const m = await measure(knobs)
        expect(m.peaks.nvidiaSmiBytes).toBeNull()
        expect(m.peaks.deviceUsedDeltaBytes).toBe(90000 * MIB)
        expect(m.gpus[0]?.peakBytes).toBe(90000 * MIB)
        expect(m.notes.join('\n')).toMatch(
          /GPU 0: nvidia-smi stopped listing processes of the run while they still ran \(pid \d+ after \d+\.\ds\).*; measured the card's memory.used minus the 0 MiB/
        )
      }
    }, 60_000)
  })

  it('honours sampler torch (no nvidia-smi) and host', async () => {
    vi.stubEnv('OOM_GATE_NVIDIA_SMI', '/nonexistent/nvidia-smi') // would be noted if it were called
    for (const sampler of ['torch', 'host'] as const) {
      const m = await measureModel(
        request(workload([['gpu', 100]]), {
          gpus: [gpuInfo(0)],
          env: { ...process.env },
          settings: { sampler }
        })
      )
      expect(m.peaks.nvidiaSmiBytes).toBeNull()
      expect(m.notes.join()).not.toMatch(/nvidia-smi/)
      expect(m.peaks.hostRssBytes).toBeGreaterThan(0)
    }
  })

  it('runs in the model cwd with the gate variables set', async () => {
    const run =
      'echo "$OOM_GATE_MODEL|$CUDA_VISIBLE_DEVICES|$PWD|$PATCH_SIZE"; echo "${PYTHONPATH%%:*}"; test -d "$OOM_GATE_RESULT_DIR"'
    const req = request(run, { gpus: [gpuInfo(2), gpuInfo(0)], env: { ...process.env }, repoRoot: '/' })
    req.model = model(run, { name: 'vit_2b', cwd: 'tmp', env: { PATCH_SIZE: '32' } })
    const m = await measureModel(req)
    expect(m.exitCode).toBe(0)
    expect(m.logTail[0]).toBe(`vit_2b|${uuidOf(2)},${uuidOf(0)}|/tmp|32`)
    expect(existsSync(join(m.logTail[1] ?? '', 'sitecustomize.py'))).toBe(true)
  })

  it('does not hang when nvidia-smi hangs, at the start or while sampling: a hung driver', async () => {
    state.knobs({ hang: true })
    const hung = await measureModel(request('echo ran', { gpus: [gpuInfo(0)], env: { ...process.env } }))
    expect(hung.logTail).toEqual([])
    expect(hung.runnerError?.kind).toBe('hung')
    expect(hung.notes.join()).toMatch(/nvidia-smi sampler off: .*did not answer within/)
    state.knobs({ hangLoop: true })
    const silent = await measureModel(
      request(
        workload([
          ['gpu', 800],
          ['sleep', 1500]
        ]),
        { gpus: [gpuInfo(0)], env: { ...process.env } }
      )
    )
    expect(silent.exitCode).toBe(0)
    expect(silent.peaks.nvidiaSmiBytes).toBeNull()
    expect(silent.gpus[0]?.peakBytes).toBeNull()
    expect(silent.notes.join()).toMatch(/nvidia-smi sampling went silent \(it printed no row at all\)/)
    expect(silent.runnerError?.kind).toBe('hung')
    state.knobs({})
    const midway = await measureModel(
      request(
        workload([
          ['gpu', 500],
          ['sleep', 300],
          ['knobs', { hangLoop: true }],
          ['sleep', 6000]
        ]),
        { gpus: [gpuInfo(0)], env: { ...process.env } }
      )
    )
    expect(midway.runnerError?.message).toMatch(
      /^nvidia-smi stopped answering during the run \(its last row came \d+s before the end\): the NVIDIA driver is hung$/
    )
  }, 60_000)
})
