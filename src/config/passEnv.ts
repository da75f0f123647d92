// `pass-env:` (top level and per model): names of the runner's environment variables a smoke
// command gets with the runner's value, although their names look secret (HF_TOKEN for a gated
// Hugging Face model, WANDB_API_KEY). In the action every other secret-looking variable is
// removed from a smoke command's environment (github/scrubEnv.ts); `env:` values are literal text.
// Modelled on tox's `pass_env` and docker's `--env NAME` (no value: the caller's own value). Pure.
import { z } from 'zod'
import { shown } from './issueText.js'

/** A POSIX environment variable name, as `env:` keys are checked. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Variables never passed, whatever the config says: the workflow's token and the runner's own
 * (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN: cache, artifacts, OIDC) and the action's
 * inputs (INPUT_GITHUB-TOKEN). A smoke command runs the pull request's code.
 */
export function isRunnerCredential(name: string): boolean {
  const upper = name.toUpperCase()
  return upper === 'GITHUB_TOKEN' || upper.startsWith('ACTIONS_') || upper.startsWith('INPUT_')
}

/**
 * The step's environment files (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_PATH, GITHUB_STATE,
 * GITHUB_STEP_SUMMARY): a line written to one sets an environment variable, an output or the PATH
 * of the workflow's later steps. Never passed either: the pull request's code must not reach the
 * steps after the gate.
 */
export function isEnvironmentFile(name: string): boolean {
  return ENVIRONMENT_FILES.has(name.toUpperCase())
}

const ENVIRONMENT_FILES = new Set([
  'GITHUB_ENV',
  'GITHUB_OUTPUT',
  'GITHUB_PATH',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY'
])

/** An `env:` value that asks for expansion the file does not do: `$HF_TOKEN`, `${HF_TOKEN}`, `${{ secrets.X }}`. */
const EXPANSION = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})$|\$\{\{/

/**
 * Why an `env:` value is not literal text the user meant, or null. Values are never expanded, so
 * `HF_TOKEN: $HF_TOKEN` would hand the command the text `$HF_TOKEN`.
 */
export function envExpansionProblem(value: string): string | null {
  const m = EXPANSION.exec(value.trim())
  if (!m) return null
  const name = m[1] ?? m[2]
  if (name)
    return `is taken literally (env values are not expanded); to pass the runner's ${name}, list it in pass-env, e.g. pass-env: [${name}]`
  return "is taken literally (this file is not a workflow; ${{ }} is not evaluated); set the variable in the workflow step's env: and list its name in pass-env, e.g. pass-env: [HF_TOKEN]"
}

/** One `pass-env` entry: a variable's name, never a value or a runner credential. */
const passEnvName = z.unknown().transform((value, ctx): string => {
  if (
    typeof value === 'string' &&
    ENV_NAME.test(value) &&
    !isRunnerCredential(value) &&
    !isEnvironmentFile(value)
  )
    return value
  const message =
    typeof value === 'string' && isEnvironmentFile(value)
      ? `${shown(value)} is one of the step's environment files, never passed to a pull request's code (it would set the environment of the workflow's later steps); remove it from pass-env`
      : typeof value === 'string' && ENV_NAME.test(value)
        ? `${shown(value)} is the workflow's or the runner's own credential (GITHUB_TOKEN, ACTIONS_*, INPUT_*), never passed to a pull request's code; pass a token of its own under another name, e.g. HF_TOKEN`
        : `${shown(value)} is not the name of an environment variable; write the name only, e.g. HF_TOKEN (the value is the runner's; a value of your own goes in env:)`
  ctx.addIssue({ code: 'custom', message })
  return z.NEVER
})

export const PassEnvSchema = z.array(passEnvName)
