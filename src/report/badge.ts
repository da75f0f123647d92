// README badges: per model (`sapiens_1b | 71.3 / 80 GiB`) and overall, as an SVG in shields.io's
// flat style and as a shields.io endpoint JSON. Pure. The SVG geometry follows badge-maker's flat
// template (text measured in 11px Verdana, widths rounded up to odd pixels, text drawn at 10x and
// scaled down) so the badges sit next to shields' own without a seam.
import { createHash } from 'node:crypto'
import type { Status } from '../results.js'
import { verdanaWidth } from './verdanaWidths.js'

const GIB = 2 ** 30

/** shields.io's named colors and the hex it draws them with. */
export const BADGE_COLORS = {
  brightgreen: '#4c1',
  yellow: '#dfb317',
  red: '#e05d44',
  lightgrey: '#9f9f9f'
} as const
export type BadgeColor = keyof typeof BADGE_COLORS

export interface Badge {
  label: string
  message: string
  color: BadgeColor
}

/** What a badge needs of a model, from a results.json or a history entry alike. */
export interface BadgeModel {
  status: Status
  peakBytes: number | null
  estimated?: boolean
  expect?: 'fit' | 'oom'
}

/** Share of the card below which a peak is green, and below which it is yellow. */
export const GREEN_BELOW = 0.85
export const YELLOW_BELOW = 0.97

/** `80 GiB`, `79.2 GiB`: the card, as people name it. */
export function cardLabel(memoryBytes: number): string {
  const gib = memoryBytes / GIB
  return `${Number.isInteger(Math.round(gib * 10) / 10) ? Math.round(gib) : gib.toFixed(1)} GiB`
}

function colorOfShare(share: number): BadgeColor {
  if (share < GREEN_BELOW) return 'brightgreen'
  if (share < YELLOW_BELOW) return 'yellow'
  return 'red'
}

/** One model: peak over the card, colored by the share of the card it uses. */
export function modelBadge(name: string, model: BadgeModel, memoryBytes: number): Badge {
  const card = cardLabel(memoryBytes)
  const est = model.estimated ? ' (est.)' : ''
  switch (model.status) {
    case 'oom':
      return { label: name, message: `OOM / ${card}${est}`, color: 'red' }
    case 'failed':
      return { label: name, message: 'failed', color: 'lightgrey' }
    case 'timeout':
      return { label: name, message: 'timeout', color: 'lightgrey' }
    case 'skipped':
      return { label: name, message: 'not measured', color: 'lightgrey' }
  }
  if (model.peakBytes === null) return { label: name, message: 'not measured', color: 'lightgrey' }
  const message = `${(model.peakBytes / GIB).toFixed(1)} / ${card}${est}`
  // at-risk fails the gate whatever the headroom: never green or yellow.
  const color = model.status === 'at-risk' ? 'red' : colorOfShare(model.peakBytes / memoryBytes)
  return { label: name, message, color }
}

/**
 * All models: `3 fit 80 GiB` (colored by the largest share of the card), or `2/3 fit 80 GiB` in red
 * when one runs out of memory or is at risk. Models expected to run out of memory are not counted.
 */
export function overallBadge(
  models: Readonly<Record<string, BadgeModel>>,
  memoryBytes: number,
  label = 'GPU memory'
): Badge {
  const card = cardLabel(memoryBytes)
  const counted = Object.values(models).filter(m => m.status !== 'skipped' && m.expect !== 'oom')
  if (counted.length === 0) return { label, message: 'not measured', color: 'lightgrey' }
  const fitting = counted.filter(m => m.status === 'ok')
  const memoryProblem = counted.some(m => m.status === 'oom' || m.status === 'at-risk')
  if (fitting.length < counted.length) {
    return {
      label,
      message: `${fitting.length}/${counted.length} fit ${card}`,
      color: memoryProblem ? 'red' : 'lightgrey'
    }
  }
  const share = Math.max(...fitting.map(m => (m.peakBytes ?? 0) / memoryBytes))
  return { label, message: `${counted.length} fit ${card}`, color: colorOfShare(share) }
}

/** The shields.io endpoint JSON (https://shields.io/badges/endpoint-badge). */
export function badgeEndpoint(badge: Badge): {
  schemaVersion: 1
  label: string
  message: string
  color: BadgeColor
} {
  return { schemaVersion: 1, label: badge.label, message: badge.message, color: badge.color }
}

/** Text width as badge-maker rounds it: whole pixels, odd, for pixel-grid alignment. */
export function badgeTextWidth(text: string): number {
  const width = Math.floor(verdanaWidth(text))
  return width % 2 === 0 ? width + 1 : width
}

const HORIZ_PADDING = 5

/** The badge as a flat-style SVG. */
export function badgeSvg(badge: Badge): string {
  const fill = BADGE_COLORS[badge.color]
  const labelText = badgeTextWidth(badge.label)
  const messageText = badgeTextWidth(badge.message)
  const leftWidth = labelText + 2 * HORIZ_PADDING
  const rightWidth = messageText + 2 * HORIZ_PADDING
  const width = leftWidth + rightWidth
  const accessible = escapeXml(`${badge.label}: ${badge.message}`)
  const label = text(badge.label, labelText, 1, '#555')
  const message = text(badge.message, messageText, leftWidth - 1, fill)
  // Ids unique per badge: several SVGs inlined in one page would otherwise share one clip path.
  const id = createHash('sha1')
    .update(`${badge.label}\0${badge.message}\0${badge.color}`)
    .digest('hex')
    .slice(0, 8)
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${accessible}">` +
    `<title>${accessible}</title>` +
    `<linearGradient id="s${id}" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r${id}"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r${id})"><rect width="${leftWidth}" height="20" fill="#555"/><rect x="${leftWidth}" width="${rightWidth}" height="20" fill="${fill}"/><rect width="${width}" height="20" fill="url(#s${id})"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">` +
    label +
    message +
    `</g></svg>\n`
  )
}

function text(content: string, textWidth: number, leftMargin: number, background: string): string {
  const x = 10 * (leftMargin + 0.5 * textWidth + HORIZ_PADDING)
  const length = 10 * textWidth
  const dark = brightness(background) > 0.69
  const color = dark ? '#333' : '#fff'
  const shadow = dark ? '#ccc' : '#010101'
  const escaped = escapeXml(content)
  return (
    `<text aria-hidden="true" x="${x}" y="150" fill="${shadow}" fill-opacity=".3" transform="scale(.1)" textLength="${length}">${escaped}</text>` +
    `<text x="${x}" y="140" transform="scale(.1)" fill="${color}" textLength="${length}">${escaped}</text>`
  )
}

/** Perceived brightness of a #rgb or #rrggbb color, 0 to 1 (as badge-maker picks text colors). */
function brightness(hex: string): number {
  const h = hex.slice(1)
  const full = h.length === 3 ? [...h].map(c => c + c).join('') : h
  const [r, g, b] = [0, 2, 4].map(i => parseInt(full.slice(i, i + 2), 16))
  return (r! * 299 + g! * 587 + b! * 114) / 255000
}

function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

export interface BadgeLinks {
  owner: string
  repo: string
  /** The data branch (history.branch). */
  branch: string
  /** Where a click on a badge goes: the history page on GitHub Pages, or the data branch. */
  link: string
}

/** raw.githubusercontent.com URL of a file on the data branch. */
export function rawUrl(links: Pick<BadgeLinks, 'owner' | 'repo' | 'branch'>, path: string): string {
  const segments = [links.owner, links.repo, links.branch, ...path.split('/')].map(encodeURIComponent)
  return `https://raw.githubusercontent.com/${segments.join('/')}`
}

/**
 * The README markdown to paste: per badge, a shields.io endpoint badge (restyle it with shields'
 * query parameters) and, commented out, the plain SVG alternative that needs no third party.
 */
export function badgeMarkdown(links: BadgeLinks, models: readonly string[]): string {
  const lines: string[] = []
  const names: { file: string; alt: string }[] = [
    { file: 'overall', alt: 'GPU memory' },
    ...models.map(m => ({ file: m, alt: `${m} GPU memory` }))
  ]
  for (const { file, alt } of names) {
    const endpoint = `https://img.shields.io/endpoint?url=${encodeURIComponent(rawUrl(links, `badges/${file}.json`))}`
    lines.push(`[![${alt}](${endpoint})](${links.link})`)
  }
  lines.push('', '<!-- or the SVGs from the data branch, without shields.io: -->')
  for (const { file, alt } of names) {
    lines.push(`[![${alt}](${rawUrl(links, `badges/${file}.svg`)})](${links.link})`)
  }
  return lines.join('\n') + '\n'
}
