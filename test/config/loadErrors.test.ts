// The kinds of config mistake a new user made in break report 1: each is one line naming the file,
// the key path (or YAML line), the wrong value and the fix, thrown as a UsageError (exit 2), never
// a crash of the YAML library or zod's default English.
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/load.js'
import { DURATION_RANGES, MAX_TIMER_MS } from '../../src/config/schema.js'
import { FILE, problems } from './helpers.js'

const MODEL = 'models:\n  - {name: a, run: x}\n'

/** A "billion laughs": each level aliases the one above nine times (9^8 strings once expanded). */
function billionLaughs(levels: number): string {
  const lines = ['l0: &l0 "lol"']
  for (let i = 1; i <= levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(', ')}]`
    )
  return `${lines.join('\n')}\n${MODEL}`
}

describe('measure.gpus', () => {
  it('takes indices; a UUID points to the runner pin, an empty list and a non-index say what to write', () => {
    const gpus = (list: string) => problems(`measure:\n  gpus: ${list}\n${MODEL}`)
    expect(gpus('[GPU-bbbbbbbb]')).toEqual([
      `${FILE}: measure.gpus[0]: "GPU-bbbbbbbb" is a GPU UUID; measure.gpus takes indices as nvidia-smi numbers them (e.g. [0, 1]); to pin a runner by UUID set CUDA_VISIBLE_DEVICES in its environment`
    ])
    expect(gpus('[]')).toEqual([
      `${FILE}: measure.gpus: is empty; list GPU indices, e.g. [0, 1], or leave measure.gpus out for all the runner may use`
    ])
    for (const bad of ['1.5', '-1', 'a'])
      expect(gpus(`[${bad}]`)[0]).toMatch(
        /measure\.gpus\[0\]: .* is not a GPU index; write indices as nvidia-smi numbers them, e\.g\. \[0, 1\]$/
      )
    expect(parseConfig(`measure:\n  gpus: [0, 2]\n${MODEL}`, FILE).measure.gpus).toEqual([0, 2])
  })
})

describe('YAML the library cannot turn into data', () => {
  it('a run command with ": " inside, unquoted: the line and the fix (quote it or use run: |)', () => {
    const json = 'models:\n  - name: a\n    run: node w.js {"exitCode": 15, "errorText": "x"}\n'
    const options = 'models:\n  - name: a\n    run: python train.py --cfg-options a=b: c\n'
    for (const text of [json, options]) {
      const lines = problems(text)
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        /^\.github\/oom-gate\.yml: line 3, column \d+: not valid YAML: .*; a value with ": " inside .* must be quoted or written as a block \(run: \|\)$/
      )
    }
    // Valid YAML gets no hint.
    expect(
      parseConfig('models:\n  - name: a\n    run: |\n      node w.js {"exitCode": 15}\n', FILE).models[0]!.run
    ).toBe('node w.js {"exitCode": 15}')
  })

  it('an alias with no anchor: one line with its line and column and the fix', () => {
    expect(problems('models: [*nope]\n')).toEqual([
      `${FILE}: line 1, column 10: not valid YAML: *nope refers to no anchor; define &nope on a value above it, or write the value out`
    ])
  })

  it('an alias used before its anchor is the same mistake', () => {
    expect(problems('models:\n  - *m\n  - &m {name: a, run: x}\n')).toEqual([
      expect.stringMatching(
        /^\.github\/oom-gate\.yml: line 2, column 5: not valid YAML: \*m refers to no anchor/
      )
    ])
  })

  it('an alias chain that expands exponentially (billion laughs) is refused in one line, quickly', () => {
    const started = Date.now()
    expect(problems(billionLaughs(8))).toEqual([
      `${FILE}: not valid YAML: its aliases expand to too much data (more than 100 alias uses, as in a "billion laughs"); write the values out or use fewer aliases`
    ])
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('any other conversion error (a merge of a list) is one line naming the file', () => {
    const lines = problems('base: &b [1, 2]\nmodels:\n  - <<: *b\n    name: a\n    run: x\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^\.github\/oom-gate\.yml: not valid YAML: \S/)
  })

  it('one YAML mistake is one line, not one per line that follows it', () => {
    const lines = problems('models:\n  - {name: a, run: x\n  - {name: b, run: y}\n  - {name: c, run: z}\n')
    expect(lines).toEqual([
      expect.stringMatching(/^\.github\/oom-gate\.yml: line \d+, column \d+: not valid YAML: /)
    ])
  })

  it('a binary file is one line', () => {
    const binary = String.fromCharCode(...Array.from({ length: 200 }, (_, i) => (i * 37) % 256))
    const lines = problems(binary)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^\.github\/oom-gate\.yml: /)
  })
})

describe('YAML merge keys', () => {
  it('<<: *anchor shares keys between models, and a model\u2019s own keys win', () => {
    const config = parseConfig(
      [
        'models:',
        '  - &base',
        '    name: a',
        '    run: python train.py',
        '    env: {PATCH_SIZE: "16"}',
        '    timeout: 5m',
        '  - <<: *base',
        '    name: b',
        '    env: {PATCH_SIZE: "32"}',
        ''
      ].join('\n'),
      FILE
    )
    expect(config.models.map(m => [m.name, m.run, m.env, m.timeoutMs])).toEqual([
      ['a', 'python train.py', { PATCH_SIZE: '16' }, 300_000],
      ['b', 'python train.py', { PATCH_SIZE: '32' }, 300_000]
    ])
  })
})

describe('durations a Node timer can hold', () => {
  const keys = Object.keys(DURATION_RANGES) as (keyof typeof DURATION_RANGES)[]

  it('every duration key has a range within 2^31 - 1 ms', () => {
    for (const key of keys) expect(DURATION_RANGES[key].maxMs, key).toBeLessThanOrEqual(MAX_TIMER_MS)
  })

  it.each(keys)('measure.%s: 600h is refused with the allowed range', key => {
    expect(problems(`measure:\n  ${key}: 600h\n${MODEL}`)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${FILE.replace(/\./g, '\\.')}: measure\\.${key}: "600h" is out of range; allowed: .+ \\(e\\.g\\. \\S+\\)$`
        )
      )
    ])
    expect(problems(`measure:\n  ${key}: 600h\n${MODEL}`)[0]).toContain(DURATION_RANGES[key].words)
  })

  it('a model\u2019s own timeout has the same bound', () => {
    expect(problems('models:\n  - {name: a, run: x, timeout: 600h}\n')).toEqual([
      `${FILE}: models[0].timeout: "600h" is out of range; allowed: 1s to 72h (e.g. 20m)`
    ])
  })

  it('the largest allowed values still load', () => {
    const config = parseConfig(
      `measure: {timeout: 72h, grace: 1h, release-timeout: 1h, settle: 72h, min-duration: 72h, gpu-wait: 24h, interval: 60s}\n${MODEL}`,
      FILE
    )
    expect(Object.values(config.measure).filter(v => typeof v === 'number' && v > MAX_TIMER_MS)).toEqual([])
  })
})

describe('every message names the wrong value and the form expected', () => {
  it('a value of the wrong YAML type keeps the field\u2019s own fix', () => {
    expect(
      problems('gpu: {memory: [1, 2], headroom: true}\nmodels:\n  - {name: a, run: x, env: {A: null}}\n')
    ).toEqual([
      `${FILE}: gpu.memory: [1,2] is not a size; write 80GiB, a number of bytes, or runner (the runner's own card)`,
      `${FILE}: gpu.headroom: true is neither a percentage below 100% nor a size; write 3% or 2GiB`,
      `${FILE}: models[0].env.A: null is not a value for an environment variable; write text, a number or true/false, e.g. PATCH_SIZE: "16"`
    ])
    expect(problems(`regression: {threshold: {a: 1}}\n${MODEL}`)).toEqual([
      `${FILE}: regression.threshold: {"a":1} is not a percentage; write 5%`
    ])
    expect(problems(`measure: {timeout: [20m]}\n${MODEL}`)).toEqual([
      `${FILE}: measure.timeout: ["20m"] is not a duration; write 20m (ms, s, m or h)`
    ])
  })

  it('zod\u2019s default words never reach the user', () => {
    const lines = problems(
      [
        'measure: {repeat: 50, gpus: [], snapshot: 3}',
        'history: {branch: "", limit: 1.5, branches: yes}',
        'models:',
        '  - {name: a, run: x, gpus: 0, paths: "*.py"}',
        '  - {name: b, run: x, gpus: two, estimate: {arch: vit_large, image: 224x224, batch: -1}}',
        ''
      ].join('\n')
    )
    expect(lines.length).toBeGreaterThanOrEqual(9)
    for (const line of lines) {
      expect(line).not.toMatch(/Too small|Too big|Invalid input|expected \w+, received|expected number to be/)
      expect(line).toMatch(/^\.github\/oom-gate\.yml: \S+: .*; (write|list|did you mean)/)
    }
    expect(lines).toContain(`${FILE}: models[0].gpus: 0 is too small; write a number at least 1, e.g. 1`)
    expect(lines).toContain(`${FILE}: models[1].gpus: "two" is not a number; write a number, e.g. 2`)
    expect(lines).toContain(`${FILE}: measure.repeat: 50 is too big; write a number at most 20, e.g. 20`)
  })
})

describe('headroom against the card', () => {
  it('a headroom as large as the memory, or larger, is a config error', () => {
    for (const headroom of ['80GiB', '100GiB']) {
      expect(problems(`gpu: {memory: 80GiB, headroom: ${headroom}}\n${MODEL}`)).toEqual([
        expect.stringMatching(
          /^\.github\/oom-gate\.yml: gpu\.headroom: [\d.]+ GiB is not less than gpu\.memory \(80\.00 GiB\), so nothing would fit; write .*e\.g\. 3% or 2GiB$/
        )
      ])
    }
    expect(problems(`gpu: {memory: 80GiB, headroom: 100%}\n${MODEL}`)).toEqual([
      `${FILE}: gpu.headroom: "100%" is neither a percentage below 100% nor a size; write 3% or 2GiB`
    ])
  })

  it('a headroom just below the memory still loads', () => {
    expect(parseConfig(`gpu: {memory: 80GiB, headroom: 79GiB}\n${MODEL}`, FILE).gpu.headroom.bytes).toBe(
      79 * 2 ** 30
    )
    expect(parseConfig(`gpu: {memory: 80GiB, headroom: 99%}\n${MODEL}`, FILE).gpu.headroom.ratio).toBe(0.99)
  })
})
