// What the config tests share: the path errors name, and the one-line problems a config text gives.
import { parseConfig, UsageError } from '../../src/config/load.js'

export const FILE = '.github/oom-gate.yml'

/** The problems parseConfig reports for `text` (one line each); throws when it accepts the text. */
export function problems(text: string): string[] {
  try {
    parseConfig(text, FILE)
  } catch (error) {
    if (error instanceof UsageError) return error.problems
    throw error
  }
  throw new Error('expected a UsageError')
}
