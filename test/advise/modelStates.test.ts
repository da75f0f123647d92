import { describe, expect, it } from 'vitest'
import { modelStateBytes } from '../../src/advise/modelStates.js'

const total = (s: ReturnType<typeof modelStateBytes>) =>
  s.weights + s.masterWeights + s.gradients + s.optimizerStates

describe('model states', () => {
  const psi = 1e9
  it('fp32 AdamW is 16 bytes per parameter: weights 4, gradients 4, m and v 8', () => {
    const s = modelStateBytes(psi, { precision: 'fp32', optimizer: 'adamw', shards: 1, zeroStage: 3 })
    expect([s.weights, s.gradients, s.optimizerStates]).toEqual([4e9, 4e9, 8e9])
    expect(s.optimizerTemporaries).toBe(4e9) // foreach sqrt(v)
  })

  it('SGD with momentum keeps one state, plain SGD none, 8-bit Adam about 2 bytes', () => {
    const opt = (optimizer: 'sgd' | 'sgd-momentum' | 'adamw-8bit') =>
      modelStateBytes(psi, { precision: 'fp32', optimizer, shards: 1, zeroStage: 3 }).optimizerStates
    expect(opt('sgd-momentum')).toBe(4e9)
    expect(opt('sgd')).toBe(0)
    expect(opt('adamw-8bit') / psi).toBeCloseTo(2.004, 3)
  })

  it('PyTorch AMP keeps fp32 parameters and gradients; pure bf16 keeps everything in bf16', () => {
    const amp = modelStateBytes(psi, { precision: 'bf16-amp', optimizer: 'adamw', shards: 1, zeroStage: 3 })
    expect(total(amp)).toBe(16e9)
    const bf16 = modelStateBytes(psi, { precision: 'bf16', optimizer: 'adamw', shards: 1, zeroStage: 3 })
    expect([bf16.weights, bf16.gradients, bf16.optimizerStates]).toEqual([2e9, 2e9, 4e9])
  })

  it('a per-tensor loop needs one tensor of scratch, fused kernels none', () => {
    const loop = modelStateBytes(psi, {
      precision: 'fp32',
      optimizer: 'adamw',
      shards: 1,
      zeroStage: 3,
      impl: 'for-loop',
      largestTensor: 1e6
    })
    expect(loop.optimizerTemporaries).toBe(4e6)
    const fused = modelStateBytes(psi, {
      precision: 'fp32',
      optimizer: 'adamw',
      shards: 1,
      zeroStage: 3,
      impl: 'fused'
    })
    expect(fused.optimizerTemporaries).toBe(0)
  })

  // ZeRO (Rajbhandari et al. 2020, Figure 1): 7.5B parameters, 64 GPUs, mixed-precision Adam
  // (K = 12): 31.4 GB and 16.6 GB under stages 1 and 2; stage 3 is 16Ψ/Nd = 1.875 GB.
  it.each([
    [1, 31.4e9],
    [2, 16.6e9],
    [3, 1.875e9]
  ] as const)('ZeRO stage %d over 64 GPUs reproduces the paper (%d bytes)', (stage, paper) => {
    const s = modelStateBytes(7.5e9, {
      precision: 'fp16-amp',
      optimizer: 'adam',
      shards: 64,
      zeroStage: stage
    })
    expect(Math.abs(total(s) / paper - 1)).toBeLessThan(0.005)
  })

  it('the unsharded mixed-precision baseline is the paper 120 GB', () => {
    const s = modelStateBytes(7.5e9, { precision: 'fp16-amp', optimizer: 'adam', shards: 1, zeroStage: 3 })
    expect(total(s)).toBe(120e9)
  })

  it('fp32 sharding divides each state by the GPUs from its stage on', () => {
    const s1 = modelStateBytes(psi, { precision: 'fp32', optimizer: 'adamw', shards: 4, zeroStage: 1 })
    expect([s1.weights, s1.gradients, s1.optimizerStates]).toEqual([4e9, 4e9, 2e9])
    const s3 = modelStateBytes(psi, { precision: 'fp32', optimizer: 'adamw', shards: 4, zeroStage: 3 })
    expect([s3.weights, s3.gradients, s3.optimizerStates]).toEqual([1e9, 1e9, 2e9])
  })
})
