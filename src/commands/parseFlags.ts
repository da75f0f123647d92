// node:util parseArgs, with its errors turned into one-line usage errors, and options that take
// several values after one flag (`--results a b` as well as `--results a --results b`).
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from '../config/load.js'

type Options = NonNullable<ParseArgsConfig['options']>

export interface FlagRules<T extends Options> {
  /** Operands the command takes (explain's LOGFILE); without it an operand is a usage error. */
  positionals?: boolean
  /**
   * `multiple` string options that also take the operands after them, up to the next option
   * (`--results DIR...`, as a shell glob expands to).
   */
  variadic?: readonly (keyof T & string)[]
}

/**
 * Parses `argv` (process.argv after the command) against `options`. Returns parseArgs' values
 * and the operands. Throws UsageError with one line naming the command and its --help.
 */
export function parseFlags<T extends Options>(
  command: string,
  argv: string[],
  options: T,
  rules: FlagRules<T> = {}
) {
  const fail = (message: string): never => {
    throw new UsageError([`oom-gate ${command}: ${message}; see oom-gate ${command} --help`])
  }
  let parsed
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true })
  } catch (error) {
    return fail((error as Error).message.split('\n')[0]!)
  }
  const { values, tokens } = parsed
  const positionals: string[] = []
  // The variadic option whose values the following operands continue, if any.
  let open: string | null = null
  for (const token of tokens) {
    if (token.kind === 'option') open = rules.variadic?.includes(token.name) ? token.name : null
    else if (token.kind === 'option-terminator') open = null
    else if (open !== null) ((values as Record<string, unknown>)[open] as string[]).push(token.value)
    else positionals.push(token.value)
  }
  if (positionals.length > 0 && !rules.positionals) fail(`unexpected argument '${positionals[0]}'`)
  return { values, positionals }
}
