// `--out DIR` must be a directory (or not exist yet): results.json and report.md go inside it.
// A file there is a usage error (exit 2) before anything runs, not an internal error after
// an hour of measuring.
import { statSync } from 'node:fs'
import { UsageError } from '../config/load.js'

export function checkOutDir(path: string): void {
  let isDirectory: boolean
  try {
    isDirectory = statSync(path).isDirectory()
  } catch {
    return // created when the results are written
  }
  if (!isDirectory)
    throw new UsageError([
      `--out ${path}: is a file, not a directory; give a directory for results.json and report.md`
    ])
}
