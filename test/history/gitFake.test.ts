// The fake's git data, commits, compare and contents endpoints behave as GitHub's: object SHAs are
// real git's, a ref moves by fast-forward only, compare lists at most 300 files on its first page.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js'
import { gitOf, HISTORY_ROUTES, seedCommit } from '../support/githubFake/historyRoutes.js'
import { DEFAULT_ROUTES, startGitHubFake, type GitHubFake } from '../support/githubFake/index.js'

const REPO = 'acme-ml/vision'
const repo = { owner: 'acme-ml', repo: 'vision' }
let fake: GitHubFake
let octokit: GitHubClient

beforeEach(async () => {
  fake = await startGitHubFake({ routes: [...DEFAULT_ROUTES, ...HISTORY_ROUTES] })
  fake.state.addRepo(REPO)
  fake.state.addActionsToken('t', { contents: 'write', issues: 'write' })
  fake.state.addActionsToken('read-only', { contents: 'read' })
  octokit = createOctokit({ token: 't', baseUrl: fake.url, retry: { msPerSecond: 0, spaceWrites: false } })
})
afterEach(async () => fake.close())

function realGitTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'oom-gate-git-'))
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim()
  git('init', '-q')
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  git('add', '-A')
  return git('write-tree')
}

describe('git data', () => {
  it('gives blobs and trees the SHAs real git gives them', async () => {
    const files = {
      'history.json': '{}\n',
      'results/abc.json': '{"a":1}\n',
      'badges/m.svg': '<svg/>',
      'badges-x': 'x'
    }
    const items = []
    for (const [path, content] of Object.entries(files)) {
      const { data } = await octokit.rest.git.createBlob({ ...repo, content, encoding: 'utf-8' })
      items.push({ path, mode: '100644' as const, type: 'blob' as const, sha: data.sha })
    }
    const { data: tree } = await octokit.rest.git.createTree({ ...repo, tree: items })
    expect(tree.sha).toBe(realGitTree(files))
    const { data: blob } = await octokit.rest.git.getBlob({ ...repo, file_sha: items[0]!.sha })
    expect(Buffer.from(blob.content, 'base64').toString()).toBe('{}\n')
  })

  it('moves a ref by fast-forward only, refuses to create one twice, and lets force through', async () => {
    const c1 = seedCommit(fake.state, REPO, { files: { a: '1' }, message: 'one' })
    const c2 = seedCommit(fake.state, REPO, { files: { a: '2' }, message: 'two' })
    const side = seedCommit(fake.state, REPO, {
      files: { b: '1' },
      message: 'side',
      parents: [c1],
      branch: null
    })
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/data', sha: c1 })
    await expect(
      octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/data', sha: c2 })
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Reference already exists')
    })
    await octokit.rest.git.updateRef({ ...repo, ref: 'heads/data', sha: c2, force: false })
    await expect(
      octokit.rest.git.updateRef({ ...repo, ref: 'heads/data', sha: side, force: false })
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Update is not a fast forward')
    })
    expect(gitOf(fake.state.repo('acme-ml', 'vision')!).refs.get('refs/heads/data')).toBe(c2)
    await octokit.rest.git.updateRef({ ...repo, ref: 'heads/data', sha: side, force: true })
    const { data } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/data' })
    expect(data.object.sha).toBe(side)
    await expect(octokit.rest.git.getRef({ ...repo, ref: 'heads/nope' })).rejects.toMatchObject({
      status: 404
    })
  })

  it('refuses to delete a path the base tree does not have', async () => {
    const c1 = seedCommit(fake.state, REPO, { files: { a: '1' }, message: 'one' })
    const tree = gitOf(fake.state.repo('acme-ml', 'vision')!).commits.get(c1)!.tree
    await expect(
      octokit.rest.git.createTree({
        ...repo,
        base_tree: tree,
        tree: [{ path: 'missing', mode: '100644', type: 'blob', sha: null }]
      })
    ).rejects.toMatchObject({ status: 422 })
  })

  it('needs contents: write to write', async () => {
    const readOnly = createOctokit({
      token: 'read-only',
      baseUrl: fake.url,
      retry: { msPerSecond: 0, spaceWrites: false }
    })
    await expect(readOnly.rest.git.createBlob({ ...repo, content: 'x' })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration')
    })
  })
})

describe('commits and compare', () => {
  it('lists commits reachable from a SHA, newest first, over pages', async () => {
    const shas: string[] = []
    for (let i = 0; i < 130; i++)
      shas.push(seedCommit(fake.state, REPO, { files: { f: String(i) }, message: `c${i}` }))
    const first = await octokit.rest.repos.listCommits({ ...repo, sha: shas[129]!, per_page: 100 })
    expect(first.data).toHaveLength(100)
    expect(first.data[0]!.sha).toBe(shas[129])
    expect(first.data[0]!.parents[0]!.sha).toBe(shas[128])
    expect(first.headers.link).toContain('rel="next"')
    const all = await octokit.paginate(octokit.rest.repos.listCommits, {
      ...repo,
      sha: shas[129]!,
      per_page: 100
    })
    expect(all.map(c => c.sha)).toEqual([...shas].reverse())
  })

  it('compares from the merge base, with renames, files on the first page only, at most 300', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 350; i++) files[`data/f${i}.txt`] = `v${i}`
    const base = seedCommit(fake.state, REPO, {
      files: { 'keep.txt': 'k', 'old/name.py': 'same' },
      message: 'base'
    })
    seedCommit(fake.state, REPO, { files: { 'main-only.txt': 'm' }, message: 'main moves on' })
    const head = seedCommit(fake.state, REPO, {
      files: { 'old/name.py': null, 'new/name.py': 'same', 'keep.txt': 'k2' },
      message: 'pr',
      parents: [base],
      branch: 'feature'
    })
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `main...${head}`
    })
    expect(data.status).toBe('diverged')
    expect(data.merge_base_commit.sha).toBe(base)
    expect(data.files?.map(f => [f.filename, f.status, f.previous_filename])).toEqual([
      ['keep.txt', 'modified', undefined],
      ['new/name.py', 'renamed', 'old/name.py']
    ])
    const big = seedCommit(fake.state, REPO, { files, message: 'big', parents: [head], branch: 'feature' })
    const page1 = await octokit.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `${base}...${big}`,
      per_page: 1,
      page: 1
    })
    expect(page1.data.files).toHaveLength(300)
    expect(page1.data.commits).toHaveLength(1)
    const page2 = await octokit.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `${base}...${big}`,
      per_page: 1,
      page: 2
    })
    expect(page2.data.files).toEqual([])
  })

  it('serves files and directories through the contents API, without content above 1 MB', async () => {
    seedCommit(fake.state, REPO, {
      files: { 'dir/a.txt': 'hello', 'big.bin': 'x'.repeat(1024 * 1024 + 1) },
      message: 'files'
    })
    const { data: file } = await octokit.rest.repos.getContent({ ...repo, path: 'dir/a.txt', ref: 'main' })
    expect(file).toMatchObject({ type: 'file', encoding: 'base64', path: 'dir/a.txt' })
    expect(Buffer.from((file as { content: string }).content, 'base64').toString()).toBe('hello')
    const { data: dir } = await octokit.rest.repos.getContent({ ...repo, path: 'dir' })
    expect(dir).toEqual([expect.objectContaining({ type: 'file', name: 'a.txt' })])
    const { data: big } = await octokit.rest.repos.getContent({ ...repo, path: 'big.bin' })
    expect(big).toMatchObject({ encoding: 'none', content: '' })
    await expect(octokit.rest.repos.getContent({ ...repo, path: 'nope' })).rejects.toMatchObject({
      status: 404
    })
  })
})
