// measure/ is the edge that runs processes; verdicts (judge/) and reports (report/) are pure
// stages after it. The edge must not reach into them, or measuring drags in judging.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const MEASURE = join(import.meta.dirname, '../../src/measure')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
  )
}

describe('src/measure/ imports', () => {
  it('never imports judge/ or report/', () => {
    const offending = sources(MEASURE).flatMap(file =>
      [...readFileSync(file, 'utf8').matchAll(/from '(\.\.\/)+(judge|report)\/[^']*'/g)].map(
        m => `${file}: ${m[0]}`
      )
    )
    expect(offending).toEqual([])
  })
})
