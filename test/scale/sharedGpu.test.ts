// Shared GPU machines (issue 19, contract 6): the runner's CUDA_VISIBLE_DEVICES pin is the outer
// limit (indices, UUIDs, MIG UUIDs), two gates never share a card (leases, on real CLI processes),
// and a run that used no GPU memory on a GPU runner fails.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FAKE_DIR, fakeState, uuidOf, workload } from '../measure/helpers.js'
import { fakeRunner, quoted, runGate, tmp, usageProblems, writeConfig } from './helpers.js'

const ROOT = resolve(import.meta.dirname, '../..')

const oneModel = (run: string, extra = '') => `gpu:
  memory: 80GiB
measure:
  interval: 50ms
${extra}models:
  - name: one
    run: ${quoted(run)}
`
// The memory is held for many sampling intervals: a run that frees it at once can end between two
// samples on a loaded machine, and a run with no GPU reading is (rightly) not a pass.
const showVisible = `echo "visible=$CUDA_VISIBLE_DEVICES"; ${workload([
  ['gpu', 100],
  ['sleep', 800]
])}`

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('the runner pin is the outer limit', () => {
  it('pinned by indices: the gate uses only GPUs 2,3, exports the UUID, and the report says so', async () => {
    fakeRunner(4)
    vi.stubEnv('CUDA_VISIBLE_DEVICES', '2,3')
    const { results, reportMarkdown } = await runGate(writeConfig(oneModel(showVisible)))
    const used = results.models[0]?.gpus.map(g => g.index)
    expect(used).toEqual([2])
    expect(results.models[0]?.status).toBe('ok')
    expect(results.models[0]?.logTail).toContain(`visible=${uuidOf(2)}`)
    expect(results.runner?.pin).toEqual({
      variable: 'CUDA_VISIBLE_DEVICES',
      value: '2,3',
      gpus: [2, 3],
      ignored: null
    })
    expect(reportMarkdown).toContain("pinned to GPUs 2,3 by the runner's CUDA_VISIBLE_DEVICES")
    expect(results.findings?.map(f => f.code)).toContain('pinned-by-runner')
  })

  it('pinned by UUIDs (a full one and a unique prefix): only those cards', async () => {
    fakeRunner(4)
    vi.stubEnv('CUDA_VISIBLE_DEVICES', `${uuidOf(3)},GPU-00000000-0000-4000-8000-000000000001`)
    const { results } = await runGate(writeConfig(oneModel(showVisible)))
    const index = results.models[0]?.gpus[0]?.index
    expect([1, 3]).toContain(index)
    expect(results.models[0]?.logTail).toContain(`visible=${uuidOf(index!)}`)
    expect(results.runner?.pin?.gpus).toEqual([3, 1])
  })

  it('pinned by a MIG UUID: the run gets the MIG UUID and is measured on its parent GPU', async () => {
    const mig = 'MIG-11111111-2222-5333-8444-555555555555'
    const state = fakeState([{}, { mig: true, migDevices: [{ uuid: mig, profile: '3g.40gb' }] }])
    vi.stubEnv('PATH', `${FAKE_DIR}:${process.env.PATH}`)
    vi.stubEnv('FAKE_NVIDIA_SMI_STATE', state.dir)
    vi.stubEnv('CUDA_VISIBLE_DEVICES', mig)
    const { results } = await runGate(writeConfig(oneModel(showVisible, '')))
    expect(results.models[0]?.logTail).toContain(`visible=${mig}`)
    expect(results.models[0]?.gpus.map(g => g.index)).toEqual([1])
    expect(results.models[0]?.peakBytes).toBeGreaterThan(0)
    expect(results.runner?.pin?.gpus).toEqual([1])
  })

  it('pinned to two MIG slices of GPU 0: two models run at once, one per slice, each on its own', async () => {
    const [a, b] = ['MIG-aaaaaaaa-2222-5333-8444-555555555555', 'MIG-bbbbbbbb-2222-5333-8444-555555555555']
    const state = fakeState([
      {
        mig: true,
        migDevices: [
          { uuid: a, profile: '3g.40gb' },
          { uuid: b, profile: '3g.40gb' }
        ]
      }
    ])
    vi.stubEnv('PATH', `${FAKE_DIR}:${process.env.PATH}`)
    vi.stubEnv('FAKE_NVIDIA_SMI_STATE', state.dir)
    vi.stubEnv('CUDA_VISIBLE_DEVICES', `${a},${b}`)
    vi.stubEnv('OOM_GATE_LEASE_DIR', join(tmp('mig-leases-'), 'leases'))
    const dir = tmp('mig-runs-')
    // Each model starts, says where it runs, then waits for the other one to have started too: a
    // gate that ran them one after the other (or on one slice, where the lease makes them wait)
    // would never let the first one finish.
    const model = (name: string, other: string) =>
      `  - name: ${name}
    run: ${quoted(
      `echo "visible=$CUDA_VISIBLE_DEVICES"; touch ${join(dir, name)}; ${workload([
        ['gpu', 100],
        ['waitfile', join(dir, other)],
        ['sleep', 800]
      ])}`
    )}
    timeout: 60s
`
    const config = `gpu:
  memory: 40GiB
measure:
  interval: 50ms
models:
${model('first', 'second')}${model('second', 'first')}`
    const lines: string[] = []
    const { results } = await runGate(writeConfig(config), undefined, [], line => lines.push(line))
    const seen = results.models.map(m => /visible=(\S+)/.exec(m.logTail.join('\n'))?.[1])
    expect(seen.sort()).toEqual([a, b])
    // The start lines name the slice: both are on GPU 0.
    const starts = lines.filter(l => l.includes('▶')).map(l => /starting on GPU (.*)$/.exec(l)?.[1])
    expect(starts.sort()).toEqual([`0 (${a})`, `0 (${b})`])
    for (const m of results.models) {
      expect(m.status, m.name).toBe('ok')
      expect(m.gpus.map(g => g.index)).toEqual([0])
      expect(m.peakBytes, m.name).toBeGreaterThan(0)
    }
  }, 120_000)

  it('measure.gpus outside the pin, or a pin that hides every GPU: a one-line config error', async () => {
    fakeRunner(4)
    vi.stubEnv('CUDA_VISIBLE_DEVICES', '2,3')
    const outside = writeConfig(
      oneModel('echo hi', 'measure:\n  gpus: [0]\n').replace(
        'measure:\n  interval: 50ms\nmeasure:',
        'measure:\n  interval: 50ms'
      )
    )
    expect(await usageProblems(runGate(outside))).toEqual([
      `${outside}: measure.gpus: GPU 0 lies outside the runner's pin (CUDA_VISIBLE_DEVICES=2,3 allows GPU 2, 3); name GPUs inside the pin, or remove measure.gpus`
    ])
    for (const value of ['', '-1']) {
      vi.stubEnv('CUDA_VISIBLE_DEVICES', value)
      const config = writeConfig(oneModel('echo hi'))
      const [problem, ...rest] = await usageProblems(runGate(config))
      expect(rest).toEqual([])
      expect(problem).toMatch(
        /^the runner's CUDA_VISIBLE_DEVICES=".*" hides every GPU from CUDA, so a GPU run would run on the CPU\. Fix: /
      )
    }
  })
})

describe('no GPU, no pass', () => {
  it('a CPU-only PyTorch run on a GPU runner fails, with what the probe saw', async () => {
    fakeRunner(1)
    const run = `/usr/bin/python3 -c "import torch; print(torch.ones(4).sum().item())"`
    const { results } = await runGate(writeConfig(oneModel(run)))
    const m = results.models[0]!
    expect(m.status).toBe('failed')
    expect(m.reason).toMatch(/^used no GPU memory: it ran on the CPU or on a card the gate does not watch/)
    // Debian's torch is a CPU build: the probe says so.
    expect(m.reason).toMatch(/torch\.cuda\.is_available\(\) = False, a CPU build of PyTorch/)
    expect(results.gate).toBe('fail')
  }, 120_000)
})

describe('leases between gates (real CLI processes)', () => {
  function gate(yaml: string, env: NodeJS.ProcessEnv) {
    const dir = mkdtempSync(join(tmpdir(), 'shared-gate-'))
    const config = join(dir, 'oom-gate.yml')
    writeFileSync(config, yaml)
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'run', '--config', config, '--out', join(dir, 'out')],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let text = ''
    child.stdout.on('data', (b: Buffer) => (text += b.toString()))
    child.stderr.on('data', (b: Buffer) => (text += b.toString()))
    const exited = new Promise<number | null>(r => child.on('exit', code => r(code)))
    return {
      exited,
      output: () => text,
      results: () =>
        JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as {
          gate: string
          models: { name: string; status: string; notes: string[] }[]
        }
    }
  }

  it('two gates started together on one card: the second waits, both pass, the runs never overlap', async () => {
    const state = fakeState([{}])
    const leases = tmp('shared-leases-')
    const log = join(tmp('shared-log-'), 'runs.log')
    const stamp = (what: string) => `echo "$OOM_GATE_MODEL ${what} $(date +%s%N)" >> ${log}`
    // The first run holds the card until the other gate is blocked on the lease (a flock(1) with
    // a lease file open), or it has run already: gates that start seconds apart on a loaded
    // machine would otherwise not overlap at all, and neither would wait.
    const otherWaits = `for i in $(seq 1200); do grep -q ' end ' ${log} 2>/dev/null && break; for c in $(grep -lx flock /proc/[0-9]*/comm 2>/dev/null); do ls -l \${c%comm}fd 2>/dev/null | grep -q ${leases} && break 2; done; sleep 0.05; done`
    const run = `${stamp('start')}; ${otherWaits}; ${workload([
      ['gpu', 100],
      ['sleep', 1500]
    ])}; ${stamp('end')}`
    const yaml = (name: string) => `gpu:
  memory: 80GiB
measure:
  interval: 50ms
  gpu-wait: 2m
models:
  - name: ${name}
    run: ${quoted(run)}
`
    const env = (repo: string, runId: string): NodeJS.ProcessEnv => ({
      ...process.env,
      PATH: `${FAKE_DIR}:${process.env.PATH}`,
      FAKE_NVIDIA_SMI_STATE: state.dir,
      OOM_GATE_LEASE_DIR: leases,
      GITHUB_REPOSITORY: repo,
      GITHUB_RUN_ID: runId
    })
    const a = gate(yaml('alpha'), env('octo/a', '11'))
    const b = gate(yaml('beta'), env('octo/b', '22'))
    const codes = await Promise.all([a.exited, b.exited])
    expect(codes, a.output() + b.output()).toEqual([0, 0])
    for (const g of [a, b]) expect(g.results().models[0]?.status).toBe('ok')

    const events = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map(line => line.split(' '))
      .map(([model, what, ns]) => ({ model, what, at: BigInt(ns!) }))
    const span = (model: string) => ({
      start: events.find(e => e.model === model && e.what === 'start')!.at,
      end: events.find(e => e.model === model && e.what === 'end')!.at
    })
    const [first, second] = [span('alpha'), span('beta')].sort((x, y) => (x.start < y.start ? -1 : 1))
    expect(second!.start > first!.end).toBe(true)
    // The one that waited says for whom.
    const notes = [a, b].flatMap(g => g.results().models[0]?.notes ?? [])
    expect(notes.join('\n')).toMatch(
      /waited .* for GPU 0: leased by another gate \(octo\/[ab] run (11|22), model (alpha|beta), pid \d+\)/
    )
  }, 240_000)
})

describe('a target of unknown size is not 0 bytes', () => {
  it('gpu.memory: runner on a broken runner: target.memoryKnown is false, and the report says unknown', async () => {
    const state = fakeRunner(1)
    state.knobs({
      exitCode: 9,
      errorText: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."
    })
    const config = writeConfig(`gpu:
  memory: runner
models:
  - name: one
    run: echo hi
`)
    const { results, reportMarkdown } = await runGate(config)
    expect(results.target.memoryKnown).toBe(false)
    expect(reportMarkdown).not.toMatch(/\b0 B target card/)
    expect(results.models[0]?.status).toBe('failed')
  })
})
