// The Pythons the trace's tests run under: Debian 12's torch 1.13 and torch 2.x from the trixie
// root (scripts/torch2-python.sh; `npm test`'s pretest builds the root). Neither is skipped: a
// missing root fails the 2.x tests with the wrapper's one line.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findTorchPython } from '../../src/measure/probe/findPython.js'

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BUILDERS = join(REPO, 'test', 'trace', 'builders')
export const TORCH2_PYTHON = join(REPO, 'scripts', 'torch2-python.sh')

export interface TestPython {
  label: string
  python: string
  /** Major version of the torch it runs, for the assertions that differ. */
  major: 1 | 2
}

function debianPython(): string {
  const found = findTorchPython({ ...process.env, OOM_GATE_PYTHON: '' })
  if (found === null)
    throw new Error('no Python with torch 1.x: run npm test (its pretest installs python3-torch)')
  return found.python
}

export const PYTHONS: TestPython[] = [
  { label: 'Debian torch 1.13', python: debianPython(), major: 1 },
  { label: 'torch 2.x (trixie root)', python: TORCH2_PYTHON, major: 2 }
]

/**
 * A scenario's JSON: traces, probes and allocator sequences of several shapes, read field by
 * field in the assertions (the trace results themselves are checked by TraceResultSchema in
 * traceCommand.test.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ScenarioJson = any

export type Scenario =
  | { name: string; kind: 'trace'; request: Record<string, unknown> }
  | { name: string; kind: 'probe'; probe: string }

/** Runs test/trace/scenarios.py under `python` (one process for all), returning name -> outcome. */
export async function runScenarios(
  python: string,
  scenarios: Scenario[]
): Promise<Record<string, ScenarioJson>> {
  const scratch = mkdtempSync(join(tmpdir(), 'oom-gate-scenarios-'))
  try {
    const input = join(scratch, 'scenarios.json')
    const output = join(scratch, 'out.json')
    writeFileSync(input, JSON.stringify(scenarios))
    const log = await new Promise<{ code: number | null; text: string }>(done => {
      const child = spawn(python, [join(REPO, 'test', 'trace', 'scenarios.py'), input, output], {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'pipe']
      })
      let text = ''
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()))
      child.on('close', code => done({ code, text }))
    })
    if (log.code !== 0)
      throw new Error(`scenarios.py under ${python} exited ${log.code}: ${log.text.slice(-2000)}`)
    return JSON.parse(readFileSync(output, 'utf8')) as Record<string, ScenarioJson>
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
