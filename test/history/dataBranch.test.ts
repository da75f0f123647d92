// Writing the data branch through the git data API: an orphan first commit, one commit per write,
// nothing when nothing changed, and a writer that lost the race retries on the new tip.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BranchSnapshot, commitToBranch, gitBlobSha, readTip } from '../../src/store/history/gitData.js'
import { gitOf } from '../support/githubFake/historyRoutes.js'
import { OWNER, NAME, startWorld, type World } from './world.js'

const repo = { owner: OWNER, repo: NAME }
let world: World
beforeEach(async () => {
  world = await startWorld()
  world.commit('initial', { 'README.md': 'hi' })
})
afterEach(async () => world.close())

const git = () => gitOf(world.fake.state.repo(OWNER, NAME)!)
const dataCommits = () => {
  const out: string[] = []
  let sha = git().refs.get('refs/heads/data') ?? null
  while (sha) {
    out.push(sha)
    sha = git().commits.get(sha)!.parents[0] ?? null
  }
  return out
}

describe('gitBlobSha', () => {
  it('is the SHA git gives the blob', () => {
    expect(gitBlobSha('hello\n')).toBe('ce013625030ba8dba906f756967f9e9ca394464a')
  })
})

describe('commitToBranch', () => {
  it('creates the branch as an orphan commit on first use, then adds one commit per write', async () => {
    const first = await commitToBranch(
      world.octokit,
      repo,
      'data',
      async () => [{ path: 'a/b.txt', content: 'one' }],
      {
        message: 'first'
      }
    )
    expect(first).toMatchObject({ created: true, attempts: 1, unchanged: false })
    expect(git().commits.get(first.commit)!.parents).toEqual([])
    expect(world.dataFile('a/b.txt', 'data')).toBe('one')
    // The data branch shares nothing with main.
    expect(world.dataFile('README.md', 'data')).toBeNull()

    const second = await commitToBranch(
      world.octokit,
      repo,
      'data',
      async snapshot => [
        { path: 'a/b.txt', content: `${await snapshot.readText('a/b.txt')} two` },
        { path: 'c.txt', content: 'c' }
      ],
      { message: 'second' }
    )
    expect(second.created).toBe(false)
    expect(dataCommits()).toEqual([second.commit, first.commit])
    expect(world.dataFile('a/b.txt', 'data')).toBe('one two')
    expect(world.dataFile('c.txt', 'data')).toBe('c')
  })

  it('makes no commit and no blob when every file already has its content, and deletes only what exists', async () => {
    await commitToBranch(world.octokit, repo, 'data', async () => [{ path: 'x', content: 'same' }], {
      message: 'm'
    })
    const before = world.fake.requests.length
    const again = await commitToBranch(
      world.octokit,
      repo,
      'data',
      async () => [
        { path: 'x', content: 'same' },
        { path: 'never-there', content: null }
      ],
      { message: 'm' }
    )
    expect(again.unchanged).toBe(true)
    const writes = world.fake.requests.slice(before).filter(r => r.method !== 'GET')
    expect(writes).toEqual([])
  })

  it('retries on the new tip when another writer moved the branch (stale ref), with growing jittered delays', async () => {
    await commitToBranch(world.octokit, repo, 'data', async () => [{ path: 'log', content: 'base\n' }], {
      message: 'm'
    })
    const delays: number[] = []
    let calls = 0
    const outcome = await commitToBranch(
      world.octokit,
      repo,
      'data',
      async snapshot => {
        calls++
        const log = (await snapshot.readText('log')) ?? ''
        if (calls <= 2) {
          // Another writer lands between our read and our ref update.
          await commitToBranch(
            world.octokit,
            repo,
            'data',
            async s => [{ path: 'log', content: `${await s.readText('log')}other ${calls}\n` }],
            {
              message: 'other'
            }
          )
        }
        return [{ path: 'log', content: `${log}ours\n` }]
      },
      { message: 'ours', sleep: async ms => void delays.push(ms), random: () => 0.5 }
    )
    expect(outcome.attempts).toBe(3)
    expect(delays).toEqual([500, 1000])
    // Both other writes and ours are in, in order: nothing was lost.
    expect(world.dataFile('log', 'data')).toBe('base\nother 1\nother 2\nours\n')
    const statuses = world.fake.requests.filter(r => r.method === 'PATCH').map(r => r.status)
    expect(statuses.filter(s => s === 422)).toHaveLength(2)
  })

  it('retries lost races with growing delays for as long as its time budget lasts, then says why', async () => {
    await commitToBranch(world.octokit, repo, 'data', async () => [{ path: 'n', content: '0' }], {
      message: 'm'
    })
    let n = 0
    let clock = 0
    const delays: number[] = []
    const racing = commitToBranch(
      world.octokit,
      repo,
      'data',
      async () => {
        await commitToBranch(world.octokit, repo, 'data', async () => [{ path: 'n', content: String(++n) }], {
          message: 'other'
        })
        return [{ path: 'mine', content: 'x' }]
      },
      {
        message: 'ours',
        // A clock the waits move: 10 s of budget hold five waits (7.75 s), not the sixth (8 s).
        now: () => clock,
        budgetMs: 10_000,
        sleep: async ms => {
          delays.push(ms)
          clock += ms
        },
        random: () => 0
      }
    )
    await expect(racing).rejects.toThrow(
      /data kept moving under this run: other writers won the race 6 times in 8 s/
    )
    expect(n).toBe(6)
    expect(delays).toEqual([250, 500, 1000, 2000, 4000])
  })

  it('retries the creation of the branch when another writer created it first', async () => {
    let raced = false
    const outcome = await commitToBranch(
      world.octokit,
      repo,
      'data',
      async snapshot => {
        if (!raced) {
          raced = true
          await commitToBranch(world.octokit, repo, 'data', async () => [{ path: 'theirs', content: 't' }], {
            message: 'theirs'
          })
        }
        return [{ path: 'ours', content: `o (tip was ${snapshot.tip ? 'there' : 'missing'})` }]
      },
      { message: 'ours', sleep: async () => {} }
    )
    expect(outcome).toMatchObject({ attempts: 2, created: false })
    expect(world.dataFile('theirs', 'data')).toBe('t')
    expect(world.dataFile('ours', 'data')).toBe('o (tip was there)')
  })

  it('reads files of any size through trees and blobs', async () => {
    const big = 'y'.repeat(2 * 1024 * 1024)
    await commitToBranch(
      world.octokit,
      repo,
      'data',
      async () => [{ path: 'deep/er/big.json', content: big }],
      { message: 'm' }
    )
    const snapshot = new BranchSnapshot(world.octokit, repo, await readTip(world.octokit, repo, 'data'))
    expect(await snapshot.readText('deep/er/big.json')).toBe(big)
    expect(await snapshot.readText('deep/missing.json')).toBeNull()
    expect(await readTip(world.octokit, repo, 'absent')).toBeNull()
  })
})
