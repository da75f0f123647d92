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
  /** The runner's card is bigger than the target: PyTorch was capped per process (plan/resolveTarget). */
  'target-emulated',
  /** The runner's card is smaller than the target: an OOM here may still fit it (plan/resolveTarget). */
  'card-smaller-than-target',
  /** gpu.memory: runner on a runner whose GPUs differ in size: the smallest is the target (plan/resolveTarget). */
  'mixed-card-sizes',
  /** gpu.memory: runner and the card could not be read: the target's size is unknown (plan/checkRunner). */
  'target-size-unknown',
  /** nvidia-smi found no GPU; what it said (measure/nvidiaSmi/discoverGpus). */
  'no-gpu-found',
  /** nvidia-smi printed a warning before its rows, which were used (discoverGpus). */
  'nvidia-smi-warned',
  /** A GPU is partitioned (MIG mode): runs get a slice of it (discoverGpus). */
  'mig-enabled',
  /** Nothing was run (a refused or skipped event); why (github/refusedRun). */
  'nothing-run',
  /** No baseline to compare with, and why (github/history/loadBaseline). */
  'no-baseline',
  /** Reuse of earlier results could not be decided: everything is measured (github/history). */
  'reuse-undecided',
  /** The gate waited for GPUs other processes held before the first start (measure/runModels). */
  'gpu-busy-waited',
  /** A GPU measure.gpus names was busy and used anyway; others' memory not counted (runModels). */
  'busy-gpu-used',
  /** A GPU was busy when the gate started and was left out (runModels). */
  'busy-gpu-skipped',
  /** A model's GPUs were busy right before it started; the gate waited for them (runModels). */
  'model-gpu-waited',
  /** Each GPU's peak of a multi-GPU model; the verdict uses the largest (runModels). */
  'peak-per-gpu',
  /** The sampler nvidia-smi was asked for a run given no GPU: host memory only (measure/samplerPlan). */
  'no-gpu-given',
  /** The torch probe was loaded for the memory cap although the sampler does not use it (samplerPlan). */
  'probe-for-cap',
  /** The torch probe could not be set up (measure/measureModel). */
  'probe-unavailable',
  /** The model was not started: nvidia-smi failed, or the gate was interrupted (measureModel). */
  'not-started',
  /** No watchdog: a gate killed by SIGKILL may leave the run running (measureModel). */
  'no-watchdog',
  /** Processes the command left behind after it exited were stopped (measureModel). */
  'leftovers-stopped',
  /** The run's memory cgroup could not be removed (measureModel). */
  'cgroup-not-removed',
  /** Host memory measured by PSS because no memory cgroup could be made (measureModel). */
  'host-by-pss',
  /** The gate was interrupted while waiting for the driver to release the run's GPU memory (measureModel). */
  'release-wait-interrupted',
  /** Whether the run's GPU memory was released could not be checked (measureModel). */
  'release-unchecked',
  /** The run's GPU memory was not released within measure.release-timeout (measureModel). */
  'memory-not-released',
  /** The gate waited a second or more for the driver to release the run's GPU memory (measureModel). */
  'release-waited',
  /** Processes that had left the process group (setsid) were stopped too (measureModel). */
  'escapees-stopped',
  /** The signals the run was stopped with (measureModel). */
  'stopped-with',
  /** Processes survived SIGKILL: stuck in the kernel or a driver (measureModel). */
  'survived-sigkill',
  /** The run was stopped early: its peak had settled (measure.settle; measureModel). */
  'stopped-early',
  /** The run hit its timeout (measureModel). */
  'timed-out',
  /** The gate was interrupted during the run: the peaks are what was measured until then (measureModel). */
  'interrupted',
  /** The torch probe's records could not be read (measureModel). */
  'probe-records-unreadable',
  /** nvidia-smi could not be queried at the start: its sampler is off (measure/nvidiaSmi/nvidiaSmiSampler). */
  'nvidia-smi-sampler-off',
  /** A GPU given to the run is not in nvidia-smi's list: not sampled (nvidiaSmiSampler). */
  'gpu-not-listed',
  /** The processes on the GPUs before the run could not be listed (nvidiaSmiSampler). */
  'foreign-processes-unlisted',
  /** nvidia-smi's sampling loop printed nothing soon after its start (nvidiaSmiSampler). */
  'sampler-slow-start',
  /** An nvidia-smi sampling loop failed; what it said (nvidiaSmiSampler). */
  'sampling-failed',
  /** nvidia-smi sampling went silent during the run: GPU memory may be missing (nvidiaSmiSampler). */
  'sampling-silent',
  /** Lines of nvidia-smi output that were not CSV rows were ignored (nvidiaSmiSampler). */
  'stray-lines',
  /** Memory other processes held on a GPU before the start: not counted (nvidiaSmiSampler). */
  'foreign-memory-before',
  /** The run's processes used a GPU it was not given (nvidiaSmiSampler). */
  'gpu-not-given-used',
  /**
   * The run ended before nvidia-smi sampled it: GPU memory unknown (nvidiaSmiSampler); with exit 0
   * and no probe record its reason asks whether `run` is the training command (judge/runnerVerdict).
   */
  'ended-before-first-sample',
  /** No process row of the run and memory.used unavailable: not measurable by nvidia-smi (nvidiaSmiSampler). */
  'gpu-not-measurable',
  /** Per-process rows unusable: the card's memory.used minus its baseline was measured instead (nvidiaSmiSampler). */
  'device-delta-used',
  /** Per-process rows and memory.used both lost for part of the run: GPU memory unknown (nvidiaSmiSampler). */
  'gpu-readings-lost',
  /** Rows of PIDs that matched no process of the run were not counted (nvidiaSmiSampler). */
  'unmatched-pids',
  /** Other processes used a GPU of the run during it: not counted (nvidiaSmiSampler). */
  'foreign-processes-during',
  /** torch's reserved pool only: the CUDA context could not be measured and is not included (judge/choosePeak). */
  'context-not-included',
  /** No sampler produced a reading: the command ended before the first sample (judge/choosePeak). */
  'no-reading',
  /** The kernel recorded OOM kills during the run (judge/judgeModel). */
  'kernel-oom-recorded',
  /** The torch probe's memory snapshot failed; why (judge/judgeModel). */
  'snapshot-problem',
  /** GPU memory from the torch probe: nvidia-smi gave no reading for the run (judge/runnerVerdict). */
  'gpu-from-torch-probe',
  /** The size of the card or MIG slice the run saw (judge/runnerVerdict). */
  'card-seen',
  /** A model without an `estimate:` block gets no ranked fixes (advise/adviseModel). */
  'estimate-block-missing',
  /** The head dim keeps SDPA's fused kernels off: the math path stores s^2 scores (advise/estimate). */
  'sdpa-math-path',
  /** ddp is ignored with fsdp > 1 (advise/estimate). */
  'ddp-ignored',
  /** With checkpointing, autocast weight copies live only until the forward ends (advise/estimate). */
  'autocast-copies-short',
  /** A name the config's pass-env lists is not set on the runner: the models ran without it (pipeline/passedEnv). */
  'pass-env-unset',
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
export function withoutNotes(target: Readonly<Noted>, code: NoteCode): { notes: string[]; findings: Note[] } {
  const codes = noteCodesOf(target)
  const notes = target.notes.filter((_, i) => codes[i] !== code)
  // findings is always set, so spreading this over a copy replaces the copy's.
  return { notes, findings: (target.findings ?? []).filter(f => f.code !== code && notes.includes(f.text)) }
}

// How notes were worded before they had codes: a note in an old file that starts so gets the code.
// This is the one place the wording is matched, and only for files written before codes existed.
const LEGACY_WORDING: readonly (readonly [string, NoteCode])[] = [
  ['no nvidia-smi on this runner: host memory', 'host-judged'],
  ['reused from ', 'reused']
]

/**
 * Gives codes to the notes of an old file that has none (no `findings`): by their wording then.
 * Afterwards `findings` is always there (empty when no note has a code), so readers see one shape.
 * Returns `target` itself when it already has findings.
 */
export function upgradeNotes<T extends Noted>(target: T): T & { findings: Note[] } {
  if (target.findings !== undefined) return target as T & { findings: Note[] }
  const findings: Note[] = []
  for (const text of target.notes) {
    const legacy = LEGACY_WORDING.find(([start]) => text.startsWith(start))
    if (legacy) findings.push({ code: legacy[1], text })
  }
  return { ...target, findings }
}

/**
 * A copy of `target` with `notes` added after its own (texts to `notes`, code and text to
 * `findings`); target and its arrays are untouched. Returns target itself when there are none.
 */
export function withNotes<T extends { notes?: string[]; findings?: Note[] }>(
  target: T,
  ...notes: readonly Note[]
): T {
  if (notes.length === 0) return target
  return {
    ...target,
    notes: [...(target.notes ?? []), ...notes.map(n => n.text)],
    findings: [...(target.findings ?? []), ...notes]
  }
}

/** `notes` and, where there are any, `findings` of `noted` (to spread into a result being built). */
export function notesFieldsOf(noted: Readonly<Noted>): { notes: string[]; findings?: Note[] } {
  return noted.findings && noted.findings.length > 0
    ? { notes: noted.notes, findings: noted.findings }
    : { notes: noted.notes }
}
