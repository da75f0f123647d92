// Host memory of the smoke run: resident memory summed over the whole process tree at each
// sample, and its peak over time. Always on; the only sampler on a machine without a GPU.
import type { ProcessTree } from './processTree.js'

export class HostSampler {
  currentBytes: number | null = null
  peakBytes: number | null = null
  peakAtMs: number | null = null

  constructor(private readonly tree: ProcessTree) {}

  /** Call after tree.refresh(); elapsedMs is the time since the run started. */
  sample(elapsedMs: number): void {
    if (this.tree.size === 0) {
      this.currentBytes = 0
      return
    }
    const bytes = this.tree.rssBytes()
    this.currentBytes = bytes
    // A spike between two samples still shows in one process's VmHWM (it happened by now).
    const peak = Math.max(bytes, this.tree.highWaterMarkBytes())
    if (this.peakBytes === null || peak > this.peakBytes) {
      this.peakBytes = peak
      this.peakAtMs = elapsedMs
    }
  }
}
