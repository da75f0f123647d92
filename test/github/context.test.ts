import { describe, expect, it } from 'vitest'
import { readActionContext, readInputs } from '../../src/github/context.js'
import { eventPath, SHAS } from './fixtures.js'

const runner = (event: string, name: string) => ({
  GITHUB_EVENT_NAME: event,
  GITHUB_EVENT_PATH: eventPath(name),
  GITHUB_REPOSITORY: 'acme-ml/vision',
  GITHUB_WORKFLOW: 'GPU memory',
  GITHUB_JOB: 'oom-gate',
  GITHUB_RUN_ID: '9876543210',
  GITHUB_SHA: 'e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0',
  GITHUB_WORKSPACE: '/runner/_work/vision/vision',
  GITHUB_STEP_SUMMARY: '/runner/_temp/step_summary_1'
})

describe('readActionContext', () => {
  it('reads a same-repository pull_request', () => {
    const c = readActionContext(runner('pull_request', 'pull_request.synchronize.same-repo'))
    expect(c).toMatchObject({
      eventName: 'pull_request',
      action: 'synchronize',
      repo: { owner: 'acme-ml', repo: 'vision' },
      workflow: 'GPU memory',
      job: 'oom-gate',
      runId: '9876543210',
      stepSummaryPath: '/runner/_temp/step_summary_1',
      pullRequest: {
        number: 41,
        headSha: SHAS.sameRepoHead2,
        headRepo: 'acme-ml/vision',
        baseRepo: 'acme-ml/vision',
        isFork: false,
        labels: ['gpu']
      }
    })
  })

  it('reads a fork pull_request_target with its labels', () => {
    const c = readActionContext(runner('pull_request_target', 'pull_request_target.labeled.fork'))
    expect(c.pullRequest).toMatchObject({
      number: 42,
      headSha: SHAS.forkHead1,
      isFork: true,
      labels: ['oom-gate: approved']
    })
  })

  it('has no pull request on push', () => {
    expect(readActionContext(runner('push', 'push')).pullRequest).toBeNull()
  })

  it('names the file when the payload cannot be read', () => {
    expect(() => readActionContext({ GITHUB_EVENT_PATH: '/nonexistent/event.json' })).toThrow(
      /\/nonexistent\/event\.json/
    )
  })
})

describe('readInputs', () => {
  it('applies the defaults of action.yml', () => {
    expect(readInputs({})).toEqual({
      config: '.github/oom-gate.yml',
      githubToken: '',
      mode: 'gate',
      models: [],
      comment: true,
      allowForks: false,
      approvalLabel: 'oom-gate: approved',
      out: 'oom-gate-out',
      results: [],
      pullRequest: null
    })
  })

  it('reads INPUT_ variables the way the runner names them', () => {
    const inputs = readInputs({
      INPUT_CONFIG: ' ci/oom.yml ',
      'INPUT_GITHUB-TOKEN': 'tok',
      INPUT_MODE: 'measure',
      INPUT_MODELS: 'sapiens_1b, sapiens_2b\nsapiens_0.3b',
      INPUT_COMMENT: 'false',
      'INPUT_ALLOW-FORKS': 'True',
      'INPUT_APPROVAL-LABEL': 'gpu-ok',
      INPUT_RESULTS: 'parts/*',
      'INPUT_PULL-REQUEST': '42'
    })
    expect(inputs).toMatchObject({
      config: 'ci/oom.yml',
      githubToken: 'tok',
      mode: 'measure',
      models: ['sapiens_1b', 'sapiens_2b', 'sapiens_0.3b'],
      comment: false,
      allowForks: true,
      approvalLabel: 'gpu-ok',
      results: ['parts/*'],
      pullRequest: 42
    })
  })

  it('rejects a bad mode, boolean or pull request number with the input named', () => {
    expect(() => readInputs({ INPUT_MODE: 'run' })).toThrow(/input mode: "run"/)
    expect(() => readInputs({ INPUT_COMMENT: 'yes' })).toThrow(/input comment: "yes"/)
    expect(() => readInputs({ 'INPUT_PULL-REQUEST': '#4' })).toThrow(/input pull-request/)
  })
})
