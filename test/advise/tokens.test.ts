import { describe, expect, it } from 'vitest'
import { parseImageSize, tokenGrid } from '../../src/advise/tokens.js'

describe('tokenGrid', () => {
  it.each([
    [1024, 768, 16, 2, 64, 48],
    [1024, 768, 32, 2, 32, 24],
    [1024, 768, 16, 0, 64, 48],
    [224, 224, 16, 0, 14, 14],
    [224, 224, 14, 0, 16, 16],
    [1024, 768, 14, 2, 73, 55], // floor(1014/14)+1 = 73, floor(758/14)+1 = 55
    [100, 50, 16, 0, 6, 3] // the remainder is dropped, as Conv2d does
  ])('%dx%d at patch %d, padding %d is %dx%d', (h, w, p, pad, rows, cols) => {
    expect(tokenGrid(h, w, p, pad)).toEqual({ rows, cols, tokens: rows * cols })
  })

  it('gives the token counts of the Sapiens configs', () => {
    expect(tokenGrid(1024, 768, 16, 2).tokens).toBe(3072)
    expect(tokenGrid(1024, 768, 32, 2).tokens).toBe(768)
  })

  it('rejects a patch larger than the padded image and non-integer sizes', () => {
    expect(() => tokenGrid(8, 8, 16, 2)).toThrow(/smaller than the patch 16/)
    expect(() => tokenGrid(1024, 768, 0, 2)).toThrow(/patch must be a positive integer/)
    expect(() => tokenGrid(1024.5, 768, 16, 2)).toThrow(/height/)
    expect(() => tokenGrid(1024, 768, 16, -1)).toThrow(/padding/)
  })
})

describe('parseImageSize', () => {
  it('reads HEIGHTxWIDTH', () => {
    expect(parseImageSize('1024x768')).toEqual({ height: 1024, width: 768 })
    expect(parseImageSize('1024*768')).toBeNull()
    expect(parseImageSize('0x768')).toBeNull()
  })
})
