// What the runner, not the model, decided about a verdict (contract 6). Pure, applied after the
// model's own verdict:
// - a broken runner (nvidia-smi failed or hung before or during the run) fails the model with the
//   cause and its fix, whatever the run did;
// - a GPU run with no GPU reading is never a pass ("GPU memory could not be read on this runner");
// - a GPU run judged from the torch probe says so; one that used no GPU memory may have run on the CPU;
// - an OOM on a card or MIG slice clearly smaller than the target says the runner is too small,
//   not that the model does not fit the target; so does an OOM on a GPU that other processes held
//   so much of (measure.gpus names a shared GPU) that what was free is clearly below the target.
import { formatBytes, formatDuration } from '../config/units.js'
import { hasNote } from '../notes.js'
import { describeRunnerError } from '../runnerError.js'
import type { Measurement } from '../measurement.js'
import type { ModelResultInput } from '../results.js'

export interface RunnerTarget {
  memoryBytes: number
  /** Smallest memory.total nvidia-smi reported for the GPUs given to runs; null/absent = unknown. */
  cardBytes?: number | null
  /** Some GPU of the runner is partitioned (MIG mode enabled). */
  mig?: boolean
}

/**
 * A card this much below the target is smaller than it, not just the usual gap between
 * nvidia-smi's total and what PyTorch sees (79.2 of 80 GiB: about 1%; docs/design.md).
 */
export const SMALLER_CARD_RATIO = 0.95

/** Why a GPU run with no reading from nvidia-smi or the torch probe is not a pass. */
export const GPU_UNREADABLE =
  'GPU memory could not be read on this runner: nvidia-smi gave no reading for the run ([N/A] or [Insufficient Permissions] values, or no process rows) and the torch probe recorded none (not a PyTorch run, or it never used CUDA)'

/**
 * GPU_UNREADABLE for this run: which GPU sources were asked (measure.sampler) and what each gave,
 * so a torch-only run that is not PyTorch does not blame a healthy nvidia-smi. The generic text
 * when the measurement does not record its samplers.
 */
export function gpuUnreadable(m: Measurement): string {
  if (!m.samplers) return GPU_UNREADABLE
  const smi = m.samplers.nvidiaSmi
    ? 'nvidia-smi was asked and gave no reading for the run ([N/A] or [Insufficient Permissions] values, no process rows, or the run ended before its first sample; see the notes)'
    : 'nvidia-smi was not asked (measure.sampler: torch)'
  const cuda = m.probes.some(p => Object.keys(p.devices).length > 0)
  const torch = !m.samplers.probe
    ? 'the torch probe was not asked (measure.sampler: nvidia-smi)'
    : m.probes.length === 0
      ? 'the torch probe was asked and recorded nothing (not a PyTorch run, or Python never imported torch)'
      : cuda
        ? 'the torch probe was asked and recorded no reserved memory'
        : 'the torch probe was asked and saw PyTorch, but no CUDA use (the run never used the GPU)'
  const fix = m.samplers.nvidiaSmi
    ? ''
    : '. Fix: for a run that is not PyTorch, set measure.sampler: auto or nvidia-smi'
  return `GPU memory could not be read on this runner: ${smi}; ${torch}${fix}`
}

/**
 * Why a GPU run that exited 0 before nvidia-smi's first sample of it, with no torch probe record,
 * fails: not the runner (its readings were healthy) but a command that did not train (a typo'd
 * `run` that prints its usage and exits). Null for any other run.
 */
export function endedAtOnce(m: Measurement): string | null {
  if (!hasNote(m, 'ended-before-first-sample') || m.exitCode !== 0 || m.signal !== null) return null
  if (m.probes.length > 0) return null
  return `finished in ${formatDuration(Math.round(m.durationMs))} without using the GPU that nvidia-smi could see (it exited 0 before the first sample): is \`run\` the training command? A smoke run has to train for longer than measure.interval`
}

/** Why a GPU run that used no GPU memory fails, with what the torch probe saw where it ran. */
export function noGpuUsed(m: Measurement): string {
  const saw = m.probes.find(p => p.cudaAvailable !== undefined && p.cudaAvailable !== null)
  const probe =
    saw === undefined
      ? m.probes.length > 0
        ? ''
        : ' (the torch probe recorded nothing: not a PyTorch run, or Python never imported torch)'
      : saw.cudaAvailable
        ? ` (the torch probe saw torch.cuda.is_available() = True, yet no memory on the card: the run kept to the CPU)`
        : ` (the torch probe saw torch.cuda.is_available() = False${saw.cudaBuild == null ? ', a CPU build of PyTorch (torch.version.cuda is None)' : `, a build for CUDA ${saw.cudaBuild} that found no device`})`
  return `used no GPU memory: it ran on the CPU or on a card the gate does not watch${probe}. Fix: make the run use the GPU it is given (a CUDA build of PyTorch, .cuda()/device="cuda", CUDA_VISIBLE_DEVICES left as the gate sets it)`
}

export function judgeRunner(
  result: ModelResultInput,
  m: Measurement,
  target: RunnerTarget
): ModelResultInput {
  const notes = [...(result.notes ?? [])]
  if (m.runnerError) {
    return {
      ...result,
      status: 'failed',
      reason: describeRunnerError(m.runnerError),
      runnerError: m.runnerError,
      notes
    }
  }
  const gpuRun = m.gpus.length > 0
  if (!gpuRun) return result
  const finished = result.status === 'ok' || result.status === 'at-risk'
  if (finished && result.peakBytes == null) {
    return {
      ...result,
      status: 'failed',
      reason: endedAtOnce(m) ?? gpuUnreadable(m),
      notes
    }
  }
  if (result.peakSource === 'torch' && m.peaks.nvidiaSmiBytes === null) {
    notes.push(
      'GPU memory from the torch probe (reserved pool plus the CUDA context): nvidia-smi gave no reading for this run (not asked, [N/A] or [Insufficient Permissions])'
    )
  }
  if (
    finished &&
    result.peakBytes === 0 &&
    (result.peakSource === 'nvidia-smi' || result.peakSource === 'nvidia-smi-device')
  ) {
    // No GPU, no pass (contract 6): a run that never touched the card proves nothing about it.
    return { ...result, status: 'failed', reason: noGpuUsed(m), notes }
  }
  const seen = processSawBytes(m, result)
  const what = target.mig ? 'MIG slice' : 'card'
  if (target.mig && seen !== null) notes.push(`the run saw a ${formatBytes(seen)} ${what} of its GPU`)
  const effective = minKnown(target.cardBytes ?? null, seen)
  if (result.status === 'oom' && effective !== null && effective < target.memoryBytes * SMALLER_CARD_RATIO) {
    return {
      ...result,
      status: 'failed',
      reason: `the runner's ${what} (${formatBytes(effective)}) is smaller than the target (${formatBytes(target.memoryBytes)}): the run ran out of memory on it, which says nothing about the target. Fix: run on a ${target.mig ? 'whole card or a MIG profile' : 'card'} of at least ${formatBytes(target.memoryBytes)}, or set gpu.memory to what this runner has`,
      notes
    }
  }
  // The baseline is memory.used before the run: other processes' memory (plus the driver's few
  // hundred MiB), which the run could not use.
  const held = heldByOthersBytes(m)
  if (result.status === 'oom' && effective !== null && held !== null && held > 0) {
    const free = Math.max(0, effective - held)
    if (free < target.memoryBytes * SMALLER_CARD_RATIO) {
      return {
        ...result,
        status: 'failed',
        reason: `the runner's GPU had only ${formatBytes(free)} free (other processes held ${formatBytes(held)} of its ${formatBytes(effective)}): the run ran out of memory on it, which says nothing about the target (${formatBytes(target.memoryBytes)}). Fix: stop the processes that hold the GPU, or leave measure.gpus unset so the gate waits for a free GPU`,
        notes
      }
    }
  }
  return { ...result, notes }
}

/** The most memory.used any GPU of the run showed before it started; null when none was read. */
function heldByOthersBytes(m: Measurement): number | null {
  let held: number | null = null
  for (const gpu of m.gpus) if (gpu.baselineBytes !== null) held = Math.max(held ?? 0, gpu.baselineBytes)
  return held
}

/** The device memory the run's processes saw: the probe's device totals, or an OOM's total capacity. */
function processSawBytes(m: Measurement, result: ModelResultInput): number | null {
  let seen: number | null = result.oom?.totalCapacityBytes ?? null
  for (const probe of m.probes) {
    for (const device of Object.values(probe.devices)) seen = minKnown(seen, device.totalBytes)
  }
  return seen
}

function minKnown(a: number | null, b: number | null): number | null {
  if (a === null) return b
  if (b === null) return a
  return Math.min(a, b)
}
