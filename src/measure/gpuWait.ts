// Waiting for GPUs another job holds: before the first model and before each model, the GPUs are
// asked again (nvidia-smi) and a busy one is waited for, up to `measure.gpu-wait`, instead of being
// judged once at the start. GPUs named by `measure.gpus` are used even when other processes hold
// memory on them (that memory is the run's baseline: reported, never counted). nvidia-smi failing
// here is the runner breaking (contract 6), returned as such.
import type { GpuInfo, RunnerError } from '../results.js'
import { findBusyGpus, type BusyGpu } from '../plan/busyGpus.js'
import { queryComputeApps, queryGpus } from './nvidiaSmi/nvidiaSmiQueries.js'
import { readProcStat } from './host/procStat.js'

export interface GpuWaitOptions {
  /** How many of `gpus` must be free. */
  needed: number
  /** measure.gpu-idle: memory.used of an idle card with no compute process. */
  idleBytes: number
  /** measure.gpu-wait: longest wait for enough GPUs to free. */
  waitMs: number
  /** measure.gpus named these GPUs: use them busy or not. */
  explicit: boolean
  abort?: AbortSignal
  /** Between re-checks; default 1/10 of waitMs, within 200 ms to 2 s. */
  pollMs?: number
}

export interface GpuWaitResult {
  /** GPUs usable now (all of them when explicit). */
  free: GpuInfo[]
  /** GPUs held by others at the last check (also those used anyway when explicit). */
  busy: BusyGpu[]
  /** Time spent waiting for GPUs to free (0 when the first check settled it, however slow nvidia-smi was). */
  waitedMs: number
  /** nvidia-smi failed or hung while asked: the runner is broken. */
  runnerError: RunnerError | null
}

const sleep = (ms: number, abort?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      abort?.removeEventListener('abort', done)
      resolve()
    }
    abort?.addEventListener('abort', done, { once: true })
  })

/**
 * Whether pid is a process of this gate's own runs: a descendant of the gate (its runs' orphans
 * stay descendants under the child subreaper). Reads /proc/<pid>/stat up the parent chain.
 */
function isOwnDescendant(pid: number): boolean {
  for (let at = pid, hops = 0; at > 1 && hops < 64; hops++) {
    const stat = readProcStat(at)
    if (!stat) return false
    if (stat.ppid === process.pid) return true
    at = stat.ppid
  }
  return false
}

export async function waitForIdleGpus(gpus: readonly GpuInfo[], o: GpuWaitOptions): Promise<GpuWaitResult> {
  const started = Date.now()
  let firstCheck = true
  const pollMs = o.pollMs ?? Math.min(2000, Math.max(200, o.waitMs / 10))
  for (;;) {
    const [cards, apps] = await Promise.all([queryGpus(), queryComputeApps()])
    if (!cards.ok || !apps.ok) {
      const failed = !cards.ok ? cards : !apps.ok ? apps : null
      const runnerError = failed?.runnerError ?? {
        kind: 'nvidia-smi-error',
        message: `nvidia-smi is gone from this runner (${failed?.error ?? 'no answer'})`,
        fix: 'check that the NVIDIA driver and nvidia-smi are still installed on the runner',
        detail: null
      }
      return { free: [], busy: [], waitedMs: Date.now() - started, runnerError }
    }
    // The gate's own runs on other MIG slices of the same GPU are not strangers: nvidia-smi lists
    // a slice's processes, and counts their memory, on the parent GPU.
    const ours = (apps.value ?? []).filter(p => isOwnDescendant(p.pid))
    const strangers = apps.value && apps.value.filter(p => !ours.includes(p))
    const fresh = gpus.map(g => {
      const now = cards.value.find(c => (g.uuid ? c.uuid === g.uuid : c.index === g.index))
      if (!now) return g
      const ownBytes = ours.filter(p => p.gpuUuid === g.uuid).reduce((sum, p) => sum + (p.usedBytes ?? 0), 0)
      const used = now.memoryUsedBytes === null ? null : Math.max(0, now.memoryUsedBytes - ownBytes)
      return { ...g, memoryUsedBytes: used }
    })
    const found = findBusyGpus(fresh, strangers, o.idleBytes)
    const free = gpus.filter((_, i) => found.free.includes(fresh[i]!))
    const busy = found.busy
    const waitedMs = firstCheck ? 0 : Date.now() - started
    if (o.explicit) return { free: [...gpus], busy, waitedMs, runnerError: null }
    if (free.length >= o.needed || Date.now() - started >= o.waitMs || o.abort?.aborted) {
      return {
        // By device, not by index: two MIG slices of one GPU share its index.
        free,
        busy,
        waitedMs,
        runnerError: null
      }
    }
    firstCheck = false
    await sleep(Math.max(0, Math.min(pollMs, o.waitMs - (Date.now() - started))), o.abort)
  }
}
