// The failed check: one error annotation per failing model on its entry in the config file
// (file=.github/oom-gate.yml,line=N), and the lines core.setFailed prints.
import { isAbsolute, relative } from 'node:path'
import * as core from '@actions/core'
import type { Config } from '../config/schema.js'
import { failureOf } from '../judge/gate.js'
import type { Results } from '../results.js'

export interface Annotation {
  model: string
  message: string
  /** Relative to the workspace, as GitHub resolves annotation paths. */
  file: string
  line: number | null
}

/** One annotation per model that fails the gate, in the config's order. */
export function failureAnnotations(results: Results, config: Config, workspace: string): Annotation[] {
  const file = workspacePath(config.path, workspace)
  return results.models.flatMap(model => {
    const message = failureOf(model)
    if (message === null) return []
    const line = config.models.find(m => m.name === model.name)?.line ?? null
    return [{ model: model.name, message, file, line }]
  })
}

export function emitAnnotations(annotations: readonly Annotation[]): void {
  for (const a of annotations) {
    core.error(a.message, {
      title: `oom-gate: ${a.model}`,
      file: a.file,
      ...(a.line !== null ? { startLine: a.line } : {})
    })
  }
}

/** What core.setFailed says: one line per failing model, or why the gate failed without one. */
export function failureMessage(results: Results, annotations: readonly Annotation[], why?: string): string {
  const lines = annotations.map(a => a.message)
  if (why) lines.unshift(why)
  if (lines.length === 0) lines.push('oom-gate: the gate failed')
  return lines.join('\n')
}

function workspacePath(path: string, workspace: string): string {
  if (!isAbsolute(path)) return path.replace(/^\.\//, '')
  const rel = relative(workspace, path)
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel
}
