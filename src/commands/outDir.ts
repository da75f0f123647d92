// `--out DIR` must be a directory we can write results.json and report.md into. A problem there
// is a usage error (exit 2) before anything runs, not an internal error after an hour of measuring.
import { accessSync, constants, mkdirSync, rmdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { UsageError } from '../config/load.js'

/**
 * Checks `path` is a writable directory, creating it (and missing parents) now. The directories
 * are made one level at a time, not with mkdirSync's `recursive`: on a file system that answers
 * ENOENT to every mkdir (procfs: `--out /proc/x`) Node's recursive mkdir retries forever at 100%
 * CPU. Throws UsageError with one line naming the path, the cause and the fix. Returns the
 * directories it created, outermost first (for removeIfEmpty).
 */
export function ensureOutDir(path: string): string[] {
  const fail = (why: string): never => {
    throw new UsageError([
      `--out ${path === '' ? '""' : path}: ${why}; give a directory for results.json and report.md (e.g. --out oom-gate-out)`
    ])
  }
  if (path.trim() === '') fail('is empty')
  const missing: string[] = []
  let at = resolve(path)
  for (;;) {
    const kind = kindOf(at)
    if (kind === 'directory') break
    if (kind === 'file')
      fail(at === resolve(path) ? 'is a file, not a directory' : `${at} is a file, not a directory`)
    const parent = dirname(at)
    if (parent === at) break
    missing.unshift(at)
    at = parent
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST' && kindOf(dir) === 'directory') continue
      fail(`cannot create ${dir} (${code ?? String(error)})`)
    }
  }
  try {
    accessSync(path, constants.W_OK)
  } catch (error) {
    fail(`cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  }
  return missing
}

/**
 * Removes the directories ensureOutDir created, innermost first, where they are still empty: a
 * config error found after --out was made leaves no empty directory behind. Anything written
 * into them stays (rmdir fails on a directory that is not empty).
 */
export function removeIfEmpty(created: readonly string[]): void {
  for (const dir of [...created].reverse()) {
    try {
      rmdirSync(dir)
    } catch {
      return
    }
  }
}

function kindOf(path: string): 'directory' | 'file' | 'none' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'file'
  } catch {
    return 'none'
  }
}
