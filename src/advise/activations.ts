// Saved-for-backward bytes of a pre-norm transformer layer, the decode head and the
// embeddings, counted tensor by tensor from the layer's real structure (docs/estimator.md).
// Notation: s tokens, b batch, h width, m MLP size, a heads; sbh = s*b*h elements.
import type { Architecture } from './architectures.js'
import { isMixed } from './modelStates.js'
import type { Attention, Precision } from '../config/estimateSpec.js'

/** What actually runs: the fused kernel, PyTorch's math fallback of SDPA, or Python softmax. */
export type AttentionPath = 'efficient' | 'math' | 'eager'

export interface LayerShape {
  tokens: number
  batch: number
  hidden: number
  mlp: number
  heads: number
}

/** Parameters of one layer: qkv 3h^2+3h, proj h^2+h, fc1 hm+m, fc2 mh+h, two LayerNorms 4h. */
export function layerParams(hidden: number, mlp: number): number {
  return 4 * hidden * hidden + 2 * hidden * mlp + 9 * hidden + mlp
}

/**
 * Bytes of the tensors the forward saves: `act` is the dtype of matmul inputs/outputs, `resid`
 * the residual stream LayerNorms read (fp32 under AMP: fp32 + fp16 promotes to fp32).
 */
export function dtypeBytes(precision: Precision): { act: number; resid: number } {
  if (precision === 'fp32') return { act: 4, resid: 4 }
  if (precision === 'bf16') return { act: 2, resid: 2 }
  return { act: 2, resid: 4 }
}

/**
 * SDPA only takes its fused kernels when the head dimension is aligned (sdp_utils.cpp:
 * check_head_dim_size_mem_efficient, 16-byte alignment: 4 fp32 or 8 half values; flash needs
 * a multiple of 8); otherwise it silently runs the math path, which materialises s^2 scores.
 */
export function resolveAttention(requested: Attention, headDim: number, precision: Precision): AttentionPath {
  if (requested === 'eager') return 'eager'
  const alignment = precision === 'fp32' ? 4 : 8
  return headDim % alignment === 0 ? 'efficient' : 'math'
}

/** The caching allocator's smallest block (kMinBlockSize), in bytes. */
const BLOCK = 512

export interface LayerActivations {
  /** Tensors that grow with s (the LayerNorm, qkv, projection and MLP inputs). */
  linear: number
  /** Tensors that grow with s^2 (softmax probabilities, dropout), or the efficient kernel's logsumexp. */
  scores: number
}

export function layerActivations(
  shape: LayerShape,
  precision: Precision,
  path: AttentionPath,
  dropout: boolean,
  dropPath = false
): LayerActivations {
  const { tokens: s, batch: b, hidden: h, mlp: m, heads: a } = shape
  const { act, resid } = dtypeBytes(precision)
  const sbh = s * b * h
  const sbm = s * b * m
  // LN1 input, qkv input, q/k/v (one buffer), attention output = proj input, LN2 input,
  // fc1 input, GELU input (fc1 output), fc2 input (GELU output). 16 sbh elements when m = 4h.
  let linear = resid * sbh + act * sbh + 3 * act * sbh + act * sbh + resid * sbh + act * sbh + 2 * act * sbm
  if (dropout) linear += 2 * sbh // 1-byte masks after the projection and after fc2
  // timm's and mmcv's drop_path: `x * mask` with a (b, 1, 1) mask that needs no grad saves only
  // the mask, never the branch output (saved_tensors_hooks on torch 1.13 and 2.6 record one
  // (b, 1, 1) tensor): one per branch, each a 512 B block of the caching allocator or more.
  if (dropPath) linear += 2 * BLOCK * Math.ceil((resid * b) / BLOCK)
  if (path === 'math') linear += 2 * act * sbh // the math kernel saves scaled copies of q and k
  const s2 = a * s * s * b
  let scores: number
  if (path === 'efficient') {
    scores = 4 * a * s * b // fp32 logsumexp per row
  } else if (path === 'math') {
    scores = act * s2 + (dropout ? (1 + act) * s2 : 0)
  } else if (isMixed(precision)) {
    // Python softmax under autocast runs in fp32 (saved), then attn @ v saves a 16-bit cast.
    scores = (4 + 2) * s2 + (dropout ? 1 * s2 : 0)
  } else {
    scores = act * s2 + (dropout ? (1 + act) * s2 : 0)
  }
  return { linear, scores }
}

/** One layer's extra live bytes while its backward runs (incoming/outgoing grads, the largest op). */
export function layerBackwardTransient(shape: LayerShape, precision: Precision, path: AttentionPath): number {
  const { tokens: s, batch: b, hidden: h, mlp: m, heads: a } = shape
  const { act, resid } = dtypeBytes(precision)
  const residualGrads = 2 * resid * s * b * h
  const mlpGrads = 2 * act * s * b * m
  const scoreBytes = isMixed(precision) && path === 'eager' ? 4 : act
  const attentionGrads = path === 'efficient' ? 3 * act * s * b * h : 2 * scoreBytes * a * s * s * b
  return residualGrads + Math.max(mlpGrads, attentionGrads)
}

/** The transient of the forward: the pre-softmax scores of the layer being computed. */
export function layerForwardTransient(shape: LayerShape, precision: Precision, path: AttentionPath): number {
  if (path === 'efficient') return 0
  const { tokens: s, batch: b, heads: a } = shape
  return dtypeBytes(precision).act * a * s * s * b
}

// ---- Sapiens VitNormalHead (seg/mmseg/models/decode_heads/vit_normal_head.py) ----
// Three ConvTranspose2d(k4, s2, p1) each doubling the grid, three 1x1 convs, all 768 channels,
// each followed by InstanceNorm2d and SiLU(inplace); then Dropout2d(0.1) and a 1x1 conv to 3.
export const SAPIENS_HEAD = { channels: 768, deconvs: 3, convs: 3, classes: 3, kernel: 4 } as const

export function sapiensHeadParams(inChannels: number, channels: number = SAPIENS_HEAD.channels): number {
  const { deconvs, convs, classes, kernel } = SAPIENS_HEAD
  const c = channels
  const k2 = kernel * kernel
  const deconv = inChannels * c * k2 + (deconvs - 1) * c * c * k2 // bias=False
  const conv = convs * (c * c + c)
  return deconv + conv + c * classes + classes
}

/**
 * Saved tensors in units of one full-resolution map (768 x 8rows x 8cols per image): each
 * conv/deconv + InstanceNorm + in-place SiLU stage keeps 3 maps (the conv output InstanceNorm
 * saves, the copy autograd keeps of SiLU's input, SiLU's result the next conv saves), the last
 * conv stage 2 (Dropout2d saves only its per-channel mask), plus the dropout output conv_seg
 * saves. Stages at 2x and 4x are 1/16 and 1/4 of a full map: 3/16 + 3/4 + 3 + 3 + 3 + 2 + 1.
 */
export const SAPIENS_HEAD_SAVED_MAPS = 3 / 16 + 3 / 4 + 3 * 3 + 2 + 1

export function sapiensHeadActivations(
  grid: { rows: number; cols: number },
  image: { height: number; width: number } | null,
  batch: number,
  precision: Precision,
  channels: number = SAPIENS_HEAD.channels
): { saved: number; transient: number } {
  const { act } = dtypeBytes(precision)
  const up = 2 ** SAPIENS_HEAD.deconvs
  const fullMap = channels * grid.rows * up * grid.cols * up * batch * act
  // The loss upsamples 3-channel logits to the image and keeps a few fp32 maps of that size.
  const loss = image ? 4 * SAPIENS_HEAD.classes * image.height * image.width * batch * 4 : 0
  return { saved: SAPIENS_HEAD_SAVED_MAPS * fullMap + loss, transient: 2 * fullMap }
}

/** Patch-embedding input, final LayerNorm input and the head's input feature map. */
export function embeddingActivations(
  arch: Architecture,
  shape: LayerShape,
  image: { height: number; width: number } | null,
  precision: Precision,
  head: 'sapiens-normal' | 'none',
  dropout: boolean
): number {
  const { act, resid } = dtypeBytes(precision)
  const sbh = shape.tokens * shape.batch * shape.hidden
  if (arch.kind === 'text') return resid * sbh + (dropout ? sbh : 0)
  const pixels = image ? 3 * image.height * image.width * shape.batch * act : 0
  return pixels + resid * sbh + (head === 'none' ? 0 : act * sbh)
}
