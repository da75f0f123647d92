// The sticky comment over real HTTP: paging through every comment, only our own, one per
// workflow and job, updated in place, never a second one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { INSTALLATION_BOT, resolveTokenIdentity } from '../../src/github/identity.js'
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js'
import { STICKY_TAG, stickyMarker, upsertStickyComment } from '../../src/github/stickyComment.js'
import { faults, startGitHubFake, type GitHubFake } from '../support/githubFake/index.js'

let fake: GitHubFake
const REPO = 'acme-ml/vision'
const marker = stickyMarker('GPU memory', 'oom-gate')
const target = { owner: 'acme-ml', repo: 'vision', issueNumber: 7, marker }

function client(token: string): GitHubClient {
  return createOctokit({ token, baseUrl: fake.url, retry: { msPerSecond: 0, spaceWrites: false } })
}
const ours = (login: string) =>
  fake.state.comments(REPO, 7).filter(c => c.user.login === login && c.body.includes(marker))

beforeEach(async () => {
  fake = await startGitHubFake()
  fake.state.addUserToken('pat', 'alice-dev')
  fake.state.addActionsToken('gh-token', { 'pull-requests': 'write' })
  fake.state.addPullRequest(REPO, { number: 7, headSha: 'a'.repeat(40) })
})
afterEach(async () => fake.close())

describe('stickyMarker', () => {
  it('carries the oom-gate tag plus the workflow and job, and no name can close the HTML comment', () => {
    expect(marker.startsWith(STICKY_TAG)).toBe(true)
    expect(marker).toContain('workflow=GPU%20memory job=oom-gate')
    const hostile = stickyMarker('x --> <img src=x>', 'j')
    expect(hostile.match(/-->/g)).toHaveLength(2)
    // A job whose name extends another's does not match the other's marker.
    expect(stickyMarker('CI', 'gate')).not.toContain(stickyMarker('CI', 'gat'))
  })
})

describe('upsertStickyComment', () => {
  it('finds our comment past 250 others (3 pages of 100) and updates it in place on every run', async () => {
    const octokit = client('gh-token')
    const first = await upsertStickyComment(octokit, { ...target, body: 'run 1' })
    expect(first.action).toBe('created')
    for (let i = 0; i < 250; i++)
      fake.state.addComment(REPO, 7, i % 2 ? 'bob' : 'dependabot[bot]', `chatter ${i}`)
    fake.requests.length = 0
    for (const run of [2, 3, 4]) {
      const result = await upsertStickyComment(octokit, { ...target, body: `run ${run}` })
      expect(result).toMatchObject({ action: 'updated', id: first.id })
    }
    expect(ours('github-actions[bot]')).toHaveLength(1)
    expect(ours('github-actions[bot]')[0]!.body).toBe(`${marker}\nrun 4`)
    const lists = fake.requests.filter(r => r.method === 'GET' && r.path.endsWith('/comments'))
    expect(lists[0]!.query.per_page).toBe('100')
    // Each run read all three pages (followed through Link to /repositories/{id}/...).
    expect(lists).toHaveLength(9)
    expect(fake.requests.filter(r => r.method === 'POST')).toHaveLength(0)
  })

  it('identifies the Actions token as github-actions[bot] from the 403 of GET /user', async () => {
    expect(await resolveTokenIdentity(client('gh-token'))).toEqual(INSTALLATION_BOT)
    expect(await resolveTokenIdentity(client('pat'))).toEqual({
      login: 'alice-dev',
      type: 'User',
      source: 'user'
    })
  })

  it('ignores a marked comment written by someone else (a user quoting it, another bot)', async () => {
    const quoted = fake.state.addComment(REPO, 7, 'mallory-fork', `> ${marker}\n> fake all green`)
    fake.state.addComment(REPO, 7, 'other-app[bot]', `${marker}\nimpostor`)
    const result = await upsertStickyComment(client('gh-token'), { ...target, body: 'real' })
    expect(result.action).toBe('created')
    expect(fake.state.comments(REPO, 7).find(c => c.id === quoted.id)!.body).toContain('fake all green')
    expect(ours('github-actions[bot]')).toHaveLength(1)
  })

  it('with a PAT, only the PAT user’s comments count', async () => {
    await upsertStickyComment(client('gh-token'), { ...target, body: 'from the bot' })
    const result = await upsertStickyComment(client('pat'), { ...target, body: 'from alice' })
    expect(result.action).toBe('created')
    expect(ours('alice-dev')).toHaveLength(1)
    expect(ours('github-actions[bot]')[0]!.body).toContain('from the bot')
  })

  it('two workflows (or two jobs) keep a comment each', async () => {
    const octokit = client('gh-token')
    const a = stickyMarker('GPU memory', 'oom-gate')
    const b = stickyMarker('GPU memory nightly', 'oom-gate')
    const c = stickyMarker('GPU memory', 'oom-gate-2')
    for (const run of [1, 2]) {
      for (const m of [a, b, c])
        await upsertStickyComment(octokit, { ...target, marker: m, body: `${m} run ${run}` })
    }
    const comments = fake.state.comments(REPO, 7)
    expect(comments).toHaveLength(3)
    expect(comments.map(x => x.body.endsWith('run 2'))).toEqual([true, true, true])
  })

  it('leaves an identical body alone', async () => {
    const octokit = client('gh-token')
    await upsertStickyComment(octokit, { ...target, body: 'same' })
    const again = await upsertStickyComment(octokit, { ...target, body: 'same' })
    expect(again.action).toBe('unchanged')
    expect(fake.requests.filter(r => r.method === 'PATCH')).toHaveLength(0)
  })

  it('removes duplicates an earlier race left, keeping the oldest', async () => {
    const first = fake.state.addComment(REPO, 7, 'github-actions[bot]', `${marker}\nold 1`)
    fake.state.addComment(REPO, 7, 'github-actions[bot]', `${marker}\nold 2`)
    const result = await upsertStickyComment(client('gh-token'), { ...target, body: 'new' })
    expect(result).toMatchObject({ action: 'updated', id: first.id, removedDuplicates: 1 })
    expect(ours('github-actions[bot]').map(c => c.body)).toEqual([`${marker}\nnew`])
  })

  it('a 502 after the comment was created does not produce a second comment', async () => {
    fake.inject({
      ...faults.serverError({ method: 'POST', path: '/repos/acme-ml/vision/issues/7/comments' }),
      phase: 'after'
    })
    const result = await upsertStickyComment(client('gh-token'), { ...target, body: 'once' })
    expect(result.action).toBe('created')
    expect(ours('github-actions[bot]')).toHaveLength(1)
  })

  it('a 502 before anything was created: creates it on the second try', async () => {
    fake.inject(faults.serverError({ method: 'POST', path: '/repos/acme-ml/vision/issues/7/comments' }))
    const result = await upsertStickyComment(client('gh-token'), { ...target, body: 'once' })
    expect(result.action).toBe('created')
    expect(ours('github-actions[bot]')).toHaveLength(1)
  })

  it('survives 5xx and secondary rate limits while listing and updating', async () => {
    const octokit = client('gh-token')
    await upsertStickyComment(octokit, { ...target, body: 'v1' })
    fake.inject(faults.serverError({ method: 'GET', path: /\/comments$/, times: 2 }))
    fake.inject(faults.secondaryRateLimit({ method: 'PATCH', path: /\/issues\/comments\/\d+$/ }, 1))
    const result = await upsertStickyComment(octokit, { ...target, body: 'v2' })
    expect(result.action).toBe('updated')
    expect(ours('github-actions[bot]').map(c => c.body)).toEqual([`${marker}\nv2`])
  })
})

describe('a GitHub App installation token (GET /user is 403, comments by <app-slug>[bot])', () => {
  beforeEach(() => {
    fake.state.addAppToken('app-token', 'acme-oom-bot', { 'pull-requests': 'write' })
  })

  it('updates its comment in place run after run instead of posting a new one each time', async () => {
    expect(await resolveTokenIdentity(client('app-token'))).toEqual(INSTALLATION_BOT)
    const first = await upsertStickyComment(client('app-token'), { ...target, body: 'run 1' })
    expect(first.action).toBe('created')
    fake.state.addComment(REPO, 7, 'bob', `> ${marker}\n> quoted by a person`)
    for (const run of [2, 3]) {
      const result = await upsertStickyComment(client('app-token'), { ...target, body: `run ${run}` })
      expect(result).toMatchObject({ action: 'updated', id: first.id })
    }
    expect(ours('acme-oom-bot[bot]')).toHaveLength(1)
    expect(ours('acme-oom-bot[bot]')[0]!.body).toBe(`${marker}\nrun 3`)
    expect(fake.state.comments(REPO, 7).find(c => c.user.login === 'bob')!.body).toContain('quoted')
  })

  it('passes over another bot’s marked comment it may not edit, and removes only its own duplicates', async () => {
    // The repository used the Actions token before switching to the App.
    await upsertStickyComment(client('gh-token'), { ...target, body: 'from actions' })
    const mine = await upsertStickyComment(client('app-token'), { ...target, body: 'app 1' })
    expect(mine.action).toBe('created')
    fake.state.addComment(REPO, 7, 'acme-oom-bot[bot]', `${marker}\nleft by a race`)
    const again = await upsertStickyComment(client('app-token'), { ...target, body: 'app 2' })
    expect(again).toMatchObject({ action: 'updated', id: mine.id, removedDuplicates: 1 })
    expect(ours('acme-oom-bot[bot]')).toHaveLength(1)
    expect(ours('github-actions[bot]')).toHaveLength(1)
  })
})
