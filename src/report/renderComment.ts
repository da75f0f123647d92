// The PR comment: DIR/report.md. Read in ten seconds: the verdict in one line, one table, for each
// failing model one line of the fixes that fit, then everything else folded in <details> and a
// footer in small print. Built from the same sections as the full report (renderReport.ts). Pure.
import type { ModelResult, Results } from '../results.js'
import { escapeHtml } from './markdownSafety.js'
import { memoryWhySection } from './memoryWhy.js'
import { compactTable } from './sections/compactTable.js'
import { fittingFixesLine } from './sections/fixes.js'
import { commentFooter } from './sections/footer.js'
import { logExcerpts } from './sections/logExcerpts.js'
import { modelDetails } from './sections/modelDetails.js'
import { notes } from './sections/notes.js'
import { runnerFacts } from './sections/runnerFacts.js'
import { joinSections, type Section, type SectionOptions } from './sections/section.js'
import { verdict } from './sections/verdict.js'

export type CommentOptions = SectionOptions

/** The comment's sections, in order; a new concern adds its module here (and in the summary's). */
export const COMMENT_SECTIONS: readonly Section[] = [
  results => verdict(results),
  results => compactTable(results),
  results =>
    results.models
      .map(fittingFixesLine)
      .filter(s => s !== '')
      .join('  \n'),
  results => folded('Why, every fix with its reasoning, the runner and notes', whyAndFixes(results)),
  memoryWhySection,
  logExcerpts(logWorthShowing),
  (results, options) => commentFooter(results, options)
]

/** The PR comment as markdown (report.md); its footer follows COMMENT_FOOTER. */
export function renderComment(results: Results, options: CommentOptions = {}): string {
  return joinSections(COMMENT_SECTIONS.map(section => section(results, options)))
}

function whyAndFixes(results: Results): string {
  return [
    ...results.models.flatMap(m => modelDetails(m, results.target)),
    runnerFacts(results, 'plain'),
    notes(results)
  ]
    .filter(s => s !== '')
    .join('\n\n')
}

function folded(summary: string, body: string): string {
  if (body === '') return ''
  return [`<details><summary>${escapeHtml(summary)}</summary>`, '', body, '', '</details>'].join('\n')
}

/** A log tail is worth a reviewer's click when the run broke: oom, failed, timeout, or an OOM it caught. */
function logWorthShowing(m: ModelResult): boolean {
  return m.status === 'oom' || m.status === 'failed' || m.status === 'timeout' || m.oom?.recovered === true
}
