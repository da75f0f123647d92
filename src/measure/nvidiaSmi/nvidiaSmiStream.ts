// One long-lived `nvidia-smi ... -lms N` process whose output is handed over line by line with
// its arrival time. It runs in its own process group so that a Ctrl-C meant for the gate does
// not end sampling before the run is stopped. A closed pipe does not end it when the gate dies:
// `--query-compute-apps` prints nothing while no process uses a GPU, so it never writes into
// it; a watchdog (treeWatchdog.ts) holding a pipe from the gate kills its group then, even
// after a SIGKILL. Failing to start, exiting early or hanging is recorded, never thrown; an
// early exit is classified (runnerHealth.ts) from its status and its last words.
import { spawn, type ChildProcess } from 'node:child_process'
import type { RunnerError } from '../../results.js'
import { LineSplitter } from '../process/lineSplitter.js'
import { nvidiaSmiCommand } from './nvidiaSmiCommand.js'
import { classifyNvidiaSmi } from './runnerHealth.js'
import { startWatchdog, type Watchdog } from '../process/treeWatchdog.js'

const KEPT_LINES = 5
const KEPT_STDERR = 4096

export class NvidiaSmiStream {
  /** Why the stream stopped before we asked it to, if it did. */
  failure: string | null = null
  /** The same failure as a runner error (nvidia-smi is present but broken), when it stopped by itself. */
  runnerError: RunnerError | null = null
  lines = 0
  private recent: string[] = []
  private stderr = ''
  private child: ChildProcess | null = null
  private stopping = false
  private exited: Promise<void> = Promise.resolve()
  /** Kills the loop's process group if the gate dies first; released once the loop has ended. */
  private guard: Promise<Watchdog | null> = Promise.resolve(null)
  private guardReleased: Promise<void> | null = null

  constructor(
    private readonly args: string[],
    private readonly onLine: (line: string, atMs: number) => void
  ) {}

  start(): void {
    const command = nvidiaSmiCommand()
    const child = spawn(command, this.args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    this.child = child
    if (child.pid !== undefined) {
      this.guard = startWatchdog({ groupId: child.pid, cgroupDir: null, envToken: null })
    }
    const splitter = new LineSplitter(block => {
      for (const line of block.lines) {
        this.lines++
        this.recent.push(line)
        if (this.recent.length > KEPT_LINES) this.recent.shift()
        this.onLine(line, Date.now())
      }
    })
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      if (this.stderr.length < KEPT_STDERR) this.stderr += chunk
    })
    child.stderr?.on('error', () => {})
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => splitter.push(chunk))
    child.stdout?.on('error', () => {})
    this.exited = new Promise(resolve => {
      child.on('error', err => {
        const code = (err as NodeJS.ErrnoException).code
        this.failure ??= code === 'ENOENT' ? `${command} not found` : `${command}: ${err.message}`
        this.runnerError ??= {
          kind: 'nvidia-smi-error',
          message: `nvidia-smi could not be started for sampling (${this.failure})`,
          fix: 'check that nvidia-smi is still installed and executable on the runner',
          detail: null
        }
        resolve()
      })
      child.on('exit', (code, signal) => {
        // Released once the loop is gone: its group id may be reused later, and must not be killed then.
        void this.releaseGuard()
        splitter.end()
        if (!this.stopping && this.failure === null) {
          this.failure = `${command} stopped by itself (${code ?? signal}) while sampling`
          const verdict = classifyNvidiaSmi({
            exitCode: code,
            stdout: this.recent.join('\n'),
            stderr: this.stderr,
            timedOut: false
          })
          this.runnerError = verdict.error ?? {
            kind: 'nvidia-smi-error',
            message: `nvidia-smi's sampling loop stopped by itself (${code ?? signal}) in the middle of the run`,
            fix: 'run nvidia-smi on the runner to see whether the driver still answers; reboot it if not',
            detail: this.recent.at(-1) ?? null
          }
        }
        resolve()
      })
    })
  }

  private releaseGuard(): Promise<void> {
    this.guardReleased ??= this.guard.then(g => g?.release())
    return this.guardReleased
  }

  /**
   * Ends the stream: SIGTERM, then SIGKILL; gives up waiting after waitMs (stuck in the driver:
   * its watchdog then stays, to kill it when the gate exits).
   */
  async stop(waitMs = 2000): Promise<void> {
    const child = this.child
    if (!child) return
    if (child.exitCode !== null || child.signalCode !== null) return this.releaseGuard()
    this.stopping = true
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal)
      } catch {
        // already gone
      }
    }
    kill('SIGTERM')
    let timer: NodeJS.Timeout | undefined
    const gaveUp = new Promise<'late'>(r => (timer = setTimeout(() => r('late'), waitMs / 2)))
    if ((await Promise.race([this.exited, gaveUp])) === 'late') {
      kill('SIGKILL')
      const never = new Promise<'late'>(r => (timer = setTimeout(() => r('late'), waitMs / 2)))
      if ((await Promise.race([this.exited, never])) === 'late') {
        child.stdout?.destroy()
        child.stderr?.destroy()
        child.unref()
      }
    }
    clearTimeout(timer)
    if (child.exitCode !== null || child.signalCode !== null) await this.releaseGuard()
  }
}
