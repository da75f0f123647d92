// The environment a smoke command gets in the action. It runs code from the pull request, so it
// must not see the workflow's token, the runner's ACTIONS_* runtime tokens (cache, artifacts,
// OIDC), the action's own inputs (INPUT_GITHUB-TOKEN) or anything else whose name looks secret,
// nor the step's environment files (GITHUB_ENV, GITHUB_OUTPUT...), through which it could set the
// environment of the workflow's later steps.
// A model gets one back only when the config's `pass-env` lists it (pipeline/passedEnv.ts adds
// the runner's value per model, after this scrub); the runner's credentials never come back.
import { isEnvironmentFile, isRunnerCredential } from '../config/passEnv.js'
import { isSecretName } from '../report/redact.js'

/**
 * A copy of `env` without credentials. `keep` lists names to pass through anyway; matching is
 * exact, as environment variable names are case-sensitive.
 */
export function scrubEnv(env: NodeJS.ProcessEnv, keep: readonly string[]): NodeJS.ProcessEnv {
  const kept = new Set(keep)
  const out: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue
    if (isEnvironmentFile(name)) continue
    if (!kept.has(name) && (isRunnerCredential(name) || isSecretName(name))) continue
    out[name] = value
  }
  return out
}

/** Names `scrubEnv` would remove from `env`: logged so a user sees why a variable went missing. */
export function scrubbedNames(env: NodeJS.ProcessEnv, keep: readonly string[]): string[] {
  const result = scrubEnv(env, keep)
  return Object.keys(env)
    .filter(name => env[name] !== undefined && !(name in result))
    .sort()
}
