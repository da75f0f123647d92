// Alert issue titles: GitHub refuses 256 characters or more (422), and model names have no limit.
import { describe, expect, it } from 'vitest'
import { alertTitle, MAX_TITLE_CHARS } from '../../src/github/alerts.js'
import type { AlertFinding } from '../../src/judge/regression.js'

const ctx = {
  repo: { owner: 'acme-ml', repo: 'vision' },
  commit: 'a'.repeat(40),
  serverUrl: 'https://github.com',
  runId: null,
  branch: 'main'
}
const finding = (model: string): AlertFinding => ({
  model,
  kind: 'fails',
  status: 'oom',
  peakBytes: null,
  compare: null
})

describe('alertTitle', () => {
  it('keeps short titles whole', () => {
    expect(alertTitle(ctx, [finding('sapiens_1b')])).toBe(
      'oom-gate: GPU memory alert in aaaaaaa (sapiens_1b)'
    )
  })

  it('stays under 256 characters with long model names, also astral ones, and ends in "…)"', () => {
    for (const name of ['x'.repeat(400), `${'😀'.repeat(200)}`, `sapiens_${'a'.repeat(240)}_b`]) {
      const title = alertTitle(ctx, [finding(name), finding(`${name}2`), finding(`${name}3`)])
      expect(title.length).toBeLessThanOrEqual(MAX_TITLE_CHARS)
      expect(title.endsWith('…)')).toBe(true)
      // Not cut inside a surrogate pair.
      expect(title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
      expect(title.startsWith('oom-gate: GPU memory alert in aaaaaaa (')).toBe(true)
    }
  })
})
