// Which models of the config this run measures: all, or those matching --model / `models:`
// (names or globs). A filter that matches nothing is a usage error, not a silent pass.
import picomatch from 'picomatch'
import type { ModelConfig } from '../config/schema.js'
import { UsageError } from '../config/load.js'

export interface Selection {
  selected: ModelConfig[]
  filteredOut: ModelConfig[]
}

export function selectModels(
  models: readonly ModelConfig[],
  filters: readonly string[],
  flag = '--model'
): Selection {
  const patterns = filters.flatMap(f => f.split(/[\s,]+/)).filter(p => p !== '')
  if (patterns.length === 0) return { selected: [...models], filteredOut: [] }
  const problems: string[] = []
  const matchers = patterns.map(p => ({ pattern: p, test: picomatch(p) }))
  for (const { pattern, test } of matchers) {
    if (!models.some(m => test(m.name))) {
      problems.push(
        `${flag} ${pattern}: matches no model; the config has ${models.map(m => m.name).join(', ')}`
      )
    }
  }
  if (problems.length > 0) throw new UsageError(problems)
  const selected = models.filter(m => matchers.some(({ test }) => test(m.name)))
  return { selected, filteredOut: models.filter(m => !selected.includes(m)) }
}
