// The action from source (src/index.ts under tsx) run as the runner runs it: a child `node`
// process with INPUT_* variables, the payload at GITHUB_EVENT_PATH, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files and GITHUB_API_URL at the local GitHub fake; the workspace is a real
// git checkout. action.test.ts runs the built bundle the same way; this one needs no rebuild, so
// tests of behaviour newer than dist/ run here. Every request is checked against GitHub's API
// description after each test (openapiCheck.ts).
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, expect } from 'vitest'
import { DEFAULT_ROUTES, startGitHubFake, type GitHubFake } from '../support/githubFake/index.js'
import { HISTORY_ROUTES } from '../support/githubFake/historyRoutes.js'
import { offSpec } from '../support/openapiCheck.js'
import { parseOutputFile } from '../github/runnerFiles.js'

export const REPO = 'acme-ml/vision'
export const TOKEN = `ghs_${'sRc1'.repeat(9)}`
const ENTRY = resolve('src/index.ts')
// Resolved here: the child runs in the workspace, where `tsx` is not a package.
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href

export interface ActionRun {
  code: number | null
  stdout: string
  summary: string
  outputs: Record<string, string>
}

export interface SourceHarness {
  readonly fake: GitHubFake
  /** A git checkout holding the config (and files); returns its path and HEAD. */
  workspace(config: string, files?: Record<string, string>): { dir: string; head: string }
  run(
    ws: string,
    event: string,
    payload: unknown,
    inputs?: Record<string, string>,
    env?: Record<string, string>
  ): Promise<ActionRun>
  /** Our sticky comments on a PR. */
  stickyComments(issue: number): { body: string; login: string }[]
}

/** Registers beforeEach/afterEach for a fresh fake and temp root per test. */
export function useSourceHarness(): SourceHarness {
  let fake: GitHubFake
  let root: string
  let runId = 2000
  beforeEach(async () => {
    fake = await startGitHubFake({ routes: [...DEFAULT_ROUTES, ...HISTORY_ROUTES] })
    fake.state.addActionsToken(TOKEN, { 'pull-requests': 'write', contents: 'write', issues: 'write' })
    root = mkdtempSync(join(tmpdir(), 'oom-gate-src-action-'))
  })
  afterEach(async () => {
    const problems = offSpec(fake.requests)
    await fake.close()
    rmSync(root, { recursive: true, force: true })
    expect(problems, 'requests or answers off GitHub’s API description').toEqual([])
  })
  return {
    get fake() {
      return fake
    },
    workspace(config, files = {}) {
      const dir = join(root, 'ws')
      mkdirSync(join(dir, '.github'), { recursive: true })
      writeFileSync(join(dir, '.github/oom-gate.yml'), config)
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(dir, path, '..'), { recursive: true })
        writeFileSync(join(dir, path), text)
      }
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], {
          cwd: dir,
          encoding: 'utf8'
        })
      if (!existsSync(join(dir, '.git'))) git('init', '-q')
      git('add', '-A')
      git('commit', '-q', '--allow-empty', '-m', 'config')
      return { dir, head: git('rev-parse', 'HEAD').trim() }
    },
    async run(ws, event, payload, inputs = {}, extraEnv = {}) {
      const run = String(++runId)
      const temp = join(root, `run-${run}`)
      mkdirSync(temp, { recursive: true })
      const eventPath = join(temp, 'event.json')
      writeFileSync(eventPath, JSON.stringify(payload))
      writeFileSync(join(temp, 'output'), '')
      writeFileSync(join(temp, 'summary'), '')
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: temp,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: event,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: REPO,
        GITHUB_WORKFLOW: 'GPU memory',
        GITHUB_JOB: 'oom-gate',
        GITHUB_RUN_ID: run,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_API_URL: fake.url,
        GITHUB_WORKSPACE: ws,
        GITHUB_OUTPUT: join(temp, 'output'),
        GITHUB_STEP_SUMMARY: join(temp, 'summary'),
        RUNNER_TEMP: temp,
        RUNNER_NAME: 'a800-runner-1',
        'INPUT_GITHUB-TOKEN': TOKEN,
        INPUT_CONFIG: '.github/oom-gate.yml',
        INPUT_MODE: 'gate',
        INPUT_MODELS: '',
        INPUT_COMMENT: 'true',
        'INPUT_ALLOW-FORKS': 'false',
        'INPUT_APPROVAL-LABEL': 'oom-gate: approved',
        INPUT_OUT: 'oom-gate-out',
        INPUT_RESULTS: '',
        ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
        ...extraEnv
      }
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>(done => {
        execFile(
          process.execPath,
          ['--import', TSX, ENTRY],
          { cwd: ws, env, timeout: 90_000 },
          (error, out, err) => {
            done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: `${out}${err}` })
          }
        )
      })
      return {
        code,
        stdout,
        summary: readFileSync(join(temp, 'summary'), 'utf8'),
        outputs: parseOutputFile(readFileSync(join(temp, 'output'), 'utf8'))
      }
    },
    stickyComments(issue) {
      return fake.state
        .comments(REPO, issue)
        .filter(c => c.body.includes('<!-- oom-gate -->') && c.user.type === 'Bot')
        .map(c => ({ body: c.body, login: c.user.login }))
    }
  }
}
