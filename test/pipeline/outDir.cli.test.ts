// `--out` pointing at a file is a usage error (exit 2) before anything runs (issue 9 §5).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { main } from '../../src/commands/cli.js'

describe('--out', () => {
  it('a file is a usage error with exit 2, for run and report, and the file is left alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'out-'))
    const config = join(dir, 'oom-gate.yml')
    writeFileSync(config, `measure: {sampler: host}\nmodels:\n  - {name: a, run: "touch ${dir}/ran"}\n`)
    const file = join(dir, 'results.txt')
    writeFileSync(file, 'keep me')
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      expect(await main(['run', '--config', config, '--out', file])).toBe(2)
      expect(await main(['report', '--config', config, '--results', dir, '--out', file])).toBe(2)
      expect(stderr.mock.calls.map(c => String(c[0])).join('')).toContain(
        `--out ${file}: is a file, not a directory; give a directory for results.json and report.md`
      )
    } finally {
      stderr.mockRestore()
    }
    expect(readFileSync(file, 'utf8')).toBe('keep me')
    expect(() => readFileSync(join(dir, 'ran'))).toThrow()
  })
})
