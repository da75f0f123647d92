// The action from source (src/index.ts under tsx, as the runner would run the bundle) on a fake
// four-GPU runner: a matrix measure job with a models glob runs its models in parallel, prints one
// log group per model, writes its share to `out`; a report job merges per-artifact folders.
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseOutputFile } from '../github/runnerFiles.js'
import { FAKE_DIR, fakeState, workload } from '../measure/helpers.js'
import { quoted, tmp } from './helpers.js'

const ENTRY = resolve('src/index.ts')
// Resolved here: the child runs in the workspace, where `tsx` is not a package.
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href

interface ActionRun {
  code: number | null
  stdout: string
  outputs: Record<string, string>
  summary: string
}

function runAction(workspace: string, inputs: Record<string, string>, fakeDir: string): Promise<ActionRun> {
  const temp = tmp('scale-action-run-')
  writeFileSync(join(temp, 'output'), '')
  writeFileSync(join(temp, 'summary'), '')
  writeFileSync(join(temp, 'event.json'), readFileSync('test/fixtures/events/push.json'))
  const env: Record<string, string> = {
    PATH: `${FAKE_DIR}:${process.env.PATH}`,
    HOME: temp,
    FAKE_NVIDIA_SMI_STATE: fakeDir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: join(temp, 'event.json'),
    GITHUB_REPOSITORY: 'acme-ml/vision',
    GITHUB_WORKFLOW: 'GPU memory',
    GITHUB_JOB: 'measure',
    GITHUB_RUN_ID: '7',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: join(temp, 'output'),
    GITHUB_STEP_SUMMARY: join(temp, 'summary'),
    RUNNER_TEMP: temp,
    'INPUT_GITHUB-TOKEN': '',
    INPUT_CONFIG: '.github/oom-gate.yml',
    INPUT_COMMENT: 'false',
    'INPUT_ALLOW-FORKS': 'false',
    'INPUT_APPROVAL-LABEL': 'oom-gate: approved',
    INPUT_MODELS: '',
    INPUT_RESULTS: '',
    INPUT_OUT: 'oom-gate-out',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))
  }
  return new Promise(done => {
    execFile(
      process.execPath,
      ['--import', TSX, ENTRY],
      { cwd: workspace, env, timeout: 90_000 },
      (error, out, err) =>
        done({
          code: error ? ((error as { code?: number }).code ?? 1) : 0,
          stdout: `${out}${err}`,
          outputs: parseOutputFile(readFileSync(join(temp, 'output'), 'utf8')),
          summary: readFileSync(join(temp, 'summary'), 'utf8')
        })
    )
  })
}

describe('matrix jobs on a multi-GPU runner (the action)', () => {
  it('measure: a models glob runs in parallel with one log group per model; report merges the artifacts', async () => {
    const fake = fakeState([{}, {}, {}, {}])
    const workspace = tmp('scale-action-ws-')
    mkdirSync(join(workspace, '.github'))
    const step = (name: string, mib: number) =>
      quoted(
        workload([
          ['print', `${name} start`],
          ['gpu', mib],
          ['sleep', 400],
          ['print', `${name} end`]
        ])
      )
    writeFileSync(
      join(workspace, '.github/oom-gate.yml'),
      `gpu:
  memory: 80GiB
measure:
  interval: 50ms
models:
  - name: vit_small
    run: ${step('vit_small', 1000)}
  - name: vit_base
    run: ${step('vit_base', 2000)}
  - name: other
    run: ${step('other', 3000)}
`
    )
    const measure = await runAction(workspace, { mode: 'measure', models: 'vit_*', out: 'out/vit' }, fake.dir)
    expect(measure.code, measure.stdout).toBe(0)
    const lines = measure.stdout.split('\n')
    expect(lines).toContain('oom-gate: 2 models on GPUs 0,1,2,3, several at once')
    for (const name of ['vit_small', 'vit_base']) {
      const start = lines.indexOf(`::group::${name}: output (2 lines)`)
      expect(start, measure.stdout).toBeGreaterThan(0)
      expect(lines.slice(start + 1, start + 4)).toEqual([
        `  ${name} | ${name} start`,
        `  ${name} | ${name} end`,
        '::endgroup::'
      ])
      expect(lines[start + 4]).toMatch(new RegExp(`^✔ ${name}: ok`))
    }
    expect(lines.filter(l => l.startsWith('::group::'))).toHaveLength(2)
    const results = JSON.parse(readFileSync(join(workspace, 'out/vit/results.json'), 'utf8'))
    expect(results.models.map((m: { name: string; status: string }) => [m.name, m.status])).toEqual([
      ['vit_small', 'ok'],
      ['vit_base', 'ok'],
      ['other', 'skipped']
    ])
    expect(existsSync(join(workspace, 'out/vit/runs/vit_small'))).toBe(true)

    const rest = await runAction(workspace, { mode: 'measure', models: 'other', out: 'out/other' }, fake.dir)
    expect(rest.code, rest.stdout).toBe(0)
    // download-artifact with merge-multiple: false: one folder per artifact under `path`.
    for (const part of ['vit', 'other']) {
      cpSync(join(workspace, 'out', part), join(workspace, 'downloaded', `oom-gate-${part}`), {
        recursive: true
      })
    }
    const report = await runAction(
      workspace,
      { mode: 'report', results: 'downloaded', out: 'final' },
      fake.dir
    )
    expect(report.code, report.stdout).toBe(0)
    expect(report.outputs.gate).toBe('pass')
    const merged = JSON.parse(readFileSync(join(workspace, 'final/results.json'), 'utf8'))
    expect(merged.models.map((m: { name: string; status: string }) => [m.name, m.status])).toEqual([
      ['vit_small', 'ok'],
      ['vit_base', 'ok'],
      ['other', 'ok']
    ])
    expect(report.summary).toContain('| other | ✅ ok | 2.93 GiB |')
  }, 180_000)
})
