// The `oom-gate` bin. The commands live in src/commands/; this only runs them.
import { main } from './commands/cli.js'

process.exitCode = await main(process.argv.slice(2))
