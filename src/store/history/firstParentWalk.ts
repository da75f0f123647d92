// Which earlier commit to compare with: the starting commit when it has results, else the newest
// first-parent ancestor that has (first parents follow the branch itself, not the commits a merge
// brought in), at most `maxDistance` steps back. Pure: the caller fetches parents it lacks.

export type WalkResult =
  | { kind: 'found'; commit: string; distance: number }
  /** The parent of `commit` is not known yet: fetch it and walk again. */
  | { kind: 'need'; commit: string }
  | { kind: 'none'; reason: string }

export const MAX_BASELINE_DISTANCE = 50

export interface WalkOptions {
  /** Start from the first parent of `start` (a push compares with what came before it). */
  skipStart?: boolean
  maxDistance?: number
}

/**
 * `parents` maps a commit to its first parent (null for a root commit); a commit missing from it
 * has not been fetched. Distance 0 is the starting commit (or, with skipStart, its parent).
 */
export function walkFirstParents(
  start: string,
  parents: ReadonlyMap<string, string | null>,
  hasResults: (commit: string) => boolean,
  options: WalkOptions = {}
): WalkResult {
  const max = options.maxDistance ?? MAX_BASELINE_DISTANCE
  let commit: string = start
  if (options.skipStart) {
    const parent = parents.get(start)
    if (parent === undefined) return { kind: 'need', commit: start }
    if (parent === null) return { kind: 'none', reason: `${start.slice(0, 7)} is the first commit` }
    commit = parent
  }
  for (let distance = 0; distance <= max; distance++) {
    if (hasResults(commit)) return { kind: 'found', commit, distance }
    if (distance === max) break
    const parent = parents.get(commit)
    if (parent === undefined) return { kind: 'need', commit }
    if (parent === null) {
      return { kind: 'none', reason: `no results for ${start.slice(0, 7)} or any of its ancestors` }
    }
    commit = parent
  }
  return {
    kind: 'none',
    reason: `no results for ${start.slice(0, 7)} or its ${max} nearest first-parent ancestors`
  }
}
