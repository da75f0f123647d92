// Starts the smoke command: bash as the leader of its own process group and session (detached),
// so that the whole tree can be signalled at once and a Ctrl-C at the gate's terminal does not
// reach it directly. The shell first joins the run's memory cgroup (before anything else runs,
// so no child is ever outside it), then execs `bash -o pipefail -c <run>`: an OOM behind
// `| tee log` keeps its exit status. stdout and stderr are merged line by line and streamed;
// while the log sink is slow the pipes are paused, so the command blocks on its writes instead of
// the gate buffering its output. The last lines are kept for the report (logTail.ts). Each line
// is taken as a terminal shows it (terminalText.ts), once, here: the tail, the echo and the
// redaction after them all read that text.
import { spawn } from 'node:child_process'
import { changesInTerminal, terminalText } from '../../terminalText.js'
import { LineBlock, LineSplitter } from './lineSplitter.js'
import { LogTail, LOG_TAIL_LINES } from './logTail.js'

export { LOG_TAIL_LINES }
export type { LineBlock }

/** Exit status of the wrapper when the shell could not join the run's cgroup. */
export const CGROUP_JOIN_FAILED = 125

// The line the wrapper writes when it could not join: the marker, then the cgroup in parentheses.
// A user command may exit 125 too; only the wrapper writes this line first thing on its stderr.
const CGROUP_JOIN_FAILED_MARKER = "oom-gate: could not join the run's memory cgroup"

/**
 * True when the wrapper, not the user's command, ended the run: it could not join the memory
 * cgroup (exit CGROUP_JOIN_FAILED and the wrapper's marker line among the output lines).
 */
export function cgroupJoinFailed(exitCode: number | null | undefined, lines: readonly string[]): boolean {
  return exitCode === CGROUP_JOIN_FAILED && lines.some(l => l.includes(CGROUP_JOIN_FAILED_MARKER))
}

const WRAPPER = `if [ -n "$1" ]; then
  echo $$ 2>/dev/null > "$1" || { echo "${CGROUP_JOIN_FAILED_MARKER} ($1)" >&2; exit ${CGROUP_JOIN_FAILED}; }
fi
exec bash -o pipefail -c "$2"`

/** Where the command's lines are written; paused while it needs to drain (process.stdout by default). */
export interface OutputSink {
  readonly writableNeedDrain: boolean
  /** Bytes written but not yet handed on; a sink without it counts as holding some while it needs to drain. */
  readonly writableLength?: number
  once(event: 'drain', listener: () => void): unknown
}

export interface CommandExit {
  code: number | null
  signal: string | null
  /** Date.now() when the shell exited. */
  atMs: number
}

export interface RunningCommand {
  pid: number
  startedAt: number
  /** Settles when the shell exits (its descendants may live on). */
  exited: Promise<CommandExit>
  /** Settles when every holder of stdout/stderr closed them, or at the deadline, whichever is first. */
  drain(deadlineMs: number): Promise<void>
  tail(): string[]
}

export interface StartCommandOptions {
  run: string
  cwd: string
  env: NodeJS.ProcessEnv
  /** Each line of output as a terminal shows it (terminalText.ts), without its newline. */
  onLine?: (line: string) => void
  /** The lines of the output a block at a time (the lines one chunk completed; lineSplitter.ts). */
  onLines?: (block: LineBlock) => void
  tailLines?: number
  /** cgroup.procs of the run's cgroup, which the shell joins first; null: none. */
  cgroupProcs?: string | null
  /** Back-pressure: output is paused while this sink needs to drain. Default process.stdout. */
  sink?: OutputSink | null
}

export type StartResult = { ok: true; command: RunningCommand } | { ok: false; error: string }

export function startCommand(options: StartCommandOptions): Promise<StartResult> {
  const tail = new LogTail(options.tailLines ?? LOG_TAIL_LINES)
  const sink = options.sink === undefined ? process.stdout : options.sink
  const { onLine: eachLine, onLines: eachBlock } = options
  // A broken log consumer must not stop the run or its measurement.
  const onLines = (raw: LineBlock) => {
    // As a terminal shows it, once, here: the tail, the echo and the redaction after them all
    // read this text (a block without a control character is passed on as it is, one scan).
    const block = changesInTerminal(raw.text) ? shownBlock(raw) : raw
    tail.pushBlock(block)
    if (eachBlock) {
      try {
        eachBlock(block)
      } catch {
        // see above
      }
    }
    if (eachLine) {
      for (const line of block.lines) {
        try {
          eachLine(line)
        } catch {
          // see above
        }
      }
    }
  }
  // The wrapper is POSIX sh: a shell start cheaper than bash's before the command's own bash.
  const child = spawn('/bin/sh', ['-c', WRAPPER, 'oom-gate', options.cgroupProcs ?? '', options.run], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let paused = false
  const resume = () => {
    paused = false
    for (const pipe of pipes) if (!pipe.stream.destroyed) pipe.stream.resume()
  }
  // A sink that writes synchronously (process.stdout to a file or a pipe, on Linux) has handed
  // everything on by now and still says it needs to drain until its next tick: pausing for that
  // would cost two system calls a chunk and hold nothing back.
  const pressure = () => {
    if (paused || !sink?.writableNeedDrain || sink.writableLength === 0) return
    paused = true
    for (const pipe of pipes) pipe.stream.pause()
    sink.once('drain', resume)
  }
  const pipes = [child.stdout, child.stderr].map(stream => {
    const splitter = new LineSplitter(onLines)
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      splitter.push(chunk)
      // After the microtask that echoes this chunk's lines (queued while they were split).
      queueMicrotask(pressure)
    })
    stream.on('error', () => {})
    const closed = new Promise<void>(resolve => stream.on('close', resolve))
    return { stream, splitter, closed }
  })
  for (const pipe of pipes) void pipe.closed.then(() => pipe.splitter.end())
  const exited = new Promise<CommandExit>(resolve => {
    child.on('exit', (code, signal) => resolve({ code, signal, atMs: Date.now() }))
  })

  return new Promise<StartResult>(resolve => {
    child.once('error', err => resolve({ ok: false, error: `could not start bash: ${err.message}` }))
    child.once('spawn', () => {
      const pid = child.pid as number
      resolve({
        ok: true,
        command: {
          pid,
          startedAt: Date.now(),
          exited,
          tail: () => tail.get(),
          async drain(deadlineMs: number) {
            let timer: NodeJS.Timeout | undefined
            const deadline = new Promise<void>(r => (timer = setTimeout(r, Math.max(0, deadlineMs))))
            await Promise.race([Promise.all(pipes.map(p => p.closed)), deadline])
            clearTimeout(timer)
            // A process we could not stop may still hold the pipes: stop reading, keep what we have.
            resume()
            for (const pipe of pipes) {
              if (!pipe.stream.destroyed) {
                pipe.stream.destroy()
                pipe.splitter.end()
              }
            }
          }
        }
      })
    })
  })
}

/** The block's lines as a terminal shows them (terminalText.ts). */
function shownBlock(raw: LineBlock): LineBlock {
  const lines = raw.lines.map(terminalText)
  return new LineBlock(lines.join('\n'), lines)
}
