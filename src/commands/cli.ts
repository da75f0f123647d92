// The oom-gate CLI: the same pipeline as the action (contract 4 in docs/design.md).
import packageJson from '../../package.json' with { type: 'json' }
import { UsageError } from '../config/load.js'
import { interruptOnSignals } from '../measure/process/interruptOnSignals.js'
import { estimateCommand } from './estimate.js'
import { explainCommand } from './explain.js'
import { reportCommand } from './report.js'
import { runCommand } from './run.js'
import { ENV } from '../environment.js'
import { stderrLine, stdoutLine } from './stdoutLine.js'
import { traceCommand } from './trace.js'

const USAGE = `Usage: oom-gate <command> [options]

Commands:
  run        measure and judge each model of the config        (oom-gate run --help)
  report     merge the results of several runs (matrix jobs)    (oom-gate report --help)
  explain    classify a training log: GPU OOM, host OOM or not  (oom-gate explain LOGFILE [--json] [--exit-code N])
  estimate   estimate peak training memory without a GPU        (oom-gate estimate --help)
  trace      trace the exact training memory of a model's code  (oom-gate trace FILE.py:FUNCTION [--json])

Exit codes: 0 gate passed, 1 gate failed, 2 usage or config error, 3 internal error.`

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const out = (text: string) => stdoutLine(text.endsWith('\n') ? text.slice(0, -1) : text)
  const interrupt = interruptOnSignals(stderrLine)
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, { out, abort: interrupt.signal, hurry: interrupt.hurry })
      case 'report':
        return await reportCommand(rest, { out })
      case 'explain':
        return explainCommand(rest, out)
      case 'estimate':
        return estimateCommand(rest, out)
      case 'trace':
        return await traceCommand(rest, { out, signal: interrupt.signal })
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out(USAGE)
        return command === undefined ? 2 : 0
      case '--version':
      case '-v':
        out(packageJson.version)
        return 0
      default:
        throw new UsageError([
          `oom-gate: unknown command "${command}"; use run, report, explain, estimate or trace`
        ])
    }
  } catch (error) {
    if (error instanceof UsageError) {
      for (const problem of error.problems) stderrLine(problem)
      return 2
    }
    const detail = process.env[ENV.debug] ? (error as Error).stack : (error as Error).message
    stderrLine(`oom-gate: internal error: ${detail}`)
    stderrLine('Please report it; results measured so far are in the output directory.')
    return 3
  } finally {
    interrupt.dispose()
  }
}
