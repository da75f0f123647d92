// A reader that goes away closes the gate's standard output: `oom-gate run | head`, a log
// collector that dies. Node reports each write to a closed pipe as an 'error' event on
// process.stdout (it ignores SIGPIPE), which without a listener ends the process with a stack
// trace, before the run's report is written. The log is only a view of the run: the run, its
// results.json and its reports go on, and the exit status is the gate's.

/**
 * Makes a closed or failing stdout end the log, not the gate: the first error is said once on
 * stderr (the errno code, EPIPE for a closed pipe), later ones are dropped. Call once, at start.
 */
export function keepGoingWhenStdoutCloses(): void {
  let said = false
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (said) return
    said = true
    process.stderr.write(
      `oom-gate: standard output closed (${error.code ?? error.message}): the log stops here; the run and its report go on\n`
    )
  })
}
