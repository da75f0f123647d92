// The history end to end against the local GitHub fake, with events as the runner delivers them:
// pushes and PRs leave a complete history, PRs compare with their true base (or the nearest
// ancestor with results), a regression fails the check and raises one alert on the default
// branch, two racing writers lose nothing, and a PR that touches none of a model's paths reuses
// the base's result.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ALERT_MARKER } from '../../src/github/alerts.js'
import { changedFiles } from '../../src/github/changedPaths.js'
import { renderReport } from '../../src/report/renderReport.js'
import { parseResults } from '../../src/results.js'
import { gitOf } from '../support/githubFake/historyRoutes.js'
import { config, GiB } from '../support/builders.js'
import { createOctokit } from '../../src/github/octokit.js'
import { NAME, OWNER, pullRequestEvent, pushEvent, runGate, startWorld, TOKEN, type World } from './world.js'

const cfg = config(`
gpu: {memory: 80GiB}
history:
  mention: ["@alice-dev", "acme-ml/gpu-team"]
models:
  - name: sapiens_1b
    run: python train.py 1b
    paths: ["seg/**"]
  - name: sapiens_2b
    run: python train.py 2b
    paths: ["seg/**", "pose/**"]
`)

let world: World
beforeEach(async () => {
  world = await startWorld()
})
afterEach(async () => world.close())

const git = () => gitOf(world.fake.state.repo(OWNER, NAME)!)
const dataBranchCommits = () => {
  const out: string[] = []
  let sha = git().refs.get('refs/heads/oom-gate-data') ?? null
  while (sha) {
    out.push(sha)
    sha = git().commits.get(sha)!.parents[0] ?? null
  }
  return out.reverse()
}
const commitComments = () => git().commitComments

/** A PR branch off `base` with these changes, and the merge commit the runner checks out. */
function openPr(base: string, files: Record<string, string | null>) {
  const head = world.commit('PR change', files, { branch: 'feature', parents: [base] })
  // refs/pull/N/merge: the base plus the PR's changes (the PR is up to date with its base).
  const merge = world.commit('Merge PR into base', {}, { branch: null, parents: [base, head], treeOf: head })
  return { head, merge }
}

describe('a run of pushes and pull requests', () => {
  it('leaves a complete history, compares each PR with its base and creates the data branch once', async () => {
    const c1 = world.commit('Add the sapiens configs', { 'seg/a.py': '1' })
    const first = await runGate(world, pushEvent(world, c1), cfg, { sapiens_1b: 70, sapiens_2b: 74 })
    expect(first.results.gate).toBe('pass')
    expect(first.lookup.note?.text).toMatch(/data branch oom-gate-data is created by the first push to main/)
    expect(first.record).toMatchObject({ recorded: true, createdBranch: true, previous: null, alert: null })

    // PR 1 off c1: compared with c1 itself (distance 0).
    const pr1 = openPr(c1, { 'seg/a.py': '2' })
    const prRun = await runGate(
      world,
      pullRequestEvent(world, { number: 41, baseSha: c1, headSha: pr1.head, mergeSha: pr1.merge }),
      cfg,
      {
        sapiens_1b: 71.2,
        sapiens_2b: 73
      }
    )
    expect(prRun.results.comparedWith).toEqual({ commit: c1, distance: 0, from: 'pull-request-base' })
    expect(prRun.results.models[0]!.baseline).toMatchObject({
      commit: c1,
      peakBytes: 70 * GiB,
      change: 'compared',
      regressed: false
    })
    expect(prRun.results.models[1]!.baseline!.deltaBytes).toBe(-1 * GiB)
    const report = renderReport(prRun.results)
    expect(report).toContain('| Base | Change |')
    expect(report).toContain('| 70.00 GiB | +1.20 GiB (+1.7%) |')
    expect(report).toContain('| 74.00 GiB | −1.00 GiB (−1.4%) ▼ |')
    expect(report).toContain(`Compared with ${c1.slice(0, 7)} (the PR’s base)`)
    expect(prRun.record).toBeNull()
    expect(dataBranchCommits()).toHaveLength(1)

    // The PR is merged, then another push.
    const c2 = world.commit('Merge pull request #41', {}, { parents: [c1, pr1.head], treeOf: pr1.head })
    const second = await runGate(world, pushEvent(world, c2, { before: c1 }), cfg, {
      sapiens_1b: 71.2,
      sapiens_2b: 73
    })
    expect(second.results.comparedWith).toEqual({ commit: c1, distance: 0, from: 'push-parent' })
    expect(second.record).toMatchObject({ recorded: true, createdBranch: false, previous: c1, findings: [] })
    const c3 = world.commit('Bump mmengine', { 'requirements.txt': 'mmengine==0.10.4' })
    await runGate(world, pushEvent(world, c3, { before: c2 }), cfg, { sapiens_1b: 71.2, sapiens_2b: 73 })

    const history = world.history()!
    expect(history.entries.map(e => [e.commit, e.message])).toEqual([
      [c1, 'Add the sapiens configs'],
      [c2, 'Merge pull request #41'],
      [c3, 'Bump mmengine']
    ])
    expect(history.entries[1]!.models).toEqual({
      sapiens_1b: { peakBytes: Math.round(71.2 * GiB), status: 'ok' },
      sapiens_2b: { peakBytes: 73 * GiB, status: 'ok' }
    })
    // c3 changed nothing under the models' paths: its push reused c2's measurements.
    expect(history.entries[2]!.models).toEqual({
      sapiens_1b: { peakBytes: Math.round(71.2 * GiB), status: 'ok', reusedFrom: c2 },
      sapiens_2b: { peakBytes: 73 * GiB, status: 'ok', reusedFrom: c2 }
    })
    // One data-branch commit per push, the first an orphan; every results file is there.
    const commits = dataBranchCommits()
    expect(commits).toHaveLength(3)
    expect(git().commits.get(commits[0]!)!.parents).toEqual([])
    for (const c of [c1, c2, c3])
      expect(parseResults(JSON.parse(world.dataFile(`results/${c}.json`)!)).commit).toBe(c)
    expect(JSON.parse(world.dataFile('badges/sapiens_1b.json')!)).toEqual({
      schemaVersion: 1,
      label: 'sapiens_1b',
      message: '71.2 / 80 GiB',
      color: 'yellow'
    })
    expect(world.dataFile('badges/overall.svg')).toContain('aria-label="GPU memory: 2 fit 80 GiB"')
    expect(world.dataFile('index.html')).toContain(c3)
    expect(second.record!.recorded && second.record!.badgeMarkdown).toContain(
      'https://raw.githubusercontent.com/acme-ml/vision/oom-gate-data/badges/sapiens_1b.svg'
    )
    // Readable through the contents API too (what Pages and people see). The test's own client:
    // world.octokit's reads are checked as the code's.
    const reader = createOctokit({ token: TOKEN, baseUrl: world.fake.url })
    const { data } = await reader.rest.repos.getContent({
      owner: OWNER,
      repo: NAME,
      path: 'history.json',
      ref: 'oom-gate-data'
    })
    expect(
      JSON.parse(Buffer.from((data as { content: string }).content, 'base64').toString()).entries
    ).toHaveLength(3)
  })

  it('records pushes to the configured branches only, never PRs or other branches', async () => {
    const c1 = world.commit('one')
    const feature = world.commit('wip', {}, { branch: 'feature' })
    expect(
      (
        await runGate(world, pushEvent(world, feature, { branch: 'feature' }), cfg, {
          sapiens_1b: 1,
          sapiens_2b: 1
        })
      ).record
    ).toEqual({
      recorded: false,
      lost: false,
      reason: 'feature is not a history branch (main)'
    })
    const release = config(`
history: {branches: [release]}
models: [{name: sapiens_1b, run: x}]
`)
    expect((await runGate(world, pushEvent(world, c1), release, { sapiens_1b: 1 })).record).toMatchObject({
      recorded: false
    })
    const r1 = world.commit('release', {}, { branch: 'release' })
    expect(
      (await runGate(world, pushEvent(world, r1, { branch: 'release' }), release, { sapiens_1b: 1 })).record
    ).toMatchObject({
      recorded: true
    })
    expect(world.history()!.entries.map(e => e.commit)).toEqual([r1])
  })
})

describe('history order', () => {
  it('orders by commit date, so a rebased commit with an old author date counts as the newest', async () => {
    const c1 = world.commit('one')
    await runGate(world, pushEvent(world, c1), cfg, { sapiens_1b: 60, sapiens_2b: 60 })
    const c2 = world.commit('rebased long after it was written', undefined, {
      authorDate: '2024-01-01T00:00:00Z'
    })
    await runGate(world, pushEvent(world, c2, { before: c1 }), cfg, { sapiens_1b: 62, sapiens_2b: 60 })
    expect(world.history()!.entries.map(e => e.commit)).toEqual([c1, c2])
    expect(JSON.parse(world.dataFile('badges/sapiens_1b.json')!).message).toBe('62.0 / 80 GiB')
  })
})

describe('regressions on the default branch', () => {
  it('fail the check on the PR and raise one commit comment for the merge, mentioning the configured users', async () => {
    const c1 = world.commit('base', { 'seg/a.py': '1' })
    await runGate(world, pushEvent(world, c1), cfg, { sapiens_1b: 70, sapiens_2b: 70 })

    const pr = openPr(c1, { 'seg/a.py': 'bigger' })
    const prRun = await runGate(
      world,
      pullRequestEvent(world, { number: 7, baseSha: c1, headSha: pr.head, mergeSha: pr.merge }),
      cfg,
      {
        sapiens_1b: 75,
        sapiens_2b: 76
      }
    )
    expect(prRun.results.gate).toBe('fail')
    expect(renderReport(prRun.results)).toContain('+5.00 GiB (+7.1%) ▲')
    expect(commitComments()).toEqual([])

    const c2 = world.commit('Merge pull request #7', {}, { parents: [c1, pr.head], treeOf: pr.head })
    const push = await runGate(world, pushEvent(world, c2, { before: c1 }), cfg, {
      sapiens_1b: 75,
      sapiens_2b: 76
    })
    expect(push.results.gate).toBe('fail')
    expect(push.record).toMatchObject({ recorded: true, previous: c1, alert: { kind: 'commit-comment' } })
    const comments = commitComments()
    expect(comments).toHaveLength(1)
    expect(comments[0]!.commitId).toBe(c2)
    expect(comments[0]!.body).toContain(ALERT_MARKER)
    expect(comments[0]!.body).toMatch(
      /sapiens\\_1b \| 75\.00 GiB \| 70\.00 GiB in \w{7} \| \+5\.00 GiB \(\+7\.1%\) ▲, threshold 5\.0%/
    )
    expect(comments[0]!.body).toContain('sapiens\\_2b')
    expect(comments[0]!.body).toContain('cc @alice-dev @acme-ml/gpu-team')
    const alertUrl = (push.record as { alert: { url: string } }).alert.url
    expect(alertUrl).toBe(`https://github.com/${OWNER}/${NAME}/commit/${c2}#commitcomment-${comments[0]!.id}`)
    expect(world.history()!.entries[1]!.alert).toBe(alertUrl)

    // A re-run of the same push neither alerts again nor duplicates the entry.
    const rerun = await runGate(world, pushEvent(world, c2, { before: c1 }), cfg, {
      sapiens_1b: 75,
      sapiens_2b: 76
    })
    expect(rerun.record).toMatchObject({ recorded: true, alert: null })
    expect(commitComments()).toHaveLength(1)
    expect(world.history()!.entries.map(e => e.commit)).toEqual([c1, c2])

    // The next push at the same level is no news.
    const c3 = world.commit('docs')
    const calm = await runGate(world, pushEvent(world, c3, { before: c2 }), cfg, {
      sapiens_1b: 75,
      sapiens_2b: 76
    })
    expect(calm.record).toMatchObject({ recorded: true, previous: c2, findings: [] })
    expect(commitComments()).toHaveLength(1)
  })

  it('opens an issue instead with alert: issue, also for a model that newly runs out of memory', async () => {
    const issueCfg = config(`
history: {alert: issue, mention: [octocat]}
models: [{name: sapiens_2b, run: x}]
`)
    const c1 = world.commit('fits')
    await runGate(world, pushEvent(world, c1), issueCfg, { sapiens_2b: 74 })
    const c2 = world.commit('patch 16')
    const run = await runGate(world, pushEvent(world, c2, { before: c1 }), issueCfg, {
      sapiens_2b: { oom: 79.3 }
    })
    expect(run.record).toMatchObject({
      recorded: true,
      alert: { kind: 'issue' },
      findings: [{ model: 'sapiens_2b', kind: 'fails' }]
    })
    const issues = [...git().issues.values()]
    expect(issues).toHaveLength(1)
    expect(issues[0]!.title).toBe(`oom-gate: GPU memory alert in ${c2.slice(0, 7)} (sapiens_2b)`)
    expect(issues[0]!.body).toContain('runs out of GPU memory')
    expect(issues[0]!.body).toContain('cc @octocat')
    expect(commitComments()).toEqual([])
  })

  it('does not alert on a change within the recorded noise', async () => {
    const c1 = world.commit('one')
    await runGate(world, pushEvent(world, c1), cfg, { sapiens_1b: { repeats: [40, 44] }, sapiens_2b: 50 })
    const c2 = world.commit('two')
    // 44 -> 47 GiB is +6.8%, above the threshold, but within the 4 GiB spread c1 recorded.
    const run = await runGate(world, pushEvent(world, c2, { before: c1 }), cfg, {
      sapiens_1b: 47,
      sapiens_2b: 50
    })
    expect(run.results.models[0]!.baseline).toMatchObject({ change: 'noise', regressed: false })
    expect(run.results.gate).toBe('pass')
    expect(run.record).toMatchObject({ recorded: true, findings: [] })
    expect(world.history()!.entries[0]!.models.sapiens_1b!.spreadBytes).toBe(4 * GiB)
  })

  it('still writes the history when the alert cannot be posted, and says which permission is missing', async () => {
    world.fake.state.addActionsToken('ghs_history', { contents: 'write' })
    const issueCfg = config(`
history: {alert: issue}
models: [{name: sapiens_2b, run: x}]
`)
    const c1 = world.commit('oom from the start')
    const run = await runGate(world, pushEvent(world, c1), issueCfg, { sapiens_2b: { oom: 79 } })
    expect(run.record).toMatchObject({
      recorded: true,
      alert: null,
      alertError: expect.stringContaining('issues: write')
    })
    expect(world.history()!.entries).toHaveLength(1)
  })
})

describe('concurrent writers', () => {
  it('two pushes recorded at once from the same stale tip both end up in the history', async () => {
    const c1 = world.commit('one')
    await runGate(world, pushEvent(world, c1), cfg, { sapiens_1b: 70, sapiens_2b: 70 })
    const c2 = world.commit('two')
    const c3 = world.commit('three')

    // Hold every ref update until both writers have built their commit on the same tip.
    let held: (() => void)[] = []
    let releaseAll!: () => void
    const bothReady = new Promise<void>(resolve => (releaseAll = resolve))
    world.octokit.hook.before('request', async options => {
      if (options.method === 'PATCH' && String(options.url).includes('/git/refs/')) {
        if (held.length < 2) {
          const wait = new Promise<void>(resolve => held.push(resolve))
          if (held.length === 2) releaseAll()
          await wait
        }
      }
    })
    const a = runGate(world, pushEvent(world, c2, { before: c1 }), cfg, { sapiens_1b: 71, sapiens_2b: 70 })
    const b = runGate(world, pushEvent(world, c3, { before: c2 }), cfg, { sapiens_1b: 72, sapiens_2b: 70 })
    await bothReady
    const [first, second] = held
    held = [() => {}, () => {}]
    first!()
    await new Promise(resolve => setTimeout(resolve, 50))
    second!()
    const [ra, rb] = await Promise.all([a, b])

    expect(ra.record!.recorded && rb.record!.recorded).toBe(true)
    const attempts = [ra.record, rb.record].map(r => (r as { attempts: number }).attempts).sort()
    expect(attempts).toEqual([1, 2])
    expect(world.fake.requests.filter(r => r.method === 'PATCH' && r.status === 422)).toHaveLength(1)
    expect(world.history()!.entries.map(e => e.commit)).toEqual([c1, c2, c3])
    for (const c of [c1, c2, c3]) expect(world.dataFile(`results/${c}.json`)).not.toBeNull()
    // The badges show the newest commit, whichever writer finished last.
    expect(JSON.parse(world.dataFile('badges/sapiens_1b.json')!).message).toBe('72.0 / 80 GiB')
    expect(dataBranchCommits()).toHaveLength(3)
  })
})

describe('a base commit without results', () => {
  it('falls back to the newest first-parent ancestor that has some, and says how far back', async () => {
    const c1 = world.commit('measured')
    await runGate(world, pushEvent(world, c1), cfg, { sapiens_1b: 70, sapiens_2b: 70 })
    // Two pushes whose runs never recorded (cancelled, or filtered by the workflow's paths).
    world.commit('docs only')
    const c3 = world.commit('more docs')
    const pr = openPr(c3, { 'seg/a.py': 'x' })
    const run = await runGate(
      world,
      pullRequestEvent(world, { number: 9, baseSha: c3, headSha: pr.head, mergeSha: pr.merge }),
      cfg,
      {
        sapiens_1b: 70.5,
        sapiens_2b: 70
      }
    )
    expect(run.results.comparedWith).toEqual({ commit: c1, distance: 2, from: 'pull-request-base' })
    expect(run.results.models[0]!.baseline).toMatchObject({ commit: c1, peakBytes: 70 * GiB })
    expect(renderReport(run.results)).toContain(
      `Compared with ${c1.slice(0, 7)} (2 commits before the PR’s base)`
    )
  })

  it('gives up after 50 commits: history exists, so the check fails as base-not-found, not "no history"', async () => {
    const c1 = world.commit('measured')
    await runGate(world, pushEvent(world, c1), cfg, { sapiens_1b: 70, sapiens_2b: 70 })
    let tip = c1
    for (let i = 0; i < 51; i++) tip = world.commit(`unmeasured ${i}`)
    const pr = openPr(tip, { 'seg/a.py': 'x' })
    const run = await runGate(
      world,
      pullRequestEvent(world, { number: 9, baseSha: tip, headSha: pr.head, mergeSha: pr.merge }),
      cfg,
      {
        sapiens_1b: 70,
        sapiens_2b: 70
      }
    )
    expect(run.results.comparedWith).toBeUndefined()
    expect(run.results.regression).toMatchObject({
      status: 'unreadable',
      code: 'base-not-found',
      policy: 'fail'
    })
    expect(run.results.regression?.text).toMatch(
      /has 1 recorded commit\(s\) but none the walk reached: no results for \w{7} or its 50 nearest first-parent ancestors/
    )
    expect(run.results.models.every(m => m.baseline?.reasonCode === 'base-unreadable')).toBe(true)
    expect(run.results.gate).toBe('fail')
  })
})

describe('changedFiles', () => {
  it('adds what the base changed since the merge base when the head is behind it', async () => {
    const c1 = world.commit('base', { 'seg/a.py': '1', 'pose/b.py': '1' })
    const head = world.commit('pr', { 'pose/b.py': '2' }, { branch: 'feature', parents: [c1] })
    const c2 = world.commit('main changes seg', { 'seg/a.py': '2' })
    const diff = await changedFiles(world.octokit, { owner: OWNER, repo: NAME }, c2, head)
    expect(diff.files?.map(f => f.filename).sort()).toEqual(['pose/b.py', 'seg/a.py'])
    const upToDate = await changedFiles(world.octokit, { owner: OWNER, repo: NAME }, c1, head)
    expect(upToDate.files?.map(f => f.filename)).toEqual(['pose/b.py'])
  })

  it('reads an API failure as unknown', async () => {
    const diff = await changedFiles(
      world.octokit,
      { owner: OWNER, repo: NAME },
      'f'.repeat(40),
      'e'.repeat(40)
    )
    expect(diff).toEqual({
      files: null,
      reason: expect.stringMatching(/^comparing fffffff\.\.\.eeeeeee failed \(404 /)
    })
  })
})

describe('a PR that touches no path of a model', () => {
  it('reuses the base result for that model without running it, and measures the others', async () => {
    const c1 = world.commit('base', { 'seg/a.py': '1', 'pose/b.py': '1' })
    await runGate(world, pushEvent(world, c1), cfg, { sapiens_1b: 70, sapiens_2b: 74 })
    const pr = openPr(c1, { 'pose/b.py': '2', 'README.md': 'docs' })
    const run = await runGate(
      world,
      pullRequestEvent(world, { number: 3, baseSha: c1, headSha: pr.head, mergeSha: pr.merge }),
      cfg,
      {
        sapiens_2b: 74.5
      }
    )
    expect(run.measured).toEqual(['sapiens_2b'])
    const reused = run.results.models.find(m => m.name === 'sapiens_1b')!
    expect(reused).toMatchObject({ reusedFrom: c1, peakBytes: 70 * GiB, status: 'ok' })
    expect(reused.baseline).toMatchObject({ deltaBytes: 0, regressed: false })
    expect(renderReport(run.results)).toContain(`reused from ${c1.slice(0, 7)}`)
    // The compare went through the API, base...measured commit.
    expect(
      world.fake.requests.some(r => r.path === `/repos/${OWNER}/${NAME}/compare/${c1}...${pr.merge}`)
    ).toBe(true)
  })

  it('measures everything when the config file changed or the diff is too large to list', async () => {
    const c1 = world.commit('base', { 'seg/a.py': '1' })
    await runGate(world, pushEvent(world, c1), cfg, { sapiens_1b: 70, sapiens_2b: 74 })
    const cfgChange = openPr(c1, { '.github/oom-gate.yml': 'changed' })
    const run = await runGate(
      world,
      pullRequestEvent(world, { number: 4, baseSha: c1, headSha: cfgChange.head, mergeSha: cfgChange.merge }),
      cfg,
      {
        sapiens_1b: 70,
        sapiens_2b: 74
      }
    )
    expect(run.measured).toEqual(['sapiens_1b', 'sapiens_2b'])

    const many: Record<string, string> = {}
    for (let i = 0; i < 300; i++) many[`docs/page${i}.md`] = String(i)
    const big = openPr(c1, many)
    const bigRun = await runGate(
      world,
      pullRequestEvent(world, { number: 5, baseSha: c1, headSha: big.head, mergeSha: big.merge }),
      cfg,
      {
        sapiens_1b: 70,
        sapiens_2b: 74
      }
    )
    expect(bigRun.measured).toEqual(['sapiens_1b', 'sapiens_2b'])
    expect(bigRun.results.notes.join('\n')).toMatch(/Nothing reused from \w{7}: 300 or more files changed/)
  })
})
