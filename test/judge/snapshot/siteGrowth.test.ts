import { describe, expect, it } from 'vitest'
import { siteGrowth } from '../../../src/judge/snapshot/siteGrowth.js'
import type { SnapshotSite } from '../../../src/results.js'
import { GiB, MiB } from './fixtures.js'

const site = (
  name: string,
  bytes: number,
  category: SnapshotSite['category'] = 'activations'
): SnapshotSite => ({
  site: name,
  category,
  bytes,
  blocks: 1
})

describe('siteGrowth', () => {
  it('lists the sites that grew by more than 1 MiB, largest growth first; new sites count from 0', () => {
    const base = {
      sites: [site('vit.py:120 (forward)', 6 * GiB), site('train.py:41 (main)', 4 * GiB, 'parameters')]
    }
    const head = {
      sites: [
        site('vit.py:120 (forward)', 9 * GiB),
        site('head.py:30 (forward)', 2 * GiB),
        site('train.py:41 (main)', 4 * GiB + MiB / 2, 'parameters')
      ]
    }
    expect(siteGrowth(head, base)).toEqual([
      {
        site: 'vit.py:120 (forward)',
        category: 'activations',
        baseBytes: 6 * GiB,
        headBytes: 9 * GiB,
        deltaBytes: 3 * GiB
      },
      {
        site: 'head.py:30 (forward)',
        category: 'activations',
        baseBytes: 0,
        headBytes: 2 * GiB,
        deltaBytes: 2 * GiB
      }
    ])
  })

  it('is null without a snapshot on either side, and matches sites by category too', () => {
    expect(siteGrowth(null, { sites: [] })).toBeNull()
    expect(siteGrowth({ sites: [] }, undefined)).toBeNull()
    const moved = siteGrowth({ sites: [site('a.py:1', GiB, 'gradients')] }, { sites: [site('a.py:1', GiB)] })
    expect(moved).toEqual([
      { site: 'a.py:1', category: 'gradients', baseBytes: 0, headBytes: GiB, deltaBytes: GiB }
    ])
  })
})
