// README badges: per model (`sapiens_1b | 71.3 / 80 GiB`) and overall, as an SVG in shields.io's
// flat style and as a shields.io endpoint JSON. Pure.
import { makeBadge } from 'badge-maker'
import { createHash } from 'node:crypto'
import type { Status } from '../results.js'

const GIB = 2 ** 30

/** The shields.io named colors the badges use (shields and badge-maker pick the hex). */
export type BadgeColor = 'brightgreen' | 'yellow' | 'red' | 'lightgrey'

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

/**
 * The badge as a flat-style SVG, drawn by shields.io's own badge-maker (its Verdana widths, geometry
 * and palette), so the SVG matches what shields serves for the endpoint JSON.
 */
export function badgeSvg(badge: Badge): string {
  // Ids unique per badge: several SVGs inlined in one page would otherwise share one clip path.
  const idSuffix = createHash('sha1')
    .update(`${badge.label}\0${badge.message}\0${badge.color}`)
    .digest('hex')
    .slice(0, 8)
  return `${makeBadge({ label: badge.label, message: badge.message, color: badge.color, style: 'flat', idSuffix })}\n`
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
