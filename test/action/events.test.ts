// The action from source against the GitHub fake, for what events mean: events with nothing to do,
// the workflow_run's own pull request, GitHub App tokens, and a compare answer without `files`.
// Payloads are GitHub's published examples (@octokit/webhooks-examples) adapted to the fake's
// repository. Every request is checked against GitHub's API description after each test.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { readFileAt, seedCommit } from '../support/githubFake/historyRoutes.js'
import { webhookExamples } from '../support/webhookExamples.js'
import { REPO, useSourceHarness } from './sourceHarness.js'

// Each test runs real processes end to end (the bundled action as the runner runs it, several
// times; or several models at once): 6 to 19 s on a quiet 2-core machine, five times that while
// the machine is shared, so the default 30 s is too close.
vi.setConfig({ testTimeout: 150_000 })

const h = useSourceHarness()

// A model that leaves a marker file when it runs. These tests are about which events run and
// what is reused, not regressions: the command holds a steady 64 MiB (a bare \`touch\` peaks near
// a megabyte, where run-to-run noise is tens of percent) and the threshold is wide.
const MARKED = `gpu: {memory: 80GiB}
measure: {sampler: host}
regression: {threshold: 100%}
models:
  - name: small
    run: touch ran.marker && python3 -c "b = bytearray(64 << 20); print('done')"
    paths: ["seg/**"]
`

const repository = () => {
  const repo = h.fake.state.repo('acme-ml', 'vision')!
  return {
    id: repo.id,
    full_name: REPO,
    name: 'vision',
    url: `${h.fake.url}/repos/${REPO}`,
    default_branch: 'main'
  }
}

/** GitHub's pull_request "opened" example, moved to the fake's repository (a same-repo branch). */
function pullRequestPayload(number: number, headSha: string, baseSha: string) {
  const payload = webhookExamples('pull_request').find(p => p.action === 'opened')!
  const pr = payload.pull_request as Record<string, Record<string, unknown>>
  payload.number = number
  ;(pr as Record<string, unknown>).number = number
  pr.head = { ...pr.head, sha: headSha, repo: repository() }
  pr.base = { ...pr.base, sha: baseSha, repo: repository() }
  payload.repository = repository()
  return payload
}

const writes = () => h.fake.requests.filter(r => r.method !== 'GET')

describe('events that give nothing to do', () => {
  it('a push that deletes a ref runs no model, writes nothing and says so', async () => {
    h.fake.state.addRepo(REPO)
    const { dir } = h.workspace(MARKED)
    const payload = webhookExamples('push').find(p => p.deleted === true)!
    payload.ref = 'refs/heads/feature'
    payload.repository = repository()
    const r = await h.run(dir, 'push', payload)
    expect(r.code, r.stdout).toBe(0)
    expect(r.outputs.gate).toBe('pass')
    expect(existsSync(join(dir, 'ran.marker'))).toBe(false)
    expect(r.summary).toContain('### ⏭️ oom-gate: nothing to do')
    expect(r.summary).toContain('the push deleted refs/heads/feature')
    expect(writes()).toEqual([])
  })

  it('under pull_request_target a same-repository PR runs nothing and leaves no second comment', async () => {
    const { dir, head } = h.workspace(MARKED)
    h.fake.state.addPullRequest(REPO, { number: 41, headSha: head })
    const r = await h.run(dir, 'pull_request_target', pullRequestPayload(41, head, head))
    expect(r.code, r.stdout).toBe(0)
    expect(existsSync(join(dir, 'ran.marker'))).toBe(false)
    // Markdown-escaped: pull\_request.
    expect(r.summary).toContain('the pull\\_request workflow measures this one')
    expect(h.stickyComments(41)).toEqual([])
  })
})

describe('which pull request a workflow_run comments on', () => {
  it('the one of this repository at the run’s head commit, not the first listed', async () => {
    const { dir, head } = h.workspace(MARKED)
    h.fake.state.addPullRequest(REPO, { number: 9, headSha: head })
    h.fake.state.addPullRequest(REPO, { number: 41, headSha: head })
    // GitHub's example lists a PR whose base is another repository (id 186853002) first.
    const payload = webhookExamples('workflow_run').find(
      p => (p.workflow_run as { pull_requests: unknown[] }).pull_requests.length > 0
    )!
    const run = payload.workflow_run as Record<string, unknown>
    const [foreign] = run.pull_requests as Record<string, Record<string, unknown>>[]
    foreign!.number = 9 as never
    foreign!.head = { ...foreign!.head, sha: head }
    const ours = structuredClone(foreign!)
    ;(ours as Record<string, unknown>).number = 41
    ours.base = { ...ours.base, repo: { id: repository().id, url: repository().url, name: 'vision' } }
    run.pull_requests = [foreign, ours]
    run.head_sha = head
    run.head_repository = repository()
    payload.repository = repository()
    const r = await h.run(dir, 'workflow_run', payload)
    expect(r.code, r.stdout).toBe(0)
    expect(h.stickyComments(41)).toHaveLength(1)
    expect(h.stickyComments(9)).toEqual([])
  })
})

describe('a GitHub App installation token', () => {
  it('updates its comment in place on every run', async () => {
    const { dir, head } = h.workspace(MARKED)
    h.fake.state.addPullRequest(REPO, { number: 41, headSha: head })
    h.fake.state.addAppToken('ghs_app_token', 'acme-oom-bot', { 'pull-requests': 'write' })
    for (let i = 0; i < 3; i++) {
      const r = await h.run(dir, 'pull_request', pullRequestPayload(41, head, head), {
        'github-token': 'ghs_app_token'
      })
      expect(r.code, r.stdout).toBe(0)
    }
    expect(h.stickyComments(41).map(c => c.login)).toEqual(['acme-oom-bot[bot]'])
  })
})

describe('a compare answer without files', () => {
  it('measures everything, reuses nothing, and says so once', async () => {
    const base = seedCommit(h.fake.state, REPO, { files: { 'seg/train.py': 'v1' }, message: 'base' })
    const { dir } = h.workspace(MARKED)
    const push = await h.run(dir, 'push', {
      ...webhookExamples('push')[4]!,
      ref: 'refs/heads/main',
      after: base,
      repository: repository()
    })
    expect(push.code, push.stdout).toBe(0)
    expect(readFileAt(h.fake.state, REPO, 'oom-gate-data', `results/${base}.json`)).toContain('"small"')

    // The PR changes only the README: with files listed, "small" would be reused.
    const head = seedCommit(h.fake.state, REPO, {
      files: { 'README.md': 'hi' },
      message: 'docs',
      branch: null,
      parents: [base]
    })
    h.fake.state.addPullRequest(REPO, { number: 41, headSha: head, baseSha: base })
    h.fake.rewrite({ method: 'GET', path: /\/compare\// }, body => ({ ...body, files: undefined }))
    const r = await h.run(dir, 'pull_request', pullRequestPayload(41, head, base), {}, { GITHUB_SHA: head })
    expect(r.code, r.stdout).toBe(0)
    expect(existsSync(join(dir, 'ran.marker'))).toBe(true)
    expect(r.summary).not.toMatch(/\| small \|[^\n]*reused from/)
    expect(
      r.summary.match(/Nothing reused from \w{7}: the compare API did not list the changed files/g)
    ).toHaveLength(1)
  })
})

describe('a merge queue', () => {
  it('judges the merge group against merge_group.base_sha and says so in the job summary', async () => {
    const alloc = (mib: number) => `gpu: {memory: 80GiB}
measure: {sampler: host}
models:
  - name: small
    run: python3 -c "b = bytearray(${mib} << 20); print('small done')"
`
    const base = seedCommit(h.fake.state, REPO, { files: { 'seg/train.py': 'v1' }, message: 'base' })
    const { dir } = h.workspace(alloc(64))
    const push = await h.run(dir, 'push', {
      ...webhookExamples('push')[4]!,
      ref: 'refs/heads/main',
      after: base,
      repository: repository()
    })
    expect(push.code, push.stdout).toBe(0)

    // The group's head: the target branch plus the queued PRs, on GitHub's temporary branch.
    const head = seedCommit(h.fake.state, REPO, {
      files: { 'seg/train.py': 'v2' },
      message: 'Merge pull request #7',
      branch: null,
      parents: [base]
    })
    h.workspace(alloc(256))
    const payload = webhookExamples('merge_group')[0]!
    payload.merge_group = { ...(payload.merge_group as object), base_sha: base, head_sha: head }
    payload.repository = repository()
    const r = await h.run(dir, 'merge_group', payload, {}, { GITHUB_SHA: head })
    expect(r.code, r.stdout).toBe(1)
    expect(r.summary).toContain(`Compared with ${base.slice(0, 7)} (the merge group’s base`)
    expect(r.summary).toMatch(/▲/)
  })
})
