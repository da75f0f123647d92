// Machine-wide leases on GPUs (contract 6, 2026-12-06: one gate per card at a time). Several runner
// services on one machine each run gates; without a lease two of them can both find a card idle and
// start a model on it within the same second. Before a model takes a GPU, its gate takes the lease
// on that GPU; it holds it through the run and the release wait.
//
// The lease is an flock(2) on a file per GPU (named by its UUID, or the MIG UUID the run is given),
// so the kernel drops it when the holder dies, even by SIGKILL: no stale lease outlives a gate.
// Node has no flock(2) (fs-ext, the native binding, is unmaintained and needs a compiler on the
// runner), so the lock is held by a small child: `sh` opens the file on fd 9 and runs flock(1)
// from util-linux on it, then waits reading its stdin, a pipe from the gate. When the gate ends,
// however it ends, the pipe's write end closes, `read` returns, the child exits and the kernel
// releases the lock. The child runs in its own session, so a Ctrl-C to the gate's terminal does
// not end it while the gate is still stopping its run.
//
// The file is opened without O_CREAT (the shell's `<`): under fs.protected_regular, an O_CREAT
// open of another user's file in a sticky world-writable directory (/tmp) fails even when its mode
// allows it. The gate creates a missing file itself (O_EXCL, mode 0666) and the directory (1777),
// so gates run by different users on one machine share the leases.
import { randomUUID } from 'node:crypto'
import { spawn, type ChildProcess } from 'node:child_process'
import {
  chmodSync,
  closeSync,
  fchmodSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ENV } from '../../environment.js'

/** Who holds a lease: written into the lease file so a waiting gate can say who held the card. */
export interface LeaseHolder {
  /** GITHUB_REPOSITORY of the holding gate, or null outside Actions. */
  repository: string | null
  /** GITHUB_RUN_ID (and attempt) of the holding gate, or null. */
  run: string | null
  /** The model entry the card is leased for. */
  model: string
  pid: number
  /** When the lease was taken (ISO 8601). */
  since: string
  /** This gate process's own id (GATE_ID), so that it knows its own leases; absent in old files. */
  gate?: string
}

/** Tells this gate's leases from another's: pids repeat across containers sharing the lease directory. */
const GATE_ID = randomUUID()

export interface LeaseOptions {
  /** Directory of the lease files (defaultLeaseDir()). */
  dir: string
  /** Give up at this time (ms since the epoch): measure.gpu-wait from when waiting began. */
  deadlineMs: number
  abort?: AbortSignal
  holder: Omit<LeaseHolder, 'since' | 'pid' | 'gate'>
}

/** Held leases; release() lets them go (idempotent). */
export interface HeldLeases {
  ids: string[]
  release(): void
}

export type LeaseOutcome =
  | {
      ok: true
      leases: HeldLeases
      /** Another gate held one of the leases when this gate asked. */
      waited: boolean
      /** Time spent waiting for another gate's lease (0 when none was held). */
      waitedMs: number
      /** Who held a lease this gate waited for (the last one seen), or null. */
      heldBy: LeaseHolder | null
    }
  | {
      ok: false
      /** timeout: another gate held it past the deadline; aborted: the gate is stopping; unavailable: no flock(1) or no directory. */
      why: 'timeout' | 'aborted' | 'unavailable'
      /** The lease that was not taken (GPU or MIG UUID). */
      id: string
      heldBy: LeaseHolder | null
      waitedMs: number
      error: string | null
    }

/** The default lease directory: OOM_GATE_LEASE_DIR, else <tmpdir>/oom-gate-leases. */
export function defaultLeaseDir(env: NodeJS.ProcessEnv = process.env): string {
  return env[ENV.leaseDir] || join(tmpdir(), 'oom-gate-leases')
}

/** Exit status the lock child uses when flock(1) timed out (flock -E). */
const TIMED_OUT = 75
/** Exit status when the lease file could not be opened. */
const NO_FILE = 70

// While it waits, the lease is tied to the gate too: flock(1) waits in the background, and a
// watcher reading the gate's pipe (fd 8: a background list's stdin is /dev/null) kills it at EOF,
// so a gate that dies while waiting, even by SIGKILL, leaves no waiter that would sit out the
// whole wait and then take the card for a dead gate.
const SCRIPT = [
  `exec 9<"$1" || exit ${NO_FILE}`,
  'exec 8<&0',
  'if ! flock -n 9; then',
  '  echo waiting',
  `  flock -w "$2" -E ${TIMED_OUT} 9 &`,
  '  waiter=$!',
  '  { read -r _ <&8; kill "$waiter" 2>/dev/null; } &',
  '  watcher=$!',
  '  wait "$waiter"',
  '  status=$?',
  '  kill "$watcher" 2>/dev/null',
  '  [ "$status" -eq 0 ] || exit "$status"',
  'fi',
  'echo locked',
  // Held until the gate closes our stdin: it released the lease, or it died.
  'read -r _ || true'
].join('\n')

/**
 * Takes the leases on `ids` (GPU or MIG UUIDs) in a fixed order (sorted), so two gates that each
 * need two of the same cards never hold one each and wait forever. All or none: on failure, those
 * taken are released. Never throws.
 */
export async function takeLeases(ids: readonly string[], o: LeaseOptions): Promise<LeaseOutcome> {
  const started = Date.now()
  const held: OneLease[] = []
  let heldBy: LeaseHolder | null = null
  let waited = false
  const releaseAll = () => held.splice(0).forEach(l => l.release())
  for (const id of [...new Set(ids)].sort()) {
    const one = await takeOne(id, o)
    if (one.heldBy) heldBy = one.heldBy
    if (one.waited) waited = true
    if (!one.ok) {
      releaseAll()
      return { ok: false, why: one.why, id, heldBy, waitedMs: Date.now() - started, error: one.error }
    }
    held.push(one.lease)
  }
  return {
    ok: true,
    waited,
    waitedMs: waited ? Date.now() - started : 0,
    heldBy,
    leases: { ids: held.map(l => l.id), release: releaseAll }
  }
}

interface OneLease {
  id: string
  release(): void
}

type OneOutcome =
  | { ok: true; lease: OneLease; heldBy: LeaseHolder | null; waited: boolean }
  | {
      ok: false
      why: 'timeout' | 'aborted' | 'unavailable'
      heldBy: LeaseHolder | null
      waited: boolean
      error: string | null
    }

function takeOne(id: string, o: LeaseOptions): Promise<OneOutcome> {
  let path: string
  try {
    path = leaseFile(o.dir, id)
  } catch (error) {
    return Promise.resolve({
      ok: false,
      why: 'unavailable',
      heldBy: null,
      waited: false,
      error: (error as Error).message
    })
  }
  if (o.abort?.aborted)
    return Promise.resolve({ ok: false, why: 'aborted', heldBy: null, waited: false, error: null })
  const waitSeconds = Math.max(0, (o.deadlineMs - Date.now()) / 1000).toFixed(3)
  return new Promise(resolve => {
    let heldBy: LeaseHolder | null = null
    let waited = false
    let settled = false
    let stderr = ''
    const child: ChildProcess = spawn('sh', ['-c', SCRIPT, 'oom-gate-lease', path, waitSeconds], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true
    })
    const onAbort = () => {
      if (settled || child.pid === undefined) return
      // The whole group: flock(1), waiting, is the shell's child and holds its stdout open.
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }
    o.abort?.addEventListener('abort', onAbort, { once: true })
    const finish = (outcome: OneOutcome) => {
      if (settled) return
      settled = true
      o.abort?.removeEventListener('abort', onAbort)
      resolve(outcome)
    }
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()).slice(0, 2000))
    child.stdin?.on('error', () => {})
    let buffered = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      if (buffered.includes('waiting\n') && !waited) {
        waited = true
        heldBy = readHolder(path)
      }
      if (buffered.includes('locked\n')) {
        writeHolder(path, { ...o.holder, pid: process.pid, since: new Date().toISOString(), gate: GATE_ID })
        // Held: the child must not keep the gate alive by itself (the pipe ties it to the gate).
        child.unref()
        for (const stream of [child.stdin, child.stdout, child.stderr])
          (stream as { unref?: () => void } | null)?.unref?.()
        finish({
          ok: true,
          heldBy,
          waited,
          lease: {
            id,
            release: () => {
              // EOF on its stdin ends the child, and with it the lock.
              child.stdin?.end()
            }
          }
        })
      }
    })
    child.on('error', error =>
      finish({ ok: false, why: 'unavailable', heldBy, waited, error: error.message })
    )
    child.on('close', code => {
      if (o.abort?.aborted) return finish({ ok: false, why: 'aborted', heldBy, waited, error: null })
      if (code === TIMED_OUT)
        return finish({
          ok: false,
          why: 'timeout',
          heldBy: heldBy ?? readHolder(path),
          waited: true,
          error: null
        })
      const said = stderr.trim().split('\n')[0] ?? ''
      finish({
        ok: false,
        why: 'unavailable',
        heldBy,
        waited,
        error:
          code === 127
            ? 'flock(1) was not found (util-linux)'
            : `the lease on ${path} could not be taken (exit ${code}${said ? `: ${said}` : ''})`
      })
    })
  })
}

/** The lease file of `id`, created (0666) in a directory created 1777 if missing. */
function leaseFile(dir: string, id: string): string {
  ensureDir(dir)
  const path = join(dir, `${id.replace(/[^\w.-]/g, '_')}.lease`)
  try {
    closeSync(openSync(path, 'r'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    try {
      const fd = openSync(path, 'wx', 0o666)
      try {
        fchmodSync(fd, 0o666) // past the umask: gates of other users open it to write their name
      } finally {
        closeSync(fd)
      }
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced
    }
  }
  return path
}

function ensureDir(dir: string): void {
  try {
    if (statSync(dir).isDirectory()) return
  } catch {
    // missing: created below
  }
  mkdirSync(dir, { recursive: true })
  try {
    chmodSync(dir, 0o1777) // like /tmp: every user may add a lease file, none may remove another's
  } catch {
    // another user's directory: its mode is theirs to set
  }
}

function writeHolder(path: string, holder: LeaseHolder): void {
  try {
    const fd = openSync(path, 'r+')
    try {
      ftruncateSync(fd, 0)
      writeSync(fd, `${JSON.stringify(holder)}\n`, 0)
    } finally {
      closeSync(fd)
    }
  } catch {
    // A file of another user without write permission: the lease holds, only the name is missing.
  }
}

function readHolder(path: string): LeaseHolder | null {
  try {
    const text = readFileSync(path, 'utf8').trim()
    if (text === '') return null
    const parsed = JSON.parse(text) as Partial<LeaseHolder>
    if (typeof parsed.model !== 'string') return null
    return {
      repository: typeof parsed.repository === 'string' ? parsed.repository : null,
      run: typeof parsed.run === 'string' ? parsed.run : null,
      model: parsed.model,
      pid: typeof parsed.pid === 'number' ? parsed.pid : 0,
      since: typeof parsed.since === 'string' ? parsed.since : '',
      ...(typeof parsed.gate === 'string' ? { gate: parsed.gate } : {})
    }
  } catch {
    return null
  }
}

/**
 * "another gate (owner/repo run 123, model big, pid 42)": who held a card, for notes and reasons;
 * "this gate's model big" when the holder is this very process (a model that ran on the card
 * before, still in its release wait), which a reader would otherwise take for a second gate.
 */
export function describeHolder(holder: LeaseHolder | null): string {
  if (!holder) return 'another gate'
  if (holder.gate === GATE_ID) return `this gate's model ${holder.model}`
  const where = [holder.repository, holder.run ? `run ${holder.run}` : null].filter(Boolean).join(' ')
  return `another gate (${where ? `${where}, ` : ''}model ${holder.model}, pid ${holder.pid})`
}
