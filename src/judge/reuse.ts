// Which models a run may take from the baseline instead of measuring: those that list `paths`
// and whose files did not change since the baseline commit. Pure. Conservative on purpose: an
// unknown diff, a changed config file, a different card or limit, or a base result that is not a
// finished measurement all mean "measure it".
import picomatch from 'picomatch'
import type { ModelConfig } from '../config/schema.js'
import { addNotes, note, withoutNotes } from '../notes.js'
import type { ModelResult, Results, Status } from '../results.js'

/** A changed file as the compare API lists it; a rename changes both paths. */
export interface ChangedFile {
  filename: string
  previousFilename?: string | null
}

/** Base results worth reusing: a verdict that the same code would get again. */
const REUSABLE: ReadonlySet<Status> = new Set(['ok', 'at-risk', 'oom'])

export interface ReuseInput {
  models: readonly ModelConfig[]
  /** Files changed between the baseline commit and the measured one; null when unknown (too many, API error). */
  changed: readonly ChangedFile[] | null
  base: Results
  baseCommit: string
  /** The config file's path relative to the repository root: changing it may change any model. */
  configPath: string
  /** The target this run judges against; a base judged against another is measured again. */
  target: { memoryBytes: number; limitBytes: number } | null
}

function normalize(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
}

/** The files a model depends on changed (or may have): it must be measured. */
export function touches(paths: readonly string[], changed: readonly ChangedFile[]): boolean {
  const match = picomatch(paths.map(normalize), { dot: true })
  return changed.some(
    f => match(normalize(f.filename)) || (f.previousFilename ? match(normalize(f.previousFilename)) : false)
  )
}

/** The models to reuse, as results marked `reusedFrom` (the commit that was actually measured). */
export function decideReuse(input: ReuseInput): ModelResult[] {
  if (input.changed === null) return []
  const configPath = normalize(input.configPath)
  if (
    input.changed.some(
      f => normalize(f.filename) === configPath || normalize(f.previousFilename ?? '') === configPath
    )
  ) {
    return []
  }
  const t = input.target
  if (t && (t.memoryBytes !== input.base.target.memoryBytes || t.limitBytes !== input.base.target.limitBytes))
    return []
  const byName = new Map(input.base.models.map(m => [m.name, m]))
  const reused: ModelResult[] = []
  for (const model of input.models) {
    if (!model.paths || model.paths.length === 0) continue
    const before = byName.get(model.name)
    if (!before || !REUSABLE.has(before.status) || before.estimated || before.peakBytes === null) continue
    if (touches(model.paths, input.changed)) continue
    const from = before.reusedFrom ?? input.baseCommit
    reused.push(
      addNotes(
        {
          ...before,
          expect: model.expect,
          baseline: null,
          reusedFrom: from,
          ...withoutNotes(before, 'reused')
        },
        note(
          'reused',
          `reused from ${from.slice(0, 7)}: no file under its paths changed since ${input.baseCommit.slice(0, 7)}`
        )
      )
    )
  }
  return reused
}
