// `expect: oom` passes the gate only for a real OOM (issue 22 follow-up): a run whose log merely
// names an OOM (an info line installing a handler, a sentence that denies one) and then fails of
// its own error is `failed`, and the gate fails. The two runs are a new user's, as reported.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { main } from '../../src/commands/cli.js'

const CONFIG = `measure: {sampler: host}
models:
  - name: keyerror_expect_oom
    expect: oom
    run: |
      echo "[INFO] torch.cuda.OutOfMemoryError handler installed"
      echo 'KeyError: "lr"' >&2; exit 1
  - name: negation_expect_oom
    expect: oom
    run: |
      echo "INFO: cache memory: 1024 MiB (no out of memory conditions detected)"
      echo "ValueError: config key foo is invalid" >&2; exit 1
`

describe('expect: oom and a log that only names an OOM', () => {
  it('is failed with its own error, and the gate fails (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expect-oom-'))
    const config = join(dir, 'oom-gate.yml')
    writeFileSync(config, CONFIG)
    const out = join(dir, 'out')
    const quiet = [
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    ]
    let code: number
    try {
      code = await main(['run', '--config', config, '--out', out])
    } finally {
      for (const spy of quiet) spy.mockRestore()
    }
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      models: { name: string; status: string; oom: unknown; reason: string | null }[]
    }
    const byName = Object.fromEntries(results.models.map(m => [m.name, m]))
    expect(byName.keyerror_expect_oom).toMatchObject({ status: 'failed', oom: null })
    expect(byName.negation_expect_oom).toMatchObject({ status: 'failed', oom: null })
    expect(code).toBe(1)
  }, 60_000)
})
