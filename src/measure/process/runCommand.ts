// Starts the smoke command: bash as the leader of its own process group and session (detached),
// so that the whole tree can be signalled at once and a Ctrl-C at the gate's terminal does not
// reach it directly. The shell first joins the run's memory cgroup (before anything else runs,
// so no child is ever outside it), then execs `bash -o pipefail -c <run>`: an OOM behind
// `| tee log` keeps its exit status. stdout and stderr are merged line by line and streamed;
// while the log sink is slow the pipes are paused, so the command blocks on its writes instead of
// the gate buffering its output. The last lines are kept for the report (logTail.ts). Each line
// is taken as a terminal shows it (terminalText.ts), once, here: the tail, the echo and the
// redaction after them all read that text.
// All of it runs under a child subreaper where one can be set up (subreaper.ts): the shell is then
// its child, and a process of the run orphaned by a double fork and setsid stays in the tree.
import { spawn, type ChildProcess } from 'node:child_process'
import type { Readable } from 'node:stream'
import { ENV } from '../../environment.js'
import { changesInTerminal, terminalText } from '../../terminalText.js'
import { LineBlock, LineSplitter } from './lineSplitter.js'
import { LogTail, LOG_TAIL_LINES } from './logTail.js'
import { launchUnderSubreaper, type SubreaperStatus } from './subreaper.js'

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
  /** The shell's pid; it leads the run's process group. */
  pid: number
  /**
   * The child subreaper the shell runs under (its parent, outside the run's process group and
   * cgroup): processes of the run whose parent died are its children. Null without one.
   */
  reaperPid: number | null
  /** Whether the run has a child subreaper, and why not. */
  subreaper: SubreaperStatus
  startedAt: number
  /** Settles when the shell exits (its descendants may live on), not when the subreaper does. */
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
  /**
   * What a line's text becomes before anything cuts it (an endless line into pieces, a long line
   * of the tail in the middle): the caller's redaction, so that no secret is kept in halves.
   */
  redact?: (text: string) => string
  /** cgroup.procs of the run's cgroup, which the shell joins first; null: none. */
  cgroupProcs?: string | null
  /** Back-pressure: output is paused while this sink needs to drain. Default process.stdout. */
  sink?: OutputSink | null
  /** The perl that runs the child subreaper (default `perl` on the run's PATH); null: none. */
  perl?: string | null
}

export type StartResult = { ok: true; command: RunningCommand } | { ok: false; error: string }

export async function startCommand(options: StartCommandOptions): Promise<StartResult> {
  const tail = new LogTail(options.tailLines ?? LOG_TAIL_LINES, undefined, undefined, options.redact)
  const sink = options.sink === undefined ? process.stdout : options.sink
  const { onLine: eachLine, onLines: eachBlock } = options
  // A broken log consumer must not stop the run or its measurement.
  const onLines = (raw: LineBlock) => {
    // As a terminal shows it, once, here: the tail, the echo and the redaction after them all
    // read this text (a block without a control character is passed on as it is, one scan).
    const block = changesInTerminal(raw.text) ? shownBlock(raw) : raw
    // The consumers first: a mask the block announces is learned before the tail cuts a line.
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
    tail.pushBlock(block)
  }
  // Without the subreaper, the wrapper is POSIX sh: a shell start cheaper than bash's before the
  // command's own bash.
  const argv = ['/bin/sh', '-c', WRAPPER, 'oom-gate', options.cgroupProcs ?? '', options.run]
  // Under the subreaper, its child joins the cgroup and execs the command's bash itself.
  const procs = options.cgroupProcs
  // Before the spawn: the command runs from here, and no reading of it can come earlier (times
  // measured from startedAt are never negative).
  const startedAt = Date.now()
  const reaped =
    options.perl === null
      ? null
      : await launchUnderSubreaper({
          argv: ['bash', '-o', 'pipefail', '-c', options.run],
          cwd: options.cwd,
          env: options.env,
          cgroup: procs
            ? {
                procsFile: procs,
                failureLine: `${CGROUP_JOIN_FAILED_MARKER} (${procs})`,
                failureStatus: CGROUP_JOIN_FAILED
              }
            : null,
          hidden: [ENV.runToken],
          ...(options.perl ? { perl: options.perl } : {})
        })
  let child: ChildProcess
  if (reaped) child = reaped.child
  else {
    const plain = await spawnPlain(argv, options)
    if (!plain.ok) return plain
    child = plain.child
  }
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
  const pipes = [child.stdout as Readable, child.stderr as Readable].map(stream => {
    const splitter = new LineSplitter(onLines, undefined, { redact: options.redact })
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
  const exited: Promise<CommandExit> = reaped
    ? reaped.exited
    : new Promise(resolve => child.on('exit', (code, signal) => resolve({ code, signal, atMs: Date.now() })))
  return {
    ok: true,
    command: {
      pid: reaped ? reaped.pid : (child.pid as number),
      reaperPid: reaped ? (child.pid as number) : null,
      subreaper: reaped ? reaped.status : 'no-perl',
      startedAt,
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
  }
}

/** The shell alone, leading its own process group and session (no subreaper could be set up). */
function spawnPlain(
  argv: string[],
  options: StartCommandOptions
): Promise<{ ok: true; child: ChildProcess } | { ok: false; error: string }> {
  const child = spawn(argv[0] as string, argv.slice(1), {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  return new Promise(resolve => {
    child.once('error', err => resolve({ ok: false, error: `could not start bash: ${err.message}` }))
    child.once('spawn', () => resolve({ ok: true, child }))
  })
}

/** The block's lines as a terminal shows them (terminalText.ts). */
function shownBlock(raw: LineBlock): LineBlock {
  const lines = raw.lines.map(terminalText)
  return new LineBlock(lines.join('\n'), lines)
}
