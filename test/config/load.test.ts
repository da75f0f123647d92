import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig, parseConfig } from '../../src/config/load.js'
import { limitBytes } from '../../src/config/schema.js'
import { FILE, problems } from './helpers.js'

const CONTRACT_EXAMPLE = `
gpu:
  memory: 80GiB        # per-GPU memory of the card the configs must fit (A800 80GB)
  headroom: 3%
measure:
  sampler: auto
  interval: 100ms
  timeout: 20m
regression:
  threshold: 5%
models:
  - name: sapiens_1b
    run: python tools/train.py configs/sapiens_1b_normal.py --cfg-options train_cfg.max_iters=20
    cwd: seg
    env: {PATCH_SIZE: "16"}
    gpus: 1
    expect: fit
  - name: sapiens_2b
    run: python tools/train.py configs/sapiens_2b_normal.py
    expect: oom
`

describe('the config file (contract 1)', () => {
  it('parses the contract example exactly', () => {
    const config = parseConfig(CONTRACT_EXAMPLE, FILE)
    expect(config.gpu).toEqual({ memory: 85899345920, headroom: { ratio: 0.03, bytes: null } })
    expect(config.measure).toMatchObject({ sampler: 'auto', intervalMs: 100, timeoutMs: 1_200_000 })
    expect(config.regression.threshold).toBe(0.05)
    expect(config.models.map(m => [m.name, m.cwd, m.env, m.gpus, m.expect, m.line])).toEqual([
      ['sapiens_1b', 'seg', { PATCH_SIZE: '16' }, 1, 'fit', 12],
      ['sapiens_2b', null, {}, 1, 'oom', 18]
    ])
    expect(limitBytes(config.gpu.memory as number, config.gpu.headroom)).toBe(83322365542)
  })

  it('fills defaults for everything but models', () => {
    const config = parseConfig('models:\n  - name: a\n    run: "true"\n', FILE)
    expect(config.gpu).toEqual({ memory: 'runner', headroom: { ratio: 0.03, bytes: null } })
    expect(config.measure).toEqual({
      sampler: 'auto',
      intervalMs: 100,
      timeoutMs: 1_200_000,
      graceMs: 10_000,
      releaseTimeoutMs: 60_000,
      gpus: null,
      settleMs: null,
      minDurationMs: 0,
      repeat: 1,
      snapshot: 'on-failure',
      gpuIdleBytes: 1024 ** 3,
      gpuWaitMs: 120_000
    })
    expect(config.history).toEqual({
      branch: 'oom-gate-data',
      branches: null,
      limit: 500,
      alert: 'commit-comment',
      mention: [],
      adoptBranch: false
    })
    expect(config.regression).toEqual({ threshold: 0.05, unreadableBase: 'fail' })
  })

  it('rejects an unknown regression.unreadable-base in one line naming the choices', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oom-gate-cfg-'))
    const path = join(dir, 'oom-gate.yml')
    writeFileSync(path, 'regression: {unreadable-base: ignore}\nmodels: [{name: a, run: "true"}]\n')
    expect(() => loadConfig(path)).toThrow(
      /regression\.unreadable-base.*"fail" \| "warn"|regression\.unreadable-base.*fail.*warn/
    )
    let message = ''
    try {
      loadConfig(path)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message.split('\n')).toHaveLength(1)
  })

  it('accepts JSON, which is valid YAML', () => {
    const config = parseConfig(
      '{"gpu": {"memory": "81920MiB", "headroom": "2GiB"}, "models": [{"name": "m", "run": "x"}]}',
      FILE
    )
    expect(config.gpu).toEqual({ memory: 81920 * 2 ** 20, headroom: { ratio: null, bytes: 2 * 2 ** 30 } })
    expect(limitBytes(81920 * 2 ** 20, config.gpu.headroom)).toBe(78 * 2 ** 30)
  })

  it('names file, key path, the wrong value and the expected form', () => {
    expect(problems('gpu:\n  memory: 80 GiBs\nmodels:\n  - {name: a, run: x}\n')).toEqual([
      `${FILE}: gpu.memory: "80 GiBs" is not a size; write 80GiB, a number of bytes, or runner (the runner's own card)`
    ])
    expect(problems('measure:\n  timeout: 1200\nmodels:\n  - {name: a, run: x}\n')).toEqual([
      `${FILE}: measure.timeout: 1200 is not a duration (a bare number has no unit: 1200s?); write 20m (ms, s, m or h)`
    ])
    expect(problems('regression:\n  threshold: 5\nmodels:\n  - {name: a, run: x}\n')).toEqual([
      `${FILE}: regression.threshold: 5 is not a percentage; write 5%`
    ])
    expect(problems('measure:\n  sampler: gpu\nmodels:\n  - {name: a, run: x}\n')).toEqual([
      `${FILE}: measure.sampler: "gpu" is not allowed; write one of auto, nvidia-smi, torch, host`
    ])
  })

  it('reads measure.gpu-idle and measure.gpu-wait, and names a bad value in one line', () => {
    const config = parseConfig(
      'measure:\n  gpu-idle: 2GiB\n  gpu-wait: 30s\nmodels:\n  - {name: a, run: x}\n',
      FILE
    )
    expect(config.measure).toMatchObject({ gpuIdleBytes: 2 * 2 ** 30, gpuWaitMs: 30_000 })
    expect(problems('measure:\n  gpu-idle: lots\n  gpu-wait: 2\nmodels:\n  - {name: a, run: x}\n')).toEqual([
      `${FILE}: measure.gpu-idle: "lots" is not a size; write 1GiB`,
      `${FILE}: measure.gpu-wait: 2 is not a duration (a bare number has no unit: 2s?); write 2m (ms, s, m or h)`
    ])
    expect(problems('measure:\n  gpu-wiat: 1m\nmodels:\n  - {name: a, run: x}\n')).toEqual([
      `${FILE}: measure.gpu-wiat: unknown key; did you mean "gpu-wait"?`
    ])
  })

  it('rejects durations out of range with the allowed range, and an empty or blank run', () => {
    expect(problems('measure:\n  timeout: 0s\nmodels:\n  - {name: a, run: x}\n')).toEqual([
      `${FILE}: measure.timeout: "0s" is out of range; allowed: 1s to 72h (e.g. 20m)`
    ])
    expect(problems('measure:\n  interval: 0ms\nmodels:\n  - {name: a, run: x}\n')).toEqual([
      `${FILE}: measure.interval: "0ms" is out of range; allowed: 10ms to 60s (e.g. 100ms)`
    ])
    expect(problems('models:\n  - {name: a, run: x, timeout: 0m}\n')).toEqual([
      `${FILE}: models[0].timeout: "0m" is out of range; allowed: 1s to 72h (e.g. 20m)`
    ])
    for (const run of ['""', '"   "', '"\\t\\n"']) {
      expect(problems(`models:\n  - {name: a, run: ${run}}\n`)).toEqual([
        `${FILE}: models[0].run: is empty; write the shell command that runs the smoke fine-tune (nothing run is nothing measured)`
      ])
    }
  })

  it('rounds a size with a fraction of a byte instead of refusing it', () => {
    const config = parseConfig('gpu: {memory: 1.2GiB}\nmodels:\n  - {name: a, run: x}\n', FILE)
    expect(config.gpu.memory).toBe(1288490189)
  })

  it('suggests the closest valid key for an unknown one', () => {
    expect(
      problems('gpu:\n  memroy: 80GiB\nmodels:\n  - {name: a, run: x, expext: oom}\nmesure: {}\n')
    ).toEqual([
      `${FILE}: gpu.memroy: unknown key; did you mean "memory"?`,
      `${FILE}: models[0].expext: unknown key; did you mean "expect"?`,
      `${FILE}: mesure: unknown key; did you mean "measure"?`
    ])
    expect(problems('models:\n  - {name: a, run: x}\nfoo: 1\n')[0]).toBe(
      `${FILE}: foo: unknown key; valid keys are gpu, measure, regression, history, models`
    )
  })

  it('reports every problem, one line each, in file order', () => {
    const lines = problems(
      'gpu: {memory: lots, headroom: some}\nmodels:\n  - {name: "bad name", run: x}\n  - {run: y}\n'
    )
    expect(lines).toHaveLength(4)
    expect(lines.every(l => l.startsWith(`${FILE}: `))).toBe(true)
    expect(lines).toContain(`${FILE}: models[1].name: missing; it is required`)
  })

  it('rejects duplicate model names and an empty model list', () => {
    expect(problems('models:\n  - {name: a, run: x}\n  - {name: a, run: y}\n')).toEqual([
      `${FILE}: models[1].name: "a" is already the name of models[0]; names must be unique`
    ])
    expect(problems('models: []\n')).toEqual([`${FILE}: models: list at least one model to measure`])
    expect(problems('')).toEqual([`${FILE}: the file is empty; it needs at least a models: list`])
  })

  it('reports YAML syntax errors with their line', () => {
    const [line] = problems('models:\n  - name: a\n   run: [\n')
    expect(line).toMatch(/^\.github\/oom-gate\.yml: line \d+, column \d+: not valid YAML: /)
  })

  it('validates the estimate block', () => {
    expect(
      problems(
        'models:\n  - name: a\n    run: x\n    estimate: {arch: sapiens_2b, image: 1024 by 768, pach: 16}\n'
      )
    ).toEqual([
      `${FILE}: models[0].estimate.image: write HEIGHTxWIDTH, e.g. 1024x768`,
      `${FILE}: models[0].estimate.pach: unknown key; did you mean "patch"?`
    ])
  })

  it('loads from disk and explains a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oom-gate-config-'))
    writeFileSync(join(dir, 'c.yml'), 'models:\n  - {name: a, run: x}\n')
    expect(loadConfig(join(dir, 'c.yml')).models[0]!.name).toBe('a')
    expect(() => loadConfig(join(dir, 'missing.yml'))).toThrow(/missing\.yml: no such file; create it/)
    // A directory exists: "create it" would send the user the wrong way.
    expect(() => loadConfig(dir)).toThrow(
      new RegExp(`^${dir}: is a directory; pass the config file, e.g. --config \\.github/oom-gate\\.yml$`)
    )
  })

  it('measure.snapshot: off, on-failure (default) or always; anything else names the field and the choices', () => {
    const models = 'models:\n  - name: a\n    run: "true"\n'
    expect(parseConfig(`measure:\n  snapshot: always\n${models}`, FILE).measure.snapshot).toBe('always')
    expect(parseConfig(`measure:\n  snapshot: "off"\n${models}`, FILE).measure.snapshot).toBe('off')
    expect(() => parseConfig(`measure:\n  snapshot: on-oom\n${models}`, FILE)).toThrow(
      /measure\.snapshot.*on-failure/
    )
  })
})
