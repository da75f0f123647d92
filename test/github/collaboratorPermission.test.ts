// The sender's access as GitHub answers it (over HTTP, from the fake), fed to the fork guard.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { collaboratorPermission } from '../../src/github/collaboratorPermission.js'
import { decideForkGuard } from '../../src/github/forkGuard.js'
import { createOctokit } from '../../src/github/octokit.js'
import { startGitHubFake, type GitHubFake } from '../support/githubFake/index.js'
import { loadEvent, SHAS } from './fixtures.js'

let fake: GitHubFake
beforeEach(async () => {
  fake = await startGitHubFake()
  fake.state.addActionsToken('t', { 'pull-requests': 'write' })
  const repo = fake.state.addRepo('acme-ml/vision')
  for (const [login, name, base] of [
    ['carol', 'gpu-reviewer', 'write'],
    ['dave', 'docs-helper', 'read'],
    ['erin', 'release-admin', 'admin']
  ] as const) {
    fake.state.addUser(login)
    repo.customRoles.set(login, { name, base })
  }
  fake.state.addUser('tina')
  repo.collaborators.set('tina', 'triage')
  fake.state.addUser('mia')
  repo.collaborators.set('mia', 'maintain')
})
afterEach(async () => fake.close())

describe('collaboratorPermission and custom roles', () => {
  it('reads permission as the base and role_name as the name; the base decides the approval', async () => {
    const octokit = createOctokit({
      token: 't',
      baseUrl: fake.url,
      retry: { msPerSecond: 0, spaceWrites: false }
    })
    const decide = async (username: string) => {
      const senderPermission = await collaboratorPermission(octokit, {
        owner: 'acme-ml',
        repo: 'vision',
        username
      })
      return {
        senderPermission,
        run: decideForkGuard({
          eventName: 'pull_request_target',
          payload: loadEvent('pull_request_target.labeled.fork'),
          headShaCheckedOut: SHAS.forkHead1,
          allowForks: false,
          approvalLabel: 'oom-gate: approved',
          senderPermission
        }).run
      }
    }
    expect(await decide('carol')).toEqual({
      senderPermission: { permission: 'write', roleName: 'gpu-reviewer' },
      run: true
    })
    expect(await decide('erin')).toEqual({
      senderPermission: { permission: 'admin', roleName: 'release-admin' },
      run: true
    })
    expect(await decide('mia')).toEqual({
      senderPermission: { permission: 'write', roleName: 'maintain' },
      run: true
    })
    expect(await decide('dave')).toEqual({
      senderPermission: { permission: 'read', roleName: 'docs-helper' },
      run: false
    })
    expect(await decide('tina')).toEqual({
      senderPermission: { permission: 'read', roleName: 'triage' },
      run: false
    })
  })
})
