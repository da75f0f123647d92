// Scores the OOM classifier on a quoted corpus (test/fixtures/oom/): each entry's kind, and whether
// every number the message states came out right. A size counts as right within ±0.5% of the
// label (a printed "2.30 GiB" is itself rounded); a GPU index must be exact; a number the message
// does not state must come out null, never a guess.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { classifyOom } from '../src/judge/oom/classifyOom.js'
import { NUMBER_FIELDS } from '../src/judge/oom/clauses.js'
import { decodeLog } from '../src/judge/oom/decodeLog.js'
import type { OomReport } from '../src/results.js'

export const CORPUS_DIR = join(import.meta.dirname, '../test/fixtures/oom')
/** Held out of development: new entries whose sha256(source), first 8 hex digits, is divisible by 5. */
export const HELD_OUT_DIR = join(CORPUS_DIR, 'held-out')

export interface CorpusEntry {
  id: string
  source: string
  kind: OomReport['kind']
  framework: string | null
  gpuIndex: number | null
  triedToAllocateBytes: number | null
  totalCapacityBytes: number | null
  freeBytes: number | null
  allocatedBytes: number | null
  reservedBytes: number | null
  evidenceIncludes: string | null
  note?: string
  /** The run's exit status where the issue states it; absent: unknown, as `explain` reads a log. */
  exitCode?: number
  /** The run caught the OOM and went on (true), or caught it and died (false); absent: not caught. */
  recovered?: boolean
}

export interface CorpusScore {
  entries: number
  /** The kind right, and for an OOM the run caught, whether it survived (`recovered`) too. */
  kindRight: number
  numbersRight: number
  /** Look-alikes (`not-oom` entries) in the corpus, and how many came out as an OOM. */
  lookalikes: number
  falseOoms: number
  /** Ids whose kind or numbers came out wrong, with what came out. */
  misses: string[]
}

const SIZE_TOLERANCE = 0.005

export function loadCorpus(dir: string): { entry: CorpusEntry; log: string }[] {
  const entries = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as CorpusEntry[]
  return entries.map(entry => ({ entry, log: readLogFile(join(dir, `${entry.id}.txt`)) }))
}

/** A corpus log decoded as `oom-gate explain` decodes one (UTF-8, or UTF-16 by BOM or NUL pattern). */
function readLogFile(path: string): string {
  const decoded = decodeLog(readFileSync(path))
  if (!decoded.ok) throw new Error(`${path}: ${decoded.problem}`)
  return decoded.text
}

/** True when `got` states what `want` does: null for null, the same index, a size within ±0.5%. */
export function sameNumber(
  field: (typeof NUMBER_FIELDS)[number],
  want: number | null,
  got: number | null
): boolean {
  if (want === null || got === null) return want === got
  if (field === 'gpuIndex') return want === got
  return Math.abs(got - want) <= SIZE_TOLERANCE * Math.max(Math.abs(want), 1)
}

export function scoreCorpus(corpus: readonly { entry: CorpusEntry; log: string }[]): CorpusScore {
  const score: CorpusScore = {
    entries: corpus.length,
    kindRight: 0,
    numbersRight: 0,
    lookalikes: 0,
    falseOoms: 0,
    misses: []
  }
  for (const { entry, log } of corpus) {
    const exitCode = entry.exitCode ?? null
    const r = classifyOom({ log, exitCode, signal: null, probeException: null, killedByGate: false })
    const recoveredRight = (r.recovered ?? null) === (entry.recovered ?? null)
    const kindRight = r.kind === entry.kind && recoveredRight
    if (entry.kind === 'not-oom') {
      score.lookalikes++
      if (r.kind !== 'not-oom') score.falseOoms++
    }
    const wrong = NUMBER_FIELDS.filter(f => !sameNumber(f, entry[f], r[f]))
    if (kindRight) score.kindRight++
    if (wrong.length === 0) score.numbersRight++
    if (!kindRight || wrong.length > 0) {
      const fields = wrong.map(f => `${f} ${r[f]} (want ${entry[f]})`).join(', ')
      score.misses.push(
        `${entry.id}: ${kindRight ? '' : `kind ${r.kind}${r.recovered === undefined ? '' : ` recovered ${r.recovered}`} (want ${entry.kind}${entry.recovered === undefined ? '' : ` recovered ${entry.recovered}`}) `}${fields}`.trim()
      )
    }
  }
  return score
}
