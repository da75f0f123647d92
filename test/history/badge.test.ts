// Badges: Verdana 11px text widths as shields measures them, the flat-style geometry, colors by
// share of the card, the endpoint JSON and the README markdown.
import { describe, expect, it } from 'vitest'
import {
  badgeEndpoint,
  badgeMarkdown,
  badgeSvg,
  badgeTextWidth,
  cardLabel,
  modelBadge,
  overallBadge
} from '../../src/report/badge.js'
import { verdanaWidth } from '../../src/report/verdanaWidths.js'
import { GiB } from '../support/builders.js'

const card = 80 * GiB

describe('text width (11px Verdana, per character)', () => {
  it('matches the widths shields measures: m is 10.7px, v1.2.511 about 49.48px', () => {
    expect(verdanaWidth('m')).toBeCloseTo(10.7, 5)
    expect(Math.abs(verdanaWidth('v1.2.511') - 49.48)).toBeLessThan(0.1)
  })

  it('gives wide letters more room than narrow ones (a per-character table, not a constant)', () => {
    expect(verdanaWidth('WWWW')).toBeGreaterThan(2 * verdanaWidth('iiii'))
    expect(verdanaWidth('sapiens_1b')).toBeCloseTo(
      5.73 + 6.61 + 6.85 + 3.02 + 6.55 + 6.96 + 5.73 + 6.99 + 6.99 + 6.85,
      5
    )
  })

  it('rounds to an odd whole pixel as badge-maker does', () => {
    expect(badgeTextWidth('build')).toBe(27) // 26.7 -> 26 -> 27
    expect(badgeTextWidth('passing')).toBe(41) // 41.75 -> 41
  })

  it('measures characters outside the table as wide, never as zero', () => {
    expect(verdanaWidth('≥')).toBeGreaterThan(6)
  })
})

describe('badgeSvg (shields flat style)', () => {
  it('reproduces the geometry of shields\u2019 "build | passing" badge', () => {
    const svg = badgeSvg({ label: 'build', message: 'passing', color: 'brightgreen' })
    expect(svg).toContain('width="88" height="20"')
    expect(svg).toContain(
      '<rect width="37" height="20" fill="#555"/><rect x="37" width="51" height="20" fill="#4c1"/>'
    )
    expect(svg).toContain('x="195" y="140" transform="scale(.1)" fill="#fff" textLength="270">build</text>')
    expect(svg).toContain('x="615" y="140" transform="scale(.1)" fill="#fff" textLength="410">passing</text>')
    expect(svg).toContain('aria-label="build: passing"')
  })

  it('sizes each half to its text so a long model name does not overflow', () => {
    const svg = badgeSvg(
      modelBadge('sapiens_2b_normal_1024x768_p16', { status: 'ok', peakBytes: 71.3 * GiB }, card)
    )
    const [label, message] = [...svg.matchAll(/textLength="(\d+)"/g)]
      .map(m => Number(m[1]) / 10)
      .filter((_, i) => i % 2 === 0)
    const [left, right] = [...svg.matchAll(/<rect (?:x="\d+" )?width="(\d+)" height="20" fill="#/g)].map(m =>
      Number(m[1])
    )
    expect(label).toBeGreaterThanOrEqual(Math.floor(verdanaWidth('sapiens_2b_normal_1024x768_p16')))
    expect(left).toBe(label! + 10)
    expect(right).toBe(message! + 10)
  })

  it('gives each badge its own clip path and gradient ids, so badges inlined in one page do not share them', () => {
    const ids = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map(m => m[1])
    const a = badgeSvg({ label: 'a', message: '1', color: 'red' })
    const b = badgeSvg({ label: 'b', message: '1', color: 'red' })
    expect(ids(a)).toHaveLength(2)
    expect(ids(a).filter(id => ids(b).includes(id))).toEqual([])
    for (const id of ids(a)) expect(a).toContain(`url(#${id})`)
  })

  it('escapes XML in labels', () => {
    const svg = badgeSvg({ label: 'a<b>&"', message: 'x', color: 'red' })
    expect(svg).toContain('a&lt;b&gt;&amp;&quot;')
    expect(svg).not.toContain('a<b>')
  })
})

describe('modelBadge and overallBadge', () => {
  it('writes peak over card, e.g. 71.3 / 80 GiB', () => {
    expect(modelBadge('sapiens_1b', { status: 'ok', peakBytes: 71.3 * GiB }, card)).toEqual({
      label: 'sapiens_1b',
      message: '71.3 / 80 GiB',
      color: 'yellow'
    })
    expect(cardLabel(80e9)).toBe('74.5 GiB')
  })

  it('is green below 85% of the card, yellow below 97%, red above, red when out of memory or at risk', () => {
    const color = (share: number, status: 'ok' | 'at-risk' | 'oom' = 'ok') =>
      modelBadge('m', { status, peakBytes: Math.ceil(share * card) }, card).color
    expect(color(0.5)).toBe('brightgreen')
    expect(color(0.849)).toBe('brightgreen')
    expect(color(0.85)).toBe('yellow')
    expect(color(0.969)).toBe('yellow')
    expect(color(0.97)).toBe('red')
    expect(color(0.9, 'at-risk')).toBe('red')
    expect(modelBadge('m', { status: 'oom', peakBytes: 79 * GiB }, card)).toMatchObject({
      message: 'OOM / 80 GiB',
      color: 'red'
    })
    expect(modelBadge('m', { status: 'failed', peakBytes: null }, card)).toMatchObject({
      message: 'failed',
      color: 'lightgrey'
    })
  })

  it('overall: how many fit, colored by the fullest; a memory failure turns it red', () => {
    const fit = {
      a: { status: 'ok' as const, peakBytes: 30 * GiB },
      b: { status: 'ok' as const, peakBytes: 70 * GiB }
    }
    expect(overallBadge(fit, card)).toEqual({ label: 'GPU memory', message: '2 fit 80 GiB', color: 'yellow' })
    const broken = { ...fit, c: { status: 'oom' as const, peakBytes: 79 * GiB } }
    expect(overallBadge(broken, card)).toMatchObject({ message: '2/3 fit 80 GiB', color: 'red' })
    const expected = { ...fit, c: { status: 'oom' as const, peakBytes: 79 * GiB, expect: 'oom' as const } }
    expect(overallBadge(expected, card)).toMatchObject({ message: '2 fit 80 GiB' })
  })

  it('endpoint JSON is what shields reads', () => {
    expect(badgeEndpoint({ label: 'sapiens_1b', message: '71.3 / 80 GiB', color: 'yellow' })).toEqual({
      schemaVersion: 1,
      label: 'sapiens_1b',
      message: '71.3 / 80 GiB',
      color: 'yellow'
    })
  })
})

describe('badgeMarkdown', () => {
  it('links shields endpoint badges to raw.githubusercontent.com of the data branch, and the SVGs', () => {
    const md = badgeMarkdown(
      {
        owner: 'acme-ml',
        repo: 'vision',
        branch: 'oom-gate-data',
        link: 'https://acme-ml.github.io/vision/'
      },
      ['sapiens_1b']
    )
    const raw = 'https://raw.githubusercontent.com/acme-ml/vision/oom-gate-data/badges/sapiens_1b.json'
    expect(md).toContain(
      `[![sapiens_1b GPU memory](https://img.shields.io/endpoint?url=${encodeURIComponent(raw)})](https://acme-ml.github.io/vision/)`
    )
    expect(md).toContain(
      '[![GPU memory](https://raw.githubusercontent.com/acme-ml/vision/oom-gate-data/badges/overall.svg)](https://acme-ml.github.io/vision/)'
    )
  })
})
