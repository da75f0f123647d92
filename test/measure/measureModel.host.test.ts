// measureModel on a machine without GPUs: host memory, output, exit statuses, cwd, leftovers.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { measureModel } from '../../src/measure/measureModel.js'
import { isRunning, readProcStat } from '../../src/measure/host/procStat.js'
import { childrenOfThisProcess, MIB, model, request, workload, type Step } from './helpers.js'

const tmp = () => mkdtempSync(join(tmpdir(), 'measure-host-'))

describe('measureModel without a GPU', () => {
  it('sums the resident memory of the whole tree at each sample', async () => {
    const child: Step[] = [
      ['host', 120],
      ['sleep', 1200]
    ]
    const m = await measureModel(
      request(
        `${workload([
          ['host', 150],
          ['spawn', { steps: child, wait: true }]
        ])}; true`,
        { settings: { intervalMs: 50 } }
      )
    )
    expect(m.exitCode).toBe(0)
    expect(m.peaks.hostRssBytes).toBeGreaterThan(270 * MIB)
    expect(m.peaks.hostRssBytes).toBeLessThan(1024 * MIB)
    expect(m.peaks.nvidiaSmiBytes).toBeNull()
    expect(m.peaks.torchReservedBytes).toBeNull()
    expect(m.gpus).toEqual([])
    expect(m.peakAtMs).toBeGreaterThan(0)
  })

  it('catches a spike shorter than the sampling interval through VmHWM', async () => {
    // 300 MiB written and freed within a few ms, then a long quiet tail: a 1 s sampler
    // sees only the tail, the kernel's high-water mark saw the spike.
    // CPython unmaps a large object as soon as it is freed.
    const spike = `python3 -c "import time; b = b'x' * (300 << 20); del b; time.sleep(2.5)"`
    const m = await measureModel(request(spike, { settings: { intervalMs: 1000 } }))
    expect(m.exitCode).toBe(0)
    expect(m.peaks.hostRssBytes).toBeGreaterThan(300 * MIB)
  })

  it('streams stdout and stderr live, flushes a last partial line, and keeps the last 200 lines', async () => {
    const dir = tmp()
    const go = join(dir, 'go')
    const lines: string[] = []
    const m = await measureModel(
      request(
        `echo first; echo oops >&2; ${workload([['waitfile', go]])}; seq 1 500; printf tail-no-newline`,
        {
          onLine: line => {
            lines.push(line)
            // The run waits for this file: it only ends if 'first' reached us while it ran.
            if (line === 'first') writeFileSync(go, '')
            if (line === '42') throw new Error('a broken log consumer')
          },
          settings: { timeoutMs: 20_000 }
        }
      )
    )
    expect(m.timedOut).toBe(false)
    expect(m.exitCode).toBe(0)
    expect(lines.slice(0, 2).sort()).toEqual(['first', 'oops'])
    expect(lines).toHaveLength(503)
    expect(lines.at(-1)).toBe('tail-no-newline')
    expect(m.logTail).toHaveLength(200)
    expect(m.logTail[0]).toBe('302')
    expect(m.logTail.at(-1)).toBe('tail-no-newline')
  })

  it('reports exit codes and signals as data', async () => {
    expect((await measureModel(request('echo no >&2; exit 7'))).exitCode).toBe(7)
    const killed = await measureModel(request('kill -KILL $$'))
    expect(killed).toMatchObject({ exitCode: null, signal: 'SIGKILL', spawnError: null, timedOut: false })
  })

  it('gives a clear spawnError for a missing cwd or one that is a file, without throwing', async () => {
    const root = tmp()
    writeFileSync(join(root, 'file'), '')
    const missing = await measureModel({
      ...request('true', { repoRoot: root }),
      model: model('true', { cwd: 'seg' })
    })
    expect(missing.spawnError).toBe(`cwd "seg" does not exist (${join(root, 'seg')})`)
    expect(missing.exitCode).toBeNull()
    const file = await measureModel({
      ...request('true', { repoRoot: root }),
      model: model('true', { cwd: 'file' })
    })
    expect(file.spawnError).toMatch(/cwd "file" is not a directory/)
  })

  it('stops what the command left running, and leaves no child behind', async () => {
    const dir = tmp()
    const pidfile = join(dir, 'bg')
    const m = await measureModel(request(`sleep 1000 & echo $! > ${pidfile}; echo bye`))
    expect(m.exitCode).toBe(0)
    const pid = Number(readFileSync(pidfile, 'utf8'))
    expect(isRunning(readProcStat(pid))).toBe(false)
    expect(m.notes.join()).toMatch(/1 process\(es\) the command left running after it exited were stopped/)
    expect(childrenOfThisProcess()).toEqual([])
  })

  it('uses the per-model timeout over the default one', async () => {
    const req = request('sleep 30', { settings: { timeoutMs: 60_000, graceMs: 1000 } })
    req.model = model('sleep 30', { timeoutMs: 500 })
    const m = await measureModel(req)
    expect(m.timedOut).toBe(true)
    expect(m.signal).toBe('SIGTERM')
    expect(m.durationMs).toBeLessThan(20_000)
    expect(childrenOfThisProcess()).toEqual([])
  })

  it('reads the torch probe records into probes and torch peaks', async () => {
    const record = (pid: string, reserved: number) =>
      JSON.stringify({
        pid: Number(pid),
        torchVersion: '1.13.1',
        devices: {
          '0': {
            maxAllocatedBytes: reserved - 100,
            maxReservedBytes: reserved,
            totalBytes: 2 ** 36,
            usedBeyondReservedBytes: null
          }
        },
        capFraction: null,
        exception: null,
        final: true
      })
    const run = [
      'mkdir -p "$OOM_GATE_RESULT_DIR/probe"',
      `echo '${record('101', 1000)}' > "$OOM_GATE_RESULT_DIR/probe/101.json"`,
      `echo '${record('102', 500)}' > "$OOM_GATE_RESULT_DIR/probe/102.json"`
    ].join('; ')
    const m = await measureModel(request(run))
    expect(m.probes.map(p => p.pid)).toEqual([101, 102])
    expect(m.peaks.torchReservedBytes).toBe(1500)
    expect(m.peaks.torchAllocatedBytes).toBe(1300)
  })

  it('does not start when the gate was already interrupted', async () => {
    const abort = new AbortController()
    abort.abort()
    const dir = tmp()
    const m = await measureModel(request(`touch ${join(dir, 'ran')}`, { abort: abort.signal }))
    expect(m.interrupted).toBe(true)
    expect(existsSync(join(dir, 'ran'))).toBe(false)
  })

  it('reports progress with host memory', async () => {
    const samples: { source: string; peak: number | null; elapsed: number }[] = []
    await measureModel(
      request(
        workload([
          ['host', 64],
          ['sleep', 600]
        ]),
        {
          onProgress: p => samples.push({ source: p.source, peak: p.peakBytes, elapsed: p.elapsedMs })
        }
      )
    )
    expect(samples.length).toBeGreaterThan(2)
    expect(new Set(samples.map(s => s.source))).toEqual(new Set(['host']))
    expect(Math.max(...samples.map(s => s.peak ?? 0))).toBeGreaterThan(64 * MIB)
    const elapsed = samples.map(s => s.elapsed)
    expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b))
  })
})
