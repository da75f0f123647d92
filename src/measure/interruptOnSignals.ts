// SIGINT/SIGTERM to the gate (Ctrl-C, a cancelled Actions job): the first stops the running
// model and keeps what was measured; a second means the caller is done waiting.
export interface Interrupt {
  signal: AbortSignal
  /** Removes the handlers once the gate is done. */
  dispose: () => void
}

export function interruptOnSignals(warn: (message: string) => void): Interrupt {
  const abort = new AbortController()
  let interrupts = 0
  const onSignal = (signal: NodeJS.Signals) => {
    if (++interrupts > 1) process.exit(130)
    warn(`oom-gate: ${signal}: stopping the running model; results measured so far are kept`)
    abort.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: abort.signal,
    dispose: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}
