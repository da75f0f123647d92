// The gated side of the log-path bench (logPath.ts), in a process of its own so that the echo
// goes where the gate's goes: process.stdout (core.info and the CLI write there), a pipe here as
// on an Actions runner.
// Runs `cat FILE` through startCommand with the gate's own line handler and the secrets the
// gate would know on an Actions runner, then prints to stderr one JSON line: the wall time and
// this process's CPU time from the start of the command to its last echoed line, and the
// training log's line count.
import { startCommand } from '../src/measure/process/runCommand.js'
import { outputLineHandler } from '../src/pipeline/outputLines.js'
import { secretValuesFromEnv } from '../src/report/redact.js'

const file = process.argv[2]!
// An Actions runner's secrets as the gate derives them (main.ts): the token input and the
// runtime token, each with its encodings. Random-looking, as real ones are.
const secrets = secretValuesFromEnv({
  'INPUT_GITHUB-TOKEN': `ghs_${'q7Vd2LmX9pRt'.repeat(3)}`,
  ACTIONS_RUNTIME_TOKEN: `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'eyJuYW1lIjoiYmVuY2gifQ'.repeat(40)}.${'Zm9vYmFy'.repeat(40)}`
})
const cpu = process.cpuUsage()
const started = performance.now()
const handler = outputLineHandler({
  name: 'bench',
  secrets,
  output: text => process.stdout.write(`${text}\n`)
})
const run = await startCommand({
  run: `cat '${file}'`,
  cwd: process.cwd(),
  env: process.env,
  onLines: handler.lines
})
if (!run.ok) throw new Error(run.error)
await run.command.exited
await run.command.drain(120_000)
handler.flush()
const used = process.cpuUsage(cpu)
process.stderr.write(
  `${JSON.stringify({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, lines: handler.trainingLog()?.lines ?? 0, secrets: secrets.length })}\n`
)
