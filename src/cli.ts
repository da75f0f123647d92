// The `oom-gate` bin. The commands live in src/commands/; this only runs them.
import { main } from './commands/cli.js'
import { keepGoingWhenStdoutCloses } from './commands/closedStdout.js'

keepGoingWhenStdoutCloses()
process.exitCode = await main(process.argv.slice(2))
