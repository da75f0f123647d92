// Notes the history adds to a run's results, by code. Notes are still sentences in results.json
// (coded notes are on their way, issue 18): every history note goes through here so that moving
// them onto `{code, text}` is one edit, and nothing ever branches on a note's wording.

export type HistoryNoteCode =
  /** No history yet (or no recorded ancestor): nothing to compare with, the check passes. */
  | 'no-history'
  /** history.json entries that do not parse were skipped (named). */
  | 'entry-skipped'
  /** The base's results file is unreadable: compared with the peaks history.json holds. */
  | 'base-from-history'
  /** History exists but could not be read (regression.check.code says why). */
  | 'base-unreadable'

export interface HistoryNote {
  code: HistoryNoteCode
  text: string
}

export function historyNote(code: HistoryNoteCode, text: string): HistoryNote {
  return { code, text }
}

/** What results.json's `notes` holds today: the text. */
export function noteText(note: HistoryNote): string {
  return note.text
}
