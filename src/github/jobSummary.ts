// The job summary (GITHUB_STEP_SUMMARY): the whole report, on every run, whatever happened to
// the comment. GitHub refuses a step's summary above 1 MiB, so the report is fitted to what
// is left of that after anything already written in this step.
import { appendFileSync, statSync } from 'node:fs'
import { fitMarkdown, SUMMARY_MAX_BYTES } from './fitBody.js'

export interface SummaryOutcome {
  written: boolean
  /** Why not, when not written. */
  reason: string | null
  trimmed: boolean
}

export function writeJobSummary(markdown: string, path: string | null): SummaryOutcome {
  if (!path)
    return { written: false, reason: 'GITHUB_STEP_SUMMARY is not set (not on a runner)', trimmed: false }
  let existing = 0
  try {
    existing = statSync(path).size
  } catch {
    existing = 0
  }
  // Keep a little room: the runner counts the file, and a trailing newline follows.
  const room = SUMMARY_MAX_BYTES - existing - 1024
  if (room < 4096)
    return { written: false, reason: 'the job summary of this step is already full', trimmed: false }
  const fitted = fitMarkdown(markdown, {
    limit: room,
    unit: 'bytes',
    fullReportAt: 'report.md and results.json (logTail) in the output directory'
  })
  appendFileSync(path, fitted.text.endsWith('\n') ? fitted.text : `${fitted.text}\n`)
  return { written: true, reason: null, trimmed: fitted.logsCut || fitted.truncated }
}
