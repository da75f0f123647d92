// Advance widths of 11px Verdana (the font shields.io badges are drawn in), printable ASCII.
// Same numbers as the table shields' badge-maker measures with (anafanafo's
// verdana-11px-normal, measured in Chrome): 'm' is 10.7px and 'v1.2.511' 49.48px there.
// Ranges of code points [first, last, width]; characters outside fall back to 'm', the widest
// common glyph, so an unexpected character widens the badge instead of overflowing it.
const RANGES: readonly (readonly [number, number, number])[] = [
  [32, 32, 3.87],
  [33, 33, 4.33],
  [34, 34, 5.05],
  [35, 35, 9],
  [36, 36, 6.99],
  [37, 37, 11.84],
  [38, 38, 7.99],
  [39, 39, 2.95],
  [40, 41, 5],
  [42, 42, 6.99],
  [43, 43, 9],
  [44, 44, 4],
  [45, 45, 5],
  [46, 46, 4],
  [47, 47, 5],
  [48, 57, 6.99],
  [58, 59, 5],
  [60, 62, 9],
  [63, 63, 6],
  [64, 64, 11],
  [65, 65, 7.52],
  [66, 66, 7.54],
  [67, 67, 7.68],
  [68, 68, 8.48],
  [69, 69, 6.96],
  [70, 70, 6.32],
  [71, 71, 8.53],
  [72, 72, 8.27],
  [73, 73, 4.63],
  [74, 74, 5],
  [75, 75, 7.62],
  [76, 76, 6.12],
  [77, 77, 9.27],
  [78, 78, 8.23],
  [79, 79, 8.66],
  [80, 80, 6.63],
  [81, 81, 8.66],
  [82, 82, 7.65],
  [83, 83, 7.52],
  [84, 84, 6.78],
  [85, 85, 8.05],
  [86, 86, 7.52],
  [87, 87, 10.88],
  [88, 88, 7.54],
  [89, 89, 6.77],
  [90, 90, 7.54],
  [91, 93, 5],
  [94, 94, 9],
  [95, 96, 6.99],
  [97, 97, 6.61],
  [98, 98, 6.85],
  [99, 99, 5.73],
  [100, 100, 6.85],
  [101, 101, 6.55],
  [102, 102, 3.87],
  [103, 103, 6.85],
  [104, 104, 6.96],
  [105, 105, 3.02],
  [106, 106, 3.79],
  [107, 107, 6.51],
  [108, 108, 3.02],
  [109, 109, 10.7],
  [110, 110, 6.96],
  [111, 111, 6.68],
  [112, 113, 6.85],
  [114, 114, 4.69],
  [115, 115, 5.73],
  [116, 116, 4.33],
  [117, 117, 6.96],
  [118, 118, 6.51],
  [119, 119, 9],
  [120, 121, 6.51],
  [122, 122, 5.78],
  [123, 123, 6.98],
  [124, 124, 5],
  [125, 125, 6.98],
  [126, 126, 9]
]

const FALLBACK = 10.7

/** Width in pixels of `char` (one code point) in 11px Verdana. */
export function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0
  if (code < 32 || (code >= 127 && code < 160)) return 0
  for (const [first, last, width] of RANGES) {
    if (code >= first && code <= last) return width
  }
  return FALLBACK
}

/** Width in pixels of `text` in 11px Verdana, summed per code point as badge-maker does. */
export function verdanaWidth(text: string): number {
  let total = 0
  for (const char of text) total += charWidth(char)
  return total
}
