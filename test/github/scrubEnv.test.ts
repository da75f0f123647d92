import { describe, expect, it } from 'vitest'
import { scrubbedNames, scrubEnv } from '../../src/github/scrubEnv.js'

const runnerEnv = {
  PATH: '/usr/bin',
  HOME: '/home/runner',
  CUDA_VISIBLE_DEVICES: '0',
  TOKENIZERS_PARALLELISM: 'false',
  GITHUB_TOKEN: 'ghs_token_value',
  'INPUT_GITHUB-TOKEN': 'ghs_token_value',
  INPUT_CONFIG: '.github/oom-gate.yml',
  ACTIONS_RUNTIME_TOKEN: 'runtime',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/token',
  ACTIONS_CACHE_URL: 'https://cache.example/',
  ACTIONS_RESULTS_URL: 'https://results.example/',
  GITHUB_REPOSITORY: 'acme-ml/vision',
  GITHUB_SHA: 'a1b2c3',
  HF_TOKEN: 'hf_value',
  WANDB_API_KEY: 'wandb',
  AWS_SECRET_ACCESS_KEY: 'aws',
  DB_PASSWORD: 'pw'
}

describe('scrubEnv', () => {
  it('removes the token, ACTIONS_* runtime tokens, the action inputs and secret-looking variables', () => {
    const env = scrubEnv(runnerEnv, [])
    expect(Object.keys(env).sort()).toEqual([
      'CUDA_VISIBLE_DEVICES',
      'GITHUB_REPOSITORY',
      'GITHUB_SHA',
      'HOME',
      'PATH',
      'TOKENIZERS_PARALLELISM'
    ])
  })

  it("removes the step's environment files, even when kept: the PR's code must not reach later steps", () => {
    // The runner's own names (docs: "Environment files"); a line written to GITHUB_ENV sets a
    // variable of every later step, GITHUB_PATH prepends to its PATH.
    const files = {
      GITHUB_ENV: '/home/runner/work/_temp/_runner_file_commands/set_env_1',
      GITHUB_OUTPUT: '/home/runner/work/_temp/_runner_file_commands/set_output_1',
      GITHUB_PATH: '/home/runner/work/_temp/_runner_file_commands/add_path_1',
      GITHUB_STATE: '/home/runner/work/_temp/_runner_file_commands/save_state_1',
      GITHUB_STEP_SUMMARY: '/home/runner/work/_temp/_runner_file_commands/step_summary_1'
    }
    const env = scrubEnv({ ...runnerEnv, ...files }, Object.keys(files))
    for (const name of Object.keys(files)) expect(env[name], name).toBeUndefined()
    expect(env.GITHUB_REPOSITORY).toBe('acme-ml/vision')
  })

  it('keeps what the model config names, exactly (names are case-sensitive)', () => {
    const env = scrubEnv(runnerEnv, ['HF_TOKEN', 'wandb_api_key'])
    expect(env.HF_TOKEN).toBe('hf_value')
    expect(env.WANDB_API_KEY).toBeUndefined()
    expect(env.GITHUB_TOKEN).toBeUndefined()
  })

  it('does not modify its input and lists what it removed', () => {
    const copy = { ...runnerEnv }
    scrubEnv(copy, [])
    expect(copy).toEqual(runnerEnv)
    expect(scrubbedNames(runnerEnv, ['HF_TOKEN'])).toEqual([
      'ACTIONS_CACHE_URL',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'ACTIONS_RESULTS_URL',
      'ACTIONS_RUNTIME_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
      'DB_PASSWORD',
      'GITHUB_TOKEN',
      'INPUT_CONFIG',
      'INPUT_GITHUB-TOKEN',
      'WANDB_API_KEY'
    ])
  })
})
