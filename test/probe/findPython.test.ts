import { spawnSync } from 'node:child_process'
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findTorchPython } from '../../src/measure/probe/findPython.js'
import { tempDir } from './helpers.js'

describe('findTorchPython', () => {
  it('finds an interpreter that imports torch and reports its torch version', () => {
    const found = findTorchPython()
    expect(found).not.toBeNull()
    const check = spawnSync(found!.python, ['-c', 'import torch; print(torch.__version__)'], {
      encoding: 'utf8'
    })
    expect(check.stdout.trim()).toBe(found!.torchVersion)
  })

  it('skips candidates that are missing, lack torch or print something else', () => {
    const bin = tempDir('oom-gate-bin-')
    // python3 first on PATH without torch (like a pyenv shim); python prints junk and succeeds.
    writeFileSync(join(bin, 'python3'), '#!/bin/sh\necho "No module named torch" >&2\nexit 1\n')
    writeFileSync(join(bin, 'python'), '#!/bin/sh\necho hello\n')
    chmodSync(join(bin, 'python3'), 0o755)
    chmodSync(join(bin, 'python'), 0o755)
    const env = { PATH: `${bin}:/usr/bin:/bin`, OOM_GATE_PYTHON: join(bin, 'does-not-exist') }
    const found = findTorchPython(env)
    // What remains is /usr/bin/python3, which has torch where the tests run (python3-torch).
    expect(found?.python).toMatch(/^\/usr\/bin\/python3/)
  })

  it('prefers $OOM_GATE_PYTHON', () => {
    const python = findTorchPython()!.python
    const bin = tempDir('oom-gate-bin-')
    const wrapper = join(bin, 'my-python')
    const marker = join(bin, 'seen')
    // A wrapper that leaves a mark and runs the real interpreter (whose sys.executable is reported).
    writeFileSync(wrapper, `#!/bin/sh\ntouch ${marker}\nexec ${python} "$@"\n`)
    chmodSync(wrapper, 0o755)
    expect(findTorchPython({ ...process.env, OOM_GATE_PYTHON: wrapper })).toEqual(findTorchPython())
    expect(spawnSync('test', ['-e', marker]).status).toBe(0)
  })
})
