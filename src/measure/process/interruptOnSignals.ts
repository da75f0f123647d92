// SIGINT, SIGTERM and SIGHUP to the gate (Ctrl-C, a closed terminal, a cancelled Actions job).
// GitHub's cancel sends SIGINT, then SIGTERM 7.5 s later, then kills the job: the first signal
// stops the running models gracefully and keeps what was measured; the second drops the grace
// (the trees are SIGKILLed at once) so that results.json and report.md are written and published
// before the runner's kill; a third exits at once.
export interface Interrupt {
  /** Aborted on the first signal: stop the running models, keep their peaks so far. */
  signal: AbortSignal
  /** Aborted on the second: no grace, kill the trees now, then write and publish what was measured. */
  hurry: AbortSignal
  /** Removes the handlers once the gate is done. */
  dispose: () => void
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

export function interruptOnSignals(warn: (message: string) => void): Interrupt {
  const abort = new AbortController()
  const hurry = new AbortController()
  let interrupts = 0
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++
    if (interrupts === 1) {
      warn(`oom-gate: ${signal}: stopping the running model; results measured so far are kept`)
      abort.abort()
    } else if (interrupts === 2) {
      warn(`oom-gate: ${signal} again: killing the running model now, then writing the results`)
      hurry.abort()
    } else {
      process.exit(130)
    }
  }
  for (const s of SIGNALS) process.on(s, onSignal)
  return {
    signal: abort.signal,
    hurry: hurry.signal,
    dispose: () => {
      for (const s of SIGNALS) process.off(s, onSignal)
    }
  }
}
