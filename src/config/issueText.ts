// The words of a config problem that the schema did not word itself: zod's per-parse error map.
// A schema's own message (a transform's addIssue, a check's message) wins over this map, so
// every field gets the wrong value, the form expected and an example, and zod's default
// English ("Too small: expected number to be >=1") never reaches the user.
import type { z } from 'zod'

/** zod's `expected` type: what the value is not, and what to write instead, with an example. */
const EXPECTED: Record<string, [noun: string, write: string]> = {
  number: ['a number', 'a number, e.g. 2'],
  int: ['a whole number', 'a whole number, e.g. 2'],
  string: ['text', 'text, e.g. "value" (quote it if it looks like a number or true/false)'],
  boolean: ['true or false', 'true or false'],
  array: ['a list', 'a list, e.g. [a, b] or one "- item" per line'],
  object: ['a mapping', 'a mapping of keys, e.g. {key: value} or one "key: value" per line'],
  record: ['a mapping', 'a mapping of keys, e.g. {KEY: value}'],
  nonoptional: ['a value', 'a value']
}

/** The value as the user wrote it, short enough for one line. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing'
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

function bound(op: 'least' | 'most', limit: unknown, inclusive: boolean | undefined): string {
  const n = typeof limit === 'bigint' ? Number(limit) : (limit as number)
  if (inclusive === false) return op === 'least' ? `more than ${n}` : `less than ${n}`
  return `at ${op} ${n}`
}

/**
 * zod error map for the config file: a message for each issue kind the schema left unworded.
 * `missing` issues (input undefined) read "missing; it is required"; every other names the value.
 */
export function configIssueText(issue: z.core.$ZodRawIssue): string {
  const value = issue.input
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'missing; it is required'
      {
        const [noun, write] = EXPECTED[issue.expected] ?? [`a ${issue.expected}`, `a ${issue.expected}`]
        return `${shown(value)} is not ${noun}; write ${write}`
      }
    case 'too_small': {
      const limit = bound('least', issue.minimum, issue.inclusive)
      if (issue.origin === 'array' || issue.origin === 'set')
        return `${shown(value)} has too few items; list ${limit} item(s), e.g. [a]`
      if (issue.origin === 'string') return `${shown(value)} is too short; write ${limit} character(s)`
      return `${shown(value)} is too small; write a number ${limit}, e.g. ${exampleAbove(issue.minimum, issue.inclusive)}`
    }
    case 'too_big': {
      const limit = bound('most', issue.maximum, issue.inclusive)
      if (issue.origin === 'array' || issue.origin === 'set')
        return `${shown(value)} has too many items; list ${limit} item(s)`
      if (issue.origin === 'string') return `${shown(value)} is too long; write ${limit} character(s)`
      return `${shown(value)} is too big; write a number ${limit}, e.g. ${exampleBelow(issue.maximum, issue.inclusive)}`
    }
    case 'invalid_format':
      return `${shown(value)} is not in the expected form${issue.pattern ? ` (${issue.pattern})` : ''}; see README: "Configure" for an example`
    case 'not_multiple_of':
      return `${shown(value)} is not a multiple of ${String(issue.divisor)}; write e.g. ${String(issue.divisor)}`
    case 'invalid_value':
      return `${shown(value)} is not allowed; write one of ${issue.values.map(v => String(v)).join(', ')}`
    case 'invalid_key':
      return `${shown(value)} is not a valid key here; rename it (see README: "Configure")`
    case 'invalid_union':
      return `${shown(value)} is not valid here; see README: "Configure" for the forms this key takes`
    default:
      return `${shown(value)} is not valid here; see README: "Configure"`
  }
}

function exampleAbove(min: unknown, inclusive: boolean | undefined): string {
  const n = Number(min)
  return String(inclusive === false ? Math.floor(n) + 1 : Math.ceil(n))
}

function exampleBelow(max: unknown, inclusive: boolean | undefined): string {
  const n = Number(max)
  return String(inclusive === false ? Math.ceil(n) - 1 : Math.floor(n))
}
