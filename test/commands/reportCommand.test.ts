// `oom-gate report --results DIR...`: several directories after one flag (as a shell glob expands
// to), a repeated flag, or both; run through the CLI's own dispatcher and exit codes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { main } from '../../src/commands/cli.js'
import { parseFlags } from '../../src/commands/parseFlags.js'
import { REPORT_USAGE } from '../../src/commands/report.js'
import { UsageError } from '../../src/config/load.js'
import { writeResults } from '../../src/store/resultsFile.js'
import { GiB, modelResult, results } from '../support/builders.js'

const NAMES = ['sapiens_0.3b', 'sapiens_0.6b', 'sapiens_1b']
let dir: string
let stderr: string[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oom-gate-report-cli-'))
  writeFileSync(
    join(dir, 'oom-gate.yml'),
    `gpu: {memory: 80GiB}\nmodels:\n${NAMES.map(n => `  - {name: ${n}, run: x}\n`).join('')}`
  )
  for (const name of NAMES)
    writeResults(join(dir, name), results([modelResult({ name, peakBytes: 30 * GiB })]))
  stderr = []
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  vi.spyOn(process.stderr, 'write').mockImplementation(chunk => (stderr.push(String(chunk)), true))
})
afterEach(() => vi.restoreAllMocks())

const job = (name: string) => join(dir, name)
const merged = (out: string) =>
  (
    JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      models: { name: string; status: string }[]
    }
  ).models

describe('oom-gate report --results', () => {
  it('takes several directories after one flag', async () => {
    const out = join(dir, 'out')
    const code = await main([
      'report',
      '--config',
      join(dir, 'oom-gate.yml'),
      '--results',
      ...NAMES.map(job),
      '--out',
      out
    ])
    expect(stderr.join('')).toBe('')
    expect(code).toBe(0)
    expect(merged(out).map(m => [m.name, m.status])).toEqual(NAMES.map(n => [n, 'ok']))
  })

  it('takes a repeated flag, and both forms mixed (also --results=DIR)', async () => {
    const repeated = join(dir, 'repeated')
    const config = ['--config', join(dir, 'oom-gate.yml')]
    expect(
      await main(['report', ...config, ...NAMES.flatMap(n => ['--results', job(n)]), '--out', repeated])
    ).toBe(0)
    expect(merged(repeated).map(m => m.status)).toEqual(['ok', 'ok', 'ok'])
    const mixed = join(dir, 'mixed')
    const argv = [`--results=${job(NAMES[0]!)}`, job(NAMES[1]!), '--out', mixed, '--results', job(NAMES[2]!)]
    expect(await main(['report', ...config, ...argv])).toBe(0)
    expect(merged(mixed).map(m => m.status)).toEqual(['ok', 'ok', 'ok'])
  })

  it('judges what one flag left out as not measured, so a lost directory is not a silent pass', async () => {
    const out = join(dir, 'out')
    const code = await main([
      'report',
      '--config',
      join(dir, 'oom-gate.yml'),
      '--results',
      job(NAMES[0]!),
      '--out',
      out
    ])
    expect(code).toBe(1)
    expect(merged(out).map(m => m.status)).toEqual(['ok', 'failed', 'failed'])
  })

  it('says DIR... in its help', async () => {
    expect(REPORT_USAGE).toMatch(/^Usage: oom-gate report \[--config PATH\] --results DIR\.\.\. /)
    expect(REPORT_USAGE).toMatch(/^ {2}--results DIR\.\.\. /m)
  })

  it('rejects an operand before any --results with one usage line, exit 2', async () => {
    const code = await main(['report', job(NAMES[0]!), '--results', job(NAMES[1]!)])
    expect(code).toBe(2)
    expect(stderr).toEqual([
      `oom-gate report: unexpected argument '${job(NAMES[0]!)}'; see oom-gate report --help\n`
    ])
  })
})

describe('parseFlags', () => {
  const options = {
    results: { type: 'string' as const, multiple: true, default: [] as string[] },
    json: { type: 'boolean' as const, default: false }
  }

  it('ends a variadic option at the next option or at --', () => {
    const parsed = parseFlags('x', ['--results', 'a', 'b', '--json', 'c', '--', 'd'], options, {
      variadic: ['results'],
      positionals: true
    })
    expect(parsed.values.results).toEqual(['a', 'b'])
    expect(parsed.positionals).toEqual(['c', 'd'])
  })

  it('leaves other multiple options one value per flag', () => {
    expect(() => parseFlags('x', ['--results', 'a', 'b'], options)).toThrow(UsageError)
  })

  it('turns parseArgs errors into one line naming the command', () => {
    expect(() => parseFlags('x', ['--nope'], options)).toThrow(
      /^oom-gate x: Unknown option '--nope'.*; see oom-gate x --help$/
    )
  })
})
