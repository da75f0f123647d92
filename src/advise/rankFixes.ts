// "What would fit": each change to the recipe that applies, with its estimated peak, best
// first by (fits, least change to the training recipe, smallest peak). Where the model was
// measured, estimates are scaled by measured/estimated so the advice is in this repository's
// units rather than the estimator's.
import { formatBytes } from '../config/units.js'
import type { AllocatorHealth, Fix } from '../results.js'
import { findArchitecture } from './architectures.js'
import { estimatePeak } from './estimate.js'
import type { EstimateSpec } from '../config/estimateSpec.js'

interface Candidate {
  id: string
  title: string
  how: string
  /** 1: a flag in the same recipe; 2: more GPUs; 3: a different model or input. */
  change: number
  spec: EstimateSpec
  warning: string | null
}

/**
 * Sapiens' backbone (its copy of mmpretrain's VisionTransformer) has no `with_cp` switch:
 * checkpointing there is a code change, not a flag.
 * Source: facebookresearch/sapiens pretrain/mmpretrain/models/backbones/vision_transformer.py.
 */
export const SAPIENS_CHECKPOINTING =
  "needs a code change in Sapiens: its VisionTransformer (pretrain/mmpretrain/models/backbones/vision_transformer.py) has no with_cp option, so wrap each layer's call in torch.utils.checkpoint.checkpoint"

/** The caveat of a larger patch: the pretrained grid no longer matches. */
export function patchWarning(patch: number): string {
  return (
    `this changes the token grid the pretrained weights were trained on: the ${patch}x${patch} patch-embedding weights no longer match ` +
    `and the position embeddings must be interpolated to the new grid, so you move away from the pretrained model and need more fine-tuning`
  )
}

export function isSapiens(spec: EstimateSpec): boolean {
  const arch = spec.arch !== undefined ? findArchitecture(spec.arch) : undefined
  return (spec.head ?? arch?.head) === 'sapiens-normal'
}

function candidates(spec: EstimateSpec): Candidate[] {
  const out: Candidate[] = []
  const amp = spec.precision === 'fp32'
  const sapiens = isSapiens(spec)
  // A code change ranks after a flag and after more GPUs with a config change.
  const checkpointChange = sapiens ? 2.5 : 1
  if (amp) {
    out.push({
      id: 'bf16-amp',
      title: 'Train in bf16 mixed precision',
      how: 'wrap the forward in torch.autocast("cuda", dtype=torch.bfloat16); mmengine (Sapiens): --cfg-options optim_wrapper.type=AmpOptimWrapper optim_wrapper.dtype=bfloat16 (tools/train.py --amp needs optim_wrapper.type in the config); weights and optimizer stay fp32',
      change: 1,
      spec: { ...spec, precision: 'bf16-amp' },
      warning: null
    })
  }
  if (!spec.checkpointing) {
    out.push({
      id: 'checkpointing',
      title: 'Turn on activation checkpointing',
      how: 'recompute each transformer block in backward (torch.utils.checkpoint; timm: set_grad_checkpointing()); about 30% more compute',
      change: checkpointChange,
      spec: { ...spec, checkpointing: true },
      warning: sapiens ? SAPIENS_CHECKPOINTING : null
    })
  }
  if (amp && !spec.checkpointing) {
    out.push({
      id: 'bf16-amp+checkpointing',
      title: 'bf16 mixed precision and activation checkpointing together',
      how: 'both of the above',
      change: checkpointChange + 0.5,
      spec: { ...spec, precision: 'bf16-amp', checkpointing: true },
      warning: sapiens ? SAPIENS_CHECKPOINTING : null
    })
  }
  for (const gpus of [2, 4]) {
    if (spec.fsdp >= gpus) continue
    out.push({
      id: `fsdp-${gpus}`,
      title: `Shard with FSDP over ${gpus} GPUs`,
      how: `FULL_SHARD (ZeRO-3) over ${gpus} GPUs divides weights, gradients and optimizer states by ${gpus}; activations per GPU stay as they are (mmengine: tools/dist_train.sh CONFIG ${gpus} --cfg-options model_wrapper_cfg.type=MMFullyShardedDataParallel; set gpus: ${gpus} on the model)`,
      change: 2 + gpus / 100,
      spec: { ...spec, fsdp: gpus, 'zero-stage': 3, ddp: false },
      warning: null
    })
  }
  if (spec.batch > 1) {
    // The largest divisor of the batch that fits keeps the effective batch exactly.
    for (let micro = Math.floor(spec.batch / 2); micro >= 1; micro--) {
      if (spec.batch % micro !== 0) continue
      const steps = (spec.batch / micro) * spec['grad-accumulation']
      out.push({
        id: `batch-${micro}`,
        title: `Batch ${micro} with gradient accumulation over ${spec.batch / micro} steps`,
        how: `per-GPU batch ${spec.batch} -> ${micro}, accumulate ${steps} micro-batches per optimizer step: the same effective batch (mmengine: optim_wrapper accumulative_counts=${steps})`,
        change: 1.2 + spec.batch / micro / 1000,
        spec: { ...spec, batch: micro, 'grad-accumulation': steps },
        warning: null
      })
    }
  }
  const arch = spec.arch !== undefined && spec.dims === undefined ? findArchitecture(spec.arch) : undefined
  if (arch?.smaller) {
    out.push({
      id: 'smaller-model',
      title: `Use ${arch.smaller} instead of ${arch.name}`,
      how: `the next smaller size of the same family, with its own pretrained weights`,
      change: 3,
      spec: { ...spec, arch: arch.smaller },
      warning: 'a smaller model is usually less accurate; compare on your validation set'
    })
  }
  if (arch?.kind !== 'text' && spec.image !== undefined && spec.tokens === undefined) {
    const patch = spec.patch * 2
    out.push({
      id: `patch-${patch}`,
      title: `Patch size ${spec.patch} -> ${patch}`,
      how: `a quarter of the tokens: attention memory falls 16x and the rest 4x`,
      change: 3.5,
      spec: { ...spec, patch },
      warning: patchWarning(spec.patch)
    })
  }
  return out
}

export function rankFixes(
  spec: EstimateSpec,
  opts: { limitBytes: number; measuredPeakBytes: number | null }
): Fix[] {
  const base = estimatePeak(spec)
  let scale = 1
  let caveat: Fix['caveat'] = null
  if (opts.measuredPeakBytes !== null && opts.measuredPeakBytes > 0 && base.totalBytes > 0) {
    const ratio = opts.measuredPeakBytes / base.totalBytes
    if (ratio < 1 && base.totalBytes > opts.limitBytes) {
      // A run stopped by the limit measured less than it needed: not a calibration.
      caveat = {
        code: 'not-scaled',
        text: `Not scaled: the measured ${formatBytes(opts.measuredPeakBytes)} is below the estimate and the run may have stopped at the limit.`
      }
    } else {
      scale = ratio
      caveat = {
        code: 'scaled',
        text: `Scaled by measured/estimated = ${ratio.toFixed(2)} (measured ${formatBytes(opts.measuredPeakBytes)}, estimated ${formatBytes(base.totalBytes)}).`
      }
    }
  }
  const rows: { fix: Fix; change: number }[] = []
  for (const c of candidates(spec)) {
    const estimate = estimatePeak(c.spec)
    const peak = Math.round(estimate.totalBytes * scale)
    const delta = peak - Math.round(base.totalBytes * scale)
    let warning = c.warning
    if (estimate.attention === 'math' && base.attention !== 'math') {
      const note = `head dim ${estimate.dims.headDim} is not a multiple of 8, so in 16-bit SDPA falls back to its math path and stores s^2 attention scores`
      warning = warning ? `${warning}; ${note}` : note
    }
    if (
      estimate.attention === 'eager' &&
      c.spec.precision !== spec.precision &&
      c.spec.precision !== 'fp32'
    ) {
      const note =
        'with eager attention, autocast runs softmax in fp32 and keeps a 16-bit copy for attn @ v, so the s^2 scores take 6 bytes instead of 4; pair it with SDPA (attention: efficient)'
      warning = warning ? `${warning}; ${note}` : note
    }
    const sign = delta <= 0 ? '-' : '+'
    const detail = `${c.how}. ${sign}${formatBytes(Math.abs(delta))} against the current recipe; limit ${formatBytes(opts.limitBytes)}.`
    rows.push({
      fix: {
        id: c.id,
        title: c.title,
        detail,
        estimatedPeakBytes: peak,
        fits: peak <= opts.limitBytes,
        warning,
        // The same for every fix: the report says it once, above them.
        caveat,
        basis: 'estimate'
      },
      change: c.change
    })
  }
  // Of the micro-batch candidates (largest first) keep the largest that fits, else the smallest.
  const batchRows = rows.filter(r => r.fix.id.startsWith('batch-'))
  const keepBatch = batchRows.find(r => r.fix.fits) ?? batchRows[batchRows.length - 1]
  const kept = rows.filter(r => !r.fix.id.startsWith('batch-') || r === keepBatch)
  kept.sort(
    (a, b) =>
      Number(b.fix.fits) - Number(a.fix.fits) ||
      a.change - b.change ||
      a.fix.estimatedPeakBytes - b.fix.estimatedPeakBytes
  )
  return kept.map(r => r.fix)
}

/** Reserved-but-unallocated memory at the peak counts as large from this share of reserved memory... */
const FRAGMENTATION_RATIO = 0.1
/** ...and this many bytes. */
const FRAGMENTATION_MIN_BYTES = 512 * 2 ** 20

/** True for a torch version string (`2.1.0+cu121`, `2.4.0a0+git1234`) of 2.1 or later. */
export function torchAtLeast21(version: string | null): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '')
  if (!match) return false
  const [major, minor] = [Number(match[1]), Number(match[2])]
  return major > 2 || (major === 2 && minor >= 1)
}

/**
 * `PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True` as a fix, where the run's allocator held a
 * large reserve no tensor used at the peak (fragmentation: at least 10% of reserved and 512 MiB),
 * on torch >= 2.1 (where the option exists), and the run does not set it already. Expandable
 * segments grow one mapping per stream in place instead of caching split blocks, so the estimate
 * takes that reserve off the measured peak (for an OOM: off the peak plus the failed request, a
 * lower bound of the need). Null when it does not apply. Bytes.
 */
export function expandableSegmentsFix(
  allocator: AllocatorHealth | null | undefined,
  opts: { peakBytes: number | null; limitBytes: number; oomRequestBytes?: number | null }
): Fix | null {
  if (!allocator || allocator.expandableSegments || !torchAtLeast21(allocator.torchVersion)) return null
  const unused = allocator.reservedUnallocatedBytes
  const reserved = allocator.peakReservedBytes
  if (unused === null || reserved === null || opts.peakBytes === null) return null
  if (unused < FRAGMENTATION_MIN_BYTES || unused < reserved * FRAGMENTATION_RATIO) return null
  const oom = opts.oomRequestBytes != null
  const estimated = Math.max(0, opts.peakBytes + (opts.oomRequestBytes ?? 0) - unused)
  const where =
    allocator.reservedUnallocatedSource === 'snapshot'
      ? 'at the peak (memory snapshot)'
      : 'at least, at the peak (peak reserved − peak active)'
  return {
    id: 'expandable-segments',
    title: 'Set PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True',
    detail:
      `${formatBytes(unused)} of the ${formatBytes(reserved)} PyTorch reserved held no tensor ${where}: fragmentation. ` +
      `Expandable segments (torch >= 2.1) grow the allocator's segments in place instead of caching split blocks; ` +
      `no change to the training recipe (models[].env: PYTORCH_CUDA_ALLOC_CONF: expandable_segments:True). ` +
      `The estimate takes the unused reserve off the measured peak${oom ? ' plus the failed request' : ''}; limit ${formatBytes(opts.limitBytes)}.`,
    estimatedPeakBytes: estimated,
    fits: estimated <= opts.limitBytes,
    caveat: null,
    basis: 'estimate',
    warning: oom
      ? 'the run stopped at its first failing allocation, so it may need more than this estimate'
      : 'fragmentation depends on the order of allocations: measure again with it set'
  }
}

/**
 * The ranked fixes with the allocator fix in its place: it changes no recipe, so it goes before
 * every fix that fits no better (fits first, then least change).
 */
export function withAllocatorFix(fixes: readonly Fix[], fix: Fix | null): Fix[] {
  if (fix === null) return [...fixes]
  const at = fixes.findIndex(f => Number(f.fits) <= Number(fix.fits))
  return at < 0 ? [...fixes, fix] : [...fixes.slice(0, at), fix, ...fixes.slice(at)]
}
