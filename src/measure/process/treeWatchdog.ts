// Nothing of a run may outlive the gate, even when the gate itself is SIGKILLed (a cancelled job
// past its grace, the runner's OOM killer) and no code of ours runs any more. A parent-death
// signal would reach one process only; this small shell, started outside the run's process group
// and cgroup, holds a pipe from the gate: when the pipe closes without "done" the gate is gone,
// and it SIGKILLs the children of the run's child subreaper, the run's process group, every member
// of its cgroup, and every process that carries the run's environment token, until none is left,
// then removes the cgroup. The subreaper itself is never killed: alive, it adopts what a killed
// process leaves (killed first, that would re-parent to init, out of reach); it exits by itself
// once it has no child left. Its children are read from /proc/<pid>/task/<pid>/children (any
// kernel with CONFIG_PROC_CHILDREN, as Debian's, Ubuntu's and RHEL's), else from pgrep, and only
// while the pid is still the subreaper (its start time), never a process that reused the pid.
import { spawn, type ChildProcess } from 'node:child_process'

const SCRIPT = `
pgid=$1 cg=$2 token=$3 reaper=$4 reaperStart=$5
IFS= read -r line
[ "$line" = done ] && exit 0
for round in $(seq 1 50); do
  found=
  if [ -n "$reaper" ] && IFS= read -r stat 2>/dev/null < "/proc/$reaper/stat"; then
    fields=(\${stat##*) })
    if [ "\${fields[19]}" = "$reaperStart" ]; then
      kids=$(cat "/proc/$reaper/task/$reaper/children" 2>/dev/null) || kids=$(pgrep -P "$reaper")
      for p in $kids; do kill -KILL "$p" 2>/dev/null && found=1; done
    fi
  fi
  kill -KILL -- "-$pgid" 2>/dev/null && found=1
  if [ -n "$cg" ] && [ -d "$cg" ]; then
    [ -e "$cg/cgroup.kill" ] && echo 1 2>/dev/null > "$cg/cgroup.kill"
    while IFS= read -r p; do kill -KILL "$p" 2>/dev/null && found=1; done < "$cg/cgroup.procs"
  fi
  if [ -n "$token" ]; then
    for f in $(grep -lszxF -- "$token" /proc/[0-9]*/environ); do
      p=\${f#/proc/}; kill -KILL "\${p%/environ}" 2>/dev/null && found=1
    done
  fi
  [ -z "$found" ] && break
  sleep 0.1
done
[ -n "$cg" ] && rmdir "$cg" 2>/dev/null
exit 0
`

export interface Watchdog {
  /** The run ended normally: the watchdog exits without touching anything. */
  release(): Promise<void>
}

export interface WatchdogTarget {
  /** Process group of the run (= the shell's pid). */
  groupId: number
  /** The run's cgroup directory, or null. */
  cgroupDir: string | null
  /** `NAME=value` in the run's environment, or null. */
  envToken: string | null
  /** The run's child subreaper (pid and start time from /proc/<pid>/stat), or null. */
  reaper?: { pid: number; startTime: number } | null
}

/** Starts the watchdog; null when it cannot be started (the report then says so). */
export function startWatchdog(target: WatchdogTarget): Promise<Watchdog | null> {
  let child: ChildProcess
  try {
    child = spawn(
      'bash',
      [
        // Its stdin is a socket (node's pipe): without --norc, bash reads ~/.bashrc as for a
        // remote shell, which on a developer machine can take seconds (pyenv or conda init).
        '--norc',
        '--noprofile',
        '-c',
        SCRIPT,
        'oom-gate-watchdog',
        String(target.groupId),
        target.cgroupDir ?? '',
        target.envToken ?? '',
        target.reaper ? String(target.reaper.pid) : '',
        target.reaper ? String(target.reaper.startTime) : ''
      ],
      // Its own session and no token in its environment: the watchdog never kills itself.
      {
        detached: true,
        stdio: ['pipe', 'ignore', 'ignore'],
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }
      }
    )
  } catch {
    return Promise.resolve(null)
  }
  const exited = new Promise<void>(r => child.once('close', () => r()))
  // The gate must be free to exit while a watchdog runs: that is when the watchdog acts.
  child.unref()
  child.stdin?.on('error', () => {})
  ;(child.stdin as unknown as { unref?: () => void } | null)?.unref?.()
  return new Promise(resolve => {
    child.once('error', () => resolve(null))
    child.once('spawn', () =>
      resolve({
        async release() {
          child.stdin?.end('done\n')
          let timer: NodeJS.Timeout | undefined
          await Promise.race([exited, new Promise<void>(r => (timer = setTimeout(r, 2000)))])
          clearTimeout(timer)
        }
      })
    )
  })
}
