// Exact parsers for the config's sizes, percentages and durations.
// GB = 10^9 and GiB = 2^30, as on the box of the card: an "80GB" A800 reports 80 GiB.

const SIZE_UNITS: Record<string, bigint> = {
  b: 1n,
  kb: 10n ** 3n,
  mb: 10n ** 6n,
  gb: 10n ** 9n,
  tb: 10n ** 12n,
  kib: 2n ** 10n,
  mib: 2n ** 20n,
  gib: 2n ** 30n,
  tib: 2n ** 40n
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false }

const SIZE_RE = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i

/**
 * Bytes from `80GiB`, `81920MiB`, `80GB`, `1.5GiB` or a whole number of bytes. A fraction of a
 * byte (`1.2GiB` is 1288490188.8) rounds half up to a whole byte.
 */
export function parseSize(input: unknown): ParseResult<number> {
  if (typeof input === 'number') {
    return Number.isSafeInteger(input) && input >= 0 ? { ok: true, value: input } : { ok: false }
  }
  if (typeof input !== 'string') return { ok: false }
  const text = input.trim()
  if (/^\d+$/.test(text)) return parseSize(Number(text))
  const m = SIZE_RE.exec(text)
  if (!m) return { ok: false }
  const unit = SIZE_UNITS[m[2]!.toLowerCase()]
  if (unit === undefined) return { ok: false }
  // Exact decimal arithmetic: 1.5GiB is 1610612736 bytes, not a float approximation.
  const [whole, frac = ''] = m[1]!.split('.')
  const scale = 10n ** BigInt(frac.length)
  const numerator = BigInt(whole! + frac) * unit
  const value = (2n * numerator + scale) / (2n * scale)
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false }
  return { ok: true, value: Number(value) }
}

/** A fraction from `3%` or `2.5%` (0.03, 0.025). */
export function parsePercent(input: unknown): ParseResult<number> {
  if (typeof input !== 'string') return { ok: false }
  const m = /^(\d+(?:\.\d+)?)\s*%$/.exec(input.trim())
  if (!m) return { ok: false }
  const value = Number(m[1]) / 100
  return value <= 1 ? { ok: true, value } : { ok: false }
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 }

/** Milliseconds from `100ms`, `90s`, `20m`, `1h`, or a combination like `1h30m`. */
export function parseDuration(input: unknown): ParseResult<number> {
  if (typeof input !== 'string') return { ok: false }
  const text = input.trim().toLowerCase()
  if (text === '') return { ok: false }
  const re = /(\d+(?:\.\d+)?)(ms|s|min|m|h)/gy
  let total = 0
  let consumed = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!
    consumed = re.lastIndex
  }
  if (consumed !== text.length) return { ok: false }
  return { ok: true, value: Math.round(total) }
}

const GIB = 2 ** 30
const MIB = 2 ** 20

/** A binary unit to write bytes in; `bytes` writes them whole. */
export type ByteUnit = 'GiB' | 'MiB' | 'KiB' | 'bytes'

const UNIT_BYTES = { GiB: GIB, MiB: MIB, KiB: 1024 } as const

/** The unit a sentence about these sizes reads best in: that of the largest one. */
export function unitFor(...sizes: number[]): ByteUnit {
  const largest = Math.max(0, ...sizes)
  return largest >= GIB ? 'GiB' : largest >= MIB ? 'MiB' : largest >= 1024 ? 'KiB' : 'bytes'
}

export interface FormatBytesOptions {
  /** Decimals: of GiB without `unit` (default 2), of the unit with it (default 2). */
  digits?: number
  /**
   * One unit for every number of a sentence (unitFor), or MiB the way nvidia-smi counts them
   * (`{ unit: 'MiB', digits: 0 }`). Without it the unit follows the size, as the report writes it.
   */
  unit?: ByteUnit
}

/**
 * The one byte formatter. Bytes in, text out: `71.25 GiB`, `512 MiB`, `1.5 KiB`, `12 B` (the
 * report's style, unit by size; null is `n/a`), or in a given unit: `0.40 GiB`, `256 bytes`.
 */
export function formatBytes(bytes: number | null | undefined, options: FormatBytesOptions = {}): string {
  if (bytes === null || bytes === undefined) return 'n/a'
  const digits = options.digits ?? 2
  if (options.unit === 'bytes') return `${bytes} bytes`
  if (options.unit) return `${(bytes / UNIT_BYTES[options.unit]).toFixed(digits)} ${options.unit}`
  const sign = bytes < 0 ? '-' : ''
  const abs = Math.abs(bytes)
  if (abs >= GIB) return `${sign}${(abs / GIB).toFixed(digits)} GiB`
  if (abs >= MIB) return `${sign}${(abs / MIB).toFixed(abs >= 100 * MIB ? 0 : 1)} MiB`
  if (abs >= 1024) return `${sign}${(abs / 1024).toFixed(1)} KiB`
  return `${sign}${abs} B`
}

/**
 * How a duration is written: `elapsed` (default: `850 ms`, `12.3 s`, `2m 05s`, `1h 02m`), `limit`
 * (a configured time: `5 min` in whole minutes, else as `seconds`), `seconds` (`3.0 s` under
 * 10 s, `42 s` from there). `compact` drops the space before `s` (`3.0s`), as run notes write it.
 */
export interface FormatDurationOptions {
  style?: 'elapsed' | 'limit' | 'seconds'
  compact?: boolean
}

/** The one duration formatter: milliseconds in (null is `n/a`), text out; see FormatDurationOptions. */
export function formatDuration(ms: number | null | undefined, options: FormatDurationOptions = {}): string {
  if (ms === null || ms === undefined) return 'n/a'
  const style = options.style ?? 'elapsed'
  if (style === 'limit' && ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000} min`
  if (style !== 'elapsed') return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}${options.compact ? '' : ' '}s`
  if (ms < 1000) return `${ms} ms`
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(1)} s`
  const m = Math.floor(s / 60)
  const rest = Math.round(s - m * 60)
  if (m < 60) return `${m}m ${String(rest).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`
}
