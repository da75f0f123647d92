// Sizes as OOM messages print them, to exact integer bytes, and back to words for the report.
// PyTorch, numpy and XLA print binary units (`20.00 MiB` is 20 * 2^20 bytes). PyTorch's MPS
// allocator used to print the same binary values labelled `GB`/`MB`/`KB`, so only callers that
// know that (`legacyBinaryLabels`) may read those labels; elsewhere they are ambiguous and give null.

const BINARY: Record<string, bigint> = {
  byte: 1n,
  bytes: 1n,
  b: 1n,
  kib: 2n ** 10n,
  mib: 2n ** 20n,
  gib: 2n ** 30n,
  tib: 2n ** 40n,
  pib: 2n ** 50n
}

const LEGACY_BINARY: Record<string, bigint> = {
  kb: 2n ** 10n,
  mb: 2n ** 20n,
  gb: 2n ** 30n,
  tb: 2n ** 40n
}

/** A number and unit as printed: `20.00 MiB`, `0 bytes`, `926. GiB` (numpy keeps the dot), `256 bytes`. */
export const SIZE_PATTERN = String.raw`(\d+(?:\.\d*)?)\s*(bytes?|[KMGTP]i?B|B)\b`

export interface SizeOptions {
  /** Read `GB`, `MB`, `KB`, `TB` as binary units (PyTorch's MPS allocator before it said GiB). */
  legacyBinaryLabels?: boolean
}

/**
 * Bytes for `value` in `unit`, rounded half up to an integer; null for an unknown unit.
 * Decimal arithmetic on BigInt: `2.30 GiB` is 2469606195, not a float approximation.
 */
export function sizeToBytes(value: string, unit: string, options: SizeOptions = {}): number | null {
  const key = unit.toLowerCase()
  const scale = BINARY[key] ?? (options.legacyBinaryLabels ? LEGACY_BINARY[key] : undefined)
  if (scale === undefined || !/^\d+(?:\.\d*)?$/.test(value)) return null
  const [whole = '0', frac = ''] = value.split('.')
  const denominator = 10n ** BigInt(frac.length)
  const numerator = BigInt(whole + frac) * scale
  const bytes = (numerator * 2n + denominator) / (2n * denominator)
  return bytes <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(bytes) : null
}

const UNITS = [
  { name: 'GiB', bytes: 2 ** 30 },
  { name: 'MiB', bytes: 2 ** 20 },
  { name: 'KiB', bytes: 2 ** 10 }
] as const

export type ByteUnit = 'GiB' | 'MiB' | 'KiB' | 'bytes'

/** The unit a sentence about these sizes reads best in: that of the largest one. */
export function unitFor(...sizes: number[]): ByteUnit {
  const largest = Math.max(0, ...sizes)
  return UNITS.find(u => largest >= u.bytes)?.name ?? 'bytes'
}

/** `2469606195` in GiB is `2.30 GiB`; bytes are printed whole. */
export function formatBytesIn(bytes: number, unit: ByteUnit): string {
  if (unit === 'bytes') return `${bytes} bytes`
  const scale = UNITS.find(u => u.name === unit)!.bytes
  return `${(bytes / scale).toFixed(2)} ${unit}`
}

export function formatBytes(bytes: number): string {
  return formatBytesIn(bytes, unitFor(bytes))
}
