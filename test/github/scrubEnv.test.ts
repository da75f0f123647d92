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
