// Starts the smoke command: `bash -c <run>` as the leader of its own process group and session
// (detached), so that the whole tree can be signalled at once and a Ctrl-C at the gate's terminal
// does not reach it directly. stdout and stderr are merged line by line and streamed; the last
// lines are kept for the report.
import { spawn } from 'node:child_process'
import { LineSplitter } from './lineSplitter.js'

export const LOG_TAIL_LINES = 200

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
  onLine?: (line: string) => void
  tailLines?: number
}

export type StartResult = { ok: true; command: RunningCommand } | { ok: false; error: string }

export function startCommand(options: StartCommandOptions): Promise<StartResult> {
  const keep = options.tailLines ?? LOG_TAIL_LINES
  const tail: string[] = []
  const onLine = (line: string) => {
    tail.push(line)
    if (tail.length > keep) tail.shift()
    try {
      options.onLine?.(line)
    } catch {
      // A broken log consumer must not stop the run or its measurement.
    }
  }
  const child = spawn('bash', ['-c', options.run], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const pipes = [child.stdout, child.stderr].map(stream => {
    const splitter = new LineSplitter(onLine)
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => splitter.push(chunk))
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
          tail: () => [...tail],
          async drain(deadlineMs: number) {
            let timer: NodeJS.Timeout | undefined
            const deadline = new Promise<void>(r => (timer = setTimeout(r, Math.max(0, deadlineMs))))
            await Promise.race([Promise.all(pipes.map(p => p.closed)), deadline])
            clearTimeout(timer)
            // A process we could not stop may still hold the pipes: stop reading, keep what we have.
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
