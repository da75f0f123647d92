// The torch probe (src/measure/probe/sitecustomize.py) under real PyTorch on the CPU.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { summarizeSnapshot } from '../../src/judge/snapshot/summarizeSnapshot.js'
import { probeFiles, runPython, tempDir, waitFor } from './helpers.js'

const scripts = fileURLToPath(new URL('./scripts/', import.meta.url))
const GiB = 2 ** 30

describe('torch probe', () => {
  it('writes a final record with the torch version for a process that imports torch', async () => {
    const resultDir = tempDir()
    const run = await runPython('import torch; print("ok", torch.ones(3).sum().item())', { resultDir })
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('ok 3.0\n')
    expect(run.code).toBe(0)
    const files = probeFiles(resultDir)
    expect(files).toHaveLength(1)
    const { name, record } = files[0]!
    expect(name).toBe(`${record.pid}.json`)
    expect(record).toEqual({
      pid: record.pid,
      torchVersion: expect.stringMatching(/^\d+\.\d+/),
      // Debian's torch is a CPU build: no device, and torch.version.cuda is None
      cudaAvailable: false,
      cudaBuild: null,
      devices: {},
      capFraction: null,
      exception: null,
      final: true,
      allocConf: null,
      memoryHistory: null,
      snapshot: null,
      cwd: process.cwd()
    })
  })

  it('writes nothing for a process that never imports torch, though the probe is loaded', async () => {
    const resultDir = tempDir()
    const run = await runPython(
      'import sys, threading; print("_oom_gate_probe" in sys.modules, [t.name for t in threading.enumerate()])',
      { resultDir }
    )
    expect(run.stdout).toBe("True ['MainThread']\n")
    expect(run.code).toBe(0)
    expect(probeFiles(resultDir)).toEqual([])
  })

  it('does nothing without OOM_GATE_RESULT_DIR', async () => {
    const script = [
      'import json, sys, threading, torch',
      'hooks = [type(f).__name__ for f in sys.meta_path] + [getattr(sys.excepthook, "__qualname__", "")]',
      'print(json.dumps([any("_TorchImportWatcher" in h or "_Probe" in h for h in hooks), len(threading.enumerate())]))'
    ].join('\n')
    const run = await runPython(script, { resultDir: null })
    expect(run.stdout).toBe('[false, 1]\n')
    expect(run.code).toBe(0)
  })

  it('has written a record before a SIGKILL (atexit never runs)', async () => {
    const resultDir = tempDir()
    const script = 'import time, torch; print("ready", flush=True); time.sleep(60)'
    const run = await runPython(script, {
      resultDir,
      env: { OOM_GATE_PROBE_INTERVAL_MS: '100' },
      onSpawn: child => {
        // The first record is written at `import torch`, before the print: wait for both, or the
        // kill can land before "ready" reaches the pipe.
        let ready = false
        child.stdout?.on('data', (chunk: Buffer) => (ready ||= chunk.toString().includes('ready')))
        void waitFor(() => ready && probeFiles(resultDir).length > 0, 20_000).then(
          () => child.kill('SIGKILL'),
          () => child.kill('SIGKILL')
        )
      }
    })
    expect(run.signal).toBe('SIGKILL')
    expect(run.stdout).toBe('ready\n')
    const files = probeFiles(resultDir)
    expect(files).toHaveLength(1)
    expect(files[0]!.record).toMatchObject({
      torchVersion: expect.any(String),
      final: false,
      exception: null
    })
  })

  it('captures an uncaught torch.cuda.OutOfMemoryError and keeps the traceback on stderr', async () => {
    const resultDir = tempDir()
    const message =
      'CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.35 GiB total capacity; 75.10 GiB already allocated; 1.20 GiB free; 76.00 GiB reserved in total by PyTorch)'
    const run = await runPython(
      `import torch\nraise torch.cuda.OutOfMemoryError(${JSON.stringify(message)})`,
      {
        resultDir,
        // measure.snapshot's default: with no CUDA initialised there is no history to dump, quietly
        env: { OOM_GATE_SNAPSHOT: 'on-failure' }
      }
    )
    expect(run.code).toBe(1)
    expect(run.stderr).not.toContain('[oom-gate probe]')
    expect(run.stderr).toContain('Traceback (most recent call last)')
    expect(run.stderr).toContain(`torch.cuda.OutOfMemoryError: ${message}`)
    const [file] = probeFiles(resultDir)
    expect(file!.record.exception).toBe(`torch.cuda.OutOfMemoryError: ${message}`)
    expect(file!.record.final).toBe(true)
    expect(file!.record).toMatchObject({ memoryHistory: null, snapshot: null })
  })

  it('finds an OOM in the exception chain and through a replaced sys.excepthook', async () => {
    const resultDir = tempDir()
    const script = [
      'import sys, torch',
      'sys.excepthook = lambda *a: print("user hook", a[0].__name__)',
      'try:',
      '    raise RuntimeError("CUDA error: out of memory")',
      'except RuntimeError as e:',
      '    raise ValueError("training step failed") from e'
    ].join('\n')
    const run = await runPython(script, { resultDir })
    expect(run.stdout).toBe('user hook ValueError\n')
    expect(run.code).toBe(1)
    expect(probeFiles(resultDir)[0]!.record.exception).toBe('RuntimeError: CUDA error: out of memory')
  })

  it('records no exception for an error that is not an OOM', async () => {
    const resultDir = tempDir()
    const run = await runPython(
      'import torch\nraise RuntimeError("CUDA error: an illegal memory access was encountered")',
      {
        resultDir
      }
    )
    expect(run.code).toBe(1)
    expect(probeFiles(resultDir)[0]!.record).toMatchObject({ exception: null, final: true })
  })

  it('captures an OOM in a thread at once, before os._exit skips atexit', async () => {
    const resultDir = tempDir()
    const script = [
      'import os, threading, torch',
      'def work(): raise RuntimeError("CUBLAS_STATUS_ALLOC_FAILED when calling cublasCreate(handle)")',
      't = threading.Thread(target=work); t.start(); t.join()',
      'os._exit(3)'
    ].join('\n')
    const run = await runPython(script, { resultDir, env: { OOM_GATE_PROBE_INTERVAL_MS: '60000' } })
    expect(run.code).toBe(3)
    expect(run.stderr).toContain('Exception in thread') // the default thread hook still ran
    expect(probeFiles(resultDir)[0]!.record).toMatchObject({
      exception: 'RuntimeError: CUBLAS_STATUS_ALLOC_FAILED when calling cublasCreate(handle)',
      final: false
    })
  })

  it('still imports the sitecustomize it shadows, as the real sitecustomize module', async () => {
    const resultDir = tempDir()
    const userSite = tempDir('oom-gate-usersite-')
    const file = join(userSite, 'sitecustomize.py')
    writeFileSync(file, 'import builtins\nbuiltins.USER_SITECUSTOMIZE = __name__\n')
    const run = await runPython(
      'import builtins, sitecustomize, torch; print(builtins.USER_SITECUSTOMIZE, sitecustomize.__file__)',
      { resultDir, pythonPath: [userSite] }
    )
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe(`sitecustomize ${file}\n`)
    expect(probeFiles(resultDir)).toHaveLength(1) // and the probe itself still works
  })

  it('hooks torch even when the shadowed sitecustomize imports it', async () => {
    const resultDir = tempDir()
    const userSite = tempDir('oom-gate-usersite-')
    writeFileSync(join(userSite, 'sitecustomize.py'), 'import torch\n')
    const run = await runPython('raise RuntimeError("CUDA out of memory. Tried to allocate 20.00 MiB")', {
      resultDir,
      pythonPath: [userSite]
    })
    expect(run.code).toBe(1)
    expect(probeFiles(resultDir)[0]!.record.exception).toBe(
      'RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB'
    )
  })

  it('lets site report a broken shadowed sitecustomize as usual and keeps working', async () => {
    const resultDir = tempDir()
    const userSite = tempDir('oom-gate-usersite-')
    writeFileSync(join(userSite, 'sitecustomize.py'), 'raise ValueError("broken user hook")\n')
    const run = await runPython('import torch; print("ran")', { resultDir, pythonPath: [userSite] })
    expect(run.stderr).toContain('Error in sitecustomize')
    expect(run.stderr).toContain('broken user hook')
    expect(run.stdout).toBe('ran\n')
    expect(probeFiles(resultDir)[0]!.record.final).toBe(true)
  })

  it('never initialises CUDA in a process that did not, even with a cap set', async () => {
    const resultDir = tempDir()
    // measure.snapshot: always queues the memory-history start for CUDA init, and must not start it.
    const env = {
      OOM_GATE_PROBE_INTERVAL_MS: '20',
      OOM_GATE_CAP_BYTES: String(64 * GiB),
      OOM_GATE_SNAPSHOT: 'always'
    }
    const script = join(scripts, 'count_cuda_init.py')
    const [run, control] = await Promise.all([
      runPython(script, { resultDir, env }),
      runPython(script, { resultDir: tempDir(), env, args: ['control'] })
    ])
    expect(run.stdout).toBe('sum True\ncuda calls: 0 initialized: False\n')
    expect(run.code).toBe(0)
    expect(control.stdout).toMatch(/cuda calls: [1-9]/) // the counter does see a program's CUDA call
    expect(probeFiles(resultDir)[0]!.record).toMatchObject({ devices: {}, capFraction: null, final: true })
  })

  it('never breaks the program when it cannot write its record', async () => {
    const base = tempDir()
    writeFileSync(join(base, 'a-file'), '')
    const resultDir = join(base, 'a-file', 'results') // a directory under a regular file: ENOTDIR
    const run = await runPython('import torch; print("trained", torch.zeros(2).numel())', {
      resultDir,
      env: { OOM_GATE_PROBE_INTERVAL_MS: '20' }
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('trained 2\n')
    const probeLines = run.stderr.split('\n').filter(line => line.includes('[oom-gate probe]'))
    expect(probeLines).toHaveLength(1)
    expect(probeLines[0]).toMatch(/^\[oom-gate probe\] could not write .*Error/)
  })

  describe('CUDA paths, against a fake two-GPU torch.cuda', () => {
    const env = {
      OOM_GATE_PROBE_INTERVAL_MS: '300',
      OOM_GATE_CAP_BYTES: String(64 * GiB) // of an 80 GiB fake card
    }

    it('caps at CUDA init and later devices, keeps peaks across resets, records the OOM', async () => {
      const resultDir = tempDir()
      const run = await runPython(join(scripts, 'fake_cuda.py'), { resultDir, env, args: ['oom'] })
      expect(run.stdout).toBe(
        'queued probe calls: 1\nafter init: fractions={"0": 0.8} current=0\nlater: fractions={"0": 0.8, "1": 0.8}\n'
      )
      expect(run.code).toBe(1)
      const [file] = probeFiles(resultDir)
      expect(file!.record).toEqual({
        pid: file!.record.pid,
        torchVersion: expect.any(String),
        // read once, from the real CPU-only torch, before the fake replaces torch.cuda's functions
        cudaAvailable: false,
        cudaBuild: null,
        devices: {
          // 60 GiB allocated before reset_peak_memory_stats, 10 GiB after: the peak is kept
          '0': {
            maxAllocatedBytes: 60 * GiB,
            maxReservedBytes: 64 * GiB,
            totalBytes: 80 * GiB,
            usedBeyondReservedBytes: 500 * 2 ** 20,
            // allocator health: maxima over the run, kept across the reset like the peaks
            numAllocRetries: 2,
            numOoms: 0,
            maxActiveBytes: 60 * GiB,
            maxInactiveSplitBytes: 1 * GiB
          },
          '1': {
            maxAllocatedBytes: 5 * GiB,
            maxReservedBytes: 6 * GiB,
            totalBytes: 80 * GiB,
            usedBeyondReservedBytes: 500 * 2 ** 20,
            numAllocRetries: 0,
            numOoms: 0,
            maxActiveBytes: 5 * GiB,
            maxInactiveSplitBytes: 256 * 2 ** 20
          }
        },
        allocConf: null,
        memoryHistory: null, // measure.snapshot off (OOM_GATE_SNAPSHOT unset): nothing recorded
        snapshot: null,
        cwd: process.cwd(),
        capFraction: 0.8,
        exception: expect.stringMatching(
          /^torch\.cuda\.OutOfMemoryError: CUDA out of memory\. Tried to allocate 2\.00 GiB/
        ),
        final: true
      })
    })

    it('caps the LOCAL_RANK device of a torchrun rank and restores the current device', async () => {
      const resultDir = tempDir()
      const run = await runPython(join(scripts, 'fake_cuda.py'), {
        resultDir,
        env: { ...env, LOCAL_RANK: '1' },
        args: ['exit']
      })
      expect(run.stdout).toContain('after init: fractions={"1": 0.8} current=0\n')
      expect(run.code).toBe(0)
      expect(probeFiles(resultDir)[0]!.record).toMatchObject({
        capFraction: 0.8,
        exception: null,
        final: true
      })
    })

    it('does not cap a card that is no bigger than the cap', async () => {
      const resultDir = tempDir()
      const run = await runPython(join(scripts, 'fake_cuda.py'), {
        resultDir,
        env: { ...env, OOM_GATE_CAP_BYTES: String(80 * GiB) },
        args: ['exit']
      })
      expect(run.stdout).toContain('after init: fractions={} current=0\n')
      expect(probeFiles(resultDir)[0]!.record).toMatchObject({ capFraction: null, final: true })
    })
  })

  it('creates the probe directory under an existing result directory', async () => {
    const resultDir = tempDir()
    mkdirSync(join(resultDir, 'other'))
    await runPython('import torch', { resultDir })
    expect(probeFiles(resultDir)).toHaveLength(1)
  })
})

describe('memory history and snapshots (measure.snapshot), against a fake torch.cuda per torch API', () => {
  const script = join(scripts, 'fake_cuda_history.py')
  const run = (api: string, scenario: string, env: Record<string, string>) => {
    const resultDir = tempDir()
    return runPython(script, {
      resultDir,
      env: { OOM_GATE_PROBE_INTERVAL_MS: '20', FAKE_TORCH_API: api, ...env },
      args: [scenario]
    }).then(result => ({ ...result, resultDir }))
  }
  const historyCall = (stdout: string) => JSON.parse(stdout.split('\n')[0]!) as { history: unknown }
  const snapshotJson = (resultDir: string, pid: number) =>
    JSON.parse(readFileSync(join(resultDir, 'snapshot', `${pid}.json`), 'utf8')) as unknown

  it.each([
    ['2.1', { enabled: 'all', context: 'alloc', stacks: 'python', max_entries: 20000 }, 'oom'],
    [
      '2.0',
      {
        enabled: true,
        record_context: true,
        max_entries: 20000,
        trace_alloc_record_context: true,
        record_context_cpp: false
      },
      'oom'
    ],
    ['1.13', { enabled: true, max_entries: 0 }, 'snapshot']
  ])(
    'torch %s: records with that API (bounded trace) and dumps pickle + JSON at the OOM',
    async (api, call, moment) => {
      const r = await run(api, 'oom', { OOM_GATE_SNAPSHOT: 'on-failure' })
      expect(r.code).toBe(1)
      expect(historyCall(r.stdout).history).toEqual(call)
      const [file] = probeFiles(r.resultDir)
      const record = file!.record
      expect(record).toMatchObject({
        memoryHistory: api,
        snapshot: {
          pickle: `snapshot/${record.pid}.pickle`,
          json: `snapshot/${record.pid}.json`,
          reason: 'oom',
          historyApi: api,
          peakAllocatedBytes: 10 * GiB
        },
        exception: expect.stringContaining('OutOfMemoryError')
      })
      // The pickle (for pytorch.org/memory_viz) holds the same data as the JSON the gate reads.
      const same = await runPython(
        `import json, pickle, sys\nd = sys.argv[1]\np = pickle.load(open(d + '.pickle', 'rb'))\nj = json.load(open(d + '.json'))\nprint(json.loads(json.dumps(p)) == j)`,
        { resultDir: null, args: [join(r.resultDir, 'snapshot', String(record.pid))] }
      )
      expect(same.stdout).toBe('True\n')
      const summary = summarizeSnapshot(snapshotJson(r.resultDir, record.pid), { stripPrefixes: ['/repo'] })
      expect(summary).toMatchObject({
        ok: true,
        summary: {
          format: `torch-${api}`,
          moment,
          allocatedBytes: 10 * GiB,
          oomRequestBytes: api === '1.13' ? null : 8 * GiB,
          sites: [
            { site: 'models/vit.py:88 (forward)', category: 'activations', bytes: 6 * GiB, blocks: 1 },
            { site: 'tools/train.py:12 (main)', category: 'parameters', bytes: 4 * GiB, blocks: 1 }
          ]
        }
      })
    }
  )

  it('off: records no history and writes no snapshot, even at an OOM', async () => {
    const r = await run('2.1', 'oom', { OOM_GATE_SNAPSHOT: 'off' })
    expect(r.code).toBe(1)
    expect(historyCall(r.stdout).history).toBeNull()
    expect(existsSync(join(r.resultDir, 'snapshot'))).toBe(false)
    expect(probeFiles(r.resultDir)[0]!.record).toMatchObject({ memoryHistory: null, snapshot: null })
  })

  it('on-failure: no snapshot for a run that fits without retries', async () => {
    const r = await run('2.1', 'fit', {
      OOM_GATE_SNAPSHOT: 'on-failure',
      OOM_GATE_LIMIT_BYTES: String(78 * GiB)
    })
    expect(r.code).toBe(0)
    expect(historyCall(r.stdout).history).not.toBeNull()
    expect(existsSync(join(r.resultDir, 'snapshot'))).toBe(false)
  })

  it('on-failure: dumps when the allocator had to retry, and when torch plus context passes the limit', async () => {
    const retries = await run('2.1', 'retries', { OOM_GATE_SNAPSHOT: 'on-failure' })
    expect(retries.code).toBe(0)
    const record = probeFiles(retries.resultDir)[0]!.record
    expect(record.devices['0']).toMatchObject({ numAllocRetries: 3, numOoms: 0 })
    expect(record.snapshot).toMatchObject({ reason: 'retries' })
    const summary = summarizeSnapshot(snapshotJson(retries.resultDir, record.pid), {
      stripPrefixes: ['/repo']
    })
    expect(summary.ok && summary.summary.categories).toEqual({
      parameters: 4 * GiB,
      gradients: 0,
      optimizer: 8 * GiB,
      activations: 6 * GiB,
      other: 0
    })
    // 40 GiB reserved + 500 MiB beyond it > a 40 GiB limit
    const over = await run('2.1', 'fit', {
      OOM_GATE_SNAPSHOT: 'on-failure',
      OOM_GATE_LIMIT_BYTES: String(40 * GiB)
    })
    expect(probeFiles(over.resultDir)[0]!.record.snapshot).toMatchObject({ reason: 'over-limit' })
  })

  it('always: dumps after the peak, and the trace replays back to it', async () => {
    const r = await run('2.1', 'peak', { OOM_GATE_SNAPSHOT: 'always' })
    expect(r.code).toBe(0)
    const record = probeFiles(r.resultDir)[0]!.record
    expect(record.snapshot).toMatchObject({ reason: 'peak', peakAllocatedBytes: 22 * GiB })
    const summary = summarizeSnapshot(snapshotJson(r.resultDir, record.pid), {
      stripPrefixes: ['/repo'],
      peakAllocatedBytes: 22 * GiB
    })
    expect(summary).toMatchObject({
      ok: true,
      summary: { moment: 'peak', allocatedBytes: 22 * GiB, coversPeak: true }
    })
    expect(summary.ok && summary.summary.sites[0]).toEqual({
      site: 'models/vit.py:91 (forward)',
      category: 'activations',
      bytes: 12 * GiB,
      blocks: 1
    })
  })

  it('bounds the trace to OOM_GATE_SNAPSHOT_MAX_ENTRIES; a trace too short to reach the peak says so', async () => {
    // One sample only, at exit: long after the peak, with small allocations in between.
    const r = await run('2.1', 'peak', {
      OOM_GATE_SNAPSHOT: 'always',
      OOM_GATE_SNAPSHOT_MAX_ENTRIES: '2',
      OOM_GATE_PROBE_INTERVAL_MS: '60000',
      FAKE_NO_WAIT: '1'
    })
    expect(historyCall(r.stdout).history).toMatchObject({ max_entries: 2 })
    const record = probeFiles(r.resultDir)[0]!.record
    const raw = snapshotJson(r.resultDir, record.pid) as { device_traces: unknown[][] }
    expect(raw.device_traces[0]).toHaveLength(2)
    const summary = summarizeSnapshot(raw, { peakAllocatedBytes: record.snapshot!.peakAllocatedBytes })
    expect(summary).toMatchObject({
      ok: true,
      summary: { coversPeak: false, allocatedBytes: 10 * GiB + 3 * 2 ** 20 }
    })
  })
})
