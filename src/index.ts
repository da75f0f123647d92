// Entry point of the action bundle (dist/index.js), as action.yml runs it.
import { keepGoingWhenStdoutCloses } from './commands/closedStdout.js'
import { run } from './main.js'

keepGoingWhenStdoutCloses()
await run()
