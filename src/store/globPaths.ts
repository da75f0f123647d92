// Paths matching a glob, on Node 20 (fs.globSync arrived in Node 22).
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import picomatch from 'picomatch'

export function globPaths(pattern: string): string[] {
  const { base, glob } = picomatch.scan(pattern)
  const root = base === '' ? '.' : base
  const match = picomatch(glob, { dot: false })
  let entries: string[]
  try {
    entries = readdirSync(root, { recursive: true, encoding: 'utf8' })
  } catch {
    return []
  }
  return entries
    .filter(e => match(e))
    .map(e => join(root, e))
    .sort()
}
