// Which GPUs another job holds at the start: its processes' rows, or memory with no process listed.
import { describe, expect, it } from 'vitest'
import { findBusyGpus, IDLE_USED_LIMIT_BYTES } from '../../src/plan/busyGpus.js'
import { gpuInfo, MIB, uuidOf } from '../measure/helpers.js'

describe('findBusyGpus', () => {
  it('leaves out a GPU with another process on it, and says which', () => {
    const gpus = [gpuInfo(0, 300), gpuInfo(1, 3300), gpuInfo(2, 0)]
    const { free, busy } = findBusyGpus(gpus, [{ pid: 4242, gpuUuid: uuidOf(1), usedBytes: 3000 * MIB }])
    expect(free.map(g => g.index)).toEqual([0, 2])
    expect(busy.map(b => [b.gpu.index, b.why])).toEqual([
      [1, 'another process holds memory on it (pid 4242 2.93 GiB)']
    ])
  })

  it('counts a process whose memory is unknown ([N/A]) as busy all the same', () => {
    const { busy } = findBusyGpus([gpuInfo(0, 0)], [{ pid: 7, gpuUuid: uuidOf(0), usedBytes: null }])
    expect(busy[0]?.why).toBe('another process holds memory on it (pid 7)')
  })

  it('tolerates the driver-reserved memory of an idle card, not more with no process listed', () => {
    const idle = gpuInfo(0, 600) // R510+: a few hundred MiB on an idle card
    const edge = gpuInfo(1, IDLE_USED_LIMIT_BYTES / MIB)
    const hidden = gpuInfo(2, 9000) // a process nvidia-smi does not list (another container)
    const { free, busy } = findBusyGpus([idle, edge, hidden], [])
    expect(free.map(g => g.index)).toEqual([0, 1])
    expect(busy.map(b => b.gpu.index)).toEqual([2])
    expect(busy[0]?.why).toMatch(/^8\.79 GiB in use and no process listed/)
  })

  it('still applies the memory rule when the processes could not be listed, and trusts an unknown memory.used', () => {
    const unknown = { ...gpuInfo(1), memoryUsedBytes: null }
    const { free, busy } = findBusyGpus([gpuInfo(0, 5000), unknown], null)
    expect(free.map(g => g.index)).toEqual([1])
    expect(busy.map(b => b.gpu.index)).toEqual([0])
  })

  it('lists at most five processes per GPU', () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ pid: 100 + i, gpuUuid: uuidOf(0), usedBytes: MIB }))
    expect(findBusyGpus([gpuInfo(0)], rows).busy[0]?.why).toMatch(/pid 104 1\.0 MiB and 2 more\)$/)
  })
})
