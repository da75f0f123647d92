// The fake itself must behave like GitHub where the action depends on it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { faults, startGitHubFake, type GitHubFake } from '../support/githubFake/index.js'

let fake: GitHubFake
const PAT = 'pat-alice'
const ACTIONS = 'actions-token'

async function call(method: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `token ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as unknown) : undefined }
}

beforeEach(async () => {
  fake = await startGitHubFake()
  fake.state.addRepo('acme-ml/vision')
  fake.state.addUserToken(PAT, 'alice-dev')
  fake.state.addActionsToken(ACTIONS, { 'pull-requests': 'write' })
  fake.state.addPullRequest('acme-ml/vision', {
    number: 7,
    headSha: 'a'.repeat(40),
    labels: ['oom-gate: approved']
  })
  for (let i = 0; i < 205; i++) fake.state.addComment('acme-ml/vision', 7, 'bob', `comment ${i}`)
})
afterEach(async () => fake.close())

describe('GitHub fake', () => {
  it('paginates with Link headers that point at /repositories/{id}', async () => {
    const first = await call('GET', '/repos/acme-ml/vision/issues/7/comments?per_page=100', PAT)
    expect((first.json as unknown[]).length).toBe(100)
    const id = fake.state.repo('acme-ml', 'vision')!.id
    expect(first.headers.get('link')).toBe(
      `<${fake.url}/repositories/${id}/issues/7/comments?per_page=100&page=2>; rel="next", ` +
        `<${fake.url}/repositories/${id}/issues/7/comments?per_page=100&page=3>; rel="last"`
    )
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link')!)![1]!
    const second = await call('GET', next.replace(fake.url, ''), PAT)
    expect((second.json as { body: string }[])[0]!.body).toBe('comment 100')
    expect(second.headers.get('link')).toContain('rel="prev"')
    expect(second.headers.get('link')).toContain('rel="first"')
    const last = await call('GET', `/repositories/${id}/issues/7/comments?per_page=100&page=3`, PAT)
    expect((last.json as unknown[]).length).toBe(5)
    expect(last.headers.get('link')).not.toContain('rel="next"')
  })

  it('defaults to 30 per page and caps per_page at 100', async () => {
    expect(
      ((await call('GET', '/repos/acme-ml/vision/issues/7/comments', PAT)).json as unknown[]).length
    ).toBe(30)
    expect(
      ((await call('GET', '/repos/acme-ml/vision/issues/7/comments?per_page=500', PAT)).json as unknown[])
        .length
    ).toBe(100)
  })

  it('answers /user for a PAT and 403 "Resource not accessible by integration" for the Actions token', async () => {
    expect((await call('GET', '/user', PAT)).json).toMatchObject({ login: 'alice-dev', type: 'User' })
    const actions = await call('GET', '/user', ACTIONS)
    expect(actions.status).toBe(403)
    expect(actions.json).toMatchObject({ message: 'Resource not accessible by integration' })
  })

  it('writes comments as the token identity and enforces token permissions', async () => {
    const created = await call('POST', '/repos/acme-ml/vision/issues/7/comments', ACTIONS, { body: 'hi' })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ body: 'hi', user: { login: 'github-actions[bot]', type: 'Bot' } })
    fake.state.addActionsToken('read-only', { 'pull-requests': 'read', issues: 'read' })
    const refused = await call('POST', '/repos/acme-ml/vision/issues/7/comments', 'read-only', { body: 'hi' })
    expect(refused.status).toBe(403)
    expect(refused.json).toMatchObject({ message: 'Resource not accessible by integration' })
  })

  it('refuses bodies over 65,536 characters and unknown or missing tokens', async () => {
    const long = await call('POST', '/repos/acme-ml/vision/issues/7/comments', PAT, {
      body: 'x'.repeat(65_537)
    })
    expect(long.status).toBe(422)
    expect((await call('GET', '/user', 'nope')).status).toBe(401)
    expect((await call('GET', '/user', null)).status).toBe(401)
  })

  it('removes a label given URL-encoded, 404 when it is not there', async () => {
    const path = `/repos/acme-ml/vision/issues/7/labels/${encodeURIComponent('oom-gate: approved')}`
    expect((await call('DELETE', path, PAT)).json).toMatchObject({
      message: 'Must have push access to this repository.'
    })
    fake.state.repo('acme-ml', 'vision')!.collaborators.set('alice-dev', 'triage')
    expect((await call('DELETE', path, PAT)).status).toBe(200)
    expect(fake.state.repo('acme-ml', 'vision')!.issue(7)!.labels).toEqual([])
    expect((await call('DELETE', path, PAT)).json).toMatchObject({ message: 'Label does not exist' })
  })

  it('reports collaborator roles with GitHub permission folding', async () => {
    const repo = fake.state.repo('acme-ml', 'vision')!
    fake.state.addUser('maya')
    repo.collaborators.set('maya', 'maintain')
    const maya = await call('GET', '/repos/acme-ml/vision/collaborators/maya/permission', PAT)
    expect(maya.json).toMatchObject({ permission: 'write', role_name: 'maintain' })
    expect((await call('GET', '/repos/acme-ml/vision/collaborators/bob/permission', PAT)).json).toMatchObject(
      {
        permission: 'read'
      }
    )
    expect((await call('GET', '/repos/acme-ml/vision/collaborators/ghost/permission', PAT)).status).toBe(404)
  })

  it('injects faults for the next matching requests only, and records every request', async () => {
    fake.inject(faults.serverError({ method: 'GET', path: '/user', times: 2 }))
    fake.inject(faults.secondaryRateLimit({ path: /\/comments$/ }, 7))
    expect((await call('GET', '/user', PAT)).status).toBe(502)
    expect((await call('GET', '/user', PAT)).status).toBe(502)
    expect((await call('GET', '/user', PAT)).status).toBe(200)
    const limited = await call('POST', '/repos/acme-ml/vision/issues/7/comments', PAT, { body: 'x' })
    expect(limited.status).toBe(403)
    expect(limited.headers.get('retry-after')).toBe('7')
    expect(fake.requests.map(r => r.status)).toEqual([502, 502, 200, 403])
  })

  it('an after-phase fault lets the write happen and still fails the reply', async () => {
    fake.inject({
      ...faults.serverError({ method: 'POST', path: '/repos/acme-ml/vision/issues/7/comments' }),
      phase: 'after'
    })
    expect(
      (await call('POST', '/repos/acme-ml/vision/issues/7/comments', PAT, { body: 'landed' })).status
    ).toBe(502)
    expect(fake.state.comments('acme-ml/vision', 7).at(-1)!.body).toBe('landed')
  })
})
