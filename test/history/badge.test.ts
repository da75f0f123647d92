// Badges: the SVG as shields' badge-maker draws it (compared with its own output and with shields'
// published "build | passing"), colors by share of the card, the endpoint JSON and the README markdown.
import { describe, expect, it } from 'vitest'
import { makeBadge } from 'badge-maker'
import {
  badgeEndpoint,
  badgeMarkdown,
  badgeSvg,
  cardLabel,
  modelBadge,
  overallBadge
} from '../../src/report/badge.js'
import { GiB } from '../support/builders.js'

const card = 80 * GiB

/** What a reader sees of a flat badge: its size, the two halves, and each text with its box. */
function geometry(svg: string) {
  return {
    width: Number(/^<svg [^>]*width="(\d+)"/.exec(svg)?.[1]),
    halves: [...svg.matchAll(/<rect (?:x="\d+" )?width="(\d+)" height="20" fill="(#[0-9a-f]+)"\/>/g)].map(
      m => [Number(m[1]), m[2]]
    ),
    texts: [...svg.matchAll(/<text [^>]*?x="(\d+)" y="140"[^>]*textLength="(\d+)">([^<]*)<\/text>/g)].map(
      m => ({
        x: Number(m[1]),
        length: Number(m[2]),
        text: m[3]
      })
    ),
    title: /<title>([^<]*)<\/title>/.exec(svg)?.[1]
  }
}

describe('badgeSvg (shields flat style, drawn by badge-maker)', () => {
  it('reproduces shields\u2019 published "build | passing" badge: 88 px, halves of 37 and 51', () => {
    const g = geometry(badgeSvg({ label: 'build', message: 'passing', color: 'brightgreen' }))
    expect(g.width).toBe(88)
    expect(g.halves.map(h => h[0])).toEqual([37, 51])
    expect(g.texts).toEqual([
      { x: 195, length: 270, text: 'build' },
      { x: 615, length: 410, text: 'passing' }
    ])
    expect(g.title).toBe('build: passing')
  })

  it('has the text, widths and colors of badge-maker\u2019s own output for the badges the gate draws', () => {
    const badges = [
      modelBadge('sapiens_2b_normal_1024x768_p16', { status: 'ok', peakBytes: 71.3 * GiB }, card),
      modelBadge('sapiens_1b', { status: 'at-risk', peakBytes: 78.9 * GiB, estimated: true }, card),
      modelBadge('vit_größe_µ', { status: 'oom', peakBytes: null }, card),
      modelBadge('WWW_iii', { status: 'skipped', peakBytes: null }, card),
      overallBadge({ a: { status: 'ok', peakBytes: 10 * GiB } }, card),
      { label: 'a<b>&"', message: 'x ≥ y', color: 'lightgrey' as const }
    ]
    for (const badge of badges) {
      const ours = geometry(badgeSvg(badge))
      const shields = geometry(makeBadge({ label: badge.label, message: badge.message, color: badge.color }))
      expect(ours).toEqual(shields)
      expect(ours.texts.map(t => t.text)).toHaveLength(2)
      expect(ours.halves[0]![0]).toBe(ours.texts[0]!.length / 10 + 10)
    }
  })

  it('sizes each half to its text so a long model name does not overflow', () => {
    const short = geometry(badgeSvg({ label: 'a', message: '1', color: 'red' }))
    const long = geometry(badgeSvg({ label: 'sapiens_2b_normal_1024x768_p16', message: '1', color: 'red' }))
    expect(long.halves[0]![0]).toBeGreaterThan((short.halves[0]![0] as number) + 150)
    expect(long.halves[1]).toEqual(short.halves[1])
  })

  it('gives each badge its own clip path and gradient ids, so badges inlined in one page do not share them', () => {
    const ids = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map(m => m[1]!)
    // badge-maker's blur filter keeps one id in every badge; it is identical in all of them.
    const referenced = (svg: string) => ids(svg).filter(id => id !== 'blur')
    const a = badgeSvg({ label: 'a', message: '1', color: 'red' })
    const b = badgeSvg({ label: 'b', message: '1', color: 'red' })
    expect(referenced(a)).toHaveLength(2)
    expect(referenced(a).filter(id => referenced(b).includes(id))).toEqual([])
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
