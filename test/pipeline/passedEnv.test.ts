// pass-env through the pipeline: the runner's value reaches the models that list it and no
// other, and it, like a secret a model's own env: sets, is *** in the console, report.md,
// summary.md and results.json. Real processes (sampler: host), the action's scrubbed base env.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scrubEnv } from '../../src/github/scrubEnv.js'
import { runPipeline } from '../../src/pipeline.js'
import { configSecrets, unsetPassEnv, withPassedEnv } from '../../src/pipeline/passedEnv.js'
import { modelConfig } from '../support/builders.js'

const HF = `hf_${'p3Rt'.repeat(9)}`
const DB = 'db-pass-0451-hunter'
const OWN = 'sekrit-value-123456'

describe('withPassedEnv', () => {
  it("adds the runner's value of the model's names only; a name the runner lacks stays unset", () => {
    const base = { PATH: '/bin' }
    const runner = { PATH: '/bin', HF_TOKEN: HF, DB_PASSWORD: DB }
    const env = withPassedEnv(base, runner, modelConfig({ passEnv: ['HF_TOKEN', 'WANDB_API_KEY'] }))
    expect(env).toEqual({ PATH: '/bin', HF_TOKEN: HF })
    expect(base).toEqual({ PATH: '/bin' }) // not changed in place: other models share it
    expect(withPassedEnv(base, runner, modelConfig())).toBe(base)
  })
})

describe('configSecrets', () => {
  it('holds secret-looking env: values and every pass-env value, with their encodings; not short or harmless ones', () => {
    const models = [
      modelConfig({
        name: 'a',
        env: { MY_API_KEY: OWN, BATCH: 'sixteen-16', PAT: 'abc' },
        passEnv: ['ENTITY']
      }),
      modelConfig({ name: 'b', passEnv: ['HF_TOKEN', 'UNSET_ONE'] })
    ]
    const secrets = configSecrets({ models }, { ENTITY: 'acme-research', HF_TOKEN: HF })
    expect(secrets).toContain(OWN)
    expect(secrets).toContain(Buffer.from(OWN).toString('base64'))
    expect(secrets).toContain('acme-research') // listed in pass-env: secret whatever its name
    expect(secrets).toContain(HF)
    expect(secrets).not.toContain('sixteen-16') // BATCH is not a secret-looking name
    expect(secrets).not.toContain('abc') // too short to redact without garbling every line
  })
})

describe('unsetPassEnv', () => {
  it('one note per name the runner does not set, naming the models and the workflow fix', () => {
    const models = [
      modelConfig({ name: 'a', passEnv: ['HF_TOKEN', 'WANDB_API_KEY'] }),
      modelConfig({ name: 'b', passEnv: ['HF_TOKEN'] })
    ]
    expect(unsetPassEnv(models, { WANDB_API_KEY: 'x', HF_TOKEN: '' })).toEqual([
      {
        code: 'pass-env-unset',
        text: "pass-env: HF_TOKEN is not set on this runner, so a, b ran without it; set it in the workflow step's env, e.g. HF_TOKEN: ${{ secrets.HF_TOKEN }} (a pull request from a fork gets no secrets)"
      }
    ])
  })
})

describe('pass-env and config secrets through the pipeline', () => {
  it('a passed secret reaches its command and is *** everywhere; an unpassed one never reaches a command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oom-gate-passenv-'))
    const config = join(dir, 'oom-gate.yml')
    writeFileSync(
      config,
      `gpu: {memory: 8GiB}
measure: {sampler: host, interval: 50ms}
models:
  - name: passer
    pass-env: [HF_TOKEN, NOT_ON_RUNNER]
    env: {MY_API_KEY: ${OWN}}
    run: |
      echo "hf [$HF_TOKEN] len \${#HF_TOKEN}"
      echo "db [$DB_PASSWORD] own [$MY_API_KEY]"
      printf 'split: ${HF.slice(0, 10)}\\033[0m${HF.slice(10)}\\n'
      exit 3
  - name: other
    run: |
      echo "other hf [$HF_TOKEN] db [$DB_PASSWORD]"
      exit 3
`
    )
    const runner = { ...process.env, HF_TOKEN: HF, DB_PASSWORD: DB }
    const out = join(dir, 'out')
    const console: string[] = []
    const secrets: string[] = []
    const { results, reportMarkdown, summaryMarkdown } = await runPipeline({
      configPath: config,
      modelFilters: [],
      outDir: out,
      estimateOnly: false,
      repoRoot: dir,
      env: scrubEnv(runner, []),
      passEnvFrom: runner,
      secrets,
      commit: null,
      runnerName: null,
      log: line => console.push(line)
    })
    const log = console.join('\n')
    // The command got the runner's value (its length is printed, and the value itself is masked).
    expect(log).toContain(`passer | hf [***] len ${HF.length}`)
    expect(log).toContain('passer | db [] own [***]')
    expect(log).toContain('passer | split: ***')
    expect(log).toContain('other | other hf [] db []')
    // The caller's array now holds them, so what it publishes afterwards is redacted too.
    expect(secrets).toEqual(expect.arrayContaining([HF, OWN]))
    const written = {
      console: log,
      report: reportMarkdown,
      summary: summaryMarkdown,
      'report.md': readFileSync(join(out, 'report.md'), 'utf8'),
      'summary.md': readFileSync(join(out, 'summary.md'), 'utf8'),
      'results.json': readFileSync(join(out, 'results.json'), 'utf8')
    }
    for (const [where, text] of Object.entries(written)) {
      for (const secret of [HF, OWN, DB]) expect(text, where).not.toContain(secret)
    }
    expect(written['summary.md']).toContain(`hf [***] len ${HF.length}`)
    expect(results.models.find(m => m.name === 'passer')!.logTail).toContain('db [] own [***]')
    expect(results.findings?.filter(f => f.code === 'pass-env-unset').map(f => f.text)).toEqual([
      expect.stringMatching(/^pass-env: NOT_ON_RUNNER is not set on this runner, so passer ran without it/)
    ])
  }, 60_000)
})
