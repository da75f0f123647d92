// Where the torch probe (sitecustomize.py) lives. Python loads it from disk, so it is not part of the
// JavaScript bundle: rollup copies it to dist/probe/ next to dist/cli.js and dist/index.js.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The directory holding sitecustomize.py, to put first on PYTHONPATH. */
export function probeDir(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [
    here, // running from source: src/measure/probe/location.ts (vitest, tsx)
    join(here, 'probe'), // bundled: dist/cli.js, dist/index.js
    join(here, '..', '..', '..', 'dist', 'probe') // a source file elsewhere under src/ with a built dist/
  ]
  const found = candidates.find(dir => existsSync(join(dir, 'sitecustomize.py')))
  if (found === undefined) {
    throw new Error(
      `oom-gate: the torch probe sitecustomize.py is missing (looked in ${candidates.join(', ')})`
    )
  }
  return found
}
