// Contract 6 through the whole pipeline on a fake runner: a broken nvidia-smi (before or during
// the job) fails every model not yet measured as a runner error; a runner without nvidia-smi
// judges host memory only when asked; busy GPUs are waited for, a display's memory is a setting,
// and measure.gpus may use a GPU other processes hold.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { main } from '../../src/commands/cli.js'
import type { Results } from '../../src/results.js'
import { waitFor } from '../../src/measure/process/waitFor.js'
import { HOST_JUDGED_NOTE } from '../../src/plan/checkRunner.js'
import { childrenOfThisProcess, MIB, uuidOf, workload, type Step } from '../measure/helpers.js'
import { fakeRunner, quoted, runGate as run, tmp, usageProblems, writeConfig } from './helpers.js'

afterEach(async () => {
  vi.unstubAllEnvs()
  expect(await waitFor(() => childrenOfThisProcess().length === 0, 10_000)).toBe(true)
})

const models = (...entries: [string, Step[]][]) =>
  entries.map(([name, steps]) => `  - name: ${name}\n    run: ${quoted(workload(steps))}\n`).join('')

const head = (extra = '') => `gpu:\n  memory: 80GiB\nmeasure:\n  interval: 50ms\n${extra}models:\n`

describe('a broken nvidia-smi fails the gate as a runner error (contract 6)', () => {
  it('failing before the job: nothing runs, every model fails with the cause and the fix', async () => {
    const state = fakeRunner(1)
    state.knobs({ exitCode: 18 }) // Failed to initialize NVML: Driver/library version mismatch
    const out = tmp()
    const config = writeConfig(head() + models(['a', [['gpu', 100]]], ['b', [['gpu', 100]]]))
    const { results, summaryMarkdown } = await run(config, out)
    expect(results.gate).toBe('fail')
    expect(results.runnerError?.kind).toBe('driver-version-mismatch')
    expect(results.models.map(m => [m.name, m.status, m.peakBytes, m.runnerError?.kind])).toEqual([
      ['a', 'failed', null, 'driver-version-mismatch'],
      ['b', 'failed', null, 'driver-version-mismatch']
    ])
    expect(results.models[0]?.reason).toMatch(
      /^the runner is broken, not the model: the NVIDIA driver loaded in the kernel and its user-space library \(NVML\) are different versions/
    )
    expect(results.models[0]?.logTail).toEqual([])
    expect(summaryMarkdown).toMatch(/^### ❌ oom-gate: the runner is broken, not the models\n/)
    expect(summaryMarkdown).toContain('**Fix:** reboot the runner, or reload the NVIDIA kernel modules')
    expect(summaryMarkdown).toContain('Not measured because of it (failed): **a**, **b**.')
    expect(summaryMarkdown).not.toMatch(/host memory/)
    const onDisk = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    expect(onDisk.runnerError.kind).toBe('driver-version-mismatch')
  })

  it('failing during the job: the running model and every one after it fail as a runner error', async () => {
    fakeRunner(1)
    const config = writeConfig(
      head() +
        models(
          [
            'first',
            [
              ['gpu', 200],
              ['sleep', 800]
            ]
          ],
          [
            'breaks',
            [
              ['gpu', 500],
              ['sleep', 300],
              // https://github.com/JosephKJ/OWOD/issues/81
              [
                'knobs',
                {
                  exitCode: 15,
                  errorText:
                    'Unable to determine the device handle for GPU 0000:02:00.0: GPU is lost. Reboot the system to recover this GPU'
                }
              ],
              ['sleep', 700]
            ]
          ],
          ['after', [['gpu', 100]]]
        )
    )
    const { results, summaryMarkdown } = await run(config)
    expect(results.models.map(m => [m.name, m.status])).toEqual([
      ['first', 'ok'],
      ['breaks', 'failed'],
      ['after', 'failed']
    ])
    expect(results.models[0]?.peakBytes).toBe(200 * MIB)
    expect(results.models[1]?.runnerError?.kind).toBe('gpu-lost')
    expect(results.models[2]?.runnerError?.kind).toBe('gpu-lost')
    expect(results.models[2]?.durationMs).toBeNull()
    expect(results.runnerError?.kind).toBe('gpu-lost')
    expect(results.gate).toBe('fail')
    expect(summaryMarkdown).toContain('Not measured because of it (failed): **breaks**, **after**.')
  }, 60_000)

  it('the CLI exits 1 (gate failed) for a broken runner, 2 for a GPU config on a runner without nvidia-smi', async () => {
    const state = fakeRunner(1)
    // https://github.com/NVIDIA/nvidia-docker/issues/1671
    state.knobs({ exitCode: 255, errorText: 'Failed to initialize NVML: Unknown Error' })
    const out = tmp()
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const errors = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      const config = writeConfig(head() + models(['a', [['gpu', 100]]]))
      expect(await main(['run', '--config', config, '--out', out])).toBe(1)
      expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).runnerError.kind).toBe(
        'nvml-unknown-error'
      )
      vi.stubEnv('OOM_GATE_NVIDIA_SMI', '/nonexistent/nvidia-smi')
      const smi = writeConfig('measure:\n  sampler: nvidia-smi\nmodels:\n  - {name: a, run: "true"}\n')
      expect(await main(['run', '--config', smi, '--out', tmp()])).toBe(2)
      expect(errors.mock.calls.flat().join('')).toMatch(/set measure\.sampler: host\n$/)
    } finally {
      write.mockRestore()
      errors.mockRestore()
    }
  })

  it('a warning line before the rows (infoROM, exit 14) keeps the rows and is noted', async () => {
    const state = fakeRunner(1)
    // https://github.com/NVIDIA/gpu-operator/issues/20
    state.knobs({ warning: 'WARNING: infoROM is corrupted at gpu 0000:3B:00.0' })
    const config = writeConfig(
      head() +
        models([
          'a',
          [
            ['gpu', 300],
            ['sleep', 800]
          ]
        ])
    )
    const { results } = await run(config)
    expect(results.runnerError).toBeNull()
    expect(results.models[0]).toMatchObject({ status: 'ok', peakBytes: 300 * MIB, peakSource: 'nvidia-smi' })
    expect(results.notes).toContain(
      'nvidia-smi warned "WARNING: infoROM is corrupted at gpu 0000:3B:00.0"; its rows were used'
    )
  })
})

describe('MIG', () => {
  it('a partitioned card is reported; an OOM on a slice smaller than the target is the runner’s slice', async () => {
    const state = fakeRunner(1)
    writeFileSync(
      join(state.dir, 'gpus.json'),
      JSON.stringify({ gpus: [{ name: 'NVIDIA A100-SXM4-80GB', mig: true }] })
    )
    const oom =
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 9.50 GiB of which 1.20 GiB is free.'
    const config = writeConfig(
      head() +
        models([
          'sliced',
          [
            ['gpu', 9000],
            ['sleep', 300],
            ['stderr', oom],
            ['exit', 1]
          ]
        ])
    )
    const { results, summaryMarkdown } = await run(config)
    expect(results.gpus[0]?.mig).toBe(true)
    expect(results.notes).toContain(
      'GPU 0 is partitioned (MIG mode enabled): runs get a slice of it, not its whole memory'
    )
    const model = results.models[0]
    expect(model?.status).toBe('failed')
    expect(model?.oom?.totalCapacityBytes).toBe(9.5 * 2 ** 30)
    expect(model?.reason).toMatch(
      /^the runner's MIG slice \(9\.50 GiB\) is smaller than the target \(80\.00 GiB\)/
    )
    expect(model?.notes).toContain('the run saw a 9.50 GiB MIG slice of its GPU')
    expect(summaryMarkdown).toContain('partitioned (MIG): runs get a slice, not the whole card')
  }, 60_000)
})

describe('no reading of the run is no pass (contract 6)', () => {
  it('a run shorter than one sampling interval fails with no GPU reading, not a 0 B pass', async () => {
    // break-report-1 item 4: `run: "true"` at 500 ms on the fake 80 GiB card passed with "peak 0 B".
    // A new user's typo'd command (it prints its usage and exits 0) ends the same way: the reason
    // says what happened, not that the runner could not read the GPU.
    fakeRunner(1)
    const config = writeConfig(head().replace('50ms', '500ms') + '  - {name: spike, run: "true"}\n')
    const { results } = await run(config)
    expect(results.models[0]).toMatchObject({ status: 'failed', peakBytes: null })
    expect(results.models[0]!.peaks.nvidiaSmiBytes).toBeNull()
    expect(results.models[0]!.reason).toMatch(
      /^finished in \d+ ms without using the GPU that nvidia-smi could see \(it exited 0 before the first sample\): is `run` the training command\?/
    )
    expect(results.models[0]!.reason).not.toMatch(/runner/)
    expect(results.models[0]!.findings?.map(f => f.code)).toContain('ended-before-first-sample')
    expect(results.models[0]!.notes.join('\n')).toMatch(/the run ended before nvidia-smi sampled it/)
    expect(results.gate).toBe('fail')
  })

  it('a run that exits non-zero before the first sample keeps its exit code as the reason', async () => {
    fakeRunner(1)
    const config = writeConfig(head().replace('50ms', '500ms') + '  - {name: typo, run: "exit 2"}\n')
    const { results } = await run(config)
    expect(results.models[0]).toMatchObject({ status: 'failed', reason: 'exited with code 2' })
  })

  it('sampler torch on a run that is not PyTorch blames the probe, not a healthy nvidia-smi', async () => {
    fakeRunner(1)
    const config = writeConfig(head('  sampler: torch\n') + '  - {name: notorch, run: "sleep 0.2"}\n')
    const { results } = await run(config)
    expect(results.models[0]!.status).toBe('failed')
    expect(results.models[0]!.reason).toMatch(
      /nvidia-smi was not asked \(measure.sampler: torch\); the torch probe was asked and recorded nothing/
    )
  })
})

describe('readings lost in the middle of a run', () => {
  it('a run whose GPU memory stops being readable while it runs fails with the reason, never passes on the part before', async () => {
    fakeRunner(1)
    const config = writeConfig(
      head() +
        models([
          'a',
          [
            ['gpu', 10000],
            ['sleep', 500],
            ['knobs', { noProcesses: true, deviceUsed: 'na' }],
            ['gpu', 90000],
            ['sleep', 2500]
          ]
        ])
    )
    const { results } = await run(config)
    const model = results.models[0]
    expect(model).toMatchObject({ status: 'failed', peakBytes: null })
    expect(model?.reason).toMatch(/^GPU memory could not be read on this runner/)
    expect(model?.notes.join('\n')).toMatch(
      /GPU 0: nvidia-smi stopped listing processes of the run while they still ran .*GPU memory unknown/
    )
    expect(results.gate).toBe('fail')
  }, 60_000)
})

describe('a runner without nvidia-smi', () => {
  it('sampler auto judges host memory and says so plainly', async () => {
    vi.stubEnv('OOM_GATE_NVIDIA_SMI', '/nonexistent/nvidia-smi')
    const config = writeConfig(
      `gpu:\n  memory: 2GiB\nmodels:\n  - name: cpu\n    run: ${quoted(
        workload([
          ['host', 40],
          ['sleep', 300]
        ])
      )}\n`
    )
    const { results, summaryMarkdown } = await run(config)
    expect(results.target.measures).toBe('host')
    expect(results.runnerError).toBeNull()
    expect(results.models[0]).toMatchObject({ status: 'ok', peakSource: 'host' })
    expect(results.notes).toContain(HOST_JUDGED_NOTE)
    expect(summaryMarkdown).toContain(
      '(host memory was judged, not GPU memory: no nvidia-smi on this runner)'
    )
  })

  it('a config that gates GPU memory is a one-line config error saying how to switch', async () => {
    vi.stubEnv('OOM_GATE_NVIDIA_SMI', '/nonexistent/nvidia-smi')
    const smi = writeConfig('measure:\n  sampler: nvidia-smi\nmodels:\n  - {name: a, run: "true"}\n')
    expect(await usageProblems(run(smi))).toEqual([
      `${smi}: measure.sampler: nvidia-smi measures GPU memory, and this runner has no nvidia-smi (no NVIDIA GPU or driver); run on a GPU runner, or to judge host memory instead, set measure.sampler: host`
    ])
    const torch = writeConfig('measure:\n  sampler: torch\nmodels:\n  - {name: a, run: "true"}\n')
    expect((await usageProblems(run(torch)))[0]).toMatch(/measure.sampler: torch measures GPU memory/)
    const gpus = writeConfig('measure:\n  gpus: [0]\nmodels:\n  - {name: a, run: "true"}\n')
    expect(await usageProblems(run(gpus))).toEqual([
      `${gpus}: measure.gpus asks for GPUs 0, and this runner has no nvidia-smi (no NVIDIA GPU or driver); run on a GPU runner, or remove measure.gpus and to judge host memory instead, set measure.sampler: host`
    ])
  })

  it('a model that needs several GPUs is a one-line config error, not a host-memory pass', async () => {
    vi.stubEnv('OOM_GATE_NVIDIA_SMI', '/nonexistent/nvidia-smi')
    const wide = writeConfig(
      'gpu: {memory: 80GiB}\nmodels:\n  - {name: small, run: "true"}\n  - {name: ddp, run: "true", gpus: 2}\n'
    )
    expect(await usageProblems(run(wide))).toEqual([
      `${wide}: models[1].gpus: ddp needs 2 GPUs, and this runner has no nvidia-smi (no NVIDIA GPU or driver); run on a GPU runner, or set gpus: 1 to judge its host memory instead`
    ])
  })
})

describe('busy GPUs', () => {
  it('waits for a GPU another process holds to free, before the first model and before each', async () => {
    const state = fakeRunner(1)
    // Each stranger leaves only after a busy check saw it, and 1.5 s later: the wait the notes
    // report is then at least that long however slowly the loaded machine brings the gate there.
    // (It left at fixed times before, 3 s after the test began and 4 s after the first model
    // ended: a gate slower than that saw it gone, waited for nothing, and wrote no note.)
    const asked = join(tmp(), 'asked.log')
    state.knobs({ askedLog: asked })
    const sightings = (pid: number, since = 0) =>
      (existsSync(asked) ? readFileSync(asked, 'utf8') : '')
        .split('\n')
        .filter(l => l !== '')
        .map(l => l.split(' '))
        .filter(([at, pids]) => Number(at) >= since && (pids ?? '').split(',').includes(String(pid)))
    const leaveOnceSeen = async (pid: number, since = 0) => {
      expect(await waitFor(() => sightings(pid, since).length > 0, 90_000, 20)).toBe(true)
      await new Promise(r => setTimeout(r, 1500))
      rmSync(join(state.dir, 'procs', `foreign-${pid}.json`), { force: true })
    }
    state.foreign(999_991, uuidOf(0), 3000)
    // Before the first model only the gate's wait for free GPUs asks for compute processes.
    const first = leaveOnceSeen(999_991)
    // The first model hands the GPU to a stranger as it ends.
    const stranger = JSON.stringify({ pid: 999_992, uuid: uuidOf(0), usedMiB: 2000, static: true })
    const out = tmp()
    const config = writeConfig(
      head('  gpu-wait: 30s\n') +
        `  - name: one\n    run: ${quoted(
          `${workload([
            ['gpu', 400],
            ['sleep', 800]
          ])}; echo '${stranger}' > "$FAKE_NVIDIA_SMI_STATE/procs/foreign-999992.json"`
        )}\n` +
        models([
          'two',
          [
            ['gpu', 500],
            ['sleep', 800]
          ]
        ])
    )
    const running = run(config, out)
    await first
    // Once the first model's verdict is written (its release wait, which also asks, is over),
    // a check that lists the stranger is the second model's wait.
    const oneDone = () =>
      existsSync(join(out, 'results.json')) &&
      (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results).models.some(
        m => m.name === 'one'
      )
    expect(await waitFor(oneDone, 90_000, 20)).toBe(true)
    await leaveOnceSeen(999_992, Date.now())
    const { results } = await running
    expect(results.models.map(m => [m.name, m.status, m.peakBytes])).toEqual([
      ['one', 'ok', 400 * MIB],
      ['two', 'ok', 500 * MIB]
    ])
    expect(results.notes.join('\n')).toMatch(
      /waited [\d.]+ s for GPUs other processes held to be free before the first start/
    )
    expect(results.models[1]?.notes.join('\n')).toMatch(
      /waited [\d.]+ s for GPU 0 to be free before two started/
    )
  }, 240_000)

  it('a display’s memory is under measure.gpu-idle; above it the GPU is busy until the wait ends', async () => {
    const state = fakeRunner(1)
    // A desktop: Xorg and a compositor hold 1.5 GiB as graphics processes, not compute apps.
    writeFileSync(join(state.dir, 'gpus.json'), JSON.stringify({ gpus: [{ reservedMiB: 1536 }] }))
    const busy = writeConfig(head('  gpu-wait: 1s\n') + models(['a', [['gpu', 100]]]))
    const refused = await run(busy)
    expect(refused.results.models[0]?.status).toBe('failed')
    expect(refused.results.notes.join()).toMatch(
      /GPU 0 not used: 1\.50 GiB in use and no process listed .*measure\.gpu-idle/
    )
    const desktop = writeConfig(
      head('  gpu-wait: 1s\n  gpu-idle: 2GiB\n') +
        models([
          'a',
          [
            ['gpu', 100],
            ['sleep', 800]
          ]
        ])
    )
    const { results } = await run(desktop)
    expect(results.models[0]).toMatchObject({ status: 'ok', peakBytes: 100 * MIB })
  }, 60_000)

  it('measure.gpus uses a GPU that other processes hold, reports and excludes their memory', async () => {
    const state = fakeRunner(2)
    state.foreign(999_993, uuidOf(1), 5000)
    const config = writeConfig(
      head('  gpus: [1]\n  gpu-wait: 1s\n') +
        models([
          'a',
          [
            ['gpu', 700],
            ['sleep', 800]
          ]
        ])
    )
    const { results } = await run(config)
    expect(results.models[0]).toMatchObject({ status: 'ok', peakBytes: 700 * MIB })
    expect(results.models[0]?.gpus).toEqual([
      { index: 1, uuid: uuidOf(1), peakBytes: 700 * MIB, baselineBytes: 5000 * MIB }
    ])
    expect(results.notes).toContain(
      'GPU 1 used although another process holds memory on it (pid 999993 4.88 GiB), because measure.gpus names it; that memory is not counted'
    )
  }, 60_000)

  it('an OOM on a measure.gpus GPU that other processes hold is the runner’s GPU, not a model OOM', async () => {
    const state = fakeRunner(1)
    state.foreign(999_992, uuidOf(0), 30000)
    // PyTorch's message when another process holds part of the card (total capacity is the whole card).
    const oom =
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.15 GiB of which 8.00 MiB is free. Including non-PyTorch memory, this process has 49.10 GiB memory in use.'
    const config = writeConfig(
      head('  gpus: [0]\n  gpu-wait: 1s\n') +
        models([
          'crowded',
          [
            ['gpu', 50000],
            ['sleep', 300],
            ['stderr', oom],
            ['exit', 1]
          ]
        ])
    )
    const { results } = await run(config)
    const model = results.models[0]
    expect(model?.status).toBe('failed')
    expect(model?.oom?.kind).toBe('gpu-oom')
    expect(model?.reason).toMatch(
      /^the runner's GPU had only 49\.85 GiB free \(other processes held 29\.30 GiB of its 79\.15 GiB\): the run ran out of memory on it/
    )
  }, 60_000)
})
