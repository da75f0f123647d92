// Which models of the config this run measures: all, or those matching --model / `models:`
// (names or globs). A filter that matches nothing is a usage error, not a silent pass.
import picomatch from 'picomatch'
import type { ModelConfig } from '../config/schema.js'
import { UsageError } from '../config/load.js'

export interface Selection {
  selected: ModelConfig[]
  filteredOut: ModelConfig[]
}

/**
 * The models `filters` select, in config order: names or globs (comma/space separated, repeatable);
 * a pattern starting with `!` excludes (`--model 'sapiens_*' --model '!sapiens_2b'`), and
 * exclusions alone select everything else. A pattern that matches no model is a UsageError.
 */
export function selectModels(
  models: readonly ModelConfig[],
  filters: readonly string[],
  flag = '--model'
): Selection {
  const patterns = filters.flatMap(f => f.split(/[\s,]+/)).filter(p => p !== '')
  if (patterns.length === 0) return { selected: [...models], filteredOut: [] }
  const problems: string[] = []
  // picomatch would read a leading ! as "everything but", which unions with the other patterns
  // into everything: exclusions are taken apart and subtracted instead.
  const matchers = patterns.map(p => {
    const excludes = p.startsWith('!') && p.length > 1
    return { pattern: p, excludes, test: picomatch(excludes ? p.slice(1) : p) }
  })
  for (const { pattern, test } of matchers) {
    if (!models.some(m => test(m.name))) {
      problems.push(
        `${flag} ${pattern}: matches no model; the config has ${models.map(m => m.name).join(', ')}`
      )
    }
  }
  if (problems.length > 0) throw new UsageError(problems)
  const includes = matchers.filter(m => !m.excludes)
  const excludes = matchers.filter(m => m.excludes)
  const selected = models.filter(
    m =>
      (includes.length === 0 || includes.some(({ test }) => test(m.name))) &&
      !excludes.some(({ test }) => test(m.name))
  )
  if (selected.length === 0) {
    throw new UsageError([
      `${flag} ${patterns.join(' ')}: excludes every model it includes; nothing would run`
    ])
  }
  return { selected, filteredOut: models.filter(m => !selected.includes(m)) }
}
