// Command-line mistakes from break report 1, run through the CLI's own dispatcher (exit codes of
// contract 4): each is one line on stderr and exit 2, before anything is measured.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { main } from '../../src/commands/cli.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
let dir: string
let config: string
let stderr: string[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oom-gate-cli-flags-'))
  config = join(dir, 'oom-gate.yml')
  // A model that would leave a mark if it ran: a usage error must stop before it.
  writeFileSync(config, `measure: {sampler: host}\nmodels:\n  - {name: a, run: "touch ${dir}/ran"}\n`)
  stderr = []
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  vi.spyOn(process.stderr, 'write').mockImplementation(chunk => (stderr.push(String(chunk)), true))
})
afterEach(() => vi.restoreAllMocks())

const lines = () => stderr.join('').split('\n').filter(Boolean)

describe('oom-gate run --model', () => {
  it.each([[''], ['  ']])('an empty filter (%j) is a usage error, not "every model"', async name => {
    expect(await main(['run', '--config', config, '--model', name, '--out', join(dir, 'out')])).toBe(2)
    expect(lines()).toEqual([
      expect.stringMatching(
        /^oom-gate run: --model ".*": an empty name matches no model; give a model name or glob, e\.g\. --model /
      )
    ])
    expect(existsSync(join(dir, 'ran'))).toBe(false)
  })

  it('--model with no value names what it takes', async () => {
    expect(await main(['run', '--config', config, '--model'])).toBe(2)
    expect(lines()).toEqual(['oom-gate run: --model needs a model name or glob; see oom-gate run --help'])
  })
})

describe('oom-gate run --out', () => {
  it('a directory that cannot be created fails at once in one line (procfs answers ENOENT to mkdir)', () => {
    // In a child with a time limit: Node's recursive mkdir spins forever there, which must fail the
    // test, not hang it.
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'run', '--config', config, '--out', '/proc/oom-gate-test/out'],
      { cwd: ROOT, encoding: 'utf8', timeout: 30_000 }
    )
    expect(run.signal).toBeNull()
    expect(run.status).toBe(2)
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      '--out /proc/oom-gate-test/out: cannot create /proc/oom-gate-test (ENOENT); give a directory for results.json and report.md (e.g. --out oom-gate-out)'
    ])
    expect(existsSync(join(dir, 'ran'))).toBe(false)
  })

  it('a directory under a file is named in one line', async () => {
    writeFileSync(join(dir, 'file'), 'x')
    expect(await main(['run', '--config', config, '--out', join(dir, 'file', 'out')])).toBe(2)
    expect(lines()).toEqual([
      `--out ${join(dir, 'file', 'out')}: ${join(dir, 'file')} is a file, not a directory; give a directory for results.json and report.md (e.g. --out oom-gate-out)`
    ])
  })

  it('an empty --out is a usage error', async () => {
    expect(await main(['run', '--config', config, '--out', ''])).toBe(2)
    expect(lines()).toEqual([expect.stringMatching(/^--out "": is empty; give a directory/)])
  })

  it('missing parents are created, and the run writes there', async () => {
    const out = join(dir, 'a', 'b', 'c')
    expect(await main(['run', '--config', config, '--out', out])).toBe(0)
    expect(statSync(out).isDirectory()).toBe(true)
    expect(existsSync(join(out, 'results.json'))).toBe(true)
  })

  it('a config error leaves no empty --out directory behind (run and report), and keeps one that existed', async () => {
    const broken = join(dir, 'broken.yml')
    writeFileSync(broken, 'models:\n  - {name: a, rn: x}\n')
    const out = join(dir, 'x', 'y')
    expect(await main(['run', '--config', broken, '--out', out])).toBe(2)
    expect(existsSync(join(dir, 'x'))).toBe(false)
    expect(await main(['report', '--config', broken, '--results', dir, '--out', out])).toBe(2)
    expect(existsSync(join(dir, 'x'))).toBe(false)
    expect(await main(['run', '--config', broken, '--out', dir])).toBe(2)
    expect(statSync(dir).isDirectory()).toBe(true)
  })
})

describe('flags with values', () => {
  it('estimate --batch -1 says what --batch takes, not "argument is ambiguous"', async () => {
    expect(await main(['estimate', '--arch', 'sapiens_1b', '--image', '1024x768', '--batch', '-1'])).toBe(2)
    expect(lines()).toEqual([
      'oom-gate estimate: --batch needs a positive number, not -1; see oom-gate estimate --help'
    ])
  })

  it('a value that starts with "-" shows the --flag=value form', async () => {
    expect(await main(['run', '--out', '-x'])).toBe(2)
    expect(lines()).toEqual([
      'oom-gate run: --out needs a directory, not "-x" (write --out=-x for a value that starts with "-"); see oom-gate run --help'
    ])
  })

  it('an unknown flag suggests the closest one', async () => {
    expect(await main(['estimate', '--bach', '2'])).toBe(2)
    expect(lines()).toEqual([
      "oom-gate estimate: Unknown option '--bach' (did you mean --batch?); see oom-gate estimate --help"
    ])
  })
})
