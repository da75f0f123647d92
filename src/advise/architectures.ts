// Known transformer shapes. Vision entries embed images with a conv patch embedding; text
// entries embed tokens from a vocabulary. Sources are cited per entry (docs/estimator.md).

export type HeadKind = 'sapiens-normal' | 'none'

export interface Architecture {
  name: string
  kind: 'vision' | 'text'
  /** Embedding width h. */
  hidden: number
  layers: number
  heads: number
  /** MLP hidden size m (4h for every entry here). */
  mlp: number
  /** Vision: default patch size and conv padding; whether a class token is prepended. */
  patch: number
  padding: number
  clsToken: boolean
  /** Decode head trained with the backbone by default. */
  head: HeadKind
  /** Channels of the Sapiens normal head's deconvs and convs (768 in every Sapiens config). */
  headChannels: number
  /** Text: vocabulary, learned positions and token types (BERT's embedding tables). */
  vocab: number
  maxPositions: number
  tokenTypes: number
  /** Smaller sibling for the "smaller model" fix, or null for the smallest of its family. */
  smaller: string | null
  source: string
}

/** VitNormalHead `channels=768` in every seg/configs/sapiens_normal config. */
export const SAPIENS_HEAD_CHANNELS = 768

const VIT_PAPER = 'Dosovitskiy et al. 2021, Table 1 (arXiv:2010.11929)'
const SAPIENS_ZOO =
  'facebookresearch/sapiens pretrain/mmpretrain/models/backbones/vision_transformer.py arch_zoo'

function vit(
  name: string,
  hidden: number,
  layers: number,
  heads: number,
  patch: number,
  smaller: string | null,
  source: string
): Architecture {
  return {
    name,
    kind: 'vision',
    hidden,
    layers,
    heads,
    mlp: 4 * hidden,
    patch,
    padding: 0,
    clsToken: true,
    head: 'none',
    headChannels: SAPIENS_HEAD_CHANNELS,
    vocab: 0,
    maxPositions: 0,
    tokenTypes: 0,
    smaller,
    source
  }
}

function sapiens(
  name: string,
  hidden: number,
  layers: number,
  heads: number,
  smaller: string | null
): Architecture {
  // Sapiens configs: with_cls_token=False, patch_cfg padding=2, VitNormalHead decode head.
  return {
    ...vit(name, hidden, layers, heads, 16, smaller, SAPIENS_ZOO),
    padding: 2,
    clsToken: false,
    head: 'sapiens-normal'
  }
}

function bert(
  name: string,
  hidden: number,
  layers: number,
  heads: number,
  smaller: string | null
): Architecture {
  return {
    ...vit(
      name,
      hidden,
      layers,
      heads,
      1,
      smaller,
      'Devlin et al. 2019, section 3 (arXiv:1810.04805); bert-*-uncased config.json'
    ),
    kind: 'text',
    clsToken: false,
    vocab: 30522,
    maxPositions: 512,
    tokenTypes: 2
  }
}

const LIST: Architecture[] = [
  vit('vit_tiny', 192, 12, 3, 16, null, 'Touvron et al. 2021 (DeiT-Ti), timm vit_tiny_patch16_224'),
  vit('vit_small', 384, 12, 6, 16, 'vit_tiny', 'Touvron et al. 2021 (DeiT-S), timm vit_small_patch16_224'),
  vit('vit_base', 768, 12, 12, 16, 'vit_small', VIT_PAPER),
  vit('vit_large', 1024, 24, 16, 16, 'vit_base', VIT_PAPER),
  vit('vit_huge', 1280, 32, 16, 14, 'vit_large', VIT_PAPER),
  // ViT-g/14: width 1408, depth 40, MLP 6144 (= 4.36h), 16 heads.
  {
    ...vit(
      'vit_giant',
      1408,
      40,
      16,
      14,
      'vit_huge',
      'Zhai et al. 2022, Table 2 (arXiv:2106.04560); timm vit_giant_patch14_224'
    ),
    mlp: 6144
  },
  sapiens('sapiens_0.3b', 1024, 24, 16, null),
  sapiens('sapiens_0.6b', 1280, 32, 16, 'sapiens_0.3b'),
  sapiens('sapiens_1b', 1536, 40, 24, 'sapiens_0.6b'),
  sapiens('sapiens_2b', 1920, 48, 32, 'sapiens_1b'),
  bert('bert_base', 768, 12, 12, null),
  bert('bert_large', 1024, 24, 16, 'bert_base')
]

export const ARCHITECTURES: Readonly<Record<string, Architecture>> = Object.fromEntries(
  LIST.map(a => [a.name, a])
)
export const ARCHITECTURE_NAMES: readonly string[] = LIST.map(a => a.name)

export function findArchitecture(name: string): Architecture | undefined {
  return ARCHITECTURES[name.toLowerCase()]
}

export interface Dims {
  hidden: number
  layers: number
  heads: number
  mlp?: number | undefined
  'mlp-ratio'?: number | undefined
  'head-channels'?: number | undefined
}

/** The MLP size of `dims`: `mlp`, else round(`mlp-ratio` x hidden), else 4 x hidden. */
export function mlpSize(dims: Dims): number {
  if (dims.mlp !== undefined) return dims.mlp
  return Math.round((dims['mlp-ratio'] ?? 4) * dims.hidden)
}

/**
 * `dims` applied to a base architecture: the shape (width, depth, heads, MLP, head channels)
 * from `dims`, the rest (kind, patch, padding, class token, head) from `base`.
 */
export function withDims(base: Architecture, dims: Dims, name: string): Architecture {
  return {
    ...base,
    name,
    hidden: dims.hidden,
    layers: dims.layers,
    heads: dims.heads,
    mlp: mlpSize(dims),
    headChannels: dims['head-channels'] ?? base.headChannels,
    smaller: null
  }
}

/** A custom vision transformer from `dims` (no class token, no head, patch padding 0 unless set). */
export function customArchitecture(dims: Dims): Architecture {
  return withDims(
    { ...vit('custom', dims.hidden, dims.layers, dims.heads, 16, null, 'custom dims'), clsToken: false },
    dims,
    'custom'
  )
}
