// Choosing the baseline commit: the start when it has results, else the newest first-parent
// ancestor that has, at most 50 back, with the distance.
import { describe, expect, it } from 'vitest'
import { walkFirstParents } from '../../src/store/history/firstParentWalk.js'

// c0 <- c1 <- ... <- c60 on the branch; m is a merge whose first parent is c60 and second x1.
const chain = Array.from({ length: 61 }, (_, i) => `c${i}`)
const parents = new Map<string, string | null>(chain.map((c, i) => [c, i === 0 ? null : `c${i - 1}`]))
parents.set('m', 'c60')
parents.set('x1', 'c10')

describe('walkFirstParents', () => {
  it('takes the start itself at distance 0', () => {
    expect(walkFirstParents('c60', parents, c => c === 'c60')).toEqual({
      kind: 'found',
      commit: 'c60',
      distance: 0
    })
  })

  it('falls back along first parents and counts the distance', () => {
    expect(walkFirstParents('c60', parents, c => c === 'c57' || c === 'c3')).toEqual({
      kind: 'found',
      commit: 'c57',
      distance: 3
    })
  })

  it('follows first parents only: a commit of a merged side branch is not a baseline', () => {
    expect(walkFirstParents('m', parents, c => c === 'x1' || c === 'c58')).toEqual({
      kind: 'found',
      commit: 'c58',
      distance: 3
    })
  })

  it('looks at most 50 commits back', () => {
    expect(walkFirstParents('c60', parents, c => c === 'c10')).toEqual({
      kind: 'found',
      commit: 'c10',
      distance: 50
    })
    expect(walkFirstParents('c60', parents, c => c === 'c9')).toMatchObject({
      kind: 'none',
      reason: expect.stringMatching(/50 nearest/)
    })
  })

  it('with skipStart begins at the parent (a push compares with what came before)', () => {
    const has = (c: string) => c === 'c60' || c === 'c59'
    expect(walkFirstParents('c60', parents, has, { skipStart: true })).toEqual({
      kind: 'found',
      commit: 'c59',
      distance: 0
    })
  })

  it('asks for the parent it does not know yet, and stops at the root', () => {
    expect(walkFirstParents('zz', parents, () => false)).toEqual({ kind: 'need', commit: 'zz' })
    expect(walkFirstParents('c2', parents, () => false)).toMatchObject({
      kind: 'none',
      reason: expect.stringMatching(/any of its ancestors/)
    })
    expect(walkFirstParents('c0', parents, () => false, { skipStart: true })).toMatchObject({
      kind: 'none',
      reason: expect.stringMatching(/first commit/)
    })
  })
})
