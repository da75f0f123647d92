// Which model starts on which GPUs, and when. Longest expected first, so that the long runs do
// not end up alone at the tail; each model starts as soon as enough GPUs are free (list
// scheduling: a narrow model may start ahead of a wide one that does not fit yet, rather than
// leave GPUs idle). Pure: the executor in measure/runModels.ts asks `pickStarts` every time a
// model ends; `simulateSchedule` plays the same rules forward for tests and benchmarks.

export interface Schedulable {
  name: string
  /** GPUs the entry needs (`gpus: N`). */
  gpus: number
}

export interface Start<T> {
  model: T
  /** GPU indices given to it, lowest free first. */
  gpus: number[]
}

export interface PlannedRun<T> extends Start<T> {
  startMs: number
  endMs: number
}

/**
 * Longest expected duration first (the last known one, from history). A model with no known
 * duration goes ahead of those with one: it is new or changed and could be the longest, and
 * starting a short run early costs little. Config order among equals, so without any history
 * the order is the config's.
 */
export function priorityOrder<T extends Schedulable>(
  models: readonly T[],
  expectedDurationMs?: ReadonlyMap<string, number>
): T[] {
  const expected = (m: T) => {
    const ms = expectedDurationMs?.get(m.name)
    return ms === undefined || !Number.isFinite(ms) || ms < 0 ? Number.POSITIVE_INFINITY : ms
  }
  return models
    .map((model, i) => ({ model, i, ms: expected(model) }))
    .sort((a, b) => (a.ms === b.ms ? a.i - b.i : b.ms - a.ms))
    .map(x => x.model)
}

/**
 * The models of `waiting` (in priority order) that start now on the `free` GPUs: each in turn
 * takes the lowest free indices it needs, if there are enough; one that does not fit is passed
 * over for now.
 */
export function pickStarts<T extends Schedulable>(
  waiting: readonly T[],
  free: readonly number[]
): Start<T>[] {
  let left = [...free].sort((a, b) => a - b)
  const starts: Start<T>[] = []
  for (const model of waiting) {
    if (model.gpus > left.length) continue
    starts.push({ model, gpus: left.slice(0, model.gpus) })
    left = left.slice(model.gpus)
  }
  return starts
}

/** Models that can never start: they need more GPUs than the whole pool. */
export function tooWide<T extends Schedulable>(models: readonly T[], poolSize: number): T[] {
  return models.filter(m => m.gpus > poolSize)
}

/** Whether two of these models can ever run at the same time on a pool of this size. */
export function canOverlap(models: readonly Schedulable[], poolSize: number): boolean {
  const widths = models
    .map(m => m.gpus)
    .filter(w => w <= poolSize)
    .sort((a, b) => a - b)
  return widths.length >= 2 && widths[0]! + widths[1]! <= poolSize
}

/**
 * The whole plan if every model takes `durationMs`: the executor's rules (priority order,
 * pickStarts whenever a model ends) played forward. Models wider than the pool are left out.
 */
export function simulateSchedule<T extends Schedulable>(
  models: readonly T[],
  gpuIndices: readonly number[],
  durationMs: (model: T) => number,
  expectedDurationMs?: ReadonlyMap<string, number>
): PlannedRun<T>[] {
  const waiting = priorityOrder(
    models.filter(m => m.gpus <= gpuIndices.length),
    expectedDurationMs
  )
  let free = [...gpuIndices]
  const running: PlannedRun<T>[] = []
  const planned: PlannedRun<T>[] = []
  let now = 0
  while (waiting.length > 0) {
    for (const start of pickStarts(waiting, free)) {
      waiting.splice(waiting.indexOf(start.model), 1)
      free = free.filter(g => !start.gpus.includes(g))
      const run = { ...start, startMs: now, endMs: now + durationMs(start.model) }
      running.push(run)
      planned.push(run)
    }
    if (waiting.length === 0) break
    // Jump to the next end and give its GPUs back (all runs ending then at once).
    now = Math.min(...running.map(r => r.endMs))
    for (const done of running.filter(r => r.endMs === now)) {
      running.splice(running.indexOf(done), 1)
      free.push(...done.gpus)
    }
  }
  return planned
}
