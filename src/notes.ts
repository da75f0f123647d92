// Notes carry a typed code beside their text (docs/design.md contract 3, "Notes and their codes"):
// the text is for readers, the code is what code branches on, so rewording a note never changes a
// verdict or a report line. results.json keeps `notes: string[]` (the texts, as before) and adds
// `findings: [{code, text}]` beside it for the notes that have a code. A note pushed as a bare
// string still works; it just has no code, and nothing may branch on it.
// Old files are upgraded once at parse (upgradeNotes, called by the results schema): notes written
// before codes existed get theirs from the wording they had then (LEGACY_WORDING), so readers
// look at codes only.
import { z } from 'zod'

/** Every note code. Add one here (kebab-case, what the note says, not where it comes from). */
export const NOTE_CODES = [
  /** No nvidia-smi on the runner: host memory of each run was judged (plan/checkRunner). */
  'host-judged',
  /** The model's result was reused from an earlier commit (judge/reuse). */
  'reused',
  /** Results of an interrupted gate: what was measured until then (judge/interruptedSoFar). */
  'provisional',
  /** Merged files carry no target: the config's target is used, or none is known (judge/mergeResults). */
  'target-unknown',
  /** Merged files were all estimates (judge/mergeResults). */
  'estimate-merge',
  /** Merged files named models the config does not have (judge/mergeResults). */
  'ignored-models',
  /** Merged files come from runners with different GPU models (judge/mergeResults). */
  'mixed-gpus',
  /** Merged files come from different commits (judge/mergeResults). */
  'mixed-commits',
  /** Merged files disagree on the target (judge/mergeResults). */
  'mixed-targets',
  /** The runner's CUDA_VISIBLE_DEVICES pins the gate to some GPUs (plan/runnerPin, pipeline). */
  'pinned-by-runner',
  /** The pin has entries CUDA stops at and ignores (plan/runnerPin). */
  'pin-entries-ignored',
  /** The model waited for another gate's lease on its GPU (measure/runModels, measure/lease). */
  'lease-waited',
  /** No lease could be taken (no flock(1), no writable directory): measured without one. */
  'lease-unavailable',
  /** Entries of history.json that do not parse were skipped, each named (github/history/loadBaseline). */
  'history-entry-skipped',
  /** The base's results file is unreadable: compared with the peaks history.json holds (loadBaseline). */
  'base-from-history',
  /** History exists but the base was not read; regression.unreadable-base: warn let it pass (judge/regression). */
  'base-unreadable-warned',
  /** The estimate and the trace of a model disagree on whether it fits; the trace decides (judge/trace). */
  'trace-over-estimate',
  /**
   * cgroup v1: the kernel's charge (max_usage_in_bytes, page cache included) peaked well above the
   * judged peak, what the kernel cannot reclaim (measure/host/hostSampler).
   */
  'page-cache-excluded',
  /** A GPU run ended before nvidia-smi's first sample of it (measure/nvidiaSmi; judge/runnerVerdict). */
  'ended-before-first-sample',
  /**
   * No child subreaper and no memory cgroup: a process that leaves the run with setsid and a
   * scrubbed environment is neither measured nor stopped (measure/process/subreaper).
   */
  'escapees-uncaught'
] as const
export const NoteCodeSchema = z.enum(NOTE_CODES)
export type NoteCode = z.infer<typeof NoteCodeSchema>

/** A note: what code branches on (`code`) and what the reader sees (`text`, one line, no period). */
export const NoteSchema = z.object({ code: NoteCodeSchema, text: z.string() })
export type Note = z.infer<typeof NoteSchema>

/** Builds a note. */
export function note(code: NoteCode, text: string): Note {
  return { code, text }
}

/** Anything that carries notes in results.json: the run as a whole and each model. */
export interface Noted {
  notes: string[]
  findings?: Note[]
}

/**
 * Adds notes to `target` in place (texts to `notes`, code and text to `findings`); returns target.
 * It pushes into target's arrays: give it a copy's own arrays, not ones shared with another result.
 */
export function addNotes<T extends Noted>(target: T, ...notes: readonly Note[]): T {
  for (const n of notes) {
    target.notes.push(n.text)
    ;(target.findings ??= []).push(n)
  }
  return target
}

/** The `notes` and `findings` fields for a list of notes (to spread into a result being built). */
export function notesFields(notes: readonly Note[]): { notes: string[]; findings?: Note[] } {
  return notes.length === 0 ? { notes: [] } : { notes: notes.map(n => n.text), findings: [...notes] }
}

/**
 * The code of each note of `target`, in order: null for a note without one. A finding counts only
 * while its text is still among the notes (a copy that dropped the text dropped the note).
 */
export function noteCodesOf(target: Readonly<Noted>): (NoteCode | null)[] {
  const byText = new Map((target.findings ?? []).map(f => [f.text, f.code]))
  return target.notes.map(t => byText.get(t) ?? null)
}

/** True when `target` has a note with this code. */
export function hasNote(target: Readonly<Noted>, code: NoteCode): boolean {
  return noteCodesOf(target).includes(code)
}

/** `target`'s notes and findings without those of this code (a new object; target is untouched). */
export function withoutNotes(
  target: Readonly<Noted>,
  code: NoteCode
): { notes: string[]; findings: Note[] | undefined } {
  const codes = noteCodesOf(target)
  const notes = target.notes.filter((_, i) => codes[i] !== code)
  // findings is always set (undefined too), so spreading this over a copy replaces the copy's.
  return { notes, findings: target.findings?.filter(f => f.code !== code && notes.includes(f.text)) }
}

// How notes were worded before they had codes: a note in an old file that starts so gets the code.
// This is the one place the wording is matched, and only for files written before codes existed.
const LEGACY_WORDING: readonly (readonly [string, NoteCode])[] = [
  ['no nvidia-smi on this runner: host memory', 'host-judged'],
  ['reused from ', 'reused']
]

/**
 * Gives codes to the notes of an old file that has none (no `findings`): by their wording then.
 * Returns `target` itself when nothing changes, so files written with codes pass untouched.
 */
export function upgradeNotes<T extends Noted>(target: T): T {
  if (target.findings !== undefined) return target
  const findings: Note[] = []
  for (const text of target.notes) {
    const legacy = LEGACY_WORDING.find(([start]) => text.startsWith(start))
    if (legacy) findings.push({ code: legacy[1], text })
  }
  return findings.length === 0 ? target : { ...target, findings }
}
