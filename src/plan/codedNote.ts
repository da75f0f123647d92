// Notes and reasons this round added (runner pin, GPU leases, no-GPU runs), each with a stable
// code. Until the shared `{code, text}` notes land (issue 18's leftovers, branch wip/design2),
// results.json holds the text; every new note passes through here so the switch is one edit, and
// nothing branches on the wording. Pure.

/** Codes of the notes and reasons about shared GPU machines. */
export type GpuShareCode =
  | 'pinned-by-runner'
  | 'pin-entries-ignored'
  | 'lease-waited'
  | 'lease-held-by-other'
  | 'lease-unavailable'
  | 'no-gpu-memory-used'

export interface CodedNote {
  code: GpuShareCode
  text: string
}

/** The note as results.json stores it today (the text); the code travels with the caller. */
export function noteText(note: CodedNote): string {
  return note.text
}
