import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/config/load.js'
import { CONTEXT_RESERVE_BYTES, resolveTarget } from '../../src/plan/resolveTarget.js'
import { selectModels } from '../../src/plan/selectModels.js'
import type { GpuInfo } from '../../src/results.js'
import { config, GiB, MiB } from '../support/builders.js'

const four = config(`models:
  - {name: sapiens_0.3b, run: x}
  - {name: sapiens_0.6b, run: x}
  - {name: sapiens_1b, run: x}
  - {name: sapiens_2b, run: x}
`)

describe('selectModels', () => {
  it('keeps every model without a filter', () => {
    expect(selectModels(four.models, []).selected).toHaveLength(4)
  })
  it('takes names, globs and comma-separated lists, in config order', () => {
    const { selected, filteredOut } = selectModels(four.models, ['sapiens_2b, sapiens_0.*'])
    expect(selected.map(m => m.name)).toEqual(['sapiens_0.3b', 'sapiens_0.6b', 'sapiens_2b'])
    expect(filteredOut.map(m => m.name)).toEqual(['sapiens_1b'])
  })
  it('subtracts patterns that start with !, alone or after others', () => {
    const names = (...filters: string[]) => selectModels(four.models, filters).selected.map(m => m.name)
    expect(names('sapiens_*', '!sapiens_2b')).toEqual(['sapiens_0.3b', 'sapiens_0.6b', 'sapiens_1b'])
    expect(names('!sapiens_0.*')).toEqual(['sapiens_1b', 'sapiens_2b'])
    expect(names('sapiens_1b,!sapiens_0.3b')).toEqual(['sapiens_1b'])
    expect(() => selectModels(four.models, ['!sapiens_3b'])).toThrow(
      '--model !sapiens_3b: matches no model; the config has sapiens_0.3b, sapiens_0.6b, sapiens_1b, sapiens_2b'
    )
    expect(() => selectModels(four.models, ['sapiens_1b', '!sapiens_*'])).toThrow(
      '--model sapiens_1b !sapiens_*: excludes every model it includes; nothing would run'
    )
  })
  it('refuses a filter that matches nothing, listing the names', () => {
    expect(() => selectModels(four.models, ['sapiens_3b'])).toThrowError(UsageError)
    expect(() => selectModels(four.models, ['sapiens_3b'])).toThrow(
      '--model sapiens_3b: matches no model; the config has sapiens_0.3b, sapiens_0.6b, sapiens_1b, sapiens_2b'
    )
  })
})

const gpu = (memoryMiB: number | null, index = 0): GpuInfo => ({
  index,
  uuid: `GPU-${index}`,
  name: 'NVIDIA H200',
  memoryTotalBytes: memoryMiB === null ? null : memoryMiB * MiB,
  memoryUsedBytes: 0,
  driver: '570.86.15'
})

describe('resolveTarget', () => {
  const at80 = config('gpu: {memory: 80GiB, headroom: 3%}\nmodels: [{name: a, run: x}]\n')

  it('gpu.memory: runner on cards of different sizes takes the smallest, and says so', () => {
    const runner = config('models: [{name: a, run: x}]\n')
    const a800 = { ...gpu(81920, 0), name: 'NVIDIA A800 80GB PCIe' }
    const rtx = { ...gpu(24564, 1), name: 'NVIDIA GeForce RTX 4090' }
    const mixed = resolveTarget(runner, [a800, rtx], 0, 'measure')
    expect(mixed.memoryBytes).toBe(24564 * MiB)
    expect(mixed.notes).toEqual([
      {
        code: 'mixed-card-sizes',
        text: "the runner's GPUs differ in size (NVIDIA A800 80GB PCIe 80.00 GiB, NVIDIA GeForce RTX 4090 23.99 GiB): gpu.memory: runner judges every model against the smallest, 23.99 GiB; set gpu.memory to the card you target, or pin the runner to one kind of card with CUDA_VISIBLE_DEVICES"
      }
    ])
    // Cards of one size: nothing to say.
    expect(resolveTarget(runner, [a800, { ...a800, index: 1 }], 0, 'measure').notes).toEqual([])
  })

  it('emulates a smaller target on a bigger card by capping PyTorch', () => {
    const t = resolveTarget(at80, [gpu(143771)], 0, 'measure')
    expect(t).toMatchObject({
      memoryBytes: 80 * GiB,
      limitBytes: 83322365542,
      measures: 'gpu',
      emulated: true
    })
    expect(t.capBytes).toBe(80 * GiB - CONTEXT_RESERVE_BYTES)
    expect(t.notes[0]).toMatchObject({
      code: 'target-emulated',
      text: expect.stringMatching(/capped at 79.50 GiB/)
    })
  })

  it('uses the card as it is when it is the target size', () => {
    const t = resolveTarget(at80, [gpu(81920)], 0, 'measure')
    expect(t).toMatchObject({ emulated: false, capBytes: null, notes: [] })
  })

  it('warns when the runner card is smaller than the target', () => {
    const t = resolveTarget(at80, [gpu(81559)], 0, 'measure')
    expect(t.capBytes).toBeNull()
    expect(t.notes[0]).toMatchObject({
      code: 'card-smaller-than-target',
      text: expect.stringMatching(/smaller than the target/)
    })
  })

  it('reads "runner" from the smallest card, and the host memory without a GPU', () => {
    const runner = config('models: [{name: a, run: x}]\n')
    expect(resolveTarget(runner, [gpu(81920), gpu(40960, 1)], 0, 'measure').memoryBytes).toBe(40 * GiB)
    const host = resolveTarget(runner, [], 16 * GiB, 'measure')
    expect(host).toMatchObject({ memoryBytes: 16 * GiB, measures: 'host' })
    expect(() => resolveTarget(runner, [gpu(null)], 0, 'measure')).toThrow(
      /does not report this card's memory/
    )
  })

  it('judges host memory on a machine without a GPU, and with sampler host', () => {
    expect(resolveTarget(at80, [], 64 * GiB, 'measure').measures).toBe('host')
    const host = config('gpu: {memory: 2GiB}\nmeasure: {sampler: host}\nmodels: [{name: a, run: x}]\n')
    expect(resolveTarget(host, [gpu(81920)], 64 * GiB, 'measure')).toMatchObject({
      measures: 'host',
      memoryBytes: 2 * GiB
    })
  })

  it('needs a number for estimates', () => {
    expect(resolveTarget(at80, [], 0, 'estimate')).toMatchObject({ memoryBytes: 80 * GiB, measures: 'gpu' })
    expect(() => resolveTarget(config('models: [{name: a, run: x}]\n'), [], 0, 'estimate')).toThrow(
      /gpu.memory: "runner" means the runner's own card/
    )
  })
})
