// The runner's GPU pin (contract 6, 2026-12-06): the GPUs a gate may use are those the environment
// it inherits already allows. A runner service on a shared machine is pinned by
// CUDA_VISIBLE_DEVICES in its `.env`; the gate reads that value as CUDA does and matches it to
// nvidia-smi's rows by UUID, never by position, so it cannot pick another runner's card. Pure.
//
// CUDA's rules (CUDA C Programming Guide, "CUDA Environment Variables"; MPS guide 5.2.1):
// a comma-separated sequence of integer indices, `GPU-<uuid>` strings or unique prefixes of them
// (the prefix includes "GPU-"), and `MIG-<uuid>` (or the older `MIG-GPU-<uuid>/<gi>/<ci>`) for MIG
// devices; devices are enumerated in the order given; parsing stops at the first invalid entry
// (only the devices before it are visible: "0,2,-1,1" shows 0 and 2); an empty value or one whose
// first entry is invalid shows no device. Unset means every device.
//
// NVIDIA_VISIBLE_DEVICES is not read: it is an instruction to the NVIDIA container runtime when a
// container starts, which then exposes only those devices inside it. nvidia-smi in the container
// lists exactly them, so the gate's rows already respect it; on the host it changes nothing for CUDA.
import type { GpuInfo } from '../results.js'

/** One entry of CUDA_VISIBLE_DEVICES as CUDA reads it. */
export type PinEntry =
  { kind: 'index'; index: number } | { kind: 'gpu-uuid'; prefix: string } | { kind: 'mig-uuid'; uuid: string }

/** CUDA_VISIBLE_DEVICES parsed: unset (every GPU), or the entries CUDA would keep (possibly none). */
export type RunnerPin =
  | { kind: 'unset' }
  | {
      kind: 'pinned'
      /** The variable's value as inherited. */
      value: string
      /** Entries up to (not including) the first invalid one. */
      entries: PinEntry[]
      /** The first entry CUDA would stop at (and every later one ignored), or null. */
      stoppedAt: string | null
    }

/** A MIG device as `nvidia-smi -L` lists it under its parent GPU. */
export interface MigDevice {
  uuid: string
  parentUuid: string
  /** Its profile, e.g. "1g.10gb"; null when not printed. */
  profile: string | null
}

const INDEX = /^\d+$/
const GPU_UUID_PREFIX = /^GPU-[0-9a-fA-F-]+$/
const MIG_UUID = /^MIG-[0-9a-fA-F-]+$|^MIG-GPU-[0-9a-fA-F-]+\/\d+\/\d+$/

/** Parses CUDA_VISIBLE_DEVICES (undefined: unset). Syntax only; `resolvePin` matches to the GPUs. */
export function parseRunnerPin(value: string | undefined): RunnerPin {
  if (value === undefined) return { kind: 'unset' }
  const entries: PinEntry[] = []
  let stoppedAt: string | null = null
  if (value.trim() !== '') {
    for (const raw of value.split(',')) {
      const token = raw.trim()
      if (INDEX.test(token)) entries.push({ kind: 'index', index: Number(token) })
      else if (GPU_UUID_PREFIX.test(token)) entries.push({ kind: 'gpu-uuid', prefix: token.toLowerCase() })
      else if (MIG_UUID.test(token)) entries.push({ kind: 'mig-uuid', uuid: token })
      else {
        stoppedAt = token
        break
      }
    }
  }
  return { kind: 'pinned', value, entries, stoppedAt }
}

/** Why a pin leaves the gate no usable GPU, as a code (the text is built from it). */
export type PinProblemCode =
  'pin-hides-every-gpu' | 'pin-entry-unknown' | 'pin-prefix-ambiguous' | 'pin-index-order-ambiguous'

export interface PinProblem {
  code: PinProblemCode
  text: string
}

export interface ResolvedPin {
  /** The GPUs the pin allows, in the pin's order, each with the identifier to export (`cudaId`). */
  gpus: PinnedGpu[]
  /** Entries CUDA would ignore (after an invalid one), for a note; empty when none. */
  ignored: string | null
  problem: PinProblem | null
}

export interface PinnedGpu {
  gpu: GpuInfo
  /** What CUDA_VISIBLE_DEVICES must name so that the run lands on this device: its GPU or MIG UUID. */
  cudaId: string
}

/**
 * The GPUs of `gpus` (nvidia-smi's rows) that `pin` allows. An index is a position in nvidia-smi's
 * (PCI bus) order, which is CUDA's only with CUDA_DEVICE_ORDER=PCI_BUS_ID or cards of one model
 * (CUDA's default puts the fastest first); on a mixed machine without it an index pin is refused
 * as ambiguous. Entries CUDA would not accept (an index past the last card, a prefix that matches
 * none or several, a repeated device) stop the list there, as they stop CUDA.
 */
export function resolvePin(
  pin: RunnerPin,
  gpus: readonly GpuInfo[],
  migDevices: readonly MigDevice[],
  deviceOrder: string | undefined
): ResolvedPin {
  if (pin.kind === 'unset') {
    return {
      gpus: gpus.map(gpu => ({ gpu, cudaId: gpu.uuid ?? String(gpu.index) })),
      ignored: null,
      problem: null
    }
  }
  const chosen: PinnedGpu[] = []
  let ignored = pin.stoppedAt
  const names = new Set(gpus.map(g => g.name))
  if (pin.entries.some(e => e.kind === 'index') && names.size > 1 && deviceOrder !== 'PCI_BUS_ID') {
    return {
      gpus: [],
      ignored: null,
      problem: {
        code: 'pin-index-order-ambiguous',
        text: `the runner's CUDA_VISIBLE_DEVICES=${pin.value} pins GPUs by index on a machine with several card models, and CUDA_DEVICE_ORDER is not PCI_BUS_ID: CUDA numbers the fastest card first, nvidia-smi by PCI bus, so the index could name another card. Fix: pin the runner by UUID (nvidia-smi -L), or set CUDA_DEVICE_ORDER=PCI_BUS_ID beside it`
      }
    }
  }
  for (const entry of pin.entries) {
    const found = matchEntry(entry, gpus, migDevices)
    const duplicate = found && chosen.some(c => c.cudaId === found.cudaId)
    if (!found || duplicate) {
      ignored = entryText(entry)
      if (chosen.length === 0) {
        const ambiguous =
          entry.kind === 'gpu-uuid' &&
          gpus.filter(g => g.uuid?.toLowerCase().startsWith(entry.prefix)).length > 1
        return {
          gpus: [],
          ignored: null,
          problem: {
            code: ambiguous ? 'pin-prefix-ambiguous' : 'pin-entry-unknown',
            text: `the runner's CUDA_VISIBLE_DEVICES=${pin.value} names ${entryText(entry)}, which ${ambiguous ? 'is the start of several GPU UUIDs' : 'matches no GPU nvidia-smi lists'}, so CUDA sees no GPU. Fix: pin the runner to GPUs this machine has (nvidia-smi -L lists their indices and UUIDs)`
          }
        }
      }
      break
    }
    chosen.push(found)
  }
  if (chosen.length === 0) {
    return {
      gpus: [],
      ignored: null,
      problem: {
        code: 'pin-hides-every-gpu',
        text: `the runner's CUDA_VISIBLE_DEVICES=${JSON.stringify(pin.value)} hides every GPU from CUDA, so a GPU run would run on the CPU. Fix: pin the runner to its GPUs (e.g. CUDA_VISIBLE_DEVICES=0 in the runner's .env), or judge host memory with measure.sampler: host`
      }
    }
  }
  return { gpus: chosen, ignored, problem: null }
}

function matchEntry(
  entry: PinEntry,
  gpus: readonly GpuInfo[],
  migDevices: readonly MigDevice[]
): PinnedGpu | null {
  if (entry.kind === 'index') {
    const gpu = gpus.find(g => g.index === entry.index)
    return gpu ? { gpu, cudaId: gpu.uuid ?? String(gpu.index) } : null
  }
  if (entry.kind === 'gpu-uuid') {
    const matches = gpus.filter(g => g.uuid !== null && g.uuid.toLowerCase().startsWith(entry.prefix))
    return matches.length === 1 ? { gpu: matches[0]!, cudaId: matches[0]!.uuid! } : null
  }
  // The older form names the parent GPU and the instance ids: MIG-GPU-<uuid>/<gi>/<ci>.
  const older = /^MIG-(GPU-[0-9a-fA-F-]+)\/\d+\/\d+$/.exec(entry.uuid)
  const parentUuid = older ? older[1]! : migDevices.find(d => d.uuid === entry.uuid)?.parentUuid
  const gpu = parentUuid ? gpus.find(g => g.uuid === parentUuid) : undefined
  return gpu ? { gpu, cudaId: entry.uuid } : null
}

function entryText(entry: PinEntry): string {
  return entry.kind === 'index' ? String(entry.index) : entry.kind === 'gpu-uuid' ? entry.prefix : entry.uuid
}

/** "pinned to GPUs 2,3 by the runner's CUDA_VISIBLE_DEVICES": the report's words for a pin. */
export function describePin(indices: readonly number[]): string {
  return `pinned to GPU${indices.length === 1 ? '' : 's'} ${indices.join(',')} by the runner's CUDA_VISIBLE_DEVICES`
}
