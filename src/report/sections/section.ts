// A section of a report document: a pure function of the results (and the document's options)
// to markdown, '' when it has nothing to say. The two documents (renderComment: the PR comment,
// renderReport: the full report and job summary) are ordered lists of sections, so a new concern
// (e.g. traced fixes) is one more module and one more entry in each list.
import type { ModelResult, Results } from '../../results.js'

export interface SectionOptions {
  /** Lines of output kept per model in the log excerpts (default 200). */
  logLines?: number
  /**
   * The workflow run page (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID, from
   * src/environment.ts): the comment's footer links the run's summary there, and the memory
   * snapshots are in its artifacts. Null off a runner.
   */
  runUrl?: string | null
}

export type Section = (results: Results, options: SectionOptions) => string

/** The sections' markdown, empty ones left out, separated by blank lines, ending in a newline. */
export function joinSections(parts: string[]): string {
  return parts.filter(s => s !== '').join('\n\n') + '\n'
}

/**
 * A section of one part per model (those `which` keeps, all by default), in the results' order,
 * parts separated by blank lines; a model with nothing to say adds nothing.
 */
export function perModel(
  part: (m: ModelResult, options: SectionOptions) => string,
  which: (m: ModelResult) => boolean = () => true
): Section {
  return (results, options) =>
    results.models
      .filter(which)
      .map(m => part(m, options))
      .filter(s => s !== '')
      .join('\n\n')
}
