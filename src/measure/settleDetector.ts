// Early stop: a run may end once it has run at least minDurationMs and none of its peaks (GPU,
// host...) has grown for settleMs. "Grown" means by more than 1 MiB and 0.1% over that peak when
// the settle clock last restarted, so that allocator noise does not keep a plateaued run alive,
// while slow creep that adds up still restarts the clock.
const MIN_GROWTH_BYTES = 1024 * 1024
const MIN_GROWTH_RATIO = 0.001

export class SettleDetector {
  private readonly reference = new Map<string, number>()
  private sinceMs = 0

  constructor(
    private readonly settleMs: number,
    private readonly minDurationMs: number
  ) {}

  /** Feed the peaks so far by source; true when the run may be stopped. */
  update(peaks: Record<string, number | null>, elapsedMs: number): boolean {
    for (const [source, peak] of Object.entries(peaks)) {
      if (peak === null) continue
      const reference = this.reference.get(source)
      const threshold = Math.max(MIN_GROWTH_BYTES, (reference ?? 0) * MIN_GROWTH_RATIO)
      if (reference === undefined || peak - reference > threshold) {
        this.reference.set(source, peak)
        this.sinceMs = elapsedMs
      }
    }
    if (this.reference.size === 0) return false
    return elapsedMs >= this.minDurationMs && elapsedMs - this.sinceMs >= this.settleMs
  }

  /** When a peak last grew (ms after start). */
  get lastGrowthAtMs(): number {
    return this.sinceMs
  }
}
