// Nothing of a run may outlive the gate, even when the gate itself is SIGKILLed (a cancelled job
// past its grace, the runner's OOM killer) and no code of ours runs any more. A parent-death
// signal would reach one process only; this small shell, started outside the runs' process groups
// and cgroups, holds a pipe from the gate: when the pipe closes without "exit" the gate is gone,
// and for every run not yet done it SIGKILLs the children of the run's child subreaper, the run's
// process group, every member of its cgroup, and every process that carries the run's environment
// token, until none is left, then removes the cgroup. The subreaper itself is never killed: alive,
// it adopts what a killed process leaves (killed first, that would re-parent to init, out of
// reach); it exits by itself once it has no child left. Its children are read from
// /proc/<pid>/task/<pid>/children (any kernel with CONFIG_PROC_CHILDREN, as Debian's, Ubuntu's and
// RHEL's), else from pgrep, and only while the pid is still the subreaper (its start time), never
// a process that reused the pid. One shell serves every run the gate has going at once (a
// model's command and its nvidia-smi loops, models side by side): each run registers with a line
// and says it is done with another, so those cost no process start of their own. With no run
// left it exits, and the last release waits for that: no process of ours outlives the gate's work.
import { spawn, type ChildProcess } from 'node:child_process'

/** Separates the fields of a line to the watchdog (empty fields allowed, unlike a tab). */
const SEP = '\x1f'

const SCRIPT = `
reap() {
pgid=$1 cg=$2 token=$3 reaper=$4 reaperStart=$5
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
}
declare -A pg cgs tok rp rps
while IFS=$'\\x1f' read -r verb id pgid cg token reaper reaperStart; do
  case $verb in
    start) pg[$id]=$pgid cgs[$id]=$cg tok[$id]=$token rp[$id]=$reaper rps[$id]=$reaperStart ;;
    done) unset "pg[$id]" "cgs[$id]" "tok[$id]" "rp[$id]" "rps[$id]" ;;
    exit) exit 0 ;;
  esac
done
for id in "\${!pg[@]}"; do reap "\${pg[$id]}" "\${cgs[$id]}" "\${tok[$id]}" "\${rp[$id]}" "\${rps[$id]}" & done
wait
exit 0
`

export interface Watchdog {
  /**
   * The run ended normally: the watchdog forgets it without touching anything; after the last
   * run it exits, and this settles once it has (2 s at most).
   */
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

interface SharedWatchdog {
  child: ChildProcess
  /** Settles when the shell has exited. */
  exited: Promise<void>
  /** Runs registered and not yet released. */
  active: number
}

let shared: Promise<SharedWatchdog | null> | null = null
let nextId = 0

function spawnWatchdog(): Promise<SharedWatchdog | null> {
  let child: ChildProcess
  try {
    child = spawn(
      'bash',
      // Its stdin is a socket (node's pipe): without --norc, bash reads ~/.bashrc as for a
      // remote shell, which on a developer machine can take seconds (pyenv or conda init).
      ['--norc', '--noprofile', '-c', SCRIPT, 'oom-gate-watchdog'],
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
  // The gate must be free to exit while the watchdog runs: that is when the watchdog acts.
  child.unref()
  child.stdin?.on('error', () => {})
  ;(child.stdin as unknown as { unref?: () => void } | null)?.unref?.()
  const exited = new Promise<void>(r => child.once('close', () => r()))
  return new Promise(resolve => {
    child.once('error', () => resolve(null))
    child.once('spawn', () => resolve({ child, exited, active: 0 }))
  })
}

/** The gate's watchdog, started when none runs. */
async function sharedWatchdog(): Promise<SharedWatchdog | null> {
  const current = shared ?? (shared = spawnWatchdog())
  const dog = await current
  if (dog === null || dog.child.exitCode !== null || dog.child.signalCode !== null) {
    // It could not start or it died: the next run tries a new one.
    if (shared === current) shared = null
    return dog === null ? null : sharedWatchdog()
  }
  return dog
}

function send(dog: SharedWatchdog, fields: (string | number)[]): void {
  dog.child.stdin?.write(`${fields.join(SEP)}\n`)
}

/** Registers a run with the gate's watchdog; null when it cannot be started (the report then says so). */
export async function startWatchdog(target: WatchdogTarget): Promise<Watchdog | null> {
  const dog = await sharedWatchdog()
  if (dog === null) return null
  const id = ++nextId
  dog.active++
  send(dog, [
    'start',
    id,
    target.groupId,
    target.cgroupDir ?? '',
    target.envToken ?? '',
    target.reaper?.pid ?? '',
    target.reaper?.startTime ?? ''
  ])
  let released = false
  return {
    async release() {
      if (released) return
      released = true
      send(dog, ['done', id])
      if (--dog.active > 0) return
      // The next run starts a new one; this one says goodbye and is waited for.
      shared = null
      dog.child.stdin?.end('exit\n')
      let timer: NodeJS.Timeout | undefined
      await Promise.race([dog.exited, new Promise<void>(r => (timer = setTimeout(r, 2000)))])
      clearTimeout(timer)
    }
  }
}
