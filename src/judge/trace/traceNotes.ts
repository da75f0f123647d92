// The words of every note and reason the trace adds to results.json, by code. Until notes are
// typed `{code, text}` in results.json (issue 18's leftovers), they are stored as their text; this
// is the one place to switch when they are. Nothing branches on the text.
export type TraceNoteCode =
  | 'traced-over-limit'
  | 'traced-fits-not-measured'
  | 'trace-failed'
  | 'trace-over-estimate'
  | 'traced-vs-measured'

/** A note or reason of the trace: `code` says what it is, `text` says it to people. */
export interface TraceNote {
  code: TraceNoteCode
  text: string
}

export function traceNote(code: TraceNoteCode, text: string): TraceNote {
  return { code, text }
}

/** What results.json stores for a note today (its text). */
export function noteText(note: TraceNote): string {
  return note.text
}
