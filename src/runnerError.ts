// A broken runner in words (contract 6). In the spine, not in judge/ or measure/: the measuring edge
// says it when it stops (measure/runModels.ts) and verdicts say it too (judge/runnerVerdict.ts), and
// measure/ must not import judge/. Pure, so verdicts, the report and the pipeline can say it
// without depending on the measuring edge that detected it (measure/nvidiaSmi/runnerHealth.ts).
import type { RunnerError } from './results.js'

/** One line for logs and reasons: the cause, then the fix. */
export function describeRunnerError(error: RunnerError): string {
  return `the runner is broken, not the model: ${error.message}. Fix: ${error.fix}`
}
