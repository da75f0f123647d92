// scripts/make-normal-dataset.py writes what Sapiens' NormalGeneralDataset loads
// (seg/mmseg/datasets/normal_general.py): the stems present in images/ (.png), masks/ (.png) and
// normals/ (.npy); a mask whose bounding box exists (an empty one crashes its get_data_info);
// H x W x 3 normals of unit length on the mask. Files are decoded here independently of the
// generator: PNG by its spec (zlib IDAT, filter bytes), .npy by its format header.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { findTorchPython } from '../../src/measure/probe/findPython.js'

interface Png {
  width: number
  height: number
  channels: number
  pixels: Uint8Array
}

function readPng(path: string): Png {
  const data = readFileSync(path)
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  let offset = 8
  let width = 0
  let height = 0
  let channels = 0
  const idat: Buffer[] = []
  while (offset < data.length) {
    const length = data.readUInt32BE(offset)
    const kind = data.toString('latin1', offset + 4, offset + 8)
    const body = data.subarray(offset + 8, offset + 8 + length)
    if (kind === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      expect(body[8]).toBe(8) // bit depth
      channels = { 0: 1, 2: 3 }[body[9]!] ?? 0
    } else if (kind === 'IDAT') idat.push(body)
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const pixels = new Uint8Array(width * height * channels)
  for (let y = 0; y < height; y++) {
    expect(raw[y * (stride + 1)]).toBe(0) // filter type None
    pixels.set(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), y * stride)
  }
  return { width, height, channels, pixels }
}

function readNpy(path: string): { shape: number[]; data: Float32Array } {
  const data = readFileSync(path)
  expect(data.toString('latin1', 1, 6)).toBe('NUMPY')
  const headerLength = data.readUInt16LE(8)
  const header = data.toString('latin1', 10, 10 + headerLength)
  expect(header).toContain("'descr': '<f4'")
  expect(header).toContain("'fortran_order': False")
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1]!.split(',').filter(Boolean).map(Number)
  const start = 10 + headerLength
  const body = data.subarray(start)
  return {
    shape,
    data: new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength))
  }
}

const stems = (dir: string, ext: string) =>
  readdirSync(dir)
    .filter(f => f.endsWith(ext))
    .map(f => f.slice(0, -ext.length))
    .sort()

describe('scripts/make-normal-dataset.py', () => {
  it('writes images, masks and normals with matching stems, non-empty masks and unit normals', () => {
    const found = findTorchPython() // numpy comes with torch
    if (found === null) throw new Error('no Python with torch/numpy found (install python3-torch)')
    const out = mkdtempSync(join(tmpdir(), 'normal-data-'))
    const [height, width, count] = [64, 48, 4]
    const run = spawnSync(
      found.python,
      [
        'scripts/make-normal-dataset.py',
        '--out',
        out,
        '--count',
        String(count),
        '--height',
        String(height),
        '--width',
        String(width)
      ],
      { encoding: 'utf8' }
    )
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const images = stems(join(out, 'images'), '.png')
    expect(images).toHaveLength(count)
    expect(stems(join(out, 'masks'), '.png')).toEqual(images)
    expect(stems(join(out, 'normals'), '.npy')).toEqual(images)
    for (const stem of images) {
      const image = readPng(join(out, 'images', `${stem}.png`))
      expect([image.height, image.width, image.channels]).toEqual([height, width, 3])
      const mask = readPng(join(out, 'masks', `${stem}.png`))
      expect([mask.height, mask.width]).toEqual([height, width])
      const foreground = mask.pixels.filter(v => v > 0).length
      expect(foreground).toBeGreaterThan(0)
      expect(foreground).toBeLessThan(height * width)
      expect(new Set(mask.pixels)).toEqual(new Set([0, 255]))
      const normals = readNpy(join(out, 'normals', `${stem}.npy`))
      expect(normals.shape).toEqual([height, width, 3])
      for (let i = 0; i < height * width; i++) {
        if (mask.pixels[i * mask.channels] === 0) continue
        const [x, y, z] = [normals.data[3 * i]!, normals.data[3 * i + 1]!, normals.data[3 * i + 2]!]
        expect(Math.abs(Math.hypot(x, y, z) - 1)).toBeLessThan(1e-5)
      }
    }
  })

  it('refuses sizes it cannot draw, with a one-line error', () => {
    const found = findTorchPython()
    if (found === null) throw new Error('no Python with torch/numpy found (install python3-torch)')
    const run = spawnSync(
      found.python,
      ['scripts/make-normal-dataset.py', '--out', tmpdir(), '--count', '0'],
      {
        encoding: 'utf8'
      }
    )
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/--count must be >= 1/)
  })
})
