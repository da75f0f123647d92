// `oom-gate trace` against public figures of peak training memory (test/trace/figures/): each
// figure's builder traced (runTrace) under this machine's torch, compared with
// max_memory_allocated as published. Development and held-out figures (split by a hash of the id
// before scoring) are reported apart, and so are figures whose torch kept different tensors for
// backward (before 1.11), as the trace follows the torch it runs under.
import { fileURLToPath } from 'node:url'
import { findTorchPython } from '../src/measure/probe/findPython.js'
import { runTrace } from '../src/trace/runTrace.js'
import type { Bench, BenchRow } from './benchRow.js'
import {
  loadFigures,
  scoreFigure,
  scoreGroup,
  type ScoredFigure,
  type TorchSemantics
} from './traceFigureScore.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

const pct = (x: number) => `${(100 * x).toFixed(1)}%`

/** A failed trace's reason, short: its first clause and the ATen op it names, if any. */
function shortFailure(failure: string | null): string {
  if (failure === null) return 'trace failed'
  const op = failure.match(/aten::\w+/)?.[0]
  const first = failure.split(' (')[0] ?? failure
  return op ? `${first}: ${op}` : first.slice(0, 160)
}

function rows(label: string, scored: ScoredFigure[], semantics: TorchSemantics, targeted: boolean): BenchRow {
  const group = scored.filter(s => s.semantics === semantics)
  const score = scoreGroup(group)
  const perFigure = group
    .map(
      s =>
        `${s.id} ${s.error === null ? `failed (${shortFailure(s.failure)})` : `${s.error >= 0 ? '+' : ''}${pct(s.error)}`}`
    )
    .join('; ')
  const value =
    score.figures === 0
      ? 'no figures'
      : `median |error| ${score.medianAbsError === null ? 'n/a' : pct(score.medianAbsError)}, ` +
        `${score.within10}/${score.figures} within ±10%`
  const met =
    !targeted || score.figures === 0 || score.medianAbsError === null
      ? null
      : score.medianAbsError <= 0.05 && score.within10 / score.figures >= 0.9
  return {
    name: `trace vs public figures, ${label}, torch ${semantics === 'matches' ? '>= 1.11 (traced semantics)' : semantics === 'differs' ? '< 1.11 (softmax and log_softmax kept their input)' : 'unknown'}`,
    value,
    target: targeted ? 'median <= 5% and >= 90% within ±10%' : null,
    met,
    detail: perFigure || 'none in this group'
  }
}

export const traceFigures: Bench = async () => {
  const found = findTorchPython()
  if (found === null)
    return [
      {
        name: 'trace vs public figures',
        value: 'not run',
        target: 'median <= 5% and >= 90% within ±10%',
        met: false,
        detail: 'no Python with torch found (install python3-torch or set OOM_GATE_PYTHON)'
      }
    ]
  const scored: ScoredFigure[] = []
  for (const f of loadFigures()) {
    const outcome = await runTrace(
      { entry: f.entry, batch: f.batch, args: f.args, cwd: ROOT },
      { python: found.python }
    )
    scored.push(
      outcome.ok ? scoreFigure(f, outcome.result.allocatedPeakBytes) : scoreFigure(f, null, outcome.message)
    )
  }
  const out: BenchRow[] = []
  for (const [label, held] of [
    ['development', false],
    ['held-out', true]
  ] as const) {
    const part = scored.filter(s => s.heldOut === held)
    out.push(rows(label, part, 'matches', true), rows(label, part, 'differs', false))
    if (part.some(s => s.semantics === 'unknown')) out.push(rows(label, part, 'unknown', false))
  }
  return out
}
