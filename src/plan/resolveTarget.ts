// The card the configs must fit, and how this runner stands in for it.
import { limitBytes, type Config } from '../config/schema.js'
import { UsageError } from '../config/load.js'
import { formatBytes } from '../config/units.js'
import type { GpuInfo } from '../results.js'
import { note, type Note } from '../notes.js'

/** PyTorch cannot allocate what the CUDA context and workspaces occupy (docs/design.md: 0.3 to 2 GiB). */
export const CONTEXT_RESERVE_BYTES = 512 * 2 ** 20

export interface ResolvedTarget {
  memoryBytes: number
  limitBytes: number
  measures: 'gpu' | 'host'
  /** Per-process cap for PyTorch when the runner's card is bigger than the target; null = none. */
  capBytes: number | null
  emulated: boolean
  notes: Note[]
  /** Smallest memory.total of the runner's GPUs (nvidia-smi); null on host or when unknown. */
  cardBytes?: number | null
  /** Some GPU of the runner is partitioned (MIG mode enabled). */
  mig?: boolean
  /**
   * False when the target's size is unknown (gpu.memory: runner on a runner whose card could not
   * be read): memoryBytes and limitBytes are then placeholders (0), never a size to compare with.
   */
  memoryKnown?: boolean
}

export function resolveTarget(
  config: Config,
  gpus: readonly GpuInfo[],
  hostMemoryBytes: number,
  mode: 'measure' | 'estimate'
): ResolvedTarget {
  const notes: Note[] = []
  const configured = config.gpu.memory
  if (mode === 'estimate') {
    if (configured === 'runner') {
      throw new UsageError([
        `${config.path}: gpu.memory: "runner" means the runner's own card, and estimates run without one; write the target card's memory, e.g. 80GiB`
      ])
    }
    return target(configured, 'gpu', null, false, notes)
  }
  const measures = gpus.length > 0 && config.measure.sampler !== 'host' ? 'gpu' : 'host'
  if (measures === 'host') {
    const memory = configured === 'runner' ? hostMemoryBytes : configured
    return target(memory, 'host', null, false, notes)
  }
  const card = Math.min(...gpus.map(g => g.memoryTotalBytes ?? Infinity))
  if (configured === 'runner') {
    if (!Number.isFinite(card)) {
      throw new UsageError([
        `${config.path}: gpu.memory: runner, but nvidia-smi does not report this card's memory; write the target card's memory, e.g. 80GiB`
      ])
    }
    const sizes = [...new Map(gpus.map(g => [g.memoryTotalBytes, g])).values()]
    if (sizes.length > 1) {
      const cards = sizes.map(
        g => `${g.name} ${g.memoryTotalBytes === null ? 'size unknown' : formatBytes(g.memoryTotalBytes)}`
      )
      notes.push(
        note(
          'mixed-card-sizes',
          `the runner's GPUs differ in size (${cards.join(', ')}): gpu.memory: runner judges every model against the smallest, ${formatBytes(card)}; set gpu.memory to the card you target, or pin the runner to one kind of card with CUDA_VISIBLE_DEVICES`
        )
      )
    }
    return target(card, 'gpu', null, false, notes)
  }
  if (Number.isFinite(card) && configured < card) {
    const cap = Math.max(0, configured - CONTEXT_RESERVE_BYTES)
    notes.push(
      note(
        'target-emulated',
        `the runner’s card has ${formatBytes(card)}; PyTorch was capped at ${formatBytes(cap)} per process so that runs fail where a ${formatBytes(configured)} card would`
      )
    )
    return target(configured, 'gpu', cap, true, notes)
  }
  if (Number.isFinite(card) && configured > card) {
    notes.push(
      note(
        'card-smaller-than-target',
        `the runner’s card (${formatBytes(card)}) is smaller than the target (${formatBytes(configured)}): a run that runs out of memory here might still fit the target`
      )
    )
  }
  return target(configured, 'gpu', null, false, notes)

  function target(
    memory: number,
    m: 'gpu' | 'host',
    cap: number | null,
    emulated: boolean,
    n: Note[]
  ): ResolvedTarget {
    const known = gpus.map(g => g.memoryTotalBytes).filter((b): b is number => b !== null)
    return {
      memoryBytes: memory,
      limitBytes: limitBytes(memory, config.gpu.headroom),
      measures: m,
      capBytes: cap,
      emulated,
      notes: n,
      cardBytes: m === 'gpu' && known.length > 0 ? Math.min(...known) : null,
      mig: m === 'gpu' && gpus.some(g => g.mig === true)
    }
  }
}
