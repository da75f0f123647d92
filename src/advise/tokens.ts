// The token grid a convolutional patch embedding produces (kernel = stride = patch, zero
// padding on every side), exactly as torch.nn.Conv2d computes its output size.

export interface TokenGrid {
  rows: number
  cols: number
  tokens: number
}

/** floor((H + 2*pad - p) / p) + 1 rows, the same for columns: 1024x768 p16 pad2 -> 64x48. */
export function tokenGrid(height: number, width: number, patch: number, padding: number): TokenGrid {
  for (const [name, value] of [
    ['height', height],
    ['width', width],
    ['patch', patch]
  ] as const) {
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${name} must be a positive integer, got ${value}`)
  }
  if (!Number.isInteger(padding) || padding < 0) {
    throw new Error(`padding must be a non-negative integer, got ${padding}`)
  }
  const side = (size: number, label: string) => {
    const padded = size + 2 * padding
    if (padded < patch) {
      throw new Error(`the image ${label} ${size} (+2x${padding} padding) is smaller than the patch ${patch}`)
    }
    return Math.floor((padded - patch) / patch) + 1
  }
  const rows = side(height, 'height')
  const cols = side(width, 'width')
  return { rows, cols, tokens: rows * cols }
}

/** `1024x768` -> {height: 1024, width: 768}. */
export function parseImageSize(text: string): { height: number; width: number } | null {
  const m = /^(\d+)x(\d+)$/.exec(text.trim())
  if (!m) return null
  const height = Number(m[1])
  const width = Number(m[2])
  return height > 0 && width > 0 ? { height, width } : null
}
