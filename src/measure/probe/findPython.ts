// Finds a Python interpreter that can import torch, for the demo and the tests that run real
// PyTorch. The first python3 on PATH is often a pyenv/venv interpreter without torch while a system
// one has it (Debian's python3-torch), so several candidates are tried in order.
import { spawnSync } from 'node:child_process'
import { ENV } from '../../environment.js'

export interface TorchPython {
  /** Absolute path of the interpreter (its sys.executable). */
  python: string
  torchVersion: string
}

const PROBE = 'import json, sys, torch; print(json.dumps([sys.executable, str(torch.__version__)]))'
const cache = new Map<string, TorchPython | null>()

/**
 * The first of `$OOM_GATE_PYTHON`, `python3` and `python` on PATH, and `/usr/bin/python3` that
 * imports torch, with its torch version; null when none does.
 */
export function findTorchPython(env: NodeJS.ProcessEnv = process.env): TorchPython | null {
  const candidates = [env[ENV.python], 'python3', 'python', '/usr/bin/python3'].filter(
    (c): c is string => typeof c === 'string' && c.trim() !== ''
  )
  const key = JSON.stringify([candidates, env.PATH ?? ''])
  const cached = cache.get(key)
  if (cached !== undefined) return cached
  // The check itself must not leave a probe record behind.
  const checkEnv: NodeJS.ProcessEnv = { ...env, [ENV.resultDir]: '' }
  let found: TorchPython | null = null
  for (const candidate of candidates) {
    const result = spawnSync(candidate, ['-c', PROBE], {
      env: checkEnv,
      encoding: 'utf8',
      timeout: 120_000,
      stdio: ['ignore', 'pipe', 'ignore']
    })
    if (result.status !== 0 || typeof result.stdout !== 'string') continue
    try {
      const [python, torchVersion] = JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as unknown[]
      if (typeof python === 'string' && python !== '' && typeof torchVersion === 'string') {
        found = { python, torchVersion }
        break
      }
    } catch {
      // printed something else (a wrapper script): not usable
    }
  }
  cache.set(key, found)
  return found
}
