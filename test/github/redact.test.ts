import { describe, expect, it } from 'vitest'
import {
  isSecretName,
  masksFromLog,
  mayHoldSecret,
  redactLines,
  redactSecrets,
  secretValuesFromEnv,
  type KeyBlockState
} from '../../src/report/redact.js'

// Test credentials are assembled at run time so that no scanner mistakes this file for a leak.
const alnum = (n: number, seed = 7) =>
  Array.from({ length: n }, (_, i) => 'aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0z'[(i * seed + 3) % 31]).join('')
const token = (prefix: string, n: number) => `${prefix}${alnum(n)}`

describe('redactSecrets: known values', () => {
  it('replaces every occurrence of a known value, longest first', () => {
    const secret = 's3cr3t-value-123'
    const longer = `${secret}-and-more`
    const text = `a=${secret} b=${longer} c=${secret}`
    expect(redactSecrets(text, [secret, longer])).toBe('a=*** b=*** c=***')
  })

  it('ignores trivially short values that would garble ordinary text', () => {
    expect(redactSecrets('loss 1.0 true', ['1', 'true', ' '])).toBe('loss 1.0 true')
  })

  it('finds a known value by its rarest part first, and only the whole value counts', () => {
    // The needle starts at the value's rarest character (`Q` here); a text holding the needle
    // but not the value needs no redacting, and a text holding the value anywhere does.
    const value = `abcdefQwxyz0123456789`
    expect(mayHoldSecret(`loss 1.0 ${value} lr`, [value])).toBe(true)
    expect(mayHoldSecret(`loss 1.0 Qwxyz0123456 lr`, [value])).toBe(false)
    expect(mayHoldSecret(`${value.slice(0, -1)}`, [value])).toBe(false)
    // Shorter than a needle: the value itself.
    expect(mayHoldSecret('x=hunter2 ', ['hunter2'])).toBe(true)
    expect(redactSecrets(`a ${value}\nb ${value}`, [value])).toBe('a ***\nb ***')
  })

  it("learns masks in both of the runner's forms, with or without properties", () => {
    const log = [
      '::add-mask::first-secret-1',
      'x ##[add-mask]second-secret-2',
      '##[add-mask k=v;]third-secret-3',
      '::add-mask k=v::fourth-secret-4',
      'mentions ::add-mask without a value'
    ].join('\n')
    expect(masksFromLog(log)).toEqual([
      'first-secret-1',
      'second-secret-2',
      'third-secret-3',
      'fourth-secret-4'
    ])
    const out = redactSecrets(`${log}\nsecond-secret-2 third-secret-3`, [])
    expect(out).not.toMatch(/first-secret|second-secret|third-secret|fourth-secret/)
  })

  it('learns masks whatever the letter case of the command, as written and as the runner unescapes them', () => {
    const log = [
      '::ADD-MASK::upper-secret-1',
      '##[Add-Mask]mixed-secret-2',
      '::add-mask::Esc%25aped%3Bvalue'
    ].join('\n')
    expect(masksFromLog(log)).toEqual([
      'upper-secret-1',
      'mixed-secret-2',
      'Esc%25aped%3Bvalue',
      'Esc%aped;value'
    ])
    const out = redactSecrets(`${log}\nprinted: upper-secret-1 mixed-secret-2 Esc%aped;value`, [])
    expect(out).not.toMatch(/upper-secret|mixed-secret|Esc%/)
    expect(mayHoldSecret('x ::ADD-MASK::y', [])).toBe(true)
  })

  it('honours ::add-mask:: lines of the log itself', () => {
    const log = 'setup\n::add-mask::my-wandb-key-98765\nlogging in with my-wandb-key-98765\n'
    const out = redactSecrets(log, [])
    expect(out).not.toContain('my-wandb-key-98765')
    expect(out).toContain('::add-mask::***')
    expect(masksFromLog(log)).toEqual(['my-wandb-key-98765'])
  })
})

describe('redactSecrets: well-known shapes (one per shape)', () => {
  const cases: [string, string][] = [
    ['GitHub classic PAT', token('ghp_', 36)],
    ['GitHub OAuth token', token('gho_', 36)],
    ['GitHub user-to-server token', token('ghu_', 36)],
    ['GitHub Actions/installation token', token('ghs_', 36)],
    ['GitHub refresh token', token('ghr_', 76)],
    ['GitHub fine-grained PAT', `github_pat_${alnum(22)}_${alnum(59, 11)}`],
    ['AWS access key id', 'AKIA' + 'IOSFODNN7EXAMPLE'],
    ['Hugging Face token', token('hf_', 34)],
    ['OpenAI key', `sk-${alnum(20)}T3BlbkFJ${alnum(20, 5)}`],
    ['OpenAI project key', `sk-proj-${alnum(60)}_${alnum(40, 13)}`],
    ['Slack bot token', ['xox' + 'b', '2048193846', '2211880917', alnum(24)].join('-')],
    ['JSON web token (ACTIONS_ID_TOKEN)', `eyJ${alnum(30)}.eyJ${alnum(60, 5)}.${alnum(43, 11)}`],
    ['npm token', token('npm_', 36)],
    ['Google API key', `AIza${alnum(35)}`]
  ]
  for (const [name, secret] of cases) {
    it(name, () => {
      // No word of the line itself may reach the fast path's hint: the shape alone must.
      const line = `2025-05-22 10:00:01 INFO using ${secret} for download`
      const out = redactSecrets(line, [])
      expect(out).not.toContain(secret)
      expect(out).toBe('2025-05-22 10:00:01 INFO using *** for download')
    })
  }

  it('AWS secret access key after its name', () => {
    const secret = `wJalrXUtnFEMI/K7MDENG/bPxRfiCY${alnum(10)}`
    expect(redactSecrets(`aws_secret_access_key = ${secret}`, [])).toBe('aws_secret_access_key = ***')
  })

  it('private key block, multi-line', () => {
    const key = [
      '-----BEGIN RSA PRIVATE KEY-----',
      `MIIEowIBAAKCAQEA${alnum(48)}`,
      alnum(64, 5),
      `${alnum(30, 11)}==`,
      '-----END RSA PRIVATE KEY-----'
    ].join('\n')
    const out = redactSecrets(`before\n${key}\nafter`, [])
    expect(out).toBe('before\n***\nafter')
  })

  it('private key block cut off by the log tail (no BEGIN, or no END)', () => {
    const body = [alnum(64), alnum(64, 5), `${alnum(30, 11)}==`]
    expect(
      redactSecrets(['epoch 1', ...body, '-----END OPENSSH PRIVATE KEY-----', 'epoch 2'].join('\n'), [])
    ).toBe('epoch 1\n***\nepoch 2')
    expect(redactSecrets(['epoch 1', '-----BEGIN PRIVATE KEY-----', ...body].join('\n'), [])).toBe(
      'epoch 1\n***'
    )
  })

  it('a private key printed line by line (as a run outputs it) is redacted whole, in one pass or across passes', () => {
    const body = [`MIIEowIBAAKCAQEA${alnum(48)}`, alnum(64, 5), '', `${alnum(30, 11)}==`]
    const lines = [
      'epoch 1',
      '-----BEGIN RSA PRIVATE KEY-----',
      ...body,
      '-----END RSA PRIVATE KEY-----',
      'epoch 2'
    ]
    const expected = ['epoch 1', '***', '***', '***', '***', '***', '***', 'epoch 2']
    expect(redactLines(lines, [])).toEqual(expected)
    // The echo's blocks: one call per line, the state carried between them.
    const state: KeyBlockState = { inKey: false, lines: 0 }
    expect(lines.flatMap(line => redactLines([line], [], state))).toEqual(expected)
    // Line by line, redactSecrets alone keeps the body.
    expect(lines.map(line => redactSecrets(line, []))).toContain(body[1])
    // A tail that starts inside the key: the body lines above its END.
    expect(redactLines([...body.slice(1), '-----END RSA PRIVATE KEY-----', 'epoch 2'], [])).toEqual([
      '***',
      '***',
      '***',
      '***',
      'epoch 2'
    ])
    // A key whose END never comes: its body, then the run's own lines again.
    expect(
      redactLines(['-----BEGIN PRIVATE KEY-----', alnum(64), 'Epoch(train) [1][1/2] loss: 1.0'], [])
    ).toEqual(['***', '***', 'Epoch(train) [1][1/2] loss: 1.0'])
  })

  it('private key in a JSON string (escaped newlines)', () => {
    const json = `{"private_key": "-----BEGIN PRIVATE KEY-----\\n${alnum(64)}\\n-----END PRIVATE KEY-----\\n"}`
    expect(redactSecrets(json, [])).toBe('{"private_key": "***\\n"}')
  })

  it('Authorization header values, whatever the scheme', () => {
    const v = alnum(40)
    expect(redactSecrets(`> Authorization: Bearer ${v}`, [])).toBe('> Authorization: Bearer ***')
    expect(redactSecrets(`-H "authorization: token ${v}"`, [])).toBe('-H "authorization: token ***"')
    expect(redactSecrets(`http.extraheader=AUTHORIZATION: basic ${alnum(60)}=`, [])).toBe(
      'http.extraheader=AUTHORIZATION: basic ***'
    )
    expect(redactSecrets(`{'Authorization': 'Basic ${v}'}`, [])).toBe(`{'Authorization': 'Basic ***'}`)
    expect(redactSecrets(`Proxy-Authorization: ${v}`, [])).toBe('Proxy-Authorization: ***')
  })

  it('URLs with embedded credentials', () => {
    expect(redactSecrets('git clone https://user:hunter22@github.com/acme/x.git', [])).toBe(
      'git clone https://***@github.com/acme/x.git'
    )
    expect(redactSecrets(`pip install git+https://x-access-token:${alnum(20)}@github.com/a/b`, [])).toBe(
      'pip install git+https://***@github.com/a/b'
    )
    expect(redactSecrets(`remote: https://${alnum(40)}@github.com/a/b`, [])).toBe(
      'remote: https://***@github.com/a/b'
    )
    expect(redactSecrets('proxy=http://admin:pw%40x@10.0.0.1:3128', [])).toBe(
      'proxy=http://***@10.0.0.1:3128'
    )
  })

  it('secret-looking assignments printed by env or set -x', () => {
    expect(redactSecrets(`+ export WANDB_API_KEY=${alnum(40)}`, [])).toBe('+ export WANDB_API_KEY=***')
    expect(redactSecrets(`HF_TOKEN="${alnum(12)}"`, [])).toBe('HF_TOKEN="***"')
  })
})

describe('redactSecrets: no false positives on ordinary training logs', () => {
  const lines = [
    'Requirement already satisfied: scikit-learn in ./venv (from sk-learn-compat 0.2)',
    'import sklearn  # sk-learn, sk-image and sk-video are fine',
    'Epoch(train) [1][20/1000]  lr: 1.0000e-04  eta: 0:12:31  time: 0.8123  data_time: 0.0123  memory: 71234  loss: 0.4821  loss_normal: 0.4821',
    'commit 3f1c0d5e8a9b7c6d5e4f3a2b1c0d9e8f7a6b5c4d (HEAD -> main, origin/main)',
    'sha256:9b2a1c3d4e5f60718293a4b5c6d7e8f9012345678abcdef0123456789abcdef',
    'TOKENIZERS_PARALLELISM=false max_new_tokens=512 MAX_TOKENS=4096',
    'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.15 GiB',
    'Authorization failed for user alice: check the token',
    'ssh://git@github.com/acme/vision.git and git@github.com:acme/vision.git',
    'https://huggingface.co/facebook/sapiens-pretrain-1b/resolve/main/model.safetensors?download=true',
    'hf_hub_download(repo_id="facebook/sapiens", filename="sapiens_1b_epoch_173_torchscript.pt2")',
    'ghp_ is the prefix of classic tokens; github_pat_ of fine-grained ones',
    'KEY=value SORT_KEY=name PASSWORD_MIN_LENGTH=8',
    'dataset: AKIA-like names such as AKIAFOO are not keys',
    'base64 chunk: QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo= (not a key)'
  ]
  for (const line of lines) {
    it(line.slice(0, 60), () => {
      expect(redactSecrets(line, [])).toBe(line)
    })
  }
})

describe('secretValuesFromEnv', () => {
  const gh = token('ghs_', 36)
  const env = {
    GITHUB_TOKEN: gh,
    'INPUT_GITHUB-TOKEN': gh,
    ACTIONS_RUNTIME_TOKEN: alnum(40),
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: alnum(32, 5),
    HF_TOKEN: token('hf_', 34),
    AWS_SECRET_ACCESS_KEY: alnum(40, 11),
    DB_PASSWORD: 'correct horse battery',
    GOOGLE_APPLICATION_CREDENTIALS: '/secrets/gcp.json',
    OPENAI_APIKEY: alnum(48),
    GH_PAT: alnum(36, 13),
    SHORT_TOKEN: 'abc',
    TOKENIZERS_PARALLELISM: 'false-and-long',
    PATH: '/usr/local/bin:/usr/bin',
    CUDA_VISIBLE_DEVICES: '0,1,2,3',
    HOME: '/home/runner'
  }

  it('collects the values of secret-looking names, not of ordinary ones', () => {
    const values = secretValuesFromEnv(env)
    for (const name of [
      'GITHUB_TOKEN',
      'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'HF_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
      'DB_PASSWORD',
      'GOOGLE_APPLICATION_CREDENTIALS',
      'OPENAI_APIKEY',
      'GH_PAT'
    ] as const) {
      expect(values, name).toContain(env[name])
    }
    for (const name of [
      'SHORT_TOKEN',
      'TOKENIZERS_PARALLELISM',
      'PATH',
      'CUDA_VISIBLE_DEVICES',
      'HOME'
    ] as const) {
      expect(values, name).not.toContain(env[name])
    }
  })

  it('also catches the token base64-encoded in the git credential header actions/checkout writes', () => {
    const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${gh}`).toString('base64')}`
    // A log that prints the header without its name (git config --get) is still redacted by value.
    const printed = header.replace('AUTHORIZATION: basic ', 'value=')
    expect(redactSecrets(printed, secretValuesFromEnv(env))).toBe('value=***')
  })

  it('isSecretName: word parts and suffixes, not words that merely contain them', () => {
    expect(
      [
        'GITHUB_TOKEN',
        'hf_token',
        'MY-API-KEY',
        'APIKEY',
        'DB_PASSWORD',
        'X_CREDENTIALS',
        'NPM_AUTH_TOKEN'
      ].every(isSecretName)
    ).toBe(true)
    expect(
      [
        'TOKENIZERS_PARALLELISM',
        'KEYBOARD_LAYOUT',
        'PATH',
        'PATCH_SIZE',
        'HOME',
        'CUDA_VISIBLE_DEVICES'
      ].some(isSecretName)
    ).toBe(false)
  })
})
