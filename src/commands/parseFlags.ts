// node:util parseArgs, with its errors turned into one-line usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from '../config/load.js'

export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = false
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true })
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]
    throw new UsageError([`oom-gate ${command}: ${message}; see oom-gate ${command} --help`])
  }
}
