// The bench's scoring of traces against public figures: error sign and size, median |error| and the
// share within ±10% per group, and which torch versions count as the traced semantics.
import { describe, expect, it } from 'vitest'
import {
  loadFigures,
  scoreFigure,
  scoreGroup,
  torchSemantics,
  type PublicFigure
} from '../../bench/traceFigureScore.js'

const figure = (over: Partial<PublicFigure>): PublicFigure => ({
  id: 'x',
  link: 'https://example.invalid',
  quote: 'Memory (GB): 1.0',
  measures: 'allocated: test',
  bytes: 1000,
  torch: '1.13.1',
  torchBefore: null,
  torchReason: '',
  entry: 'x.py:build',
  batch: 1,
  args: {},
  heldOut: false,
  ...over
})

describe('trace figure scoring', () => {
  it('signs the error: under the figure is negative', () => {
    expect(scoreFigure(figure({}), 900).error).toBeCloseTo(-0.1)
    expect(scoreFigure(figure({}), 1050).error).toBeCloseTo(0.05)
    expect(scoreFigure(figure({}), null, 'no meta kernel').error).toBeNull()
  })

  it('takes the median of |error| over traced figures and counts a failed trace as not within ±10%', () => {
    const rows = [
      scoreFigure(figure({}), 1020),
      scoreFigure(figure({}), 850),
      scoreFigure(figure({}), 1100),
      scoreFigure(figure({}), 960),
      scoreFigure(figure({}), null, 'failed')
    ]
    const score = scoreGroup(rows)
    expect(score.figures).toBe(5)
    expect(score.traced).toBe(4)
    // |errors| 0.02, 0.04, 0.10, 0.15: median 0.07
    expect(score.medianAbsError).toBeCloseTo(0.07)
    expect(score.within10).toBe(3)
    expect(scoreGroup([]).medianAbsError).toBeNull()
  })

  it('counts torch >= 1.11 as the traced semantics, older or bounded-older as differing', () => {
    expect(torchSemantics({ torch: '1.13.1', torchBefore: null })).toBe('matches')
    expect(torchSemantics({ torch: '2.6.0+cu124', torchBefore: null })).toBe('matches')
    expect(torchSemantics({ torch: '1.8.1', torchBefore: null })).toBe('differs')
    expect(torchSemantics({ torch: null, torchBefore: '1.11' })).toBe('differs')
    expect(torchSemantics({ torch: null, torchBefore: null })).toBe('unknown')
  })

  it('loads the repository figures', () => {
    const figures = loadFigures()
    expect(figures.length).toBeGreaterThanOrEqual(14)
    expect(figures.every(f => f.bytes > 2 ** 30)).toBe(true)
  })
})
