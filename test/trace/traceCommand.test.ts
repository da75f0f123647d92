// `oom-gate trace` as contract 7 and contract 4's exit codes say: 0 traced (JSON or table), 2 a
// usage or entry error in one line (entry, file, function, returned shape, an exception in the
// user's code with its first line and location, no torch), 3 a tracer error. Under torch 1.13
// and 2.x.
import { chmodSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseTraceArgs, traceCommand } from '../../src/commands/trace.js'
import { UsageError } from '../../src/config/load.js'
import { runTrace, runTraces } from '../../src/trace/runTrace.js'
import { TraceResultSchema } from '../../src/trace/traceResult.js'
import { PYTHONS, REPO } from './pythons.js'

async function trace(argv: string[], python: string) {
  const out: string[] = []
  const err: string[] = []
  const code = await traceCommand(argv, {
    out: text => out.push(text),
    err: line => err.push(line),
    env: { ...process.env, OOM_GATE_PYTHON: python }
  })
  return { code, out: out.join('\n'), err }
}

const errors = 'test/trace/builders/errors.py'

describe.each(PYTHONS)('oom-gate trace under $label', ({ python, major }) => {
  it('exit 0: --json prints contract 7 object; --arg values are JSON-parsed', async () => {
    const run = await trace(
      [
        'test/trace/builders/vit.py:build',
        '--batch',
        '2',
        '--arg',
        'depth=3',
        '--arg',
        'sdpa=false',
        '--json'
      ],
      python
    )
    expect(run.err).toEqual([])
    expect(run.code).toBe(0)
    const result = TraceResultSchema.parse(JSON.parse(run.out))
    expect(result.torch).toMatch(new RegExp(`^${major}\\.`))
    expect(result.batch).toBe(2)
    // depth 3 (not the default 2): 3 blocks of 12*64^2 + 13*64 parameters
    expect(result.parameters).toBe(3 * (12 * 64 * 64 + 13 * 64) + 3 * 64 * 64 + 64 + 16 * 64 + 2 * 64 + 650)
    expect(result.peakPhase).not.toBeNull()
  }, 120_000)

  it('--checkpoint auto wraps the repeated blocks, not the Linears repeated inside them', async () => {
    const run = await trace(
      ['test/trace/builders/nested_mlp.py:build', '--checkpoint', 'auto', '--json'],
      python
    )
    expect(run.err).toEqual([])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.out)
    expect(result.checkpointed).toEqual({ class: ['Block'], modules: 2 })
    // What torch.utils.checkpoint runs under each torch (the note once said non-reentrant on both).
    expect(result.notes).toContain(
      `activation checkpointing on 2 Block modules (${major === 1 ? "reentrant, torch 1.13's default" : 'non-reentrant'})`
    )
  }, 120_000)

  it('byModule: equal rows in model order, blocks.2 before blocks.10', async () => {
    const run = await trace(['test/trace/builders/vit.py:build', '--arg', 'depth=12', '--json'], python)
    expect(run.code).toBe(0)
    const rows: { module: string; category: string; bytes: number }[] = JSON.parse(run.out).byModule
    const fc1 = rows.filter(r => /^blocks\.\d+\.fc1$/.test(r.module) && r.category === 'optimizer')
    expect(new Set(fc1.map(r => r.bytes)).size).toBe(1)
    const indices = fc1.map(r => Number(r.module.split('.')[1]))
    expect(indices.length).toBeGreaterThan(2)
    expect(indices).toEqual([...indices].sort((a, b) => a - b))
  }, 120_000)

  it('exit 0: the table names the peaks and where the peak falls', async () => {
    const run = await trace([`${errors}:takes_device`, '--ddp', '--iterations', '3'], python)
    expect(run.err).toEqual([])
    expect(run.code).toBe(0)
    expect(run.out).toMatch(/allocated peak +\d/)
    expect(run.out).toMatch(/device peak .*CUDA context/)
    expect(run.out).toMatch(/DDP, 3 steps/)
  }, 120_000)

  const cases: [string, string[], RegExp][] = [
    ['no such function', [`${errors}:nope`], /errors\.py has no function nope \(functions: .*raises/],
    ['a close function name', [`${errors}:raise`], /has no function raise \(did you mean "raises"\?\)/],
    ['returned a list', [`${errors}:not_a_dict`], /returned list, not a dict with "model" and "inputs"/],
    ['no model', [`${errors}:no_model`], /returned no "model"/],
    ['a misspelt key', [`${errors}:misspelt_key`], /unknown key 'optimiser' \(did you mean "optimizer"\?\)/],
    [
      'a bad loop value',
      [`${errors}:bad_precision`],
      /loop "precision" must be one of fp32, bf16-amp, fp16-amp, got 'fp64'/
    ],
    [
      'an exception in the builder',
      [`${errors}:raises`],
      /^oom-gate trace: test\/trace\/builders\/errors\.py:23 in raises: ValueError: depth must be even, got 7 \(while running/
    ],
    [
      "an exception in the model's forward",
      [`${errors}:forward_fails`],
      /errors\.py:32 in forward: RuntimeError: .*\(while training/
    ],
    [
      'a syntax error on import',
      ['test/trace/builders/broken.py:build'],
      /broken\.py:4 in <module>: SyntaxError/
    ],
    ['a missing batch', [`${errors}:needs_batch`], /needs argument 'batch': pass --batch N/],
    [
      'an argument it does not take',
      [`${errors}:raises`, '--arg', 'depth=3'],
      /takes no argument 'depth' \(given by --arg depth=\.\.\.\)/
    ],
    [
      'a loss that is not a scalar',
      [`${errors}:bad_loss`],
      /"loss" returned a tensor of shape \(1, 2\), not a scalar tensor/
    ],
    [
      'an unknown checkpoint class',
      ['test/trace/builders/vit.py:build', '--checkpoint', 'Blok'],
      /no module of class Blok in the model \(did you mean "Block"\?\)/
    ]
  ]
  it.each(cases)(
    'exit 2: %s',
    async (_name, argv, message) => {
      const run = await trace(argv, python)
      expect(run.code).toBe(2)
      expect(run.err).toHaveLength(1)
      expect(run.err[0]).toMatch(message)
      expect(run.err[0]).not.toMatch(/Traceback|\n/)
    },
    120_000
  )

  it('runTraces: several requests in one process, outcomes in order, each its own', async () => {
    const outcomes = await runTraces(
      [
        { entry: 'test/trace/builders/vit.py:build', batch: 2, cwd: REPO },
        { entry: 'nope.py', cwd: REPO },
        { entry: `${errors}:raises`, cwd: REPO },
        { entry: 'test/trace/builders/vit.py:build', batch: 4, precision: 'bf16-amp', cwd: REPO }
      ],
      { python }
    )
    expect(outcomes.map(o => (o.ok ? 0 : o.exitCode))).toEqual([0, 2, 2, 0])
    const [small, , raised, large] = outcomes.map(o => (o.ok ? o.result : o.message))
    expect(raised).toMatch(/errors\.py:23 in raises: ValueError/)
    expect(small).toMatchObject({ batch: 2, precision: 'fp32' })
    expect(large).toMatchObject({ batch: 4, precision: 'bf16-amp' })
  }, 120_000)

  it('exit 3: code that needs tensor values meta tensors lack, with its location', async () => {
    const run = await trace([`${errors}:needs_values`], python)
    expect(run.code).toBe(3)
    expect(run.err).toHaveLength(1)
    expect(run.err[0]).toMatch(
      /at test\/trace\/builders\/errors\.py:45 in forward needs what meta tensors do not have .*nonzero/
    )
  }, 120_000)
})

describe('oom-gate trace without a Python run', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'oom-gate-trace-test-'))
  const usage = (argv: string[]) => {
    try {
      parseTraceArgs(argv)
    } catch (error) {
      if (error instanceof UsageError) return error.problems.join('\n')
      throw error
    }
    return 'no error'
  }

  it.each([
    [[], /missing FILE\.py:FUNCTION/],
    [['a.py:f', 'b.py:g'], /takes one FILE\.py:FUNCTION/],
    [['a.py:f', '--batch', '0'], /--batch must be a positive integer, got "0"/],
    [['a.py:f', '--batch', '-1'], /--batch needs a positive integer, not -1/],
    [['a.py:f', '--iterations', '1.5'], /--iterations must be a positive integer/],
    [['a.py:f', '--arg', 'depth'], /--arg needs KEY=VALUE with KEY a Python identifier, got "depth"/],
    [['a.py:f', '--arg', 'batch=2'], /use --batch N/],
    [['a.py:f', '--precision', 'bf16'], /--precision must be fp32, bf16-amp, fp16-amp, got "bf16"/],
    [['a.py:f', '--checkpoint', 'a.b'], /--checkpoint takes auto or a module class name/],
    [['a.py:f', '--device', 'cuda'], /--device must be meta or cpu/],
    [['a.py:f', '--bach', '2'], /Unknown option '--bach' \(did you mean --batch\?\)/]
  ])('exit 2 (usage): %j', (argv, message) => {
    expect(usage(argv as string[])).toMatch(message)
  })

  it('exit 2: an entry that is not FILE.py:FUNCTION, a missing file', async () => {
    expect(await runTrace({ entry: 'model.py' })).toMatchObject({
      ok: false,
      exitCode: 2,
      message: expect.stringMatching(/expected FILE\.py:FUNCTION, got "model\.py"/)
    })
    expect(await runTrace({ entry: 'model.py:build', cwd: scratch })).toMatchObject({
      ok: false,
      exitCode: 2,
      message: expect.stringMatching(/^model\.py: no such file/)
    })
  })

  it('exit 2: no Python with torch, with the fix', async () => {
    const none = await runTrace(
      { entry: 'test/trace/builders/vit.py:build', cwd: REPO },
      { env: { PATH: '' }, findPython: () => null }
    )
    expect(none).toMatchObject({ ok: false, exitCode: 2 })
    expect(!none.ok && none.message).toMatch(
      /no Python with torch found .*pip install torch.*OOM_GATE_PYTHON/
    )
    const missing = await runTrace(
      { entry: 'test/trace/builders/vit.py:build', cwd: REPO },
      { python: join(scratch, 'nope') }
    )
    expect(missing).toMatchObject({
      ok: false,
      exitCode: 2,
      message: expect.stringMatching(/cannot run .*nope \(ENOENT\)/)
    })
  })

  it('exit 2: a Python that cannot import torch', async () => {
    // A torch package that fails to import shadows the real one on PYTHONPATH.
    mkdirSync(join(scratch, 'shadow', 'torch'), { recursive: true })
    writeFileSync(
      join(scratch, 'shadow', 'torch', '__init__.py'),
      'raise ImportError("No module named torch")\n'
    )
    const outcome = await runTrace(
      { entry: 'test/trace/builders/vit.py:build', cwd: REPO },
      { python: PYTHONS[0]!.python, env: { ...process.env, PYTHONPATH: join(scratch, 'shadow') } }
    )
    expect(outcome).toMatchObject({ ok: false, exitCode: 2 })
    expect(!outcome.ok && outcome.message).toMatch(
      /cannot import torch \(ImportError: No module named torch\); install torch/
    )
  }, 60_000)

  it('exit 3: a tracer that dies without a result, or runs past its time', async () => {
    const dies = join(scratch, 'dies.sh')
    writeFileSync(dies, '#!/bin/sh\necho "Segmentation fault" >&2\nexit 139\n')
    chmodSync(dies, 0o755)
    const died = await runTrace({ entry: 'test/trace/builders/vit.py:build', cwd: REPO }, { python: dies })
    expect(died).toMatchObject({
      ok: false,
      exitCode: 3,
      message: expect.stringMatching(/exited with code 139 without a result: Segmentation fault/)
    })
    const slow = join(scratch, 'slow.sh')
    writeFileSync(slow, '#!/bin/sh\nsleep 30\n')
    chmodSync(slow, 0o755)
    const late = await runTrace(
      { entry: 'test/trace/builders/vit.py:build', cwd: REPO },
      { python: slow, timeoutMs: 500 }
    )
    expect(late).toMatchObject({
      ok: false,
      exitCode: 3,
      message: expect.stringMatching(/did not finish within 0\.5 s/)
    })
  })
})
