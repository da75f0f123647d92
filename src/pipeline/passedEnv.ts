// The runner variables a config passes to its smoke commands on purpose (`pass-env:`,
// config/passEnv.ts), and the secrets the config itself brings: both join the redaction list
// before the first command runs, so neither reaches the job log, a report or results.json.
import type { Config, ModelConfig } from '../config/schema.js'
import { note, type Note } from '../notes.js'
import { secretValuesFromEnv, withEncodings } from '../report/redact.js'

/**
 * The environment of one model's command: `base` (in the action, scrubbed of secret-looking
 * variables) plus the `runner`'s value of each name the model's pass-env lists. A name the runner
 * does not set stays unset (as docker's `--env NAME`): see unsetPassEnv for the note that says so.
 */
export function withPassedEnv(
  base: NodeJS.ProcessEnv,
  runner: NodeJS.ProcessEnv,
  model: Pick<ModelConfig, 'passEnv'>
): NodeJS.ProcessEnv {
  if (model.passEnv.length === 0) return base
  const env = { ...base }
  for (const name of model.passEnv) {
    const value = runner[name]
    if (value !== undefined) env[name] = value
  }
  return env
}

/**
 * Values to redact that the config brings (each with the encodings a log may print it in):
 * the models' own `env:` values under secret-looking names (`WANDB_API_KEY: ...` written in the
 * file) and the runner's value of every name a pass-env lists, whatever the name (the user passed
 * it on purpose, as a secret). Values under 6 characters are not redacted (redact.ts).
 */
export function configSecrets(config: Pick<Config, 'models'>, runner: NodeJS.ProcessEnv): string[] {
  const values = new Set<string>()
  for (const model of config.models) {
    for (const v of secretValuesFromEnv(model.env)) values.add(v)
    for (const name of model.passEnv) {
      const value = runner[name]
      if (value !== undefined) for (const v of withEncodings(value)) values.add(v)
    }
  }
  return [...values]
}

/** A note per pass-env name the runner does not set (or sets empty), naming the models that run without it. */
export function unsetPassEnv(models: readonly ModelConfig[], runner: NodeJS.ProcessEnv): Note[] {
  const without = new Map<string, string[]>()
  for (const model of models) {
    for (const name of model.passEnv) {
      if (runner[name]) continue
      without.set(name, [...(without.get(name) ?? []), model.name])
    }
  }
  return [...without].map(([name, names]) =>
    note(
      'pass-env-unset',
      `pass-env: ${name} is not set on this runner, so ${names.join(', ')} ran without it; set it in the workflow step's env, e.g. ${name}: \${{ secrets.${name} }} (a pull request from a fork gets no secrets)`
    )
  )
}
