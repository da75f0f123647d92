// A model's `reason` carries a typed code beside its text (docs/design.md contract 3, "Notes and
// their codes"): results.json keeps `reason` (the sentence, as before) and adds `reasonCode`, which
// is what code and reports branch on; rewording a reason never changes a verdict or a report line.
// Every reason is built with reason(code, text) and written with reasonFields, so none is written
// without its code; reasonCode is null where there is no reason (and absent in older files).
import { z } from 'zod'

/** Every reason code (kebab-case, what the reason says). */
export const REASON_CODES = [
  /** The command could not be started (missing cwd, no bash, no cgroup to join). */
  'spawn-failed',
  /** The gate was stopped before the run finished or started; the peak is what was measured until then. */
  'interrupted',
  /** Still running at measure.timeout; the process tree was killed. */
  'timeout',
  /** Killed (SIGKILL, exit 137) without the kernel's record of an OOM kill of the run (contract 6). */
  'killed-without-oom-record',
  /** Exited with a non-zero code or was killed by a signal, with no OOM in its output. */
  'command-failed',
  /** The run was given GPUs and no sampler read their memory (judge/runnerVerdict gpuUnreadable). */
  'gpu-unreadable',
  /** No memory reading at all: the command ended before the first sample, no cgroup peak. */
  'no-reading',
  /**
   * A GPU run exited 0 before nvidia-smi's first sample with no probe record: likely not the
   * training command (judge/runnerVerdict endedAtOnce).
   */
  'ended-at-once',
  /** Fit only through the caching allocator's retries (num_alloc_retries): at-risk. */
  'allocator-retries',
  /** Ran out of memory on a batch, caught it and went on: at-risk (contract 6). */
  'oom-recovered',
  /** The runner is broken (nvidia-smi failing or hung): not measured (results.runnerError says how). */
  'runner-broken',
  /** The run used no GPU memory: it kept to the CPU (no GPU, no pass). */
  'no-gpu-used',
  /** The runner's card (or MIG slice) is smaller than the target: its OOM says nothing about the target. */
  'card-smaller-than-target',
  /** Other processes held so much of the runner's GPU that its OOM says nothing about the target. */
  'gpu-held-by-others',
  /** A report merge found no measure job's result for the model. */
  'not-measured',
  /** A report merge found an estimate where it merges measurements only. */
  'estimate-not-merged',
  /** A merged file says ok or at-risk but records no peak: not evidence. */
  'no-peak-recorded',
  /** A merged model was measured by host memory and the target is GPU memory. */
  'host-not-gpu',
  /** The merged target's size is unknown, so no peak can be judged against it. */
  'target-unknown',
  /** Left out by the model filter. */
  'filtered-out',
  /** Running it was refused (a fork PR without approval): fails the gate. */
  'refused',
  /** Nothing to do for this event (no run asked for). */
  'nothing-to-do',
  /** Not run: it needs more GPUs than are free. */
  'gpus-too-few',
  /** Not run: its GPU stayed busy for measure.gpu-wait. */
  'gpu-busy',
  /** Not run: another gate held its GPU's lease for measure.gpu-wait. */
  'gpu-leased',
  /** mode: estimate and the model has neither an estimate: nor a trace: block. */
  'nothing-to-estimate',
  /** mode: estimate and the model has no `estimate:` block. */
  'no-estimate-block',
  /** In the base only: removed from the config since (a report row, no run). */
  'removed-from-config',
  /** The trace of its builder is over the limit (contract 7: evidence for a failure). */
  'traced-over-limit',
  /** The trace fits, which is no measurement: skipped, never ok (contract 6). */
  'traced-fits-not-measured',
  /** The trace failed (the tracer's exit 2 or 3). */
  'trace-failed'
] as const
export const ReasonCodeSchema = z.enum(REASON_CODES)
export type ReasonCode = z.infer<typeof ReasonCodeSchema>

/** A reason: what code branches on (`code`) and what the reader sees (`text`). */
export interface Reason {
  code: ReasonCode
  text: string
}

/** Builds a reason. */
export function reason(code: ReasonCode, text: string): Reason {
  return { code, text }
}

/** The `reason` and `reasonCode` fields of a model result for a reason, or for none (both null). */
export function reasonFields(r: Reason | null): { reason: string | null; reasonCode: ReasonCode | null } {
  return r === null ? { reason: null, reasonCode: null } : { reason: r.text, reasonCode: r.code }
}
