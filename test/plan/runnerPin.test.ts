import { describe, expect, it } from 'vitest'
import { parseMigList } from '../../src/measure/nvidiaSmi/listMigDevices.js'
import { describePin, parseRunnerPin, resolvePin } from '../../src/plan/runnerPin.js'
import type { GpuInfo } from '../../src/results.js'

const uuid = (i: number) => `GPU-${String(i).repeat(8)}-aaaa-4000-8000-00000000000${i}`
const gpu = (index: number, name = 'NVIDIA A800 80GB PCIe'): GpuInfo => ({
  index,
  uuid: uuid(index),
  name,
  memoryTotalBytes: 80 * 2 ** 30,
  memoryUsedBytes: 0,
  driver: '535.54.03'
})
const four = [gpu(0), gpu(1), gpu(2), gpu(3)]
const pick = (value: string | undefined, gpus = four, order?: string) =>
  resolvePin(parseRunnerPin(value), gpus, [], order)

describe('the runner pin, read as CUDA reads CUDA_VISIBLE_DEVICES', () => {
  it('unset: every GPU, exported by UUID', () => {
    const r = pick(undefined)
    expect(r.gpus.map(p => p.gpu.index)).toEqual([0, 1, 2, 3])
    expect(r.gpus.map(p => p.cudaId)).toEqual(four.map(g => g.uuid))
  })

  it('indices, UUIDs and unique UUID prefixes all name the same cards, matched by UUID', () => {
    expect(pick('2,3').gpus.map(p => p.gpu.index)).toEqual([2, 3])
    expect(pick(`${uuid(3)},${uuid(2)}`).gpus.map(p => p.gpu.index)).toEqual([3, 2])
    expect(pick('GPU-22222222, GPU-3333').gpus.map(p => p.cudaId)).toEqual([uuid(2), uuid(3)])
  })

  it('stops at the first invalid entry, as CUDA does ("0,2,-1,1" shows 0 and 2)', () => {
    const r = pick('0,2,-1,1')
    expect(r.gpus.map(p => p.gpu.index)).toEqual([0, 2])
    expect(r.ignored).toBe('-1')
    expect(pick('1,7,2').gpus.map(p => p.gpu.index)).toEqual([1])
    expect(pick('1,1,2').gpus.map(p => p.gpu.index)).toEqual([1])
  })

  it('empty, -1 or a first entry that matches nothing: no GPU, a problem with a fix', () => {
    for (const value of ['', '-1', 'none', '9', 'GPU-ffff']) {
      const r = pick(value)
      expect(r.gpus).toEqual([])
      expect(r.problem?.code).toMatch(/^pin-(hides-every-gpu|entry-unknown)$/)
      expect(r.problem?.text).toMatch(/Fix: /)
    }
  })

  it('a prefix shared by two cards is ambiguous: CUDA takes neither', () => {
    const twins = [
      { ...gpu(0), uuid: 'GPU-abcd0000-0000-4000-8000-000000000000' },
      { ...gpu(1), uuid: 'GPU-abce0000-0000-4000-8000-000000000001' }
    ]
    expect(pick('GPU-abc', twins).problem?.code).toBe('pin-prefix-ambiguous')
    expect(pick('GPU-abce', twins).gpus.map(p => p.gpu.index)).toEqual([1])
  })

  it('indices on a machine of mixed cards without CUDA_DEVICE_ORDER=PCI_BUS_ID are refused', () => {
    const mixed = [gpu(0, 'NVIDIA H100'), gpu(1, 'NVIDIA A100')]
    expect(pick('1', mixed).problem?.code).toBe('pin-index-order-ambiguous')
    expect(pick('1', mixed, 'PCI_BUS_ID').gpus.map(p => p.gpu.index)).toEqual([1])
    expect(pick(uuid(1), mixed).gpus.map(p => p.gpu.index)).toEqual([1])
  })

  it('MIG UUIDs (new and older forms) resolve to their parent GPU and are exported as given', () => {
    const list = parseMigList(
      [
        `GPU 0: NVIDIA A100-SXM4-80GB (UUID: ${uuid(0)})`,
        '  MIG 1g.10gb     Device  0: (UUID: MIG-aaaaaaaa-1111-5000-8000-000000000001)',
        `GPU 1: NVIDIA A100-SXM4-80GB (UUID: ${uuid(1)})`,
        '  MIG 3g.40gb     Device  0: (UUID: MIG-bbbbbbbb-1111-5000-8000-000000000002)',
        ''
      ].join('\n')
    )
    expect(list).toEqual([
      { uuid: 'MIG-aaaaaaaa-1111-5000-8000-000000000001', parentUuid: uuid(0), profile: '1g.10gb' },
      { uuid: 'MIG-bbbbbbbb-1111-5000-8000-000000000002', parentUuid: uuid(1), profile: '3g.40gb' }
    ])
    const r = resolvePin(parseRunnerPin('MIG-bbbbbbbb-1111-5000-8000-000000000002'), four, list, undefined)
    expect(r.gpus).toEqual([{ gpu: four[1], cudaId: 'MIG-bbbbbbbb-1111-5000-8000-000000000002' }])
    const older = `MIG-${uuid(3)}/1/0`
    expect(resolvePin(parseRunnerPin(older), four, [], undefined).gpus[0]).toEqual({
      gpu: four[3],
      cudaId: older
    })
  })

  it('says the pin in the report’s words', () => {
    expect(describePin([2, 3])).toBe("pinned to GPUs 2,3 by the runner's CUDA_VISIBLE_DEVICES")
    expect(describePin([1])).toBe("pinned to GPU 1 by the runner's CUDA_VISIBLE_DEVICES")
  })
})
