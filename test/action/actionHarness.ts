// The action run as the runner runs it: a child `node` process with INPUT_* variables, the payload
// at GITHUB_EVENT_PATH, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files and GITHUB_API_URL at the local
// GitHub fake; the workspace is a real git checkout. One harness for both ways of running the action:
// the built bundle (action.test.ts) and the source under tsx (sourceHarness.ts). Every request is
// checked against GitHub's API description after each test (openapiCheck.ts).
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect } from 'vitest'
import { DEFAULT_ROUTES, startGitHubFake, type GitHubFake } from '../support/githubFake/index.js'
import { HISTORY_ROUTES } from '../support/githubFake/historyRoutes.js'
import { offSpec } from '../support/openapiCheck.js'
import { parseOutputFile } from '../github/runnerFiles.js'

export const REPO = 'acme-ml/vision'

export interface ActionRun {
  code: number | null
  stdout: string
  summary: string
  outputs: Record<string, string>
  /** GITHUB_RUN_ID the run had. */
  runId: string
}

export interface ActionHarnessOptions {
  /** Arguments to `node` that start the action: the bundle's path, or a loader and the source entry. */
  nodeArgs: readonly string[]
  /** The job's GITHUB_TOKEN, with its permissions at the fake. */
  token: string
  permissions: Record<string, 'read' | 'write'>
  /** Run ids count up from here, so the two harnesses' comments never share one. */
  firstRunId: number
  timeoutMs: number
  /** Prefix of the temp root made for each test. */
  tempPrefix: string
  /** Variables every run has besides the runner's own (secrets the action must not leak). */
  env?: Record<string, string>
  /** Seeds the fresh fake before each test (pull requests, users). */
  seed?: (fake: GitHubFake) => void
}

export interface ActionHarness {
  readonly fake: GitHubFake
  /** This test's temp directory (removed after it). */
  readonly root: string
  /** A git checkout holding the config (and files); returns its path and HEAD. */
  workspace(config: string, files?: Record<string, string>): { dir: string; head: string }
  /** Runs the action once as the runner would, for `event` with `payload`. */
  run(
    ws: string,
    event: string,
    payload: unknown,
    inputs?: Record<string, string>,
    env?: Record<string, string>
  ): Promise<ActionRun>
  /**
   * Starts the action as run() does, without waiting: the test can signal it (a cancelled job).
   * `exited` settles with the exit code or signal.
   */
  start(
    ws: string,
    event: string,
    payload: unknown,
    inputs?: Record<string, string>
  ): {
    child: ChildProcess
    output: () => string
    exited: Promise<{ code: number | null; signal: string | null }>
  }
  /** Our sticky comments on a PR. */
  stickyComments(issue: number): { body: string; login: string }[]
}

/** Registers beforeEach/afterEach for a fresh fake and temp root per test. */
export function useActionHarness(options: ActionHarnessOptions): ActionHarness {
  let fake: GitHubFake
  let root: string
  let runId = options.firstRunId
  beforeEach(async () => {
    fake = await startGitHubFake({ routes: [...DEFAULT_ROUTES, ...HISTORY_ROUTES] })
    fake.state.addActionsToken(options.token, options.permissions)
    options.seed?.(fake)
    root = mkdtempSync(join(tmpdir(), options.tempPrefix))
  })
  afterEach(async () => {
    const problems = offSpec(fake.requests)
    await fake.close()
    rmSync(root, { recursive: true, force: true })
    expect(problems, 'requests or answers off GitHub’s API description').toEqual([])
  })
  /** The runner's environment for one run of the action, with its temp files made. */
  function runEnv(
    ws: string,
    event: string,
    payload: unknown,
    inputs: Record<string, string>,
    extraEnv: Record<string, string>
  ): { env: Record<string, string>; temp: string; run: string } {
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
      ...options.env,
      'INPUT_GITHUB-TOKEN': options.token,
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
    return { env, temp, run }
  }
  return {
    start(ws, event, payload, inputs = {}) {
      const { env } = runEnv(ws, event, payload, inputs, {})
      const child = spawn(process.execPath, [...options.nodeArgs], {
        cwd: ws,
        env,
        stdio: ['ignore', 'pipe', 'pipe']
      })
      let text = ''
      child.stdout!.on('data', (b: Buffer) => (text += b.toString()))
      child.stderr!.on('data', (b: Buffer) => (text += b.toString()))
      const exited = new Promise<{ code: number | null; signal: string | null }>(r =>
        child.on('exit', (code, signal) => r({ code, signal }))
      )
      return { child, output: () => text, exited }
    },
    get fake() {
      return fake
    },
    get root() {
      return root
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
      const { env, temp, run } = runEnv(ws, event, payload, inputs, extraEnv)
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>(done => {
        execFile(
          process.execPath,
          [...options.nodeArgs],
          { cwd: ws, env, timeout: options.timeoutMs },
          (error, out, err) => {
            done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: `${out}${err}` })
          }
        )
      })
      return {
        code,
        stdout,
        summary: readFileSync(join(temp, 'summary'), 'utf8'),
        outputs: parseOutputFile(readFileSync(join(temp, 'output'), 'utf8')),
        runId: run
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
