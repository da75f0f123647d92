// Numbers read from an OOM message clause by clause, each by its own label. A clause is a piece of
// the message between semicolons or sentence ends; a parser is a label with named groups that say
// which field its number fills. A number is read only where a label says what it is, so
// `(GPU 0; 16.00 GiB total capacity; 3.00 GiB already allocated; 3.50 GiB reserved in total by
// PyTorch)` gives free = null (it has no free clause), never the number after "already allocated".
// Clauses no parser knows (`10.24 GiB current active`, `8.27 GiB allowed`) are skipped.
import { MAX_DIGITS, SIZE_UNIT, SIZE_VALUE, sizeToBytes, tensorBytes, type SizeOptions } from './sizes.js'

export const NUMBER_FIELDS = [
  'gpuIndex',
  'triedToAllocateBytes',
  'totalCapacityBytes',
  'freeBytes',
  'allocatedBytes',
  'reservedBytes'
] as const
export type NumberField = (typeof NUMBER_FIELDS)[number]
export type Numbers = Record<NumberField, number | null>

/**
 * PyTorch's current message states the pool as two parts: allocated, and "reserved by PyTorch but
 * unallocated". Reserved is their sum; a parser fills this part and `readClauses` adds it up.
 */
type Part = NumberField | 'reservedUnallocatedBytes'

/** A size with a unit, captured into `field`: `20.00 MiB`, `0 bytes`, `2.99GiB`. */
export function size(field: Part): string {
  return `(?<${field}Value>${SIZE_VALUE})\\s*(?<${field}Unit>${SIZE_UNIT})`
}

/**
 * A size whose unit may be a bare letter (`21.95G`, `530.00M`, `0B`), as XLA prints them; read
 * with `bareBinaryUnits`.
 */
export function bareSize(field: Part): string {
  return `(?<${field}Value>${SIZE_VALUE})(?<${field}Unit>[KMGT]i?B?|B|bytes?)\\b`
}

/** A size whose unit may be left out when the next size in the label carries it (`19.77/22.05 GiB`). */
export function sizeSharingUnit(field: Part): string {
  return `(?<${field}Value>${SIZE_VALUE})(?:\\s*(?<${field}Unit>${SIZE_UNIT}))?`
}

/** A plain integer captured into `field`: a device index, or a count of bytes (`7406166528 bytes`). */
export function integer(field: Part): string {
  return `(?<![\\d.])(?<${field}>\\d{1,${MAX_DIGITS}})`
}

/** A tensor's shape and dtype (`shape[16,112,112,147] and type float`): its exact size becomes `field`. */
export function tensor(field: Part): string {
  return `shape\\s*\\[(?<${field}Shape>[^\\]]*)\\] and type (?<${field}Dtype>\\w+)`
}

/** A label: a regular expression whose named groups come from the helpers above. */
export function label(strings: TemplateStringsArray, ...parts: string[]): RegExp {
  return new RegExp(String.raw(strings, ...parts), 'i')
}

// Semicolons separate PyTorch's old clauses; a full stop followed by a capital ends a sentence of its
// new one (`Tried to allocate 20.00 MiB. GPU 0 has ...`), never the decimal point of `20.00`.
const CLAUSE_END = /;|\.\s+(?=[A-Z(])|\n/

export function clausesOf(text: string): string[] {
  return text.split(CLAUSE_END).filter(c => c.trim() !== '')
}

const PARTS: readonly Part[] = [...NUMBER_FIELDS, 'reservedUnallocatedBytes']

/**
 * The numbers `parsers` find in `texts` (the message first, then any following lines the family
 * reads): each field takes the first clause whose label states it. Sizes are exact integer bytes
 * (sizes.ts); a field no label states is null.
 */
export function readClauses(
  texts: readonly string[],
  parsers: readonly RegExp[],
  options: SizeOptions = {}
): Numbers {
  const found = new Map<Part, number>()
  for (const text of texts) {
    for (const clause of clausesOf(text)) {
      for (const parser of parsers) {
        const groups = parser.exec(clause)?.groups
        if (groups) readGroups(groups, found, options)
      }
    }
  }
  const numbers = Object.fromEntries(NUMBER_FIELDS.map(f => [f, found.get(f) ?? null])) as Numbers
  const unallocated = found.get('reservedUnallocatedBytes')
  if (numbers.reservedBytes === null && numbers.allocatedBytes !== null && unallocated !== undefined) {
    numbers.reservedBytes = numbers.allocatedBytes + unallocated
  }
  return numbers
}

function readGroups(
  groups: Record<string, string | undefined>,
  found: Map<Part, number>,
  options: SizeOptions
): void {
  const sharedUnit = Object.entries(groups).find(([k, v]) => k.endsWith('Unit') && v !== undefined)?.[1]
  for (const part of PARTS) {
    if (found.has(part)) continue
    const value = readPart(part, groups, sharedUnit, options)
    if (value !== null) found.set(part, value)
  }
}

function readPart(
  part: Part,
  groups: Record<string, string | undefined>,
  sharedUnit: string | undefined,
  options: SizeOptions
): number | null {
  const whole = groups[part]
  // A count beyond 2^53 (a corrupted shape) is not a byte count a JSON number holds exactly.
  if (whole !== undefined) return Number.isSafeInteger(Number(whole)) ? Number(whole) : null
  const value = groups[`${part}Value`]
  if (value !== undefined) {
    const unit = groups[`${part}Unit`] ?? sharedUnit
    return unit === undefined ? null : sizeToBytes(value, unit, options)
  }
  const shape = groups[`${part}Shape`]
  const dtype = groups[`${part}Dtype`]
  return shape !== undefined && dtype !== undefined ? tensorBytes(shape, dtype) : null
}
