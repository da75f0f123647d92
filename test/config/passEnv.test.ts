// pass-env: runner variables a smoke command gets on purpose, and the env: forms that look like
// they pass one but do not. Every bad form is one line naming the file, the field and the fix.
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config/load.js'
import { FILE, problems } from './helpers.js'

const model = (extra: string) => `models:\n  - {name: a, run: x${extra}}\n  - {name: b, run: y}\n`

describe('pass-env', () => {
  it('joins the top-level list and the model’s own, sorted, without repeats; other models get the top level only', () => {
    const config = parseConfig(
      `pass-env: [WANDB_API_KEY, HF_TOKEN]\n${model(', pass-env: [HF_TOKEN, DB_PASSWORD]')}`,
      FILE
    )
    expect(config.models.map(m => [m.name, m.passEnv])).toEqual([
      ['a', ['DB_PASSWORD', 'HF_TOKEN', 'WANDB_API_KEY']],
      ['b', ['HF_TOKEN', 'WANDB_API_KEY']]
    ])
  })

  it('is empty when the file has none', () => {
    expect(parseConfig(model(''), FILE).models.map(m => m.passEnv)).toEqual([[], []])
  })

  it('refuses a value, a $-form or a non-name, saying to write the name only', () => {
    expect(problems(model(', pass-env: [HF_TOKEN=hf_x, $WANDB_API_KEY, 3]'))).toEqual([
      `${FILE}: models[0].pass-env[0]: "HF_TOKEN=hf_x" is not the name of an environment variable; write the name only, e.g. HF_TOKEN (the value is the runner's; a value of your own goes in env:)`,
      `${FILE}: models[0].pass-env[1]: "$WANDB_API_KEY" is not the name of an environment variable; write the name only, e.g. HF_TOKEN (the value is the runner's; a value of your own goes in env:)`,
      `${FILE}: models[0].pass-env[2]: 3 is not the name of an environment variable; write the name only, e.g. HF_TOKEN (the value is the runner's; a value of your own goes in env:)`
    ])
  })

  it('refuses the workflow token and the runner’s and action’s own variables', () => {
    const lines = problems(
      `pass-env: [GITHUB_TOKEN, ACTIONS_RUNTIME_TOKEN, INPUT_GITHUB_TOKEN]\n${model('')}`
    )
    expect(lines).toHaveLength(3)
    expect(lines[0]).toBe(
      `${FILE}: pass-env[0]: "GITHUB_TOKEN" is the workflow's or the runner's own credential (GITHUB_TOKEN, ACTIONS_*, INPUT_*), never passed to a pull request's code; pass a token of its own under another name, e.g. HF_TOKEN`
    )
    expect(lines[1]).toMatch(
      /^\.github\/oom-gate\.yml: pass-env\[1\]: "ACTIONS_RUNTIME_TOKEN" is the workflow's/
    )
    expect(lines[2]).toMatch(
      /^\.github\/oom-gate\.yml: pass-env\[2\]: "INPUT_GITHUB_TOKEN" is the workflow's/
    )
  })

  it("refuses the step's environment files, which would reach the workflow's later steps", () => {
    expect(problems(`pass-env: [GITHUB_ENV, github_path]\n${model('')}`)).toEqual([
      `${FILE}: pass-env[0]: "GITHUB_ENV" is one of the step's environment files, never passed to a pull request's code (it would set the environment of the workflow's later steps); remove it from pass-env`,
      `${FILE}: pass-env[1]: "github_path" is one of the step's environment files, never passed to a pull request's code (it would set the environment of the workflow's later steps); remove it from pass-env`
    ])
  })

  it('a list is required, with the list fix', () => {
    expect(problems(`pass-env: HF_TOKEN\n${model('')}`)).toEqual([
      `${FILE}: pass-env: "HF_TOKEN" is not a list; write a list, e.g. [a, b] or one "- item" per line`
    ])
  })

  it('a name in both env and pass-env (its own or the top level) is one line at the env key', () => {
    expect(problems(`pass-env: [HF_TOKEN]\n${model(', env: {HF_TOKEN: abcdefgh}')}`)).toEqual([
      `${FILE}: models[0].env.HF_TOKEN: is also in pass-env; keep one: a value of your own in env, or the runner's with pass-env`
    ])
  })

  it('an unknown key near pass-env suggests it', () => {
    expect(problems(model(', pass_env: [HF_TOKEN]'))).toEqual([
      `${FILE}: models[0].pass_env: unknown key; did you mean "pass-env"?`
    ])
  })
})

describe('env values are literal: the forms that look like a pass-through are refused with the fix', () => {
  it('$NAME and ${NAME} point at pass-env with the name', () => {
    expect(problems(model(', env: {HF_TOKEN: $HF_TOKEN, WANDB_API_KEY: "${WANDB_API_KEY}"}'))).toEqual([
      `${FILE}: models[0].env.HF_TOKEN: "$HF_TOKEN" is taken literally (env values are not expanded); to pass the runner's HF_TOKEN, list it in pass-env, e.g. pass-env: [HF_TOKEN]`,
      `${FILE}: models[0].env.WANDB_API_KEY: "\${WANDB_API_KEY}" is taken literally (env values are not expanded); to pass the runner's WANDB_API_KEY, list it in pass-env, e.g. pass-env: [WANDB_API_KEY]`
    ])
  })

  it('a GitHub expression says the file is not a workflow', () => {
    expect(problems(model(', env: {HF_TOKEN: "${{ secrets.HF_TOKEN }}"}'))).toEqual([
      `${FILE}: models[0].env.HF_TOKEN: "\${{ secrets.HF_TOKEN }}" is taken literally (this file is not a workflow; \${{ }} is not evaluated); set the variable in the workflow step's env: and list its name in pass-env, e.g. pass-env: [HF_TOKEN]`
    ])
  })

  it('a $ inside a longer value stays literal text, as before', () => {
    const config = parseConfig(model(', env: {PS4: "+ $LINENO: ", PRICE: "$5", K: "$HOME-${PATH}"}'), FILE)
    expect(config.models[0]!.env).toEqual({ PS4: '+ $LINENO: ', PRICE: '$5', K: '$HOME-${PATH}' })
  })
})
