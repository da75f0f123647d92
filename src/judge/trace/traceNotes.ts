// The words of the reasons the trace gives a model (results.json `reason`), by code. Notes go
// through src/notes.ts (`note(code, text)`, codes in NOTE_CODES); a model's `reason` has no coded
// form in results.json yet, so reasons are built here by code and stored as their text: the one
// place to switch when reasons get codes. Nothing branches on the text.
export type TraceReasonCode = 'traced-over-limit' | 'traced-fits-not-measured' | 'trace-failed'

/** A reason of the trace: `code` says what it is, `text` says it to people. */
export interface TraceReason {
  code: TraceReasonCode
  text: string
}

export function traceReason(code: TraceReasonCode, text: string): TraceReason {
  return { code, text }
}

/** What results.json stores for a reason today (its text). */
export function reasonText(reason: TraceReason): string {
  return reason.text
}
