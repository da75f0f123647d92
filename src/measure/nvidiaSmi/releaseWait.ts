// After a run is stopped, its GPU memory is freed by the driver asynchronously (and a process
// stuck in the driver keeps it). The next model must not start on a card that still holds the
// last one's memory, so we poll until no compute process of the run is listed and, where rows
// could not be attributed, until the cards' memory.used is back near the pre-run baseline.
import { formatBytes } from '../../config/units.js'
import { queryComputeApps, queryGpus } from './nvidiaSmiQueries.js'

export interface ReleaseWaitOptions {
  ourPids: ReadonlySet<number>
  gpus: { uuid: string; index: number | null; baselineBytes: number | null }[]
  /** Also require memory.used back near the baseline (rows were not attributable). */
  checkDevice: boolean
  timeoutMs: number
  pollMs: number
  queryTimeoutMs: number
  /** How far above the baseline memory.used may stay and still count as released. */
  toleranceBytes?: number
  /**
   * Any of these aborted (the gate interrupted): stop waiting at once. No model starts after an
   * interrupt, so nothing needs the memory, and the finished run's result must not wait on it.
   */
  abort?: readonly (AbortSignal | undefined)[]
}

export interface ReleaseWaitResult {
  released: boolean
  waitedMs: number
  /** What still held memory when we gave up, or why we could not tell. */
  holding: string | null
  /** nvidia-smi could not be asked (then released is false without having waited); null otherwise. */
  error: string | null
  /** The wait was cut short by an abort signal. */
  interrupted?: boolean
}

export const RELEASE_TOLERANCE_BYTES = 64 * 1024 * 1024

export async function waitForGpuRelease(options: ReleaseWaitOptions): Promise<ReleaseWaitResult> {
  const started = Date.now()
  let lastHolding: string | null = null
  const signals = (options.abort ?? []).filter((s): s is AbortSignal => s !== undefined)
  const aborted = () => signals.some(s => s.aborted)
  let onAbort: () => void = () => {}
  const abortedNow = new Promise<'aborted'>(resolve => (onAbort = () => resolve('aborted')))
  for (const s of signals) s.addEventListener('abort', onAbort, { once: true })
  const cut = (): ReleaseWaitResult => ({
    released: false,
    waitedMs: Date.now() - started,
    holding: lastHolding,
    error: null,
    interrupted: true
  })
  try {
    for (;;) {
      if (aborted()) return cut()
      const left = options.timeoutMs - (Date.now() - started)
      // Give each query at least a second, so the last poll is not cut short: we may overrun by that.
      const check = await Promise.race([
        checkOnce(options, Math.min(options.queryTimeoutMs, Math.max(left, 1000))),
        abortedNow
      ])
      if (check === 'aborted') return cut()
      const waitedMs = Date.now() - started
      if (check.error !== null)
        return { released: false, waitedMs, holding: lastHolding ?? check.error, error: check.error }
      if (check.holding === null) return { released: true, waitedMs, holding: null, error: null }
      lastHolding = check.holding
      if (waitedMs >= options.timeoutMs)
        return { released: false, waitedMs, holding: lastHolding, error: null }
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        new Promise(
          resolve => (timer = setTimeout(resolve, Math.min(options.pollMs, options.timeoutMs - waitedMs)))
        ),
        abortedNow
      ]).finally(() => clearTimeout(timer))
    }
  } finally {
    for (const s of signals) s.removeEventListener('abort', onAbort)
  }
}

/** One look: what of ours still holds memory (null: nothing), or why nvidia-smi could not tell. */
async function checkOnce(
  options: ReleaseWaitOptions,
  queryTimeoutMs: number
): Promise<{ holding: string | null; error: string | null }> {
  const tolerance = options.toleranceBytes ?? RELEASE_TOLERANCE_BYTES
  const apps = await queryComputeApps(queryTimeoutMs)
  if (apps.ok) {
    const ours = apps.value.filter(row => options.ourPids.has(row.pid))
    if (ours.length > 0)
      return { holding: `still listed: ${ours.map(r => `pid ${r.pid}`).join(', ')}`, error: null }
    if (!options.checkDevice) return { holding: null, error: null }
  }
  const cards = await queryGpus(queryTimeoutMs)
  if (!cards.ok)
    return { holding: null, error: `could not ask nvidia-smi: ${apps.ok ? cards.error : apps.error}` }
  const over: string[] = []
  for (const card of cards.value) {
    const ours = options.gpus.find(g => g.uuid === card.uuid)
    if (!ours || ours.baselineBytes === null || card.memoryUsedBytes === null) continue
    if (card.memoryUsedBytes - ours.baselineBytes > tolerance) {
      over.push(
        `GPU ${card.index} still ${formatBytes(card.memoryUsedBytes - ours.baselineBytes, { unit: 'MiB', digits: 0 })} above its baseline`
      )
    }
  }
  return { holding: over.length > 0 ? over.join('; ') : null, error: null }
}
