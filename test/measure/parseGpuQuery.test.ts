import { describe, expect, it } from 'vitest'
import { parseGpuQuery, parseGpuQueryLine } from '../../src/measure/nvidiaSmi/parseGpuQuery.js'

const MIB = 1024 * 1024
const U0 = 'GPU-6f1c0a3e-1b2c-4d5e-8f90-123456789abc'

describe('parseGpuQueryLine', () => {
  it('reads a nounits row', () => {
    expect(parseGpuQueryLine(`0, ${U0}, NVIDIA A800 80GB PCIe, 81920, 423, 535.54.03`)).toEqual({
      kind: 'row',
      gpu: {
        index: 0,
        uuid: U0,
        name: 'NVIDIA A800 80GB PCIe',
        memoryTotalBytes: 81920 * MIB,
        memoryUsedBytes: 423 * MIB,
        driver: '535.54.03'
      }
    })
  })

  it('reads units, [N/A] memory and a name with a comma', () => {
    const parsed = parseGpuQueryLine(`3, ${U0}, Weird, Card, 81251 MiB, [N/A], 470.82.01`)
    expect(parsed).toMatchObject({
      kind: 'row',
      gpu: {
        index: 3,
        name: 'Weird, Card',
        memoryTotalBytes: 81251 * MIB,
        memoryUsedBytes: null,
        driver: '470.82.01'
      }
    })
  })

  it('skips the header and stray lines', () => {
    expect(
      parseGpuQueryLine('index, uuid, name, memory.total [MiB], memory.used [MiB], driver_version').kind
    ).toBe('header')
    expect(parseGpuQueryLine('Xid (PCI:0000:3b:00): 48, pid=1234, DBE (double bit error)').kind).toBe('stray')
    expect(
      parseGpuQueryLine('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.').kind
    ).toBe('stray')
  })

  it('parses a whole one-shot answer', () => {
    const out = [
      'index, uuid, name, memory.total [MiB], memory.used [MiB], driver_version',
      `0, ${U0}, NVIDIA H100 80GB HBM3, 81559 MiB, 0 MiB, 550.54.15`,
      `1, GPU-11111111-1b2c-4d5e-8f90-123456789abc, NVIDIA H100 80GB HBM3, 81559 MiB, 512 MiB, 550.54.15`,
      ''
    ].join('\n')
    expect(parseGpuQuery(out).map(g => [g.index, g.memoryUsedBytes])).toEqual([
      [0, 0],
      [1, 512 * MIB]
    ])
  })
})
