// Records and alerts under the faults a real repository meets, against the GitHub fake: eight
// pushes finishing together with write throttling and secondary rate limits on blob writes all
// land; an outage or a damaged history.json loses the record loudly (a warning and a job-summary
// line) and a later push names the commit left without a record; an alert created behind a 502 is
// not doubled on re-run; an alert is still raised when the tip cannot be read or moved; a branch
// that is not a data branch is refused, and one deleted or force-pushed under the run is reported.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Config } from '../../src/config/schema.js'
import type { ActionContext } from '../../src/github/context.js'
import { recordHistory } from '../../src/github/history/pipelineHooks.js'
import { recordPush } from '../../src/github/history/recordPush.js'
import type { Results } from '../../src/results.js'
import { MARKER_CONTENT, MARKER_FILE } from '../../src/store/history/dataBranchFiles.js'
import { faults } from '../support/githubFake/index.js'
import { gitOf, seedCommit } from '../support/githubFake/historyRoutes.js'
import { config } from '../support/builders.js'
import { NAME, OWNER, pushEvent, REPO, runGate, startWorld, type World } from './world.js'

const cfgOf = (history = '') =>
  config(`
gpu: {memory: 80GiB}
regression: {threshold: 5%}
history: {mention: []${history}}
models:
  - name: sapiens_1b
    run: python train.py 1b
`)
const cfg = cfgOf()

let world: World
beforeEach(async () => {
  world = await startWorld()
})
afterEach(async () => world.close())

const git = () => gitOf(world.fake.state.repo(OWNER, NAME)!)
const comments = () => git().commitComments
const quiet = { confirmMissing: { delaysMs: [1, 1] }, sleep: async () => {} }

/** recordHistory as the action calls it, with what it warns and logs. */
async function record(ctx: ActionContext, results: Results, config: Config = cfg) {
  const warnings: string[] = []
  const logs: string[] = []
  const summary = await recordHistory(
    world.octokit,
    ctx,
    results,
    config,
    l => logs.push(l),
    l => warnings.push(l)
  )
  return { warnings, logs, summary }
}

/** c1 recorded at 50 GiB; c2 measured at 60 GiB (+20%), compared with c1 but not recorded. */
async function regressedPush(config: Config = cfg) {
  const c1 = world.commit('first')
  await runGate(world, pushEvent(world, c1), config, { sapiens_1b: 50 })
  const c2 = world.commit('grow')
  const ctx = pushEvent(world, c2, { before: c1 })
  // history.branches without main: the run compares (and fails) but records nothing itself.
  const run = await runGate(world, ctx, cfgOf(', branches: [release]'), { sapiens_1b: 60 })
  expect(run.results.gate).toBe('fail')
  return { c1, c2, ctx, results: run.results }
}

describe('no record lost in silence', () => {
  it('lands eight concurrent pushes under write throttling and secondary rate limits on blob writes', async () => {
    const shas: string[] = []
    for (let i = 0; i < 8; i++) shas.push(world.commit(`push ${i}`))
    world.fake.inject(faults.secondaryRateLimit({ method: 'POST', path: /\/git\/blobs$/, times: 40 }, 8))
    const runs = await Promise.all(
      shas.map((sha, i) =>
        runGate(world, pushEvent(world, sha, { before: shas[i - 1] }), cfgOf(', alert: none'), {
          sapiens_1b: 50 + i * 0.01
        })
      )
    )
    expect(runs.map(r => r.record?.recorded)).toEqual(Array(8).fill(true))
    expect(
      world
        .history()!
        .entries.map(e => e.commit)
        .sort()
    ).toEqual([...shas].sort())
  })

  it('warns, with a job-summary line, when an outage loses the record; the next push names the gap', async () => {
    const c1 = world.commit('first')
    await runGate(world, pushEvent(world, c1), cfg, { sapiens_1b: 50 })
    const c2 = world.commit('second')
    const run = await runGate(world, pushEvent(world, c2, { before: c1 }), cfgOf(', branches: [release]'), {
      sapiens_1b: 50
    })
    world.fake.inject(faults.serverError({ path: /\/git\//, times: 1000 }, 503))
    const lost = await record(pushEvent(world, c2, { before: c1 }), run.results)
    expect(lost.warnings).toHaveLength(1)
    expect(lost.warnings[0]).toMatch(
      /not recorded on oom-gate-data \(api-error\).*GitHub answered 503.*re-run the job/
    )
    expect(lost.summary).toContain('### Memory history')
    expect(lost.summary).toContain('⚠️ oom-gate: the results of this push were not recorded')
    world.fake.clearFaults()

    const c3 = world.commit('third')
    const next = await runGate(world, pushEvent(world, c3, { before: c2 }), cfg, { sapiens_1b: 50 })
    expect(next.record).toMatchObject({ recorded: true, previous: c1 })
    const gap = (next.record as { gap: string }).gap
    expect(gap).toContain(`${c2.slice(0, 7)}, has no record`)
    expect(gap).toContain(`last recorded commit is ${c1.slice(0, 7)}`)
  })

  it('never overwrites a damaged history.json, and says so loudly', async () => {
    const c1 = world.commit('first')
    await runGate(world, pushEvent(world, c1), cfg, { sapiens_1b: 50 })
    seedCommit(world.fake.state, REPO, {
      files: { 'history.json': '{"schemaVersion": 1, "entries": [' },
      message: 'x',
      branch: 'oom-gate-data'
    })
    const c2 = world.commit('second')
    const run = await runGate(world, pushEvent(world, c2, { before: c1 }), cfgOf(', branches: [release]'), {
      sapiens_1b: 50
    })
    const out = await record(pushEvent(world, c2, { before: c1 }), run.results)
    expect(out.warnings[0]).toMatch(/\(history-corrupt\).*history\.json: not valid JSON.*not overwritten/)
    expect(world.dataFile('history.json')).toBe('{"schemaVersion": 1, "entries": [')
  })

  it('says how many entries beyond history.limit it dropped, in the log and the summary', async () => {
    const limited = cfgOf(', limit: 2')
    let before: string | undefined
    let last = null as Awaited<ReturnType<typeof record>> | null
    for (let i = 0; i < 3; i++) {
      const sha = world.commit(`push ${i}`)
      const run = await runGate(
        world,
        pushEvent(world, sha, { before }),
        cfgOf(', limit: 2, branches: [release]'),
        {
          sapiens_1b: 50
        }
      )
      last = await record(pushEvent(world, sha, { before }), run.results, limited)
      before = sha
    }
    expect(last!.logs.join('\n')).toMatch(
      /dropped the 1 oldest entry of oom-gate-data beyond history\.limit \(2\)/
    )
    expect(last!.summary).toMatch(/dropped the 1 oldest entry/)
    expect(world.history()!.entries).toHaveLength(2)
  })
})

describe('alerts neither lost nor doubled', () => {
  it('finds the alert created behind a 502 by its marker instead of raising it again on re-run', async () => {
    const { c2, ctx, results } = await regressedPush()
    world.fake.inject({
      ...faults.serverError({ method: 'POST', path: `/repos/${REPO}/commits/${c2}/comments` }),
      phase: 'after'
    })
    const first = await recordPush(world.octokit, ctx, results, cfg, quiet)
    expect(first).toMatchObject({ recorded: true, alert: null })
    expect(comments()).toHaveLength(1)
    const rerun = await recordPush(world.octokit, ctx, results, cfg, quiet)
    expect(rerun).toMatchObject({ recorded: true, alert: { kind: 'commit-comment', existing: true } })
    expect(comments()).toHaveLength(1)
  })

  it('does the same for alert: issue', async () => {
    const issueCfg = cfgOf(', alert: issue')
    const { ctx, results } = await regressedPush(issueCfg)
    world.fake.inject({
      ...faults.serverError({ method: 'POST', path: `/repos/${REPO}/issues` }),
      phase: 'after'
    })
    await recordPush(world.octokit, ctx, results, issueCfg, quiet)
    const rerun = await recordPush(world.octokit, ctx, results, issueCfg, quiet)
    expect(rerun).toMatchObject({ alert: { kind: 'issue', existing: true } })
    expect(git().issues.size).toBe(1)
  })

  it('raises the alert when the data branch tip cannot be read', async () => {
    const { ctx, results } = await regressedPush()
    world.fake.inject(faults.serverError({ path: /\/git\/ref\//, times: 1000 }, 503))
    const out = await recordPush(world.octokit, ctx, results, cfg, quiet)
    expect(out).toMatchObject({
      recorded: false,
      lost: true,
      code: 'api-error',
      alert: { kind: 'commit-comment' }
    })
    expect(comments()).toHaveLength(1)
  })

  it('raises the alert when the data branch tip cannot be moved', async () => {
    const { ctx, results } = await regressedPush()
    world.fake.inject(faults.serverError({ method: 'PATCH', path: /\/git\/refs\//, times: 1000 }, 503))
    const out = await recordPush(world.octokit, ctx, results, cfg, quiet)
    expect(out).toMatchObject({ recorded: false, lost: true, alert: { kind: 'commit-comment' } })
    expect(comments()).toHaveLength(1)
  })
})

describe("someone else's branch", () => {
  it('refuses to write into a branch that is not a data branch, and says how to allow it', async () => {
    seedCommit(world.fake.state, REPO, {
      files: { 'index.html': '<h1>Our docs</h1>', 'guide/intro.md': '# Intro' },
      message: 'docs site',
      branch: 'gh-pages',
      parents: []
    })
    const pages = cfgOf(', branch: gh-pages')
    const c1 = world.commit('first')
    const run = await runGate(world, pushEvent(world, c1), pages, { sapiens_1b: 50 })
    expect(run.record).toMatchObject({ recorded: false, lost: true, code: 'foreign-branch' })
    expect((run.record as { reason: string }).reason).toMatch(/history\.adopt-branch: true/)
    expect(world.dataFile('index.html', 'gh-pages')).toBe('<h1>Our docs</h1>')

    const adopted = await runGate(
      world,
      pushEvent(world, c1),
      cfgOf(', branch: gh-pages, adopt-branch: true'),
      {
        sapiens_1b: 50
      }
    )
    expect(adopted.record).toMatchObject({ recorded: true, markedBranch: true })
    expect(world.dataFile(MARKER_FILE, 'gh-pages')).toBe(MARKER_CONTENT)
  })

  it('recognises a data branch written before the marker, and marks it on the next write', async () => {
    const c1 = world.commit('first')
    await runGate(world, pushEvent(world, c1), cfg, { sapiens_1b: 50 })
    seedCommit(world.fake.state, REPO, {
      files: { [MARKER_FILE]: null },
      message: 'old writer',
      branch: 'oom-gate-data'
    })
    const c2 = world.commit('second')
    const run = await runGate(world, pushEvent(world, c2, { before: c1 }), cfg, { sapiens_1b: 50 })
    expect(run.record).toMatchObject({ recorded: true, markedBranch: true })
    expect(world.dataFile(MARKER_FILE)).toBe(MARKER_CONTENT)
  })

  it('reports a data branch deleted under the run instead of restarting a one-entry history', async () => {
    const { ctx, results } = await regressedPush()
    let refReads = 0
    world.octokit.hook.after('request', (_response, options) => {
      if (String(options.url).includes('/git/ref/') && ++refReads === 1)
        git().refs.delete('refs/heads/oom-gate-data')
    })
    const out = await recordPush(world.octokit, ctx, results, cfg, quiet)
    expect(out).toMatchObject({ recorded: false, lost: true, code: 'branch-vanished' })
    expect((out as { reason: string }).reason).toMatch(/was deleted while this run wrote to it/)
    expect(git().refs.has('refs/heads/oom-gate-data')).toBe(false)
  })

  it('reports a data branch force-pushed under the run', async () => {
    const { ctx, results } = await regressedPush()
    let refReads = 0
    world.octokit.hook.after('request', (_response, options) => {
      if (String(options.url).includes('/git/ref/') && ++refReads === 1) {
        seedCommit(world.fake.state, REPO, {
          files: { [MARKER_FILE]: MARKER_CONTENT, 'history.json': '{"schemaVersion":1,"entries":[]}\n' },
          message: 'rewritten',
          branch: 'oom-gate-data',
          parents: []
        })
      }
    })
    const out = await recordPush(world.octokit, ctx, results, cfg, quiet)
    expect(out).toMatchObject({ recorded: false, lost: true, code: 'branch-vanished' })
    expect((out as { reason: string }).reason).toMatch(/force-pushed/)
  })
})
