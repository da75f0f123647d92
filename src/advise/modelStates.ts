// Bytes of weights, gradients and optimizer states per GPU, with ZeRO/FSDP sharding.
// Without sharding the counts follow how PyTorch holds them; with sharding they follow the
// ZeRO paper's accounting (Rajbhandari et al. 2020, section 3.1 and Figure 1): mixed
// precision keeps 16-bit weights and gradients plus an fp32 master copy inside the K-term.
import type { Optimizer, OptimizerImpl, Precision } from '../config/estimateSpec.js'

export interface ModelStateBytes {
  /** Parameters the forward uses: fp32 (fp32, PyTorch AMP), 16-bit (sharded AMP, pure bf16). */
  weights: number
  /** fp32 master copy of 16-bit weights (sharded mixed precision only). */
  masterWeights: number
  /** Gradients, as large as they get (the timeline decides how much is alive at the peak). */
  gradients: number
  optimizerStates: number
  /** Optimizer step temporaries (foreach Adam's sqrt(v) buffer). */
  optimizerTemporaries: number
  /** Bytes per parameter of the gradient dtype, for DDP buckets and per-layer accounting. */
  gradientBytesPerParam: number
  /** How many ways each state is divided. */
  shards: { weights: number; gradients: number; optimizer: number }
}

export function isMixed(precision: Precision): boolean {
  return precision === 'fp16-amp' || precision === 'bf16-amp'
}

/** Bytes of optimizer state per parameter held in a dtype of `stateBytes` bytes. */
function optimizerBytesPerParam(optimizer: Optimizer, stateBytes: number): number {
  switch (optimizer) {
    case 'adam':
    case 'adamw':
      return 2 * stateBytes
    case 'sgd-momentum':
      return stateBytes
    case 'sgd':
      return 0
    case 'adamw-8bit':
      // bitsandbytes: two uint8 states plus one fp32 absmax per 2048-value block per state.
      // Tensors under 4096 values keep 32-bit states; they are a negligible share of a ViT.
      return 2 + (2 * 4) / 2048
  }
}

/**
 * Adam(W) builds sqrt(v) + eps before its update: torch's foreach kernels (the CUDA default
 * since 2.0) for every parameter of a group at once, a per-tensor loop for one tensor at a
 * time, fused kernels not at all. SGD updates in place; bitsandbytes works block by block.
 */
function temporaryValues(
  optimizer: Optimizer,
  impl: OptimizerImpl,
  params: number,
  largestTensor: number
): number {
  if (optimizer !== 'adam' && optimizer !== 'adamw') return 0
  if (impl === 'fused') return 0
  return impl === 'foreach' ? params : largestTensor
}

export function modelStateBytes(
  params: number,
  opts: {
    precision: Precision
    optimizer: Optimizer
    shards: number
    zeroStage: 1 | 2 | 3
    impl?: OptimizerImpl
    /** Values in the largest parameter tensor (the per-tensor loop's temporary). */
    largestTensor?: number
  }
): ModelStateBytes {
  const temporaries = temporaryValues(
    opts.optimizer,
    opts.impl ?? 'foreach',
    params,
    opts.largestTensor ?? params
  )
  const k = opts.shards
  const shards = {
    optimizer: k > 1 ? k : 1,
    gradients: k > 1 && opts.zeroStage >= 2 ? k : 1,
    weights: k > 1 && opts.zeroStage >= 3 ? k : 1
  }
  const pure16 = opts.precision === 'bf16'
  const mixed = isMixed(opts.precision)
  if (mixed && k > 1) {
    // ZeRO: 2 (fp16 weights) + 2 (fp16 grads) + K (fp32 master 4 + optimizer states).
    return {
      weights: (2 * params) / shards.weights,
      masterWeights: (4 * params) / shards.optimizer,
      gradients: (2 * params) / shards.gradients,
      optimizerStates: (optimizerBytesPerParam(opts.optimizer, 4) * params) / shards.optimizer,
      optimizerTemporaries: (4 * temporaries) / shards.optimizer,
      gradientBytesPerParam: 2,
      shards
    }
  }
  // PyTorch: parameters and their gradients share a dtype; optimizer states follow it.
  // AMP keeps fp32 parameters (its 16-bit weight copies are counted with the activations).
  const paramBytes = pure16 ? 2 : 4
  return {
    weights: (paramBytes * params) / shards.weights,
    masterWeights: 0,
    gradients: (paramBytes * params) / shards.gradients,
    optimizerStates: (optimizerBytesPerParam(opts.optimizer, paramBytes) * params) / shards.optimizer,
    optimizerTemporaries: (paramBytes * temporaries) / shards.optimizer,
    gradientBytesPerParam: paramBytes,
    shards
  }
}
