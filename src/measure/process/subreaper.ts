// Starts the smoke command under a child subreaper (prctl(PR_SET_CHILD_SUBREAPER)): a process of
// the run whose parent dies is re-parented to the subreaper instead of to init. Without it, a
// process the command starts with `env -i setsid …` (or a double fork and setsid, environment
// scrubbed) on a runner without a writable memory cgroup leaves the process group and the session,
// loses the run's token and re-parents to init: the gate can neither measure nor stop it. Under the
// subreaper it stays a descendant of the run (ProcessTree adopts the subreaper's children) and is
// stopped with the run, and the watchdog kills the subreaper's children when the gate dies.
//
// Node cannot call prctl. The subreaper is a few lines of perl: perl-base is Essential on Debian
// and Ubuntu (it is on every such runner) and starts in a few ms; python (ctypes) starts ten times
// slower and may be absent, and a compiled helper would have to be built for every runner.
// perl's `syscall` needs the prctl syscall number, which differs per architecture: it is taken from
// the kernel's syscall tables below (perl's syscall.ph is in libperl, not in perl-base, and costs
// 50 ms to load), and the wrapper reads the flag back (PR_GET_CHILD_SUBREAPER) before it reports
// it set, so a wrong number is never taken for a subreaper. Without perl, on an unlisted
// architecture, or where prctl is refused, the command runs as before and the run says so.
//
// The subreaper stays out of the run: it is not in the run's process group (the shell leads its
// own), not in its cgroup (it does not join), and does not carry the run's token (the gate strips
// it, and the child sets it again before exec), so no signal meant for the run reaches it and
// nothing of the run is re-parented to init when the run is stopped. It reports the command's exit
// at once on fd 3 ("exited CODE SIGNAL") and then keeps reaping adopted orphans; it exits when it
// has no child left, so it lives exactly as long as something of the run does.
import { spawn, type ChildProcess } from 'node:child_process'
import { constants } from 'node:os'
import type { Readable } from 'node:stream'

/**
 * prctl(2)'s syscall number per Node architecture (process.arch), from the kernel's tables:
 * arch/x86/entry/syscalls/syscall_64.tbl (x64), include/uapi/asm-generic/unistd.h (arm64, riscv64,
 * loong64), arch/powerpc/kernel/syscalls/syscall.tbl (ppc64), arch/s390/kernel/syscalls/syscall.tbl.
 */
export const PRCTL_SYSCALL: Readonly<Partial<Record<NodeJS.Architecture, number>>> = {
  x64: 157,
  arm64: 167,
  riscv64: 167,
  loong64: 167,
  ppc64: 171,
  s390x: 172
}

/**
 * Whether the run has a child subreaper, and why not:
 * - on: set and read back;
 * - no-perl: perl could not be started;
 * - unknown-arch: no prctl syscall number is known for this architecture;
 * - refused: prctl failed or did not read back as set (an old kernel: Linux < 3.4; seccomp).
 */
export type SubreaperStatus = 'on' | 'no-perl' | 'unknown-arch' | 'refused'

// argv: the prctl number (0: unknown), the count N of NAME=value pairs the child sets before exec,
// the N pairs, the cgroup.procs file the child joins ('' for none) with the line it prints and the
// status it exits with when it cannot, then the command. The child joins the cgroup itself (the
// subreaper stays out of it), so no shell starts between the subreaper and the command's bash.
// Nothing is loaded (no `use`): perl starts in a few ms.
// SIGPIPE is ignored in the parent only, after the fork: an ignored signal survives exec.
const SCRIPT = `
my ($nr, $n, @rest) = @ARGV;
my @set = splice(@rest, 0, $n);
my ($procs, $unjoined, $unjoinedStatus) = splice(@rest, 0, 3);
open(my $gate, '>&=', 3) or exit 126;
select((select($gate), $| = 1)[0]);
my $on = 'unknown-arch';
if ($nr > 0) {
  my $v = pack('i', 0);
  $on = (syscall($nr, 36, 1) == 0 && syscall($nr, 37, $v) == 0 && unpack('i', $v) == 1) ? 'on' : 'refused';
}
my $pid = fork();
if (!defined $pid) { print $gate "failed\\n"; exit 126 }
if ($pid == 0) {
  close($gate);
  setpgrp(0, 0);
  for (@set) { my ($k, $v) = split(/=/, $_, 2); $ENV{$k} = $v }
  my $cg;
  if ($procs ne '' && !(open($cg, '>', $procs) && print($cg "$$") && close($cg))) {
    print STDERR "$unjoined\\n";
    exit $unjoinedStatus;
  }
  exec { $rest[0] } @rest;
  print STDERR "oom-gate: could not start $rest[0]: $!\\n";
  exit 127;
}
setpgrp($pid, $pid);
$SIG{PIPE} = 'IGNORE';
print $gate "started $pid $on\\n";
open(STDOUT, '>', '/dev/null');
open(STDERR, '>', '/dev/null');
while ((my $w = waitpid(-1, 0)) > 0) {
  print $gate 'exited ' . ($? >> 8) . ' ' . ($? & 127) . "\\n" if $w == $pid;
}
exit 0;
`

/** The exit of the command the subreaper runs (not of the subreaper). */
export interface ReapedExit {
  code: number | null
  signal: string | null
  atMs: number
}

export interface SubreaperLaunch {
  /** The subreaper process (its stdout/stderr are the command's: it closes its own copies). */
  child: ChildProcess
  /** The command's pid: it leads its own process group. */
  pid: number
  status: SubreaperStatus
  /** Settles when the command exits (or, if the subreaper is killed first, when the subreaper does). */
  exited: Promise<ReapedExit>
}

export interface SubreaperOptions {
  /** The command and its arguments (argv[0] is looked up on PATH as by exec). */
  argv: readonly string[]
  cwd: string
  env: NodeJS.ProcessEnv
  /**
   * The run's cgroup.procs, which the command's process joins before it execs (so the subreaper
   * stays out); when it cannot, it prints `failureLine` on stderr and exits `failureStatus`.
   */
  cgroup: { procsFile: string; failureLine: string; failureStatus: number } | null
  /** Names of variables the subreaper itself must not carry; the command gets them (the run's token). */
  hidden: readonly string[]
  /** The perl to run; default `perl` on the command's PATH. */
  perl?: string
  /** Default process.arch. */
  arch?: NodeJS.Architecture
}

/**
 * Why the run has no child subreaper, and what that costs (for a run without a memory cgroup,
 * where nothing else catches such a process): one line for the report.
 */
export function subreaperMissing(status: Exclude<SubreaperStatus, 'on'>): string {
  const why = {
    'no-perl': 'perl could not be started (install perl-base)',
    'unknown-arch': `no prctl syscall number is known for ${process.arch}`,
    refused: 'the kernel refused PR_SET_CHILD_SUBREAPER (Linux 3.4 or later needed)'
  }[status]
  return `no child subreaper: ${why}; without a writable memory cgroup either, a process the run starts with setsid and a scrubbed environment (env -i) is neither measured nor stopped`
}

const signalNames = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name]))

/**
 * Starts `argv` under a perl child subreaper, in its own process group, stdout and stderr piped.
 * Resolves to null when perl could not be started or failed before it forked (the caller then
 * starts the command without one); status says whether the subreaper flag is set.
 */
export function launchUnderSubreaper(options: SubreaperOptions): Promise<SubreaperLaunch | null> {
  const reaperEnv: NodeJS.ProcessEnv = {}
  const restore: string[] = []
  for (const [name, value] of Object.entries(options.env)) {
    if (value === undefined) continue
    // PERL5OPT and the like would change how the subreaper's own perl starts.
    if (options.hidden.includes(name) || name.startsWith('PERL')) restore.push(`${name}=${value}`)
    else reaperEnv[name] = value
  }
  const nr = PRCTL_SYSCALL[options.arch ?? process.arch] ?? 0
  let child: ChildProcess
  try {
    child = spawn(
      options.perl ?? 'perl',
      [
        '-e',
        SCRIPT,
        '--',
        String(nr),
        String(restore.length),
        ...restore,
        options.cgroup?.procsFile ?? '',
        options.cgroup?.failureLine ?? '',
        String(options.cgroup?.failureStatus ?? 0),
        ...options.argv
      ],
      { cwd: options.cwd, env: reaperEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] }
    )
  } catch {
    return Promise.resolve(null)
  }
  // fd 3 is a pipe the subreaper writes and the gate reads.
  const report = child.stdio[3] as Readable | null
  return new Promise(resolve => {
    let started: SubreaperLaunch | null = null
    let settleExit: (exit: ReapedExit) => void = () => {}
    const exited = new Promise<ReapedExit>(r => (settleExit = r))
    let buffered = ''
    const onLine = (line: string) => {
      const [word, a, b] = line.split(' ')
      if (word === 'started' && !started) {
        const status = (['on', 'unknown-arch', 'refused'] as const).find(s => s === b) ?? 'refused'
        started = { child, pid: Number(a), status, exited }
        resolve(started)
      } else if (word === 'exited') {
        settleExit({
          code: Number(b) === 0 ? Number(a) : null,
          signal: signalName(Number(b)),
          atMs: Date.now()
        })
        // The command is done: the subreaper only holds what it left, which the gate stops; it
        // must not keep the gate's event loop alive (a survivor stuck in the kernel would).
        report?.destroy()
        child.unref()
      }
    }
    report?.setEncoding('utf8')
    report?.on('data', (chunk: string) => {
      buffered += chunk
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        onLine(buffered.slice(0, nl))
        buffered = buffered.slice(nl + 1)
      }
    })
    report?.on('error', () => {})
    child.once('error', () => resolve(null))
    const reportClosed = new Promise<void>(r => (report ? report.once('close', () => r()) : r()))
    child.once('exit', (code, signal) => {
      if (!started) {
        // perl ran but never forked the command (no fd 3, fork failed): start it without.
        child.stdout?.destroy()
        child.stderr?.destroy()
        resolve(null)
        return
      }
      // Its report may still be in the pipe: read to the end first. Killed before it could
      // report (the OOM killer, a stray kill), its own end is all that is known.
      void reportClosed.then(() => settleExit({ code, signal, atMs: Date.now() }))
    })
  })
}

function signalName(number: number): string | null {
  if (number === 0) return null
  return signalNames.get(number) ?? `signal ${number}`
}
