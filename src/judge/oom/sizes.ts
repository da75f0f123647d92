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

/**
 * Most digits a printed number has: more than any byte count (2^53 has 16). Bounded counts and a
 * number that starts where a number starts (not inside a digit run) keep every pattern linear in
 * the line's length: an unbounded `\d+` tried at each offset of a 200k-digit run is quadratic.
 */
export const MAX_DIGITS = 20
/** The number of a size as printed: `20.00`, `0`, `926.` (numpy keeps the dot). */
export const SIZE_VALUE = String.raw`(?<![\d.])\d{1,${MAX_DIGITS}}(?:\.\d{0,${MAX_DIGITS}})?`
/** The unit of a size as printed: `MiB`, `bytes`, `GB`, `B`. */
export const SIZE_UNIT = String.raw`(?:bytes?|[KMGTP]i?B|B)\b`
/** A number and unit as printed: `20.00 MiB`, `0 bytes`, `926. GiB`, `2.99GiB`. */
export const SIZE_PATTERN = `(${SIZE_VALUE})\\s*(${SIZE_UNIT})`

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

// Bytes per element of the dtypes TensorFlow and numpy name in their messages.
const ITEM_BYTES: Record<string, number> = {
  bool: 1,
  int8: 1,
  uint8: 1,
  qint8: 1,
  quint8: 1,
  half: 2,
  float16: 2,
  bfloat16: 2,
  int16: 2,
  uint16: 2,
  float: 4,
  float32: 4,
  int32: 4,
  uint32: 4,
  double: 8,
  float64: 8,
  int64: 8,
  uint64: 8,
  complex64: 8,
  complex128: 16
}

/**
 * Bytes of a tensor from its printed shape (`16,112,112,147`) and dtype (`float`): the message
 * states both, so the size follows exactly (numpy's own "7.91 GiB" is rounded to three digits).
 * Null for other dtypes or symbolic dimensions.
 */
export function tensorBytes(shape: string, dtype: string): number | null {
  const item = ITEM_BYTES[dtype.toLowerCase()]
  if (item === undefined) return null
  const dims = shape
    .split(',')
    .map(d => d.trim())
    .filter(d => d !== '')
  if (!dims.every(d => /^\d+$/.test(d))) return null
  const bytes = dims.reduce((acc, d) => acc * BigInt(d), BigInt(item))
  return bytes <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(bytes) : null
}
