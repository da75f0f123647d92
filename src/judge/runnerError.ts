// A broken runner in words (contract 6): pure, so verdicts, the report and the pipeline can say it
// without depending on the measuring edge that detected it (measure/nvidiaSmi/runnerHealth.ts).
import type { RunnerError } from '../results.js'

/** One line for logs and reasons: the cause, then the fix. */
export function describeRunnerError(error: RunnerError): string {
  return `the runner is broken, not the model: ${error.message}. Fix: ${error.fix}`
}
