// Which allocation sites grew between a baseline's snapshot summary and this run's. Pure.
import type { SiteGrowth, SnapshotSummary } from '../../results.js'

/**
 * Sites (matched by category and `file:line (function)`) whose bytes alive at the peak grew by
 * more than `minDeltaBytes` (default 1 MiB), largest growth first, at most `limit` (default 5).
 * A site only the head has counts from 0. Null when either side has no snapshot summary. Both
 * summaries keep only their top sites, so a site below the base's top list reads as new.
 */
export function siteGrowth(
  head: Pick<SnapshotSummary, 'sites'> | null | undefined,
  base: Pick<SnapshotSummary, 'sites'> | null | undefined,
  options: { minDeltaBytes?: number; limit?: number } = {}
): SiteGrowth[] | null {
  if (!head || !base) return null
  const key = (s: { category: string; site: string }) => `${s.category}\u0000${s.site}`
  const before = new Map(base.sites.map(s => [key(s), s.bytes]))
  const min = options.minDeltaBytes ?? 2 ** 20
  return head.sites
    .map(s => {
      const baseBytes = before.get(key(s)) ?? 0
      return {
        site: s.site,
        category: s.category,
        baseBytes,
        headBytes: s.bytes,
        deltaBytes: s.bytes - baseBytes
      }
    })
    .filter(g => g.deltaBytes > min)
    .sort((a, b) => b.deltaBytes - a.deltaBytes || a.site.localeCompare(b.site))
    .slice(0, options.limit ?? 5)
}
