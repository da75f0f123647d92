// publish() against the fake over HTTP, with the runner's files in a temp dir and stdout captured
// for the workflow commands (@actions/core writes annotations and setFailed there).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { readActionContext, type ActionContext } from '../../src/github/context.js'
import { createOctokit } from '../../src/github/octokit.js'
import { publish, type PublishOptions } from '../../src/github/publish.js'
import { renderComment } from '../../src/report/renderComment.js'
import { renderReport } from '../../src/report/renderReport.js'
import type { Results } from '../../src/results.js'
import { config, GiB, modelResult, results } from '../support/builders.js'
import { startGitHubFake, type GitHubFake } from '../support/githubFake/index.js'
import { eventPath } from './fixtures.js'
import { parseOutputFile, parseWorkflowCommands } from './runnerFiles.js'

const CONFIG = config(`gpu:
  memory: 80GiB
models:
  - name: sapiens_1b
    run: python train.py --size 1b
  - name: sapiens_2b
    run: python train.py --size 2b
`)
const REPO = 'acme-ml/vision'
const TOKEN = 'ghs_' + 'Q'.repeat(36)

let fake: GitHubFake
let dir: string
let stdout: string
let savedEnv: NodeJS.ProcessEnv

function context(event: string, fixture: string): ActionContext {
  return readActionContext({
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventPath(fixture),
    GITHUB_REPOSITORY: REPO,
    GITHUB_WORKFLOW: 'GPU memory',
    GITHUB_JOB: 'oom-gate',
    GITHUB_RUN_ID: '555',
    GITHUB_WORKSPACE: '/runner/_work/vision/vision',
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md')
  })
}

function options(res: Results, over: Partial<PublishOptions> = {}): PublishOptions {
  return {
    results: res,
    reportMarkdown: renderComment(res, { runUrl: 'https://github.com/acme-ml/vision/actions/runs/555' }),
    summaryMarkdown: renderReport(res),
    config: CONFIG,
    context: context('pull_request', 'pull_request.opened.same-repo'),
    octokit: createOctokit({
      token: TOKEN,
      baseUrl: fake.url,
      retry: { msPerSecond: 0, spaceWrites: false }
    }),
    comment: true,
    resultsPath: 'oom-gate-out/results.json',
    secrets: [TOKEN],
    log: () => {},
    ...over
  }
}

const passing = () =>
  results([modelResult({ name: 'sapiens_1b' }), modelResult({ name: 'sapiens_2b', peakBytes: 60 * GiB })])
const failing = () =>
  results(
    [
      modelResult({ name: 'sapiens_1b' }),
      modelResult({
        name: 'sapiens_2b',
        status: 'oom',
        peakBytes: 79 * GiB,
        exitCode: 1,
        oom: {
          kind: 'gpu-oom',
          framework: 'pytorch',
          gpuIndex: 0,
          triedToAllocateBytes: 2 * GiB,
          totalCapacityBytes: 79 * GiB,
          freeBytes: GiB,
          allocatedBytes: 75 * GiB,
          reservedBytes: 77 * GiB,
          evidence: 'torch.OutOfMemoryError: CUDA out of memory.'
        },
        logTail: ['epoch 1', 'torch.OutOfMemoryError: CUDA out of memory.']
      })
    ],
    { gate: 'fail' }
  )

beforeEach(async () => {
  fake = await startGitHubFake()
  fake.state.addActionsToken(TOKEN, { 'pull-requests': 'write' })
  fake.state.addPullRequest(REPO, { number: 41, headSha: 'a'.repeat(40) })
  dir = mkdtempSync(join(tmpdir(), 'oom-gate-publish-'))
  writeFileSync(join(dir, 'output'), '')
  savedEnv = { ...process.env }
  process.env.GITHUB_OUTPUT = join(dir, 'output')
  stdout = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
})

afterEach(async () => {
  vi.restoreAllMocks()
  process.env = savedEnv
  process.exitCode = undefined
  await fake.close()
})

const summary = () => readFileSync(join(dir, 'summary.md'), 'utf8')
const outputs = () => parseOutputFile(readFileSync(join(dir, 'output'), 'utf8'))

describe('publish', () => {
  it('passing gate: one comment, the summary, outputs, and no failure', async () => {
    const outcome = await publish(options(passing()))
    expect(outcome.comment).toMatchObject({ status: 'created' })
    const comments = fake.state.comments(REPO, 41)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body).toContain('<!-- oom-gate -->')
    expect(comments[0]!.body).toContain('workflow=GPU%20memory job=oom-gate')
    // The comment (renderComment) links the run's summary; the job summary is the full report.
    expect(comments[0]!.body).toContain('](https://github.com/acme-ml/vision/actions/runs/555)</sub>')
    expect(comments[0]!.body).not.toContain('| Model | Status | Peak | Limit |')
    expect(summary()).toContain('| sapiens\\_2b |')
    expect(summary()).toContain('| Model | Status | Peak | Limit |')
    expect(outputs()).toEqual({ gate: 'pass', results: 'oom-gate-out/results.json' })
    expect(parseWorkflowCommands(stdout).filter(c => c.command === 'error')).toEqual([])
    expect(process.exitCode).not.toBe(1)
  })

  it('failing gate: an annotation at the failing model’s config line and one setFailed line per model', async () => {
    await publish(options(failing()))
    const errors = parseWorkflowCommands(stdout).filter(c => c.command === 'error')
    expect(errors[0]).toEqual({
      command: 'error',
      properties: { title: 'oom-gate: sapiens_2b', file: '.github/oom-gate.yml', line: '6' },
      message: 'sapiens_2b: ran out of GPU memory'
    })
    // setFailed: the last ::error:: without properties.
    expect(errors.at(-1)).toMatchObject({ properties: {}, message: 'sapiens_2b: ran out of GPU memory' })
    expect(process.exitCode).toBe(1)
    expect(outputs().gate).toBe('fail')
    expect(fake.state.comments(REPO, 41)[0]!.body).toContain('sapiens\\_2b')
  })

  it('a comment that cannot be posted: warning naming the permission, summary still written, verdict unchanged', async () => {
    fake.state.addActionsToken(TOKEN, { 'pull-requests': 'read', issues: 'read' })
    const outcome = await publish(options(passing()))
    expect(outcome.comment).toMatchObject({ status: 'failed' })
    const warnings = parseWorkflowCommands(stdout).filter(c => c.command === 'warning')
    expect(warnings[0]!.message).toContain('Add `pull-requests: write`')
    expect(summary()).toContain('pull-requests: write')
    expect(summary()).toContain('| sapiens\\_1b |')
    expect(outputs().gate).toBe('pass')
    expect(process.exitCode).not.toBe(1)
    expect(fake.state.comments(REPO, 41)).toHaveLength(0)
  })

  it('the summary is written even when the API is unreachable', async () => {
    const url = fake.url
    await fake.close()
    const octokit = createOctokit({
      token: TOKEN,
      baseUrl: url,
      retry: { retries: 1, msPerSecond: 0, spaceWrites: false }
    })
    const outcome = await publish(options(failing(), { octokit }))
    expect(outcome.comment.status).toBe('failed')
    expect(summary()).toContain('sapiens')
    expect(process.exitCode).toBe(1)
    fake = await startGitHubFake()
  })

  it('redacts secrets from the comment and the summary', async () => {
    const res = failing()
    const leaked = `${TOKEN} and ghp_${'a1B2'.repeat(9)}`
    res.models[1]!.logTail = [`echo ${leaked}`]
    await publish(options(res, { reportMarkdown: renderReport(res) }))
    for (const text of [fake.state.comments(REPO, 41)[0]!.body, summary()]) {
      expect(text).not.toContain(TOKEN)
      expect(text).not.toContain('a1B2a1B2a1B2')
      expect(text).toContain('echo *** and ***')
    }
  })

  it('keeps the comment under 65,536 characters; the summary keeps the whole report', async () => {
    const res = failing()
    res.models[1]!.logTail = Array.from({ length: 200 }, (_, i) => `step ${i} ${'z'.repeat(400)}`)
    const report = renderReport(res)
    expect(report.length).toBeGreaterThan(65_536)
    const outcome = await publish(options(res, { reportMarkdown: report }))
    expect(outcome.comment.status).toBe('created')
    const body = fake.state.comments(REPO, 41)[0]!.body
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(body).toContain('step 199')
    expect(summary()).toContain('step 0 ')
  })

  it('does not comment on push, nor when comment is false', async () => {
    expect((await publish(options(passing(), { context: context('push', 'push') }))).comment.status).toBe(
      'skipped'
    )
    expect((await publish(options(passing(), { comment: false }))).comment.status).toBe('skipped')
    expect(fake.requests).toHaveLength(0)
  })

  it('comments on the pull request the caller names (workflow_run)', async () => {
    const outcome = await publish(
      options(passing(), { context: context('workflow_run', 'push'), issueNumber: 41 })
    )
    expect(outcome.comment.status).toBe('created')
    expect(fake.state.comments(REPO, 41)).toHaveLength(1)
  })
})
