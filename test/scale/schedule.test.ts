// The pure scheduler: order, packing onto free GPUs, multi-GPU entries, what never fits.
import { describe, expect, it } from 'vitest'
import {
  canOverlap,
  pickStarts,
  priorityOrder,
  simulateSchedule,
  tooWide,
  type Schedulable
} from '../../src/plan/schedule.js'

const m = (name: string, gpus = 1): Schedulable => ({ name, gpus })
const names = (xs: { name: string }[]) => xs.map(x => x.name)

describe('priorityOrder', () => {
  it('keeps config order without any history', () => {
    expect(names(priorityOrder([m('a'), m('b'), m('c')]))).toEqual(['a', 'b', 'c'])
    expect(names(priorityOrder([m('a'), m('b'), m('c')], new Map()))).toEqual(['a', 'b', 'c'])
  })

  it('puts the longest last run first, unknown durations ahead of known ones, config order among equals', () => {
    const expected = new Map([
      ['a', 60_000],
      ['b', 300_000],
      ['d', 60_000],
      ['e', 120_000]
    ])
    const order = priorityOrder([m('a'), m('b'), m('c'), m('d'), m('e'), m('f')], expected)
    expect(names(order)).toEqual(['c', 'f', 'b', 'e', 'a', 'd'])
  })

  it('treats a nonsensical duration as unknown', () => {
    const expected = new Map([
      ['a', 10],
      ['b', Number.NaN],
      ['c', -5]
    ])
    expect(names(priorityOrder([m('a'), m('b'), m('c')], expected))).toEqual(['b', 'c', 'a'])
  })
})

describe('pickStarts', () => {
  it('packs one-GPU models onto the free GPUs, lowest index first, in priority order', () => {
    const starts = pickStarts([m('a'), m('b'), m('c'), m('d'), m('e')], [3, 1, 0, 2])
    expect(starts.map(s => [s.model.name, s.gpus])).toEqual([
      ['a', [0]],
      ['b', [1]],
      ['c', [2]],
      ['d', [3]]
    ])
  })

  it('gives a multi-GPU entry as many GPUs as it asks for', () => {
    const starts = pickStarts([m('fsdp', 2), m('a'), m('b')], [0, 1, 2, 3])
    expect(starts.map(s => [s.model.name, s.gpus])).toEqual([
      ['fsdp', [0, 1]],
      ['a', [2]],
      ['b', [3]]
    ])
  })

  it('passes over a model that does not fit yet and starts the next one that does', () => {
    // GPUs 0 and 1 are busy with earlier models: 3 are wanted, 2 free.
    const starts = pickStarts([m('wide', 3), m('a'), m('b'), m('c')], [2, 3])
    expect(starts.map(s => [s.model.name, s.gpus])).toEqual([
      ['a', [2]],
      ['b', [3]]
    ])
  })

  it('starts nothing without free GPUs', () => {
    expect(pickStarts([m('a')], [])).toEqual([])
  })
})

describe('tooWide and canOverlap', () => {
  it('finds the entries that need more GPUs than the whole pool', () => {
    expect(names(tooWide([m('a'), m('fsdp', 4), m('b', 2)], 2))).toEqual(['fsdp'])
    expect(tooWide([m('a')], 0)).toHaveLength(1)
  })

  it('says whether two models can ever run at once', () => {
    expect(canOverlap([m('a'), m('b')], 2)).toBe(true)
    expect(canOverlap([m('a'), m('b')], 1)).toBe(false)
    expect(canOverlap([m('a', 2), m('b', 2)], 3)).toBe(false)
    expect(canOverlap([m('a', 2), m('b', 2), m('c')], 3)).toBe(true)
    expect(canOverlap([m('a')], 8)).toBe(false)
  })
})

describe('simulateSchedule', () => {
  const makespan = (plan: { endMs: number }[]) => Math.max(...plan.map(p => p.endMs))

  it('runs four one-GPU models on four GPUs side by side', () => {
    const models = [m('a'), m('b'), m('c'), m('d')]
    const plan = simulateSchedule(models, [0, 1, 2, 3], () => 100)
    expect(plan.map(p => p.startMs)).toEqual([0, 0, 0, 0])
    expect(new Set(plan.flatMap(p => p.gpus)).size).toBe(4)
    expect(makespan(plan)).toBe(100)
    expect(makespan(simulateSchedule(models, [0], () => 100))).toBe(400)
  })

  it('longest first keeps a long run from ending up alone at the tail', () => {
    const durations = new Map([
      ['a', 1],
      ['b', 1],
      ['long', 2]
    ])
    const models = [m('a'), m('b'), m('long')]
    const byName = (x: Schedulable) => durations.get(x.name)!
    // Config order: a and b first, long from 1 to 3 on its own.
    expect(makespan(simulateSchedule(models, [0, 1], byName))).toBe(3)
    // Longest first: long beside a, then b: done at 2.
    const plan = simulateSchedule(models, [0, 1], byName, durations)
    expect(plan.map(p => [p.model.name, p.startMs])).toEqual([
      ['long', 0],
      ['a', 0],
      ['b', 1]
    ])
    expect(makespan(plan)).toBe(2)
  })

  it('a wide entry waits for enough GPUs while narrow ones use the rest', () => {
    const durations = new Map([
      ['a', 10],
      ['fsdp', 5],
      ['b', 3],
      ['c', 3]
    ])
    const plan = simulateSchedule(
      [m('a'), m('fsdp', 3), m('b'), m('c')],
      [0, 1, 2, 3],
      x => durations.get(x.name)!,
      durations
    )
    const at = Object.fromEntries(plan.map(p => [p.model.name, [p.startMs, p.gpus]]))
    // a takes GPU 0; fsdp needs 3 of the 3 left; b and c wait for it.
    expect(at).toEqual({ a: [0, [0]], fsdp: [0, [1, 2, 3]], b: [5, [1]], c: [5, [2]] })
  })

  it('leaves out entries wider than the pool', () => {
    const plan = simulateSchedule([m('a'), m('huge', 8)], [0, 1], () => 1)
    expect(names(plan.map(p => p.model))).toEqual(['a'])
  })
})
