// models[].trace (contract 7's last line): valid blocks normalize, every mistake is one line that
// names the file, the key and the fix; the builder file must exist relative to the model's cwd.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig, parseConfig, UsageError } from '../../src/config/load.js'
import { FILE, problems } from './helpers.js'

const model = (trace: string) => `models:
  - name: tiny
    run: python3 train.py
    cwd: examples/tiny-normal
    trace: ${trace}
`

describe('models[].trace', () => {
  it('normalizes entry, batch, args, cuda-context, variants and max-batch', () => {
    const config = parseConfig(
      model(
        `{entry: trace_tiny.py:build, batch: 2, args: {size: 2b, patch: 16}, cuda-context: 225MiB, variants: [{id: sdpa, args: {attention: sdpa}, warning: needs torch 2}], max-batch: 16}`
      ),
      FILE
    )
    expect(config.models[0]!.trace).toEqual({
      entry: 'trace_tiny.py:build',
      batch: 2,
      args: { size: '2b', patch: 16 },
      cudaContextBytes: 225 * 2 ** 20,
      variants: [{ id: 'sdpa', args: { attention: 'sdpa' }, warning: 'needs torch 2' }],
      checkpoint: 'auto',
      maxBatch: 16
    })
  })

  it('defaults: no batch (the builder default), no args, the tracer context, max-batch 256', () => {
    const config = parseConfig(model('{entry: trace_tiny.py:build}'), FILE)
    expect(config.models[0]!.trace).toMatchObject({
      batch: null,
      args: {},
      cudaContextBytes: null,
      maxBatch: 256
    })
    expect(
      parseConfig(model('{entry: a.py:b}').replace(/ {4}trace:.*\n/, ''), FILE).models[0]!.trace
    ).toBeNull()
  })

  it('one line per mistake, naming the key and the fix', () => {
    expect(problems(model('{entry: trace_tiny.py}'))).toEqual([
      `${FILE}: models[0].trace.entry: "trace_tiny.py" is not FILE.py:FUNCTION; write the builder as e.g. trace_model.py:build (FILE relative to the model's cwd)`
    ])
    expect(problems(model('{entry: t.py:build, bacth: 2}'))).toEqual([
      `${FILE}: models[0].trace.bacth: unknown key; did you mean "batch"?`
    ])
    expect(problems(model('{entry: t.py:build, batch: 0}'))[0]).toMatch(
      /^\.github\/oom-gate\.yml: models\[0\]\.trace\.batch: 0 is too small; write a number at least 1/
    )
    expect(problems(model('{entry: t.py:build, args: {2x: 1}}'))[0]).toMatch(
      /models\[0\]\.trace\.args\.2x.*Python keyword argument/
    )
    expect(problems(model('{entry: t.py:build, cuda-context: lots}'))[0]).toMatch(
      /models\[0\]\.trace\.cuda-context: "lots" is not a size/
    )
    expect(problems(model('{entry: t.py:build, variants: [{id: p32, arg: {patch: 32}}]}'))).toContain(
      `${FILE}: models[0].trace.variants[0].arg: unknown key; did you mean "args"?`
    )
    expect(problems(model('{}'))).toEqual([
      `${FILE}: models[0].trace.entry: "nothing" is not FILE.py:FUNCTION; write the builder as e.g. trace_model.py:build (FILE relative to the model's cwd)`.replace(
        '"nothing"',
        'nothing'
      )
    ])
  })

  it('loading checks the builder file relative to the model cwd (from the repository root)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oom-gate-trace-key-'))
    const good = join(dir, 'good.yml')
    writeFileSync(good, model('{entry: trace_tiny.py:build}'))
    expect(loadConfig(good).models[0]!.trace?.entry).toBe('trace_tiny.py:build')
    const bad = join(dir, 'bad.yml')
    writeFileSync(bad, model('{entry: examples/tiny-normal/trace_tiny.py:build}'))
    let error: unknown
    try {
      loadConfig(bad)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UsageError)
    expect((error as UsageError).problems).toEqual([
      `${bad}: models[0].trace.entry: examples/tiny-normal/trace_tiny.py: no such file (relative to the model's cwd examples/tiny-normal); write the path of the builder from there`
    ])
  })
})
