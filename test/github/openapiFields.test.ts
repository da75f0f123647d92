// The fields src/ reads in GitHub's answers (test/support/apiReads.ts) against GitHub's published
// REST description (@octokit/openapi): each is in the success answer's schema, and each one the
// description marks optional or nullable is handled: replayed here against the fake with the field
// left out or null, the code neither crashes nor reads the gap as good news.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { changedFiles } from '../../src/github/changedPaths.js'
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js'
import { stickyMarker, upsertStickyComment } from '../../src/github/stickyComment.js'
import { API_READS } from '../support/apiReads.js'
import { DEFAULT_ROUTES, startGitHubFake, type GitHubFake } from '../support/githubFake/index.js'
import { HISTORY_ROUTES, seedCommit } from '../support/githubFake/historyRoutes.js'
import { fieldFacts, offSpec, operationById } from '../support/openapiCheck.js'
import { trackReads, undeclaredReads, type ReadLog } from '../support/readTracker.js'
import { collaboratorPermission } from '../../src/github/collaboratorPermission.js'
import { resolveTokenIdentity } from '../../src/github/identity.js'
import { alertCommitMarker, findAlert, type AlertContext } from '../../src/github/alerts.js'

const REPO = 'acme-ml/vision'
let fake: GitHubFake
let octokit: GitHubClient
let readLog: ReadLog
beforeEach(async () => {
  fake = await startGitHubFake({ routes: [...DEFAULT_ROUTES, ...HISTORY_ROUTES] })
  fake.state.addActionsToken('t', { 'pull-requests': 'write', contents: 'write', issues: 'write' })
  octokit = createOctokit({ token: 't', baseUrl: fake.url, retry: { msPerSecond: 0, spaceWrites: false } })
  readLog = new Map()
  trackReads(octokit, readLog)
})
afterEach(async () => {
  // The rewritten answers are the point here; the requests must still be on the description.
  const problems = offSpec(fake.requests).filter(p => !p.includes("the fake's answer"))
  await fake.close()
  expect(problems).toEqual([])
})

type Json = Record<string, unknown>
const marker = stickyMarker('GPU memory', 'oom-gate')

/** A replay per optional or nullable field read: the answer without it, and what must hold. */
const REPLAYS: Record<string, () => Promise<void>> = {
  'issues/list-comments [].body': async () => {
    fake.state.addPullRequest(REPO, { number: 7, headSha: 'a'.repeat(40) })
    const first = await upsertStickyComment(octokit, {
      owner: 'acme-ml',
      repo: 'vision',
      issueNumber: 7,
      marker,
      body: 'one'
    })
    fake.state.addComment(REPO, 7, 'bob', 'no body in the answer')
    fake.rewrite({ method: 'GET', path: /\/comments$/ }, body =>
      (body as unknown as Json[]).map(c => ((c.user as Json).login === 'bob' ? { ...c, body: undefined } : c))
    )
    const again = await upsertStickyComment(octokit, {
      owner: 'acme-ml',
      repo: 'vision',
      issueNumber: 7,
      marker,
      body: 'two'
    })
    expect(again).toMatchObject({ action: 'updated', id: first.id })
  },
  'issues/list-comments [].user': async () => {
    fake.state.addPullRequest(REPO, { number: 7, headSha: 'a'.repeat(40) })
    // A deleted account's comment (user: null) carrying our marker is never taken for ours.
    fake.state.addComment(REPO, 7, 'ghost-to-be', `${marker}\nold`)
    fake.rewrite({ method: 'GET', path: /\/comments$/ }, body =>
      (body as unknown as Json[]).map(c =>
        (c.user as Json | null)?.login === 'ghost-to-be' ? { ...c, user: null } : c
      )
    )
    const result = await upsertStickyComment(octokit, {
      owner: 'acme-ml',
      repo: 'vision',
      issueNumber: 7,
      marker,
      body: 'new'
    })
    expect(result.action).toBe('created')
    expect(fake.state.comments(REPO, 7).find(c => c.user.login === 'ghost-to-be')!.body).toContain('old')
  },
  'issues/list-comments [].user.login': async () => REPLAYS['issues/list-comments [].user']!(),
  'issues/list-comments [].user.type': async () => REPLAYS['issues/list-comments [].user']!(),
  'issues/list-for-repo [].body': async () => {
    fake.state.addRepo(REPO)
    const ctx: AlertContext = {
      repo: { owner: 'acme-ml', repo: 'vision' },
      commit: 'c'.repeat(40),
      serverUrl: 'https://github.com',
      runId: null,
      branch: 'main'
    }
    // The alert an earlier run raised for this commit, and an issue someone opened with no body.
    const raised = await octokit.rest.issues.create({
      ...ctx.repo,
      title: 'oom-gate: GPU memory alert',
      body: `${alertCommitMarker(ctx.commit)}\nregressed`
    })
    await octokit.rest.issues.create({ ...ctx.repo, title: 'a question' })
    fake.rewrite({ method: 'GET', path: /\/issues$/ }, body =>
      (body as unknown as Json[]).map(i => (i.title === 'a question' ? { ...i, body: null } : i))
    )
    expect(await findAlert(octokit, ctx, 'issue')).toEqual({
      kind: 'issue',
      url: raised.data.html_url,
      existing: true
    })
    // A body-less issue is never taken for the alert: with ours' body gone too, none is found
    // (and a new alert is raised), rather than a crash or a match on the gap.
    fake.rewrite({ method: 'GET', path: /\/issues$/ }, body =>
      (body as unknown as Json[]).map(i => ({ ...i, body: undefined }))
    )
    expect(await findAlert(octokit, ctx, 'issue')).toBeNull()
  },
  'repos/compare-commits-with-basehead files': async () => {
    const base = seedCommit(fake.state, REPO, { files: { 'seg/a.py': '1' }, message: 'base' })
    const head = seedCommit(fake.state, REPO, { files: { 'README.md': 'x' }, message: 'head' })
    fake.rewrite({ path: /\/compare\// }, body => ({ ...body, files: undefined }))
    // Unknown, never "nothing changed".
    expect(await changedFiles(octokit, { owner: 'acme-ml', repo: 'vision' }, base, head)).toMatchObject({
      files: null,
      reason: expect.stringContaining('did not list the changed files')
    })
  },
  'repos/compare-commits-with-basehead files[].filename': async () =>
    REPLAYS['repos/compare-commits-with-basehead files']!(),
  'repos/compare-commits-with-basehead files[].previous_filename': async () => {
    const base = seedCommit(fake.state, REPO, { files: { 'seg/a.py': '1' }, message: 'base' })
    const head = seedCommit(fake.state, REPO, {
      files: { 'seg/a.py': null, 'seg/b.py': '1' },
      message: 'rename'
    })
    const renamed = await changedFiles(octokit, { owner: 'acme-ml', repo: 'vision' }, base, head)
    expect(renamed.files).toEqual([{ filename: 'seg/b.py', previousFilename: 'seg/a.py' }])
    fake.rewrite({ path: /\/compare\// }, body => ({
      ...body,
      files: (body.files as Json[]).map(f => ({ ...f, previous_filename: undefined }))
    }))
    const without = await changedFiles(octokit, { owner: 'acme-ml', repo: 'vision' }, base, head)
    expect(without.files).toEqual([{ filename: 'seg/b.py', previousFilename: null }])
  }
}

describe('fields read from GitHub’s answers', () => {
  const reads = Object.entries(API_READS).flatMap(([op, { reads }]) => reads.map(field => ({ op, field })))

  it('name operations of GitHub’s REST description', () => {
    for (const op of Object.keys(API_READS)) expect(() => operationById(op)).not.toThrow()
  })

  it('are each in the success answer’s schema', () => {
    const missing = reads.filter(({ op, field }) => !fieldFacts(op, field).exists)
    expect(missing).toEqual([])
  })

  it('optional or nullable ones are exactly those with a replay below', () => {
    const loose = reads
      .filter(({ op, field }) => {
        const facts = fieldFacts(op, field)
        return facts.optional || facts.nullable
      })
      .map(({ op, field }) => `${op} ${field}`)
    expect(loose.sort()).toEqual(Object.keys(REPLAYS).sort())
  })

  for (const [name, replay] of Object.entries(REPLAYS)) {
    it(`handles ${name} left out or null`, async () => {
      await replay()
      expect(undeclaredReads(readLog)).toEqual([])
    })
  }

  it('the table holds every field the code was seen reading (tracked through a Proxy on each answer)', async () => {
    fake.state.addUserToken('pat', 'alice-dev')
    const repo = fake.state.addRepo(REPO)
    fake.state.addUser('carol')
    repo.customRoles.set('carol', { name: 'gpu-reviewer', base: 'write' })
    fake.state.addPullRequest(REPO, { number: 7, headSha: 'a'.repeat(40) })
    const pat = createOctokit({
      token: 'pat',
      baseUrl: fake.url,
      retry: { msPerSecond: 0, spaceWrites: false }
    })
    trackReads(pat, readLog)
    await resolveTokenIdentity(pat)
    await collaboratorPermission(octokit, { owner: 'acme-ml', repo: 'vision', username: 'carol' })
    const target = { owner: 'acme-ml', repo: 'vision', issueNumber: 7, marker }
    await upsertStickyComment(octokit, { ...target, body: 'one' })
    await upsertStickyComment(octokit, { ...target, body: 'two' })
    const base = seedCommit(fake.state, REPO, { files: { 'seg/a.py': '1' }, message: 'base' })
    const head = seedCommit(fake.state, REPO, { files: { 'seg/b.py': '1' }, message: 'head' })
    await changedFiles(octokit, { owner: 'acme-ml', repo: 'vision' }, base, head)
    expect([...readLog.keys()].sort()).toEqual([
      'issues/create-comment',
      'issues/list-comments',
      'issues/update-comment',
      'repos/compare-commits-with-basehead',
      'repos/get-collaborator-permission-level',
      'users/get-authenticated'
    ])
    expect(readLog.get('repos/compare-commits-with-basehead')).toContain('files[].filename')
    expect(undeclaredReads(readLog)).toEqual([])
  })
})
