// Reads and validates the config file. Every problem becomes one line that names the
// file, the key path, what was wrong and the form expected; no stack traces for user errors.
import { readFileSync } from 'node:fs'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import type { z } from 'zod'
import { closestName } from './closestName.js'
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
    const why = code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`
    throw new UsageError([`${path}: ${why}; create it (see README: "Configure") or pass --config PATH`])
  }
  return parseConfig(text, path)
}

export function parseConfig(text: string, path: string): Config {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    throw new UsageError(
      doc.errors.map(e => {
        const pos = e.pos[0] !== undefined ? lineCounter.linePos(e.pos[0]) : null
        const where = pos ? `line ${pos.line}, column ${pos.col}: ` : ''
        return `${path}: ${where}not valid YAML: ${e.message.split('\n')[0]}`
      })
    )
  }
  const raw: unknown = doc.toJS()
  if (raw === null || raw === undefined) {
    throw new UsageError([`${path}: the file is empty; it needs at least a models: list`])
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError([`${path}: expected a mapping of keys (gpu:, measure:, models:) at the top`])
  }
  const parsed = ConfigFileSchema.safeParse(raw)
  if (!parsed.success) {
    throw new UsageError(formatIssues(parsed.error.issues, raw, path, doc))
  }
  const models = doc.get('models', true)
  const lines = isSeq(models) ? models.items.map(item => lineOf(item as Node | null, lineCounter)) : []
  return normalizeConfig(parsed.data, path, lines)
}

function lineOf(node: Node | null, counter: LineCounter): number | null {
  const offset = node?.range?.[0]
  return offset === undefined ? null : counter.linePos(offset).line
}

/** One line per problem, in the order the problems appear in the file. */
function formatIssues(issues: z.core.$ZodIssue[], raw: unknown, file: string, doc: Document): string[] {
  const found: { offset: number; line: string }[] = []
  for (const issue of issues) {
    const path = issue.path
      .map(p => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '')
    const messages = describe(issue, path, valueAt(raw, issue.path))
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

function describe(issue: z.core.$ZodIssue, path: string, value: unknown): string[] {
  const at = path === '' ? '' : `${path}: `
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = KNOWN_KEYS[issue.path.map(p => (typeof p === 'number' ? '*' : String(p))).join('.')] ?? []
      return issue.keys.map(key => {
        const full = path === '' ? key : `${path}.${key}`
        const guess = closestName(key, known)
        const hint = guess ? `did you mean "${guess}"?` : `valid keys are ${known.join(', ')}`
        return `${full}: unknown key; ${hint}`
      })
    }
    case 'invalid_type': {
      if (value === undefined) return [`${at}missing; it is required`]
      return [`${at}${JSON.stringify(value)} is not ${article(issue.expected)}`]
    }
    case 'invalid_value':
      return [
        `${at}${JSON.stringify(value)} is not allowed; write one of ${issue.values.map(v => String(v)).join(', ')}`
      ]
    case 'invalid_union': {
      // Our unions are string|number fields whose transforms carry the real message.
      if (value === undefined) return [`${at}missing; it is required`]
      return [`${at}${JSON.stringify(value)} is not valid here`]
    }
    default:
      return [`${at}${issue.message}`]
  }
}

function article(expected: string): string {
  const noun = expected === 'record' ? 'mapping' : expected === 'array' ? 'list' : expected
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let node: unknown = raw
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<PropertyKey, unknown>)[key]
  }
  return node
}
