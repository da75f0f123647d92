import { describe, expect, it } from 'vitest'
import {
  SAPIENS_HEAD_SAVED_MAPS,
  layerActivations,
  layerParams,
  resolveAttention,
  sapiensHeadActivations,
  type LayerShape
} from '../../src/advise/activations.js'

const GIB = 2 ** 30
const shape: LayerShape = { tokens: 2048, batch: 4, hidden: 4096, mlp: 16384, heads: 32 }
const sbh = shape.tokens * shape.batch * shape.hidden
const as2b = shape.heads * shape.tokens ** 2 * shape.batch

describe('transformer layer activations', () => {
  // Korthikanti et al. 2022, eq. (1): 16-bit with dropout, sbh(34 + 5as/h) bytes per layer.
  it('reduces to Korthikanti et al. for 16-bit weights with dropout and explicit softmax', () => {
    const a = layerActivations(shape, 'bf16', 'eager', true)
    expect(a.linear).toBe(34 * sbh)
    expect(a.scores).toBe(5 * as2b)
    const { tokens: s, hidden: h, heads } = shape
    expect(a.linear + a.scores).toBe(sbh * (34 + (5 * heads * s) / h))
  })

  it('fp32 with a fused kernel is 64 sbh bytes plus the logsumexp (docs/design.md)', () => {
    const a = layerActivations(shape, 'fp32', 'efficient', false)
    expect(a.linear).toBe(64 * sbh)
    expect(a.scores).toBe(4 * shape.heads * shape.tokens * shape.batch)
  })

  it('eager fp32 adds 4 a s^2 b bytes of softmax output', () => {
    expect(layerActivations(shape, 'fp32', 'eager', false).scores).toBe(4 * as2b)
  })

  it('under autocast the Python softmax keeps fp32 probabilities plus a 16-bit copy', () => {
    const a = layerActivations(shape, 'bf16-amp', 'eager', false)
    expect(a.scores).toBe(6 * as2b)
    // residual-stream LayerNorm inputs stay fp32: 2 x 4 + 28 bytes of 16-bit tensors
    expect(a.linear).toBe(36 * sbh)
  })

  it('the SDPA math fallback stores 16-bit scores and scaled q, k copies', () => {
    const a = layerActivations(shape, 'bf16-amp', 'math', false)
    expect(a.scores).toBe(2 * as2b)
    expect(a.linear).toBe(40 * sbh)
  })

  it('counts layer parameters as 12h^2 + 13h when m = 4h', () => {
    expect(layerParams(1920, 7680)).toBe(12 * 1920 ** 2 + 13 * 1920)
  })
})

describe('SDPA kernel choice', () => {
  it('sapiens_2b (head dim 60) gets the fused kernel in fp32 but the math path in 16-bit', () => {
    expect(resolveAttention('efficient', 60, 'fp32')).toBe('efficient')
    expect(resolveAttention('efficient', 60, 'bf16-amp')).toBe('math')
    expect(resolveAttention('efficient', 60, 'bf16')).toBe('math')
    expect(resolveAttention('efficient', 64, 'bf16-amp')).toBe('efficient')
    expect(resolveAttention('eager', 64, 'fp32')).toBe('eager')
  })
})

describe('Sapiens normal head', () => {
  it('keeps about 7.3 GiB per image at patch 16 and 1.8 GiB at patch 32 in fp32 (docs/design.md)', () => {
    const p16 = sapiensHeadActivations({ rows: 64, cols: 48 }, null, 1, 'fp32')
    const p32 = sapiensHeadActivations({ rows: 32, cols: 24 }, null, 1, 'fp32')
    expect(p16.saved / GIB).toBeCloseTo(7.28, 2)
    expect(p32.saved / GIB).toBeCloseTo(1.82, 2)
    expect(p16.saved / p32.saved).toBe(4)
  })

  it('is 12.9375 full-resolution 768-channel maps', () => {
    expect(SAPIENS_HEAD_SAVED_MAPS).toBe(12.9375)
    const one = 768 * 8 * 8 * 4 // one token's full-resolution map, fp32
    expect(sapiensHeadActivations({ rows: 1, cols: 1 }, null, 1, 'fp32').saved).toBe(12.9375 * one)
    expect(sapiensHeadActivations({ rows: 1, cols: 1 }, null, 2, 'bf16').saved).toBe(12.9375 * one)
  })
})
