// Scoring of `oom-gate trace` against the public training-memory figures of
// test/trace/figures/figures.json: signed and absolute relative error per figure, then median |error|
// and the share within ±10%, by group (development or held-out; the figure's torch has the traced
// autograd semantics or not). Pure: the bench (traceFigures.ts) runs the traces.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const FIGURES_FILE = fileURLToPath(new URL('../test/trace/figures/figures.json', import.meta.url))

/** One public figure (see figures.json). */
export interface PublicFigure {
  id: string
  link: string
  quote: string
  /** What the figure measures, starting with "allocated: ", "reserved: " or "nvidia-smi: ". */
  measures: string
  /** The figure in bytes. */
  bytes: number
  /** The torch version of the run, or null when unknown. */
  torch: string | null
  /** When the version is unknown: an upper bound ("1.11" = older than 1.11), else null. */
  torchBefore: string | null
  torchReason: string
  entry: string
  batch: number
  args: Record<string, unknown>
  heldOut: boolean
}

/**
 * Whether the figure's torch saves what the traced torch saves for backward. torch 1.11 changed
 * autograd's saved tensors for softmax and log_softmax (before it, both kept their input as well
 * as their output); the tracer runs torch >= 1.13 and never emulates an older one.
 */
export type TorchSemantics = 'matches' | 'differs' | 'unknown'

/** Major and minor of a torch version string ('2.6.0+cu124' -> [2, 6]). */
function majorMinor(version: string): [number, number] {
  const [major = 0, minor = 0] = version.split(/[.+a-z]/).map(Number)
  return [major, minor]
}

function atLeast(version: string, min: string): boolean {
  const [a, b] = majorMinor(version)
  const [c, d] = majorMinor(min)
  return a > c || (a === c && b >= d)
}

export function torchSemantics(figure: Pick<PublicFigure, 'torch' | 'torchBefore'>): TorchSemantics {
  if (figure.torch !== null) return atLeast(figure.torch, '1.11') ? 'matches' : 'differs'
  if (figure.torchBefore !== null && !atLeast(figure.torchBefore, '1.12')) return 'differs'
  return 'unknown'
}

export function loadFigures(file = FIGURES_FILE): PublicFigure[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { figures: PublicFigure[] }).figures
}

/** A figure next to its trace: traced is null when the trace failed (error says why). */
export interface ScoredFigure {
  id: string
  heldOut: boolean
  semantics: TorchSemantics
  figureBytes: number
  tracedBytes: number | null
  /** (traced - figure) / figure, or null without a trace. */
  error: number | null
  failure: string | null
}

export function scoreFigure(
  figure: PublicFigure,
  tracedBytes: number | null,
  failure: string | null = null
): ScoredFigure {
  return {
    id: figure.id,
    heldOut: figure.heldOut,
    semantics: torchSemantics(figure),
    figureBytes: figure.bytes,
    tracedBytes,
    error: tracedBytes === null ? null : (tracedBytes - figure.bytes) / figure.bytes,
    failure
  }
}

export interface GroupScore {
  figures: number
  /** Figures with a trace. */
  traced: number
  /** Median |error| over traced figures, null when none. */
  medianAbsError: number | null
  /** Figures within ±10% over all figures of the group (a failed trace is not within). */
  within10: number
}

export function scoreGroup(rows: ScoredFigure[]): GroupScore {
  const errors = rows
    .filter(r => r.error !== null)
    .map(r => Math.abs(r.error!))
    .sort((a, b) => a - b)
  const mid = errors.length >> 1
  const at = (i: number) => errors[i] ?? 0
  const median = errors.length === 0 ? null : errors.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2
  return {
    figures: rows.length,
    traced: errors.length,
    medianAbsError: median,
    within10: errors.filter(e => e <= 0.1).length
  }
}
