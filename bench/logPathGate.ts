// The gated side of the log-path bench (logPath.ts), in a process of its own so that the echo
// goes where the gate's goes: process.stdout (stdoutLine, as the Action and the CLI write it), a
// pipe here as on an Actions runner.
// Runs `cat FILE` through startCommand with the gate's own line handler and the secrets the
// gate would know on an Actions runner, after an empty run (`cat /dev/null`) the same way, and
// prints to stderr one JSON line: for each run the wall time and this process's CPU time from
// the start of the command to its last echoed line, and the training log's line count. The
// difference between the two is what the log path costs (the issue's own measure: "took 2.3 s
// more through the gate than an empty run"); the empty run is the fixed cost of a model.
import { startCommand } from '../src/measure/process/runCommand.js'
import { outputLineHandler } from '../src/pipeline/outputLines.js'
import { secretValuesFromEnv } from '../src/report/redact.js'
import { stdoutLine } from '../src/commands/stdoutLine.js'

const file = process.argv[2]!
// An Actions runner's secrets as the gate derives them (main.ts): the token input and the
// runtime token, each with its encodings. Random-looking, as real ones are.
const secrets = secretValuesFromEnv({
  'INPUT_GITHUB-TOKEN': `ghs_${'q7Vd2LmX9pRt'.repeat(3)}`,
  ACTIONS_RUNTIME_TOKEN: `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'eyJuYW1lIjoiYmVuY2gifQ'.repeat(40)}.${'Zm9vYmFy'.repeat(40)}`
})

/** One run of `cat path` through the gate's log path: wall and CPU ms, memory: lines read. */
async function gated(path: string): Promise<{ ms: number; cpuMs: number; lines: number }> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  const handler = outputLineHandler({ name: 'bench', secrets, output: stdoutLine })
  const run = await startCommand({
    run: `cat '${path}'`,
    cwd: process.cwd(),
    env: process.env,
    onLines: handler.lines
  })
  if (!run.ok) throw new Error(run.error)
  await run.command.exited
  await run.command.drain(120_000)
  handler.flush()
  const used = process.cpuUsage(cpu)
  return {
    ms: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    lines: handler.trainingLog()?.lines ?? 0
  }
}

const empty = await gated('/dev/null')
const full = await gated(file)
process.stderr.write(`${JSON.stringify({ empty, full, secrets: secrets.length })}\n`)
