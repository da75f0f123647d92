// The executor on a fake four-GPU runner: models run at the same time, each on its own GPUs
// with CUDA_VISIBLE_DEVICES set, and each sees only its own process tree's memory.
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { waitFor } from '../../src/measure/process/waitFor.js'
import { childrenOfThisProcess, MIB, uuidOf, workload, type Step } from '../measure/helpers.js'
import { behindBarrier, execute, fakeRunner, quoted, resultOf, tmp, writeConfig } from './helpers.js'

// Each test runs real processes end to end (the bundled action as the runner runs it, several
// times; or several models at once): 6 to 19 s on a quiet 2-core machine, five times that while
// the machine is shared, so the default 30 s is too close.
vi.setConfig({ testTimeout: 150_000 })

afterEach(async () => {
  vi.unstubAllEnvs()
  expect(await waitFor(() => childrenOfThisProcess().length === 0, 10_000)).toBe(true)
})

/** A command that prints its CUDA_VISIBLE_DEVICES, then runs the workload. */
const visible = (steps: Step[]) => `echo "visible=$CUDA_VISIBLE_DEVICES"; ${workload(steps)}`

const modelsYaml = (models: { name: string; run: string; gpus?: number }[]) =>
  models
    .map(m => `  - name: ${m.name}\n    run: ${quoted(m.run)}${m.gpus ? `\n    gpus: ${m.gpus}` : ''}`)
    .join('\n')

const header = `gpu:
  memory: 80GiB
measure:
  interval: 50ms
  timeout: 2m
  release-timeout: 20s
  gpu-wait: 1s
models:
`

describe('several models on one runner', () => {
  it('runs four workloads of different sizes on four GPUs at once, each attributed to its own tree', async () => {
    fakeRunner(4)
    const dir = tmp()
    const go = join(dir, 'go')
    const hold = (mib: number): Step[] => [
      ['gpu', mib],
      ['waitfile', go],
      ['print', 'done']
    ]
    // d is a tree: 1500 MiB in the parent, 2500 MiB in its child.
    const tree: Step[] = [
      ['gpu', 1500],
      [
        'spawn',
        {
          steps: [
            ['gpu', 2500],
            ['waitfile', go]
          ],
          wait: true
        }
      ],
      ['print', 'done']
    ]
    const config = writeConfig(
      header +
        modelsYaml([
          { name: 'a', run: visible(hold(1000)) },
          { name: 'b', run: visible(hold(2000)) },
          { name: 'c', run: visible(hold(3000)) },
          { name: 'd', run: visible(tree) }
        ])
    )
    const { executed, allAtOnce } = await behindBarrier(config, dir, { a: 1000, b: 2000, c: 3000, d: 4000 })
    expect(allAtOnce, executed.lines.join('\n')).toBe(true)

    const byName = Object.fromEntries(
      ['a', 'b', 'c', 'd'].map(n => {
        const r = resultOf(executed, n)
        return [n, { status: r.status, peak: r.peakBytes, gpus: r.gpus?.map(g => [g.index, g.peakBytes]) }]
      })
    )
    // Config order with no history; each on its own GPU; nobody counts anybody else's memory.
    expect(byName).toEqual({
      a: { status: 'ok', peak: 1000 * MIB, gpus: [[0, 1000 * MIB]] },
      b: { status: 'ok', peak: 2000 * MIB, gpus: [[1, 2000 * MIB]] },
      c: { status: 'ok', peak: 3000 * MIB, gpus: [[2, 3000 * MIB]] },
      d: { status: 'ok', peak: 4000 * MIB, gpus: [[3, 4000 * MIB]] }
    })
    for (const [name, index] of [
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 3]
    ] as const) {
      expect(executed.lines).toContain(`  ${name} | visible=${uuidOf(index)}`)
      expect(executed.lines).toContain(`▶ ${name}: starting on GPU ${index}`)
      // The pre-run baseline of each card is its own: the other runs' memory is not "foreign" here.
      expect(resultOf(executed, name).gpus?.[0]?.baselineBytes).toBe(0)
      expect(resultOf(executed, name).notes?.join('\n') ?? '').not.toMatch(/other processes/)
    }
    expect(executed.lines).toContain('oom-gate: 4 models on GPUs 0,1,2,3, several at once')
  }, 120_000)

  it('gives a multi-GPU entry its GPUs, reports each GPU and judges by the largest; skips a busy GPU', async () => {
    const state = fakeRunner(4)
    state.foreign(999_999, uuidOf(1), 5000)
    const dir = tmp()
    const go = join(dir, 'go')
    const fsdp: Step[] = [
      ['gpu', 1000, 0],
      [
        'spawn',
        {
          steps: [
            ['gpu', 3000, 1],
            ['waitfile', go]
          ],
          wait: true
        }
      ]
    ]
    const config = writeConfig(
      header +
        modelsYaml([
          { name: 'fsdp', run: visible(fsdp), gpus: 2 },
          {
            name: 'single',
            run: visible([
              ['gpu', 2000],
              ['waitfile', go]
            ])
          }
        ])
    )
    const { executed, allAtOnce } = await behindBarrier(config, dir, { fsdp: 3000, single: 2000 })
    expect(allAtOnce, executed.lines.join('\n')).toBe(true)

    const note =
      'GPU 1 not used: another process holds memory on it (pid 999999 4.88 GiB) when the gate started'
    expect(executed.notes).toEqual([note])
    expect(executed.lines).toContain(`oom-gate: ${note}`)
    const multi = resultOf(executed, 'fsdp')
    expect(executed.lines).toContain(`  fsdp | visible=${uuidOf(0)},${uuidOf(2)}`)
    expect(multi.status).toBe('ok')
    expect(multi.gpus?.map(g => [g.index, g.peakBytes])).toEqual([
      [0, 1000 * MIB],
      [2, 3000 * MIB]
    ])
    expect(multi.peakBytes).toBe(3000 * MIB)
    expect(multi.notes).toContain(
      'peak per GPU: GPU 0 1000 MiB, GPU 2 2.93 GiB; the verdict uses the largest'
    )
    expect(executed.lines).toContain(`  single | visible=${uuidOf(3)}`)
    expect(resultOf(executed, 'single').peakBytes).toBe(2000 * MIB)
  }, 120_000)

  it('a model that needs more GPUs than are free fails with the reason; the others run', async () => {
    const state = fakeRunner(2)
    state.foreign(999_997, uuidOf(0), 800)
    const config = writeConfig(
      header +
        modelsYaml([
          { name: 'pair', run: workload([['gpu', 100]]), gpus: 2 },
          {
            name: 'one',
            run: visible([
              ['gpu', 700],
              ['sleep', 800]
            ])
          }
        ])
    )
    const executed = await execute(config)
    const pair = resultOf(executed, 'pair')
    expect(pair.status).toBe('failed')
    expect(pair.reason).toBe(
      'not run: needs 2 GPU(s) and only 1 GPU(s) are free (1 held by other processes; see the notes)'
    )
    expect(executed.lines).toContain(`  one | visible=${uuidOf(1)}`)
    expect(resultOf(executed, 'one').peakBytes).toBe(700 * MIB)
    // It waits up to measure.gpu-wait (1s here) for the GPU to free; on a loaded machine the first
    // check alone can take that long (the wait itself is tested in failClosed.test.ts).
    expect(executed.notes).toHaveLength(1)
    expect(executed.notes[0]).toMatch(
      /^GPU 0 not used: another process holds memory on it \(pid 999997 800 MiB\) when the gate started( \(waited [\d.]+ s for it\))?$/
    )
  })

  it('counts memory without a listed process above the idle level as busy, not the idle level', async () => {
    const state = fakeRunner(2)
    // Card 0 reads 400 MiB reserved by the driver (R510+), card 1 holds 6000 MiB of a hidden process.
    writeFileSync(
      join(state.dir, 'gpus.json'),
      JSON.stringify({ gpus: [{ reservedMiB: 400 }, { reservedMiB: 6000 }] })
    )
    const config = writeConfig(header + modelsYaml([{ name: 'one', run: visible([['gpu', 100]]) }]))
    const executed = await execute(config)
    expect(executed.lines).toContain(`  one | visible=${uuidOf(0)}`)
    expect(executed.notes).toHaveLength(1)
    expect(executed.notes[0]).toMatch(/^GPU 1 not used: 5\.86 GiB in use and no process listed/)
  })

  it('starts the longest expected model first, and those without a known duration before it', async () => {
    fakeRunner(1)
    const quick = workload([['gpu', 10]])
    const config = writeConfig(
      header +
        modelsYaml([
          { name: 'short', run: quick },
          { name: 'long', run: quick },
          { name: 'fresh', run: quick },
          { name: 'middle', run: quick }
        ])
    )
    const expectedDurationMs = new Map([
      ['short', 10_000],
      ['long', 600_000],
      ['middle', 60_000]
    ])
    const executed = await execute(config, { expectedDurationMs })
    expect(executed.results.map(r => r.name)).toEqual(['fresh', 'long', 'middle', 'short'])
    expect(executed.lines.filter(l => l.startsWith('▶'))).toEqual([
      '▶ fresh: starting on GPU 0',
      '▶ long: starting on GPU 0 (last run took 10m 00s)',
      '▶ middle: starting on GPU 0 (last run took 1m 00s)',
      '▶ short: starting on GPU 0 (last run took 10.0 s)'
    ])
  })

  it('stops the running models and starts no other when the gate is interrupted', async () => {
    fakeRunner(2)
    const dir = tmp()
    const pidfile = (n: string): Step => ['pidfile', join(dir, `${n}.pid`)]
    const config = writeConfig(
      header +
        modelsYaml([
          { name: 'a', run: workload([['gpu', 100], pidfile('a'), ['forever']]) },
          { name: 'b', run: workload([['gpu', 200], pidfile('b'), ['forever']]) },
          { name: 'c', run: workload([['gpu', 300], ['forever']]) }
        ])
    )
    const abort = new AbortController()
    const running = execute(config, { abort: abort.signal })
    expect(
      await waitFor(() => existsSync(join(dir, 'a.pid')) && existsSync(join(dir, 'b.pid')), 60_000)
    ).toBe(true)
    abort.abort()
    const executed = await running
    expect(executed.notStarted).toEqual(['c'])
    expect(executed.results.map(r => [r.name, r.status]).sort()).toEqual([
      ['a', 'failed'],
      ['b', 'failed']
    ])
    expect(resultOf(executed, 'a').reason).toMatch(/interrupted/)
  }, 120_000)

  it('a model interrupted while it waits for its card never starts: not run, no "starting", not "stayed busy"', async () => {
    const state = fakeRunner(1)
    // The first model hands the GPU to a stranger as it ends; the second then waits for it.
    const stranger = JSON.stringify({ pid: 999_993, uuid: uuidOf(0), usedMiB: 2000, static: true })
    const config = writeConfig(
      header.replace('gpu-wait: 1s', 'gpu-wait: 10m') +
        modelsYaml([
          {
            name: 'one',
            run: `${workload([['gpu', 100]])}; echo '${stranger}' > "$FAKE_NVIDIA_SMI_STATE/procs/stranger.json"`
          },
          { name: 'two', run: workload([['gpu', 200]]) }
        ])
    )
    const abort = new AbortController()
    const finished: string[] = []
    const lines: string[] = []
    const running = execute(config, {
      abort: abort.signal,
      log: line => lines.push(line),
      onResult: ({ result }) => finished.push(result.name)
    })
    expect(await waitFor(() => finished.includes('one'), 60_000)).toBe(true)
    expect(existsSync(join(state.dir, 'procs', 'stranger.json'))).toBe(true)
    await new Promise(r => setTimeout(r, 1500))
    abort.abort()
    const executed = await running
    expect(executed.notStarted).toEqual(['two'])
    expect(finished).toEqual(['one'])
    expect(lines.filter(l => l.startsWith('▶'))).toEqual(['▶ one: starting on GPU 0'])
  }, 120_000)
})
