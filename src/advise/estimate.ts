// Peak GPU memory of one training step, per GPU: model states, the activations saved for
// backward, the transients of the op running at the peak, the CUDA context and the caching
// allocator's slack. The step is walked as a timeline (forward end, head backward, first and
// last layer backward, optimizer step) and the largest point is the peak; the breakdown lists
// every term at that point. Formulas and sources: docs/estimator.md.
import {
  dtypeBytes,
  embeddingActivations,
  layerActivations,
  layerBackwardTransient,
  layerForwardTransient,
  layerParams,
  resolveAttention,
  sapiensHeadActivations,
  sapiensHeadParams,
  SAPIENS_HEAD,
  type AttentionPath,
  type LayerShape
} from './activations.js'
import {
  ARCHITECTURE_NAMES,
  customArchitecture,
  findArchitecture,
  withDims,
  type Architecture
} from './architectures.js'
import { isMixed, modelStateBytes } from './modelStates.js'
import type { EstimateSpec } from '../config/estimateSpec.js'
import { parseImageSize, tokenGrid } from './tokens.js'
import { note, type Note } from '../notes.js'

const GIB = 2 ** 30

/** Outside PyTorch's allocator: context and kernel images with lazy loading (torch >= 2, CUDA >= 11.7). */
export const DEFAULT_CUDA_CONTEXT_BYTES = 0.5 * GIB
/** NCCL communicators and their buffers, added when the run is distributed. */
export const NCCL_BYTES = 0.25 * GIB
/**
 * Caching-allocator slack (reserved - allocated): a fixed part (cuBLAS/cuDNN workspaces, the
 * small-block pool) and a share of the bytes allocated and freed every step. Both constants
 * are fitted to the published measurements in docs/estimator.md.
 */
export const SLACK_FIXED_BYTES = 0.5 * GIB
export const SLACK_RATIO = 0.08

export const BREAKDOWN_TERMS = [
  'weights',
  'masterWeights',
  'ampWeightCopies',
  'gradients',
  'optimizerStates',
  'ddpBuckets',
  'fsdpGathered',
  'inputActivations',
  'layerActivations',
  'attentionScores',
  'headActivations',
  'transient',
  'cudaContext',
  'allocatorSlack'
] as const
export type BreakdownTerm = (typeof BREAKDOWN_TERMS)[number]

export const TERM_LABELS: Record<BreakdownTerm, string> = {
  weights: 'weights',
  masterWeights: 'fp32 master weights',
  ampWeightCopies: 'AMP 16-bit weight copies',
  gradients: 'gradients',
  optimizerStates: 'optimizer states',
  ddpBuckets: 'DDP gradient buckets',
  fsdpGathered: 'FSDP gathered layers',
  inputActivations: 'embedding/input activations',
  layerActivations: 'transformer layer activations',
  attentionScores: 'attention scores (s^2)',
  headActivations: 'decode head activations',
  transient: 'transient at the peak',
  cudaContext: 'CUDA context + NCCL',
  allocatorSlack: 'allocator slack'
}

export type PeakStage =
  'forward-end' | 'head-backward' | 'last-layer-backward' | 'first-layer-backward' | 'optimizer-step'

export interface Estimate {
  /** What the card sees (nvidia-smi): tensors + allocator slack + CUDA context. */
  totalBytes: number
  /** Live tensors at the peak (torch.cuda.max_memory_allocated). */
  allocatedBytes: number
  /** allocatedBytes + slack (torch.cuda.max_memory_reserved). */
  reservedBytes: number
  /** Every term at the peak; sums to totalBytes. */
  breakdown: Record<BreakdownTerm, number>
  tokens: number
  params: number
  paramsHead: number
  grid: { rows: number; cols: number } | null
  arch: string
  dims: { hidden: number; layers: number; heads: number; mlp: number; headDim: number }
  attention: AttentionPath
  peakStage: PeakStage
  /** Bytes at each point of the timeline (tensors only). */
  stages: Record<PeakStage, number>
  /** What the reader of the estimate must know (coded, src/notes.ts). */
  notes: Note[]
}

interface Resolved {
  arch: Architecture
  grid: { rows: number; cols: number } | null
  image: { height: number; width: number } | null
  tokens: number
  head: 'sapiens-normal' | 'none'
}

function resolve(spec: EstimateSpec): Resolved {
  let arch: Architecture
  if (spec.arch !== undefined) {
    const found = findArchitecture(spec.arch)
    if (!found) {
      throw new Error(
        `unknown architecture "${spec.arch}"; known: ${ARCHITECTURE_NAMES.join(', ')} (or give dims)`
      )
    }
    // dims next to an arch name override its shape and keep the rest (patch, padding, head).
    arch = spec.dims ? withDims(found, spec.dims, `${found.name} (custom dims)`) : found
  } else if (spec.dims) {
    arch = customArchitecture(spec.dims)
  } else {
    throw new Error('needs an architecture name or custom dims')
  }
  if (arch.hidden % arch.heads !== 0) {
    throw new Error(`hidden size ${arch.hidden} is not divisible by ${arch.heads} heads`)
  }
  const head = spec.head ?? arch.head
  const image = spec.image !== undefined ? parseImageSize(spec.image) : null
  if (spec.image !== undefined && image === null) throw new Error(`image "${spec.image}" is not HEIGHTxWIDTH`)
  if (arch.kind === 'text') {
    if (spec.tokens === undefined)
      throw new Error(`${arch.name} is a text model; give tokens (the sequence length)`)
    if (spec.tokens > arch.maxPositions) {
      throw new Error(`${arch.name} takes at most ${arch.maxPositions} tokens, got ${spec.tokens}`)
    }
    if (head !== 'none') throw new Error(`the ${head} head needs an image model`)
    return { arch, grid: null, image: null, tokens: spec.tokens, head }
  }
  const padding = spec.padding ?? arch.padding
  const grid = image ? tokenGrid(image.height, image.width, spec.patch, padding) : null
  const tokens = spec.tokens ?? grid!.tokens + (arch.clsToken ? 1 : 0)
  if (head === 'sapiens-normal' && grid === null)
    throw new Error('the sapiens-normal head needs image (HEIGHTxWIDTH)')
  return { arch, grid: grid ? { rows: grid.rows, cols: grid.cols } : null, image, tokens, head }
}

function embeddingParams(r: Resolved, patch: number): number {
  const { arch, tokens } = r
  const h = arch.hidden
  if (arch.kind === 'text') {
    // word, position and token-type tables, embedding LayerNorm, pooler
    return (arch.vocab + arch.maxPositions + arch.tokenTypes) * h + 2 * h + h * h + h
  }
  // conv patch embedding, learned positions (one per token), class token, final LayerNorm
  return 3 * patch * patch * h + h + tokens * h + (arch.clsToken ? h : 0) + 2 * h
}

export function estimatePeak(spec: EstimateSpec): Estimate {
  const r = resolve(spec)
  const { arch, tokens } = r
  const notes: Note[] = []
  const headDim = arch.hidden / arch.heads
  const path = resolveAttention(spec.attention, headDim, spec.precision)
  if (spec.attention === 'efficient' && path === 'math') {
    notes.push(
      note(
        'sdpa-math-path',
        `head dim ${headDim} is not a multiple of ${spec.precision === 'fp32' ? 4 : 8}: SDPA's fused kernels refuse it and the math path stores s^2 scores`
      )
    )
  }
  const L = arch.layers
  const perLayerParams = layerParams(arch.hidden, arch.mlp)
  const paramsHead = r.head === 'sapiens-normal' ? sapiensHeadParams(arch.hidden, arch.headChannels) : 0
  const params = L * perLayerParams + embeddingParams(r, spec.patch) + paramsHead

  const shards = spec.fsdp
  const stage = spec['zero-stage']
  const largestTensor = Math.max(
    arch.hidden * arch.mlp,
    3 * arch.hidden * arch.hidden,
    arch.vocab * arch.hidden,
    r.head === 'sapiens-normal' ? arch.hidden * arch.headChannels * SAPIENS_HEAD.kernel ** 2 : 0
  )
  const states = modelStateBytes(params, {
    precision: spec.precision,
    optimizer: spec.optimizer,
    shards,
    zeroStage: stage,
    impl: spec['optimizer-impl'],
    largestTensor
  })
  const mixed = isMixed(spec.precision)
  if (spec.ddp && shards > 1)
    notes.push(note('ddp-ignored', 'ddp is ignored with fsdp > 1 (sharded gradients need no DDP buckets)'))
  const ddpBuckets = spec.ddp && shards === 1 ? params * states.gradientBytesPerParam : 0
  const keepGrads = spec['keep-grads'] || spec['grad-accumulation'] > 1
  const gradPerLayer = (states.gradients * perLayerParams) / params
  const gradHead = (states.gradients * paramsHead) / params

  // FSDP full sharding gathers one unit (a layer) ahead: two layers of compute-dtype weights,
  // plus one layer of unsharded gradients before its reduce-scatter.
  const computeBytes = spec.precision === 'fp32' ? 4 : 2
  const fsdpParams = shards > 1 && stage === 3 ? 2 * perLayerParams * computeBytes : 0
  const fsdpGrads = shards > 1 && stage === 3 ? perLayerParams * states.gradientBytesPerParam : 0

  const shape: LayerShape = {
    tokens,
    batch: spec.batch,
    hidden: arch.hidden,
    mlp: arch.mlp,
    heads: arch.heads
  }
  const full = layerActivations(shape, spec.precision, path, spec.dropout, spec['drop-path'])
  const { resid } = dtypeBytes(spec.precision)
  // Checkpointing keeps each layer's input and recomputes one layer at a time in backward.
  const saved = spec.checkpointing ? { linear: resid * tokens * spec.batch * arch.hidden, scores: 0 } : full
  // torch.autocast caches a 16-bit copy of each weight; autograd keeps it until that layer's
  // backward. Sharded mixed precision holds 16-bit weights in `weights` instead.
  const ampCopies = mixed && shards === 1
  const copiesPerLayer = ampCopies ? 2 * perLayerParams : 0
  const copiesHead = ampCopies ? 2 * paramsHead : 0
  const inputActs = embeddingActivations(arch, shape, r.image, spec.precision, r.head, spec.dropout)
  const head =
    r.head === 'sapiens-normal' && r.grid
      ? sapiensHeadActivations(r.grid, r.image, spec.batch, spec.precision, arch.headChannels)
      : { saved: 0, transient: 0 }
  const recompute = spec.checkpointing ? full.linear + full.scores + copiesPerLayer : 0
  const backwardTransient = layerBackwardTransient(shape, spec.precision, path) + recompute
  if (spec.checkpointing && mixed)
    notes.push(
      note(
        'autocast-copies-short',
        'with checkpointing, autocast weight copies live only until the forward ends'
      )
    )

  const persistent = {
    weights: states.weights,
    masterWeights: states.masterWeights,
    optimizerStates: states.optimizerStates,
    ddpBuckets
  }

  type Terms = Omit<Record<BreakdownTerm, number>, 'cudaContext' | 'allocatorSlack'>
  const at = (p: Partial<Terms>): Terms => ({
    ...persistent,
    ampWeightCopies: 0,
    gradients: keepGrads ? states.gradients : 0,
    fsdpGathered: 0,
    inputActivations: 0,
    layerActivations: 0,
    attentionScores: 0,
    headActivations: 0,
    transient: 0,
    ...p
  })
  const liveGrads = (layersDone: number) =>
    keepGrads ? states.gradients : gradHead + layersDone * gradPerLayer
  const stages: Record<PeakStage, Terms> = {
    'forward-end': at({
      ampWeightCopies: L * copiesPerLayer + copiesHead,
      fsdpGathered: fsdpParams,
      inputActivations: inputActs,
      layerActivations: L * saved.linear,
      attentionScores: L * saved.scores,
      headActivations: head.saved,
      transient: spec.checkpointing ? 0 : layerForwardTransient(shape, spec.precision, path)
    }),
    'head-backward': at({
      ampWeightCopies: (spec.checkpointing ? 0 : L * copiesPerLayer) + copiesHead,
      gradients: liveGrads(0),
      fsdpGathered: fsdpParams + fsdpGrads,
      inputActivations: inputActs,
      layerActivations: L * saved.linear,
      attentionScores: L * saved.scores,
      headActivations: head.saved,
      transient: head.transient
    }),
    'last-layer-backward': at({
      ampWeightCopies: spec.checkpointing ? 0 : L * copiesPerLayer,
      gradients: liveGrads(1),
      fsdpGathered: fsdpParams + fsdpGrads,
      inputActivations: inputActs,
      layerActivations: L * saved.linear,
      attentionScores: L * saved.scores,
      transient: backwardTransient
    }),
    'first-layer-backward': at({
      ampWeightCopies: spec.checkpointing ? 0 : copiesPerLayer,
      gradients: liveGrads(L),
      fsdpGathered: fsdpParams + fsdpGrads,
      inputActivations: inputActs,
      layerActivations: saved.linear,
      attentionScores: saved.scores,
      transient: backwardTransient
    }),
    'optimizer-step': at({ gradients: states.gradients, transient: states.optimizerTemporaries })
  }
  const sum = (t: Terms) => Object.values(t).reduce((a, b) => a + b, 0)
  let peakStage: PeakStage = 'forward-end'
  for (const name of Object.keys(stages) as PeakStage[]) {
    if (sum(stages[name]) > sum(stages[peakStage])) peakStage = name
  }
  const terms = stages[peakStage]
  const allocated = sum(terms)
  const distributed = spec.ddp || shards > 1
  const cudaContext = (spec['cuda-context'] ?? DEFAULT_CUDA_CONTEXT_BYTES) + (distributed ? NCCL_BYTES : 0)
  // Slack grows with what is allocated and freed every step; model states are allocated once.
  const states0 =
    terms.weights + terms.masterWeights + terms.optimizerStates + terms.ddpBuckets + terms.gradients
  const allocatorSlack = (spec['allocator-slack'] ?? SLACK_FIXED_BYTES) + SLACK_RATIO * (allocated - states0)
  const breakdown = Object.fromEntries(
    BREAKDOWN_TERMS.map(k => [
      k,
      Math.round(k === 'cudaContext' ? cudaContext : k === 'allocatorSlack' ? allocatorSlack : terms[k])
    ])
  ) as Record<BreakdownTerm, number>
  const totalBytes = BREAKDOWN_TERMS.reduce((a, k) => a + breakdown[k], 0)
  return {
    totalBytes,
    allocatedBytes: Math.round(allocated),
    reservedBytes: totalBytes - breakdown.cudaContext,
    breakdown,
    tokens,
    params,
    paramsHead,
    grid: r.grid,
    arch: arch.name,
    dims: { hidden: arch.hidden, layers: L, heads: arch.heads, mlp: arch.mlp, headDim },
    attention: path,
    peakStage,
    stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(sum(v))])) as Record<
      PeakStage,
      number
    >,
    notes
  }
}
