// results.json on disk: written atomically after every model so that a crash of the gate
// (or of the machine) leaves what was measured so far, never a half-written file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError } from '../config/load.js'
import { ResultsSchema, type Results, type ResultsInput } from '../results.js'

export const RESULTS_FILE = 'results.json'
/** The PR comment (renderComment). */
export const REPORT_FILE = 'report.md'
/** The full report, also the job summary (renderReport). */
export const SUMMARY_FILE = 'summary.md'

export function writeFileAtomic(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`
  writeFileSync(temp, text)
  renameSync(temp, path)
}

export function writeResults(dir: string, results: ResultsInput): Results {
  const parsed = ResultsSchema.parse(results)
  mkdirSync(dir, { recursive: true })
  writeFileAtomic(join(dir, RESULTS_FILE), JSON.stringify(parsed, null, 2) + '\n')
  return parsed
}

/** Writes the PR comment as report.md and, when given, the full report as summary.md. */
export function writeReport(dir: string, markdown: string, summaryMarkdown?: string): void {
  mkdirSync(dir, { recursive: true })
  writeFileAtomic(join(dir, REPORT_FILE), markdown)
  if (summaryMarkdown !== undefined) writeFileAtomic(join(dir, SUMMARY_FILE), summaryMarkdown)
}

/** Reads a results.json written by any oom-gate run; a bad file is a usage error naming it. */
export function readResults(path: string): Results {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new UsageError([
      `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`
    ])
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new UsageError([`${path}: not valid JSON; it should be a results.json written by oom-gate run`])
  }
  const parsed = ResultsSchema.safeParse(json)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const where = first ? first.path.join('.') : ''
    throw new UsageError([`${path}: not an oom-gate results.json (${where}: ${first?.message ?? 'invalid'})`])
  }
  return parsed.data
}
