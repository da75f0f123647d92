// Reads and validates the config file. Every problem becomes one line that names the
// file, the key path, what was wrong and the form expected; no stack traces for user errors.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Alias,
  type Document,
  type Node
} from 'yaml'
import { configIssueText } from './issueText.js'
import type { z } from 'zod'
import { closestName } from './closestName.js'
import { missingTraceFiles } from './traceSpec.js'
import { ConfigFileSchema, KNOWN_KEYS, normalizeConfig, type Config } from './schema.js'

export const DEFAULT_CONFIG_PATH = '.github/oom-gate.yml'

/** A problem the user can fix in their input; the CLI exits 2 and prints `problems`, one per line. */
export class UsageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'UsageError'
  }
}

export function loadConfig(path: string = DEFAULT_CONFIG_PATH): Config {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EISDIR') {
      throw new UsageError([
        `${path}: is a directory; pass the config file, e.g. --config ${DEFAULT_CONFIG_PATH}`
      ])
    }
    const why = code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`
    throw new UsageError([`${path}: ${why}; create it (see README: "Configure") or pass --config PATH`])
  }
  const config = parseConfig(text, path)
  // Trace builders are files relative to the model's cwd (from the repository root, the gate's cwd).
  const missing = missingTraceFiles(path, config.models, file => {
    const full = resolve(file)
    return existsSync(full) && statSync(full).isFile()
  })
  if (missing.length > 0) throw new UsageError(missing)
  return config
}

export function parseConfig(text: string, path: string): Config {
  const lineCounter = new LineCounter()
  // merge: true reads YAML 1.1 merge keys (`<<: *common`), the usual way to share a model's keys.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true })
  const where = (offset: number | undefined) => {
    if (offset === undefined) return ''
    const pos = lineCounter.linePos(offset)
    return `line ${pos.line}, column ${pos.col}: `
  }
  if (doc.errors.length > 0) {
    // The parser reports what follows a mistake as more mistakes (an unclosed bracket gives one
    // error per line after it); the first is the one to fix.
    const first = doc.errors.reduce((a, b) => ((b.pos[0] ?? Infinity) < (a.pos[0] ?? Infinity) ? b : a))
    throw new UsageError([
      `${path}: ${where(first.pos[0])}not valid YAML: ${firstLine(first.message)}${yamlHint(first.code)}`
    ])
  }
  const raw = toPlainData(doc, path, where)
  if (raw === null || raw === undefined) {
    throw new UsageError([`${path}: the file is empty; it needs at least a models: list`])
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError([`${path}: expected a mapping of keys (gpu:, measure:, models:) at the top`])
  }
  const parsed = ConfigFileSchema.safeParse(raw, { error: configIssueText })
  if (!parsed.success) {
    throw new UsageError(formatIssues(parsed.error.issues, path, doc))
  }
  const models = doc.get('models', true)
  const lines = isSeq(models) ? models.items.map(item => lineOf(item as Node | null, lineCounter)) : []
  return normalizeConfig(parsed.data, path, lines)
}

/** Most aliases a config may expand: far above any real config, far below a "billion laughs". */
const MAX_ALIAS_COUNT = 100

/**
 * The document as plain data. Converting resolves aliases and merge keys, which is where the YAML
 * library throws (an alias before its anchor, an alias chain that expands exponentially, a merge
 * of a list): each becomes one line naming the file and, where it can be found, the line.
 */
function toPlainData(doc: Document, path: string, where: (offset: number | undefined) => string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (error) {
    const message = firstLine(error instanceof Error ? error.message : String(error))
    if (/unresolved alias/i.test(message)) {
      const alias = firstUnresolvedAlias(doc)
      const name = alias ? `*${alias.source}` : 'an alias'
      throw new UsageError([
        `${path}: ${where(alias?.range?.[0])}not valid YAML: ${name} refers to no anchor; define &${alias?.source ?? 'name'} on a value above it, or write the value out`
      ])
    }
    if (/alias count|resource exhaustion/i.test(message)) {
      throw new UsageError([
        `${path}: not valid YAML: its aliases expand to too much data (more than ${MAX_ALIAS_COUNT} alias uses, as in a "billion laughs"); write the values out or use fewer aliases`
      ])
    }
    throw new UsageError([`${path}: not valid YAML: ${message}`])
  }
}

function firstUnresolvedAlias(doc: Document): Alias | null {
  let found: Alias | null = null
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined) {
        found = node
        return visit.BREAK
      }
      return undefined
    }
  })
  return found
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim()
}

function lineOf(node: Node | null, counter: LineCounter): number | null {
  const offset = node?.range?.[0]
  return offset === undefined ? null : counter.linePos(offset).line
}

/** One line per problem, in the order the problems appear in the file. */
function formatIssues(issues: z.core.$ZodIssue[], file: string, doc: Document): string[] {
  const found: { offset: number; line: string }[] = []
  for (const issue of issues) {
    const path = issue.path
      .map(p => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '')
    const messages = describe(issue, path)
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map(k => [...issue.path, k]) : [issue.path]
    messages.forEach((msg, i) =>
      found.push({ offset: offsetOf(doc, keys[i] ?? issue.path), line: `${file}: ${msg}` })
    )
  }
  found.sort((a, b) => a.offset - b.offset)
  return [...new Set(found.map(f => f.line))]
}

/** Where a path starts in the source: the key itself for map entries, else the nearest ancestor. */
function offsetOf(doc: Document, path: PropertyKey[]): number {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true)
    const key = path[depth - 1]
    if (isMap(parent)) {
      const pair = parent.items.find(p => isScalar(p.key) && p.key.value === key)
      const start = (pair?.key as Node | undefined)?.range?.[0]
      if (start !== undefined) return start
    } else if (isSeq(parent) && typeof key === 'number') {
      const start = (parent.items[key] as Node | undefined)?.range?.[0]
      if (start !== undefined) return start
    }
  }
  return Number.MAX_SAFE_INTEGER
}

/** The lines of one issue: one per unknown key, else the message the schema or configIssueText gave. */
function describe(issue: z.core.$ZodIssue, path: string): string[] {
  if (issue.code === 'unrecognized_keys') {
    const known = KNOWN_KEYS[issue.path.map(p => (typeof p === 'number' ? '*' : String(p))).join('.')] ?? []
    return issue.keys.map(key => {
      const full = path === '' ? key : `${path}.${key}`
      const guess = closestName(key, known)
      const hint = guess ? `did you mean "${guess}"?` : `valid keys are ${known.join(', ')}`
      return `${full}: unknown key; ${hint}`
    })
  }
  return [`${path === '' ? '' : `${path}: `}${issue.message}`]
}

/**
 * The fix for the YAML mistakes people make in a `run:` command: a plain scalar with `: ` or ` #`
 * inside (JSON in a workload, `--cfg-options a=b: c`) reads as a nested mapping or a comment.
 */
function yamlHint(code: string): string {
  return code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY'
    ? '; a value with ": " inside (a JSON command, key: value options) must be quoted or written as a block (run: |)'
    : ''
}
