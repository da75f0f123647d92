// Runs Python scripts under the torch probe the way the gate does: probe directory first on
// PYTHONPATH, OOM_GATE_RESULT_DIR set. Tests need a Python with torch (CI installs python3-torch).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findTorchPython } from '../../src/measure/probe/findPython.js'
import { probeDir } from '../../src/measure/probe/location.js'
import type { ProbeRecord } from '../../src/measurement.js'

export function torchPython(): string {
  const found = findTorchPython()
  if (found === null)
    throw new Error('no Python with torch found (install python3-torch or set OOM_GATE_PYTHON)')
  return found.python
}

export function tempDir(prefix = 'oom-gate-probe-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export interface PythonRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** OOM_GATE_RESULT_DIR; null leaves it unset. */
  resultDir: string | null
  env?: Record<string, string>
  /** Directories after the probe's on PYTHONPATH. */
  pythonPath?: string[]
  args?: string[]
  /** Called once the process started, e.g. to kill it. */
  onSpawn?: (child: ChildProcess) => void
}

export function runPython(scriptOrFile: string, options: RunOptions): Promise<PythonRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env }
  env.PYTHONPATH = [probeDir(), ...(options.pythonPath ?? [])].join(':')
  if (options.resultDir === null) delete env.OOM_GATE_RESULT_DIR
  else env.OOM_GATE_RESULT_DIR = options.resultDir
  const args = scriptOrFile.endsWith('.py') ? [scriptOrFile] : ['-c', scriptOrFile]
  const child = spawn(torchPython(), [...args, ...(options.args ?? [])], {
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  options.onSpawn?.(child)
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/**
 * The raw JSON files in resultDir/probe (no validation: the tests check the probe's output). Only
 * `<pid>.json`, as the gate reads them: a SIGKILL during a write leaves a `.<pid>.json.tmp` beside.
 */
export function probeFiles(resultDir: string): { name: string; record: ProbeRecord }[] {
  const dir = join(resultDir, 'probe')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter(name => /^\d+\.json$/.test(name))
    .sort()
    .map(name => ({ name, record: JSON.parse(readFileSync(join(dir, name), 'utf8')) as ProbeRecord }))
}

export async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise(resolve => setTimeout(resolve, 25))
  }
}
