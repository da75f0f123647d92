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

/** `71.25 GiB`, `512 MiB`: how the report writes bytes. */
export function formatBytes(bytes: number | null | undefined, digits = 2): string {
  if (bytes === null || bytes === undefined) return 'n/a'
  const sign = bytes < 0 ? '-' : ''
  const abs = Math.abs(bytes)
  if (abs >= GIB) return `${sign}${(abs / GIB).toFixed(digits)} GiB`
  if (abs >= MIB) return `${sign}${(abs / MIB).toFixed(abs >= 100 * MIB ? 0 : 1)} MiB`
  if (abs >= 1024) return `${sign}${(abs / 1024).toFixed(1)} KiB`
  return `${sign}${abs} B`
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return 'n/a'
  if (ms < 1000) return `${ms} ms`
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(1)} s`
  const m = Math.floor(s / 60)
  const rest = Math.round(s - m * 60)
  if (m < 60) return `${m}m ${String(rest).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`
}
