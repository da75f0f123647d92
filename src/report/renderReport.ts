// The full report: DIR/summary.md and the job summary (GITHUB_STEP_SUMMARY). Every section in
// full: headline with each failing model, the full table, each model's explanation and ranked
// fixes with their reasoning, runner facts, notes, allocator health and log tails. The PR comment
// (renderComment.ts) is built from the same sections. Pure: the same results render the same text.
import type { Results } from '../results.js'
import { memoryWhySection } from './memoryWhy.js'
import { fullTable } from './sections/fullTable.js'
import { headline } from './sections/headline.js'
import { logExcerpts } from './sections/logExcerpts.js'
import { modelDetails } from './sections/modelDetails.js'
import { notes } from './sections/notes.js'
import { runnerFacts } from './sections/runnerFacts.js'
import { joinSections, type Section, type SectionOptions } from './sections/section.js'

export type ReportOptions = SectionOptions

/** The full report's sections, in order; a new concern adds its module here (and in the comment's). */
export const SUMMARY_SECTIONS: readonly Section[] = [
  results => headline(results),
  results => fullTable(results),
  results => results.models.flatMap(m => modelDetails(m, results.target)).join('\n\n'),
  results => runnerFacts(results),
  results => notes(results),
  memoryWhySection,
  logExcerpts()
]

/** The full report as markdown (summary.md, the job summary). */
export function renderReport(results: Results, options: ReportOptions = {}): string {
  return joinSections(SUMMARY_SECTIONS.map(section => section(results, options)))
}
