// node:util parseArgs, with its errors turned into one-line usage errors, and options that take
// several values after one flag (`--results a b` as well as `--results a --results b`).
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { closestName } from '../config/closestName.js'
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
  /**
   * What a string option's value is, in words (`batch: 'a positive number'`), for the message
   * when the value is missing or looks like an option (`--batch -1`). Default: "a value".
   */
  values?: Partial<Record<keyof T & string, string>>
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
  checkOptionValues(argv, options, rules.values ?? {}, fail)
  let parsed
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true })
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!
    const unknown = /^Unknown option '(-[^']*)'/.exec(message)?.[1]
    if (unknown !== undefined) {
      const guess = closestName(unknown.replace(/^-+/, ''), Object.keys(options))
      return fail(`Unknown option '${unknown}'${guess ? ` (did you mean --${guess}?)` : ''}`)
    }
    return fail(message.replace(/\.$/, ''))
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

/**
 * A string option needs a value after it. parseArgs refuses one that starts with "-" as
 * "ambiguous" (it may be a forgotten value before the next option), which reads as nonsense for
 * `--batch -1`; this says what the option takes and shows the `--flag=-1` form.
 */
function checkOptionValues(
  argv: string[],
  options: Options,
  values: Partial<Record<string, string>>,
  fail: (message: string) => never
): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') return
    const name = /^--([^=]+)$/.exec(arg)?.[1]
    if (name === undefined || options[name]?.type !== 'string') continue
    const what = values[name] ?? 'a value'
    const next = argv[i + 1]
    if (next === undefined) fail(`--${name} needs ${what}`)
    else if (/^-[\d.]/.test(next)) fail(`--${name} needs ${what}, not ${next}`)
    else if (next.startsWith('-') && next !== '-')
      fail(
        `--${name} needs ${what}, not ${JSON.stringify(next)} (write --${name}=${next} for a value that starts with "-")`
      )
    i++
  }
}
