// The formulas against what autograd really saves: numbers counted on CPU by
// scripts/gpu-validate/saved_tensors.py (torch 1.13) with saved_tensors_hooks.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { layerActivations, sapiensHeadActivations } from '../../src/advise/activations.js'
import { estimatePeak } from '../../src/advise/estimate.js'
import { EstimateSpecSchema } from '../../src/config/estimateSpec.js'

interface Fixture {
  torch: string
  layers: { tokens: number; batch: number; hidden: number; heads: number; mlp: number; savedBytes: number }[]
  heads: {
    rows: number
    cols: number
    batch: number
    hidden: number
    inputBytes: number
    savedBytes: number
  }[]
  model: {
    dims: { hidden: number; layers: number; heads: number; mlp: number }
    image: string
    patch: number
    padding: number
    grid: [number, number]
    params: number
  }
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/saved-tensors-cpu.json', import.meta.url), 'utf8')
) as Fixture

describe('saved tensors counted by autograd', () => {
  it.each(fixture.layers.map(l => [`${l.tokens} tokens, h=${l.hidden}`, l] as const))(
    'one fp32 eager layer (%s) within 0.5%% (LayerNorm statistics are not modelled)',
    (_name, l) => {
      const a = layerActivations(l, 'fp32', 'eager', false)
      const modelled = a.linear + a.scores
      expect(l.savedBytes).toBeGreaterThanOrEqual(modelled)
      expect(l.savedBytes / modelled - 1).toBeLessThan(0.005)
    }
  )

  it.each(fixture.heads.map(h => [`${h.rows}x${h.cols}, batch ${h.batch}`, h] as const))(
    'the Sapiens normal head (%s) within 0.5%%',
    (_name, h) => {
      const modelled =
        sapiensHeadActivations({ rows: h.rows, cols: h.cols }, null, h.batch, 'fp32').saved + h.inputBytes
      expect(h.savedBytes).toBeGreaterThanOrEqual(modelled)
      expect(h.savedBytes / modelled - 1).toBeLessThan(0.005)
    }
  )

  it('the parameter count of the whole toy model matches exactly', () => {
    const m = fixture.model
    const e = estimatePeak(
      EstimateSpecSchema.parse({
        dims: m.dims,
        image: m.image,
        patch: m.patch,
        padding: m.padding,
        head: 'sapiens-normal'
      })
    )
    expect(e.grid).toEqual({ rows: m.grid[0], cols: m.grid[1] })
    expect(e.params).toBe(m.params)
  })
})
