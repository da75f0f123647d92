// Entry point of the action bundle (dist/index.js), as action.yml runs it.
import { run } from './main.js'

await run()
