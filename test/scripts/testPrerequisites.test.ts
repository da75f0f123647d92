// `npm test`'s pretest (scripts/testPrerequisites.ts), run as npm runs it: with PyTorch and chromium
// present it passes without touching apt-get; with one missing it installs it through apt-get, or
// stops with exit 2 and exactly one line naming the package and the command that installs it.
// "Missing" is real, not mocked: a torch package on PYTHONPATH that fails to import shadows the
// installed one for every interpreter the check tries; apt-get and sudo are scripts on PATH that
// record their arguments.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
let dir: string
let noTorch: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oom-gate-pretest-'))
  noTorch = join(dir, 'no-torch')
  mkdirSync(join(noTorch, 'torch'), { recursive: true })
  writeFileSync(
    join(noTorch, 'torch', '__init__.py'),
    'raise ModuleNotFoundError("No module named \'torch\'")\n'
  )
})

/** A bin directory with apt-get (and sudo, for a non-root run) that log their arguments. */
function fakeApt(name: string, aptExit: number): { bin: string; calls: () => string[] } {
  const bin = join(dir, name)
  mkdirSync(bin)
  const log = join(bin, 'calls.log')
  const script = (body: string) => `#!/bin/sh\n${body}\n`
  writeFileSync(join(bin, 'apt-get'), script(`echo "apt-get $*" >> '${log}'\nexit ${aptExit}`))
  writeFileSync(join(bin, 'sudo'), script(`[ "$1" = -n ] && shift\nexec "$@"`))
  for (const f of ['apt-get', 'sudo']) chmodSync(join(bin, f), 0o755)
  return { bin, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) }
}

function pretest(env: Record<string, string>, script = 'scripts/testPrerequisites.ts') {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, OOM_GATE_NO_INSTALL: '', ...env },
    timeout: 120_000
  })
  return { code: run.status, stdout: run.stdout, lines: run.stderr.split('\n').filter(l => l !== '') }
}

describe('npm test prerequisites', () => {
  it('is wired as npm test\u2019s pretest', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts
    expect(scripts.pretest).toBe('node --import tsx scripts/testPrerequisites.ts')
    expect(scripts.test).toBe('vitest run')
  })

  it('passes silently when PyTorch and chromium are there, without calling apt-get', () => {
    const apt = fakeApt('present', 0)
    const run = pretest({ PATH: `${apt.bin}:${process.env.PATH}` })
    expect(run).toMatchObject({ code: 0, lines: [] })
    expect(apt.calls()).toEqual([])
  })

  it('cannot install: one line naming the missing package and the command that installs it, exit 2', () => {
    const run = pretest({ PYTHONPATH: noTorch, OOM_GATE_NO_INSTALL: '1' })
    expect(run.code).toBe(2)
    expect(run.lines).toHaveLength(1)
    expect(run.lines[0]).toMatch(
      /^npm test: missing python3-torch \(no Python imports torch: .*\); install with: (sudo )?apt-get update && (sudo )?apt-get install -y --no-install-recommends python3-torch \(not installed here: OOM_GATE_NO_INSTALL is set\)$/
    )
    expect(run.stdout).toBe('')
  })

  it('OOM_GATE_CHROMIUM naming a missing path: says so, and does not offer apt-get (it would not create it)', () => {
    const apt = fakeApt('custom-chromium', 0)
    const missing = join(dir, 'no-chromium')
    const run = pretest({ PATH: `${apt.bin}:${process.env.PATH}`, OOM_GATE_CHROMIUM: missing })
    expect(run.code).toBe(2)
    expect(run.lines).toEqual([
      `npm test: OOM_GATE_CHROMIUM is ${missing}, which does not exist; point it at a chromium executable, or unset it to use /usr/bin/chromium`
    ])
    expect(apt.calls()).toEqual([])
  })

  it('names every missing thing in that one line: the custom chromium path and the package to install', () => {
    const missing = join(dir, 'no-chromium')
    const run = pretest({ PYTHONPATH: noTorch, OOM_GATE_NO_INSTALL: '1', OOM_GATE_CHROMIUM: missing })
    expect(run.code).toBe(2)
    expect(run.lines).toHaveLength(1)
    expect(run.lines[0]).toContain(`OOM_GATE_CHROMIUM is ${missing}, which does not exist`)
    expect(run.lines[0]).toMatch(
      /also missing python3-torch \(no Python imports torch.*--no-install-recommends python3-torch$/
    )
    expect(run.lines[0]).not.toContain('install -y --no-install-recommends python3-torch chromium')
  })

  it('without apt-get on PATH: the same one line, saying why it did not install', () => {
    const run = pretest({ PYTHONPATH: noTorch, PATH: join(dir, 'empty-bin') })
    expect(run.code).toBe(2)
    expect(run.lines).toEqual([
      expect.stringMatching(/python3-torch.*\(not installed here: no apt-get on PATH\)$/)
    ])
  })

  it('installs what is missing with apt-get, the way the demo does', () => {
    const apt = fakeApt('installs-nothing', 0)
    const run = pretest({ PYTHONPATH: noTorch, PATH: `${apt.bin}:${process.env.PATH}` })
    expect(apt.calls()).toEqual([
      'apt-get update -qq',
      'apt-get install -y -qq --no-install-recommends python3-torch'
    ])
    // The fake installs nothing, so the check after it still fails, in one line after the progress line.
    expect(run.code).toBe(2)
    expect(run.lines).toEqual([
      'npm test: installing Debian packages python3-torch (about a minute)',
      expect.stringMatching(
        /^npm test: apt-get installed python3-torch, but still missing python3-torch \(no Python imports torch/
      )
    ])
  })

  it('reports a failing apt-get in one line with the command to run by hand', () => {
    const apt = fakeApt('fails', 100)
    const run = pretest({ PYTHONPATH: noTorch, PATH: `${apt.bin}:${process.env.PATH}` })
    expect(run.code).toBe(2)
    expect(run.lines.at(-1)).toMatch(
      /^npm test: apt-get update failed \(exit 100\) for python3-torch; install with: .*apt-get install -y --no-install-recommends python3-torch$/
    )
    expect(apt.calls()).toEqual(['apt-get update -qq'])
  })

  it('is the same check and install as the demo\u2019s, which names itself in its one line', () => {
    const run = pretest({ PYTHONPATH: noTorch, OOM_GATE_NO_INSTALL: '1' }, 'scripts/demo.ts')
    expect(run.code).toBe(2)
    expect(run.lines).toEqual([
      expect.stringMatching(
        /^demo: missing python3-torch \(no Python imports torch: .*--no-install-recommends python3-torch \(/
      )
    ])
  })
})
