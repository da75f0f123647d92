// GPU memory of one smoke run, from two long-lived nvidia-smi loops: per-process rows
// (`--query-compute-apps`) attributed to the run's process tree and summed per GPU per tick, and
// the cards' `memory.used` (`--query-gpu`), which is the fallback when per-process rows cannot be
// attributed ([N/A] values, PIDs from another PID namespace): memory.used minus the baseline taken
// before the run. Parallel runs on other GPUs never count: rows are kept only for our tree's PIDs,
// and the device fallback only looks at the GPUs given to this run. Readings lost mid-run (values
// turning [N/A], rows of a running process vanishing) leave the peak to memory.used where it was
// readable throughout, and unknown (null) where it was not: never the part measured before.
import type { GpuInfo, GpuPeak, RunnerError } from '../../results.js'
import { note, type Note } from '../../notes.js'
import { formatBytes } from '../../config/units.js'
import { DEFAULT_QUERY_TIMEOUT_MS, queryComputeApps, queryGpus } from './nvidiaSmiQueries.js'
import { NvidiaSmiStream } from './nvidiaSmiStream.js'
import { COMPUTE_APPS_FIELDS, parseComputeAppsLine, TickGrouper } from './parseComputeApps.js'
import { GPU_QUERY_FIELDS, parseGpuQueryLine } from './parseGpuQuery.js'
import type { ProcessTree } from '../process/processTree.js'
import { runnerErrorInLine } from './runnerHealth.js'
import { waitFor } from '../process/waitFor.js'

/** How long the first row of the card loop may take (nvidia-smi starts slowly without persistence mode). */
const FIRST_ROW_WAIT_MS = 5000
/**
 * Silence of the card loop (which prints every tick) that means the driver hung rather than a
 * busy machine delaying a tick: long enough that a loaded CI host never reaches it.
 */
const HUNG_SILENCE_MS = 5000
/**
 * How long a process of the run may go unlisted by the per-process loop, while it still runs,
 * before its readings count as lost. A process keeps its row as long as it holds a CUDA context
 * (until it exits), so a row that vanishes under a live process means nvidia-smi stopped seeing
 * it ([N/A] or permissions flipped, another PID namespace); long enough that a delayed tick on a
 * loaded host never reaches it.
 */
const VANISHED_MS = 1500

export interface NvidiaSmiSamplerOptions {
  /** GPUs given to the run. */
  gpus: GpuInfo[]
  intervalMs: number
  queryTimeoutMs?: number
  /** Every attributed per-GPU tick sum as it accumulates (benchmarks, debugging). */
  onSample?: (sample: { atMs: number; gpuUuid: string; bytes: number }) => void
}

export interface NvidiaSmiOutcome {
  gpus: GpuPeak[]
  /**
   * Max over GPUs of our tree's per-process sums; null when no GPU could be attributed that way,
   * or when some GPU's readings were lost mid-run with nothing to cover the rest (deviceUsedDeltaBytes too).
   */
  nvidiaSmiBytes: number | null
  /** Max over GPUs that fell back to memory.used minus baseline; null when none did. */
  deviceUsedDeltaBytes: number | null
  peakAtMs: number | null
  notes: string[]
  /** Coded notes among `notes` (src/notes.ts); their texts are in `notes` too. */
  findings: Note[]
  /** Some GPU fell back to memory.used minus baseline. */
  usedDevice: boolean
  /** nvidia-smi failed, printed an NVML error or hung before or during the run: the runner is broken. */
  runnerError: RunnerError | null
}

export interface LiveGpuMemory {
  currentBytes: number
  peakBytes: number
  source: 'nvidia-smi' | 'nvidia-smi-device'
}

interface GpuState {
  uuid: string
  index: number | null
  given: boolean
  baselineBytes: number | null
  tick: number
  tickSum: number
  lastOurRowAt: number
  attributedPeak: number | null
  attributedPeakAt: number | null
  ourUnknownRows: number
  unmatchedPids: Set<number>
  otherPids: Set<number>
  deltaNow: number | null
  deltaPeak: number | null
  deltaPeakAt: number | null
  /** Card-loop rows of this GPU that arrived while the run was alive: the sampling clock of the run. */
  runTicks: number
  /** Our pids with a row on this GPU, and when their last row came (ms epoch). */
  ourRowAt: Map<number, number>
  /** Our pids whose rows stopped while they still ran, and their last row (ms into the run). */
  vanished: Map<number, number>
  /** memory.used ticks of this GPU during the run that had no value ([N/A], [Insufficient Permissions]). */
  deviceUnreadableTicks: number
}

export class NvidiaSmiSampler {
  private readonly notes: string[] = []
  private readonly states = new Map<string, GpuState>()
  private readonly indexByUuid = new Map<string, number>()
  private readonly foreign = new Map<number, { uuid: string; bytes: number | null }>()
  private readonly grouper: TickGrouper
  private tree: ProcessTree | null = null
  private startedAt = 0
  private refreshedForTick = -1
  private stray: string[] = []
  /** Non-CSV lines per loop: both loops print the same warnings and errors, so the larger count is the number of lines. */
  private strayCount = { apps: 0, device: 0 }
  private appsStream: NvidiaSmiStream | null = null
  private deviceStream: NvidiaSmiStream | null = null
  private lastDeviceRowAt = Number.NEGATIVE_INFINITY
  private stoppedAt: number | null = null
  private started = false
  private runnerError: RunnerError | null = null
  private runEndedAt: number | null = null

  constructor(private readonly options: NvidiaSmiSamplerOptions) {
    this.grouper = new TickGrouper(Math.min(200, Math.max(10, options.intervalMs / 2)))
  }

  /**
   * Takes the baseline (the cards' memory.used and the processes already on them) and starts
   * the loops. False, with a note, when nvidia-smi cannot be used; the run goes on without it.
   */
  async start(): Promise<boolean> {
    const timeoutMs = this.options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS
    const loop = ['-lms', String(Math.max(1, Math.round(this.options.intervalMs)))]
    const format = '--format=csv,noheader,nounits'
    this.appsStream = new NvidiaSmiStream(
      [`--query-compute-apps=${COMPUTE_APPS_FIELDS}`, format, ...loop],
      (l, at) => this.onAppsLine(l, at)
    )
    this.deviceStream = new NvidiaSmiStream([`--query-gpu=${GPU_QUERY_FIELDS}`, format, ...loop], (l, at) =>
      this.onDeviceLine(l, at)
    )
    // The loops start alongside the baseline queries: nvidia-smi takes a while to start.
    this.appsStream.start()
    this.deviceStream.start()
    const [cards, apps] = await Promise.all([queryGpus(timeoutMs), queryComputeApps(timeoutMs)])
    if (!cards.ok) {
      this.notes.push(`nvidia-smi sampler off: ${cards.error}`)
      // The gate found nvidia-smi working before giving this run its GPUs: failing now is the runner's fault.
      this.runnerError = cards.runnerError ?? {
        kind: 'nvidia-smi-error',
        message: `nvidia-smi is gone from this runner (${cards.error})`,
        fix: 'check that the NVIDIA driver and nvidia-smi are still installed on the runner',
        detail: null
      }
      await this.stopStreams()
      return false
    }
    for (const card of cards.value) if (card.uuid) this.indexByUuid.set(card.uuid, card.index)
    for (const given of this.options.gpus) {
      const card = cards.value.find(c => (given.uuid ? c.uuid === given.uuid : c.index === given.index))
      if (!card?.uuid) {
        this.notes.push(
          `GPU ${given.index} (${given.uuid ?? 'no uuid'}) is not in nvidia-smi's list; not sampled`
        )
        continue
      }
      this.states.set(card.uuid, this.newState(card.uuid, card.index, true, card.memoryUsedBytes))
    }
    if (this.states.size === 0) {
      await this.stopStreams()
      return false
    }
    if (apps.ok) {
      for (const row of apps.value) {
        if (this.states.has(row.gpuUuid))
          this.foreign.set(row.pid, { uuid: row.gpuUuid, bytes: row.usedBytes })
      }
    } else this.notes.push(`could not list the processes on the GPUs before the run: ${apps.error}`)
    this.started = true
    // Sampling must be live when the command starts, or a short run's peak is missed.
    const firstRowMs = Math.min(timeoutMs, FIRST_ROW_WAIT_MS)
    const live = await waitFor(
      () => Number.isFinite(this.lastDeviceRowAt) || this.deviceStream?.failure != null,
      firstRowMs,
      10
    )
    if (!live)
      this.notes.push(`nvidia-smi's sampling loop printed nothing within ${firstRowMs / 1000}s of its start`)
    return true
  }

  /**
   * The run's processes are gone (ms, Date.now() clock). Rows after it still count towards the
   * peak (memory the driver frees late), but not as proof that nvidia-smi sampled the run.
   */
  runEnded(atMs: number): void {
    this.runEndedAt ??= atMs
  }

  /** From now on rows are attributed to this tree; rows seen before are other processes'. */
  attach(tree: ProcessTree, startedAt: number): void {
    this.tree = tree
    this.startedAt = startedAt
  }

  private newState(
    uuid: string,
    index: number | null,
    given: boolean,
    baselineBytes: number | null
  ): GpuState {
    return {
      uuid,
      index,
      given,
      baselineBytes,
      tick: -1,
      tickSum: 0,
      lastOurRowAt: Number.NEGATIVE_INFINITY,
      attributedPeak: null,
      attributedPeakAt: null,
      ourUnknownRows: 0,
      unmatchedPids: new Set(),
      otherPids: new Set(),
      deltaNow: null,
      deltaPeak: null,
      deltaPeakAt: null,
      runTicks: 0,
      ourRowAt: new Map(),
      vanished: new Map(),
      deviceUnreadableTicks: 0
    }
  }

  private noteStray(text: string, loop: 'apps' | 'device'): void {
    // An NVML error printed inside the loop (a GPU lost mid-run) is the runner breaking.
    this.runnerError ??= runnerErrorInLine(text)
    this.strayCount[loop]++
    if (this.stray.length < 3) this.stray.push(text.slice(0, 120))
  }

  private onAppsLine(line: string, atMs: number): void {
    const parsed = parseComputeAppsLine(line)
    if (parsed.kind === 'header' || parsed.kind === 'blank') {
      this.grouper.separate()
      return
    }
    if (parsed.kind === 'stray') {
      this.noteStray(parsed.text, 'apps')
      return
    }
    const { pid, gpuUuid, usedBytes } = parsed.row
    const tick = this.grouper.add(`${pid} ${gpuUuid}`, atMs)
    const tree = this.tree
    if (!tree) {
      if (this.states.has(gpuUuid)) this.foreign.set(pid, { uuid: gpuUuid, bytes: usedBytes })
      return
    }
    let ours = tree.has(pid)
    if (!ours && !tree.seen(pid) && !this.foreign.has(pid) && this.refreshedForTick !== tick) {
      // A process started since the last refresh: look again before calling it a stranger.
      this.refreshedForTick = tick
      tree.refresh()
      ours = tree.has(pid)
    }
    if (!ours) {
      const state = this.states.get(gpuUuid)
      if (!state || this.foreign.has(pid)) return
      if (tree.seen(pid)) state.otherPids.add(pid)
      else state.unmatchedPids.add(pid)
      return
    }
    let state = this.states.get(gpuUuid)
    if (!state) {
      state = this.newState(gpuUuid, this.indexByUuid.get(gpuUuid) ?? null, false, null)
      this.states.set(gpuUuid, state)
    }
    state.ourRowAt.set(pid, atMs)
    if (usedBytes === null) {
      state.ourUnknownRows++
      return
    }
    if (state.tick !== tick) {
      state.tick = tick
      state.tickSum = 0
    }
    state.tickSum += usedBytes
    state.lastOurRowAt = atMs
    if (state.attributedPeak === null || state.tickSum > state.attributedPeak) {
      state.attributedPeak = state.tickSum
      state.attributedPeakAt = atMs - this.startedAt
    }
    this.options.onSample?.({ atMs, gpuUuid, bytes: state.tickSum })
  }

  private onDeviceLine(line: string, atMs: number): void {
    const parsed = parseGpuQueryLine(line)
    if (parsed.kind === 'stray') this.noteStray(parsed.text, 'device')
    if (parsed.kind !== 'row') return
    this.lastDeviceRowAt = atMs
    if (!this.tree) return
    const state = parsed.gpu.uuid ? this.states.get(parsed.gpu.uuid) : undefined
    if (state && (this.runEndedAt === null || atMs <= this.runEndedAt)) state.runTicks++
    if (state) this.checkVanished(state, atMs)
    if (state?.given && parsed.gpu.memoryUsedBytes === null) state.deviceUnreadableTicks++
    if (!state?.given || state.baselineBytes === null || parsed.gpu.memoryUsedBytes === null) return
    const delta = Math.max(0, parsed.gpu.memoryUsedBytes - state.baselineBytes)
    state.deltaNow = delta
    if (state.deltaPeak === null || delta > state.deltaPeak) {
      state.deltaPeak = delta
      state.deltaPeakAt = atMs - this.startedAt
    }
  }

  /**
   * The card loop's ticks are the clock: a process of ours whose row has not come for a while
   * either exited (its row went with it) or is still running unlisted, and then what nvidia-smi
   * showed of it is only the part before.
   */
  private checkVanished(state: GpuState, atMs: number): void {
    const staleMs = Math.max(5 * this.options.intervalMs, VANISHED_MS)
    for (const [pid, lastAt] of state.ourRowAt) {
      if (atMs - lastAt < staleMs) continue
      state.ourRowAt.delete(pid)
      if (this.tree?.isSameRunning(pid)) state.vanished.set(pid, lastAt - this.startedAt)
    }
  }

  /** Current and peak GPU memory of the run so far, for progress lines and early stop. */
  live(now = Date.now()): LiveGpuMemory | null {
    const fresh = 2.5 * this.options.intervalMs + 100
    const attributed = { seen: false, current: 0, peak: 0 }
    const device = { seen: false, current: 0, peak: 0 }
    for (const s of this.states.values()) {
      if (s.attributedPeak !== null) {
        // No row for a while: the processes freed their memory (an empty tick prints nothing).
        const current = now - s.lastOurRowAt <= fresh ? s.tickSum : 0
        attributed.seen = true
        attributed.current = Math.max(attributed.current, current)
        attributed.peak = Math.max(attributed.peak, s.attributedPeak)
      } else if (s.given && s.deltaPeak !== null && s.deltaPeak > 0) {
        device.seen = true
        device.current = Math.max(device.current, s.deltaNow ?? 0)
        device.peak = Math.max(device.peak, s.deltaPeak)
      }
    }
    if (attributed.seen)
      return { currentBytes: attributed.current, peakBytes: attributed.peak, source: 'nvidia-smi' }
    if (device.seen)
      return { currentBytes: device.current, peakBytes: device.peak, source: 'nvidia-smi-device' }
    return null
  }

  /** PIDs of other processes that held memory on our GPUs before the run. */
  foreignPids(): number[] {
    return [...this.foreign.keys()]
  }

  async stopStreams(): Promise<void> {
    this.stoppedAt ??= Date.now()
    await Promise.all([this.appsStream?.stop(), this.deviceStream?.stop()])
  }

  /** Why nvidia-smi could not be relied on for this run, if it could not. */
  get runnerFailure(): RunnerError | null {
    return this.runnerError
  }

  /** Whether per-process rows were usable to the end (the release wait can rely on them). */
  get rowsUsable(): boolean {
    return this.appsStream !== null && this.appsStream.failure === null
  }

  /**
   * The loops kept answering to the end. With no process on a card the per-process loop prints
   * nothing, so silence there proves nothing; the card loop prints every tick, so its silence
   * means nvidia-smi hung.
   */
  private get loopsAlive(): boolean {
    const end = this.stoppedAt ?? Date.now()
    return this.rowsUsable && end - this.lastDeviceRowAt <= Math.max(3 * this.options.intervalMs, 1000)
  }

  /** Our GPUs with the memory.used they showed before the run (for the release wait). */
  baselines(): { uuid: string; index: number | null; baselineBytes: number | null }[] {
    return [...this.states.values()]
      .filter(s => s.given)
      .map(s => ({ uuid: s.uuid, index: s.index, baselineBytes: s.baselineBytes }))
  }

  outcome(): NvidiaSmiOutcome {
    const notes = [...this.notes]
    const findings: Note[] = []
    if (!this.started) {
      return {
        gpus: [],
        nvidiaSmiBytes: null,
        deviceUsedDeltaBytes: null,
        peakAtMs: null,
        notes,
        findings: [],
        usedDevice: false,
        runnerError: this.runnerError
      }
    }
    const gpus: GpuPeak[] = []
    let nvidiaSmiBytes: number | null = null
    let deviceUsedDeltaBytes: number | null = null
    let best: { bytes: number; at: number | null } | null = null
    // Some GPU's readings stopped while the run went on and nothing covers the rest: the run's
    // GPU peak is unknown, not what the other GPUs or the part before showed.
    let readingsLost = false
    const appsHealthy = this.loopsAlive
    // Both loops die of the same driver failure with the same words: say it once.
    for (const failure of new Set([this.appsStream?.failure, this.deviceStream?.failure])) {
      if (failure) notes.push(`nvidia-smi sampling: ${failure}`)
    }
    let runnerError =
      this.runnerError ?? this.appsStream?.runnerError ?? this.deviceStream?.runnerError ?? null
    if (this.rowsUsable && !appsHealthy) {
      const silentMs = (this.stoppedAt ?? Date.now()) - this.lastDeviceRowAt
      const last = Number.isFinite(this.lastDeviceRowAt)
        ? `its last row came ${Math.round(silentMs / 1000)}s before the end`
        : 'it printed no row at all'
      notes.push(`nvidia-smi sampling went silent (${last}): GPU memory may be missing`)
      if (!Number.isFinite(silentMs) || silentMs >= HUNG_SILENCE_MS) {
        runnerError ??= {
          kind: 'hung',
          message: `nvidia-smi stopped answering during the run (${last}): the NVIDIA driver is hung`,
          fix: 'reboot the runner: processes stuck in the driver cannot be killed; dmesg usually shows the Xid that hung it',
          detail: null
        }
      }
    }
    const strayLines = Math.max(this.strayCount.apps, this.strayCount.device)
    if (strayLines > 0) {
      notes.push(
        `ignored ${strayLines} line(s) of nvidia-smi output that were not CSV rows, e.g. ${JSON.stringify(this.stray[0])}`
      )
    }
    const label = (s: GpuState) => `GPU ${s.index ?? s.uuid}`
    for (const s of this.states.values()) {
      const foreignHere = [...this.foreign].filter(([, f]) => f.uuid === s.uuid)
      if (foreignHere.length > 0 && s.baselineBytes !== null) {
        const list = foreignHere.map(
          ([pid, f]) =>
            `pid ${pid}${f.bytes !== null ? ` ${formatBytes(f.bytes, { unit: 'MiB', digits: 0 })}` : ''}`
        )
        notes.push(
          `${label(s)}: ${formatBytes(s.baselineBytes, { unit: 'MiB', digits: 0 })} in use before the start (other processes: ${list.join(', ')}); not counted`
        )
      }
      if (!s.given) notes.push(`${label(s)} was not given to the run, but its processes used it`)
      let peak: number | null = null
      let at: number | null = null
      let fallback: string | null = null
      const vanished = vanishedRows(s)
      if (s.attributedPeak !== null && s.ourUnknownRows === 0 && vanished === null) {
        ;[peak, at] = [s.attributedPeak, s.attributedPeakAt]
      } else if (s.ourUnknownRows > 0) {
        fallback = `nvidia-smi printed its processes' memory as unavailable ([N/A])`
      } else if (vanished !== null) {
        fallback = vanished
      } else if (s.unmatchedPids.size > 0 && s.deltaPeak !== null && s.deltaPeak > 0) {
        const pids = [...s.unmatchedPids].slice(0, 5).join(', ')
        fallback = `its rows name PIDs that match no process here (${pids}): a container without the host PID namespace?`
      } else if (s.given && s.deltaPeak !== null && (s.deltaPeak > 0 || !appsHealthy)) {
        fallback = appsHealthy ? 'nvidia-smi listed no process of the run' : 'the per-process query failed'
      } else if (appsHealthy && s.given && s.baselineBytes !== null && s.runTicks >= 2) {
        // The rows worked, none was ours, and memory.used did not grow: not used. Two card-loop
        // ticks during the run mean a whole sampling period passed, so the per-process loop (same
        // period; it prints nothing when no process is on the card) sampled the run at least once.
        ;[peak, at] = [0, null]
      } else if (appsHealthy && s.given && s.baselineBytes !== null) {
        // An empty per-process tick prints nothing: without a tick inside the run, silence is no
        // reading of it. Unknown, not 0.
        const ended = note(
          'ended-before-first-sample',
          `${label(s)}: the run ended before nvidia-smi sampled it (every ${this.options.intervalMs} ms): GPU memory unknown; make the run last longer than measure.interval, or shorten measure.interval`
        )
        notes.push(ended.text)
        findings.push(ended)
      } else if (appsHealthy && s.given) {
        // No row of ours and memory.used unreadable ([N/A], [Insufficient Permissions]): unknown, not 0.
        notes.push(
          `${label(s)}: nvidia-smi listed no process of the run and the card's memory.used is unavailable: GPU memory not measurable by nvidia-smi`
        )
      }
      if (fallback !== null) {
        // memory.used stands in only where it had a value at every tick of the run.
        if (s.deltaPeak !== null && s.deviceUnreadableTicks === 0) {
          peak = Math.max(s.deltaPeak, s.attributedPeak ?? 0)
          at = peak === s.deltaPeak ? s.deltaPeakAt : s.attributedPeakAt
          deviceUsedDeltaBytes = Math.max(deviceUsedDeltaBytes ?? 0, peak)
          notes.push(
            `${label(s)}: ${fallback}; measured the card's memory.used minus the ${formatBytes(s.baselineBytes ?? 0, { unit: 'MiB', digits: 0 })} it showed before the start instead, which also counts any other process that changed its memory meanwhile`
          )
        } else {
          // Rows with a value show only part of the run: a pass on them would be a pass without evidence.
          const device = s.deltaPeak !== null ? 'was unavailable for part of the run' : 'is unavailable too'
          const part =
            s.attributedPeak !== null
              ? ` (the rows that had a value showed ${formatBytes(s.attributedPeak, { unit: 'MiB', digits: 0 })}, a lower bound)`
              : ''
          notes.push(
            `${label(s)}: ${fallback}, and the card's memory.used ${device}: GPU memory unknown${part}`
          )
          readingsLost = true
        }
      } else if (peak !== null) {
        nvidiaSmiBytes = Math.max(nvidiaSmiBytes ?? 0, peak)
        if (s.unmatchedPids.size > 0) {
          notes.push(
            `${label(s)}: rows of PIDs ${[...s.unmatchedPids].slice(0, 5).join(', ')} matched no process of the run and were not counted`
          )
        }
      }
      if (s.otherPids.size > 0) {
        notes.push(
          `${label(s)}: other processes (${[...s.otherPids].slice(0, 5).join(', ')}) used it during the run; not counted`
        )
      }
      if (peak !== null && (best === null || peak > best.bytes)) best = { bytes: peak, at }
      if (s.index !== null)
        gpus.push({
          index: s.index,
          uuid: s.uuid,
          peakBytes: peak,
          baselineBytes: s.given ? s.baselineBytes : null
        })
    }
    if (readingsLost) [nvidiaSmiBytes, deviceUsedDeltaBytes, best] = [null, null, null]
    return {
      gpus,
      nvidiaSmiBytes,
      deviceUsedDeltaBytes,
      peakAtMs: best?.at ?? null,
      notes,
      findings,
      usedDevice: deviceUsedDeltaBytes !== null,
      runnerError
    }
  }
}

/** Why a GPU's per-process rows cover only part of the run: processes of it went unlisted while running. */
function vanishedRows(s: GpuState): string | null {
  if (s.vanished.size === 0) return null
  const list = [...s.vanished]
    .slice(0, 5)
    .map(([pid, atMs]) => `pid ${pid} after ${(atMs / 1000).toFixed(1)}s`)
    .join(', ')
  const other =
    s.unmatchedPids.size > 0
      ? `; rows of PIDs that match no process here (${[...s.unmatchedPids].slice(0, 5).join(', ')}) came instead: another PID namespace?`
      : ''
  return `nvidia-smi stopped listing processes of the run while they still ran (${list})${other}`
}
