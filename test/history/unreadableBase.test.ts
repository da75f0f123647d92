// No comparison, no pass (contract 6): a PR that grows a model by 10% (threshold 5%) fails whenever
// history exists, including when the base cannot be read: a damaged entry (skipped and named, the
// others still used), a base results file that does not parse (the peak in history.json is used),
// an API outage at the start or in the middle of the lookup ("re-run the job"), a transient 404 on
// the data branch ref (asked again). A repository with no history yet passes with a note.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { faults } from '../support/githubFake/index.js'
import { seedCommit } from '../support/githubFake/historyRoutes.js'
import { renderReport } from '../../src/report/renderReport.js'
import { hasNote } from '../../src/notes.js'
import { parseResults } from '../../src/results.js'
import { config } from '../support/builders.js'
import { pullRequestEvent, pushEvent, REPO, runGate, startWorld, type World } from './world.js'

const cfgOf = (extra = '') =>
  config(`
gpu: {memory: 80GiB}
regression: {threshold: 5%${extra}}
models:
  - name: sapiens_1b
    run: python train.py 1b
  - name: sapiens_2b
    run: python train.py 2b
`)
const cfg = cfgOf()

let world: World
beforeEach(async () => {
  world = await startWorld()
})
afterEach(async () => world.close())

/** Two recorded pushes on main (50 and 60 GiB), then a PR off the second that grows 1b by 10%. */
async function historyAndPr() {
  const c1 = world.commit('first', { 'seg/a.py': '1' })
  await runGate(world, pushEvent(world, c1), cfg, { sapiens_1b: 48, sapiens_2b: 58 })
  const c2 = world.commit('second', { 'seg/a.py': '2' })
  await runGate(world, pushEvent(world, c2, { before: c1 }), cfg, { sapiens_1b: 50, sapiens_2b: 60 })
  const head = world.commit('PR change', { 'seg/a.py': '3' }, { branch: 'feature', parents: [c2] })
  const merge = world.commit('Merge PR', {}, { branch: null, parents: [c2, head], treeOf: head })
  const pr = (config = cfg) =>
    runGate(
      world,
      pullRequestEvent(world, { number: 7, baseSha: c2, headSha: head, mergeSha: merge }),
      config,
      {
        sapiens_1b: 55,
        sapiens_2b: 60
      }
    )
  return { c1, c2, pr }
}

/** Replaces a file on the data branch with a commit of its own, as a user editing it would. */
function damage(path: string, edit: (text: string) => string) {
  const text = world.dataFile(path)!
  seedCommit(world.fake.state, REPO, {
    files: { [path]: edit(text) },
    message: 'edit',
    branch: 'oom-gate-data'
  })
}

const roundTrip = (r: unknown) => parseResults(JSON.parse(JSON.stringify(r)))

describe('the base cannot be read', () => {
  it('compares with the readable entries when one entry of history.json is damaged, naming it', async () => {
    const { c1, c2, pr } = await historyAndPr()
    damage('history.json', text => {
      const h = JSON.parse(text)
      h.entries[0].models.sapiens_1b.peakBytes = 'lots'
      return JSON.stringify(h)
    })
    const run = await pr()
    expect(run.lookup.unreadable).toBeNull()
    expect(run.results.comparedWith?.commit).toBe(c2)
    expect(run.results.gate).toBe('fail')
    expect(run.results.models[0]!.baseline).toMatchObject({ regressed: true, change: 'compared' })
    expect(run.results.notes.join('\n')).toContain(
      `history.json entries[0] (commit ${c1.slice(0, 7)}), field models.sapiens_1b.peakBytes`
    )
    expect(hasNote(run.results, 'history-entry-skipped')).toBe(true)
  })

  it('fails with the entry and field when the damaged entry is the base itself', async () => {
    const { c2, pr } = await historyAndPr()
    damage('history.json', text => {
      const h = JSON.parse(text)
      h.entries = [h.entries[1]]
      h.entries[0].models.sapiens_2b.status = 'exploded'
      return JSON.stringify(h)
    })
    const run = await pr()
    expect(run.lookup.unreadable).toMatchObject({ code: 'history-corrupt' })
    expect(run.results.gate).toBe('fail')
    const results = roundTrip(run.results)
    expect(results.regression).toMatchObject({
      status: 'unreadable',
      code: 'history-corrupt',
      policy: 'fail'
    })
    expect(results.models[0]!.baseline).toMatchObject({ reasonCode: 'base-unreadable', regressed: false })
    expect(results.regression!.text).toContain(
      `entries[0] (commit ${c2.slice(0, 7)}), field models.sapiens_2b.status`
    )
    const report = renderReport(results)
    expect(report.split('\n')[0]).toMatch(/^### ❌ .*the regression check could not read the base/)
    expect(report).toContain('- Base unreadable: ')
  })

  it('fails when history.json is not a history at all, and says to fix or delete it', async () => {
    const { pr } = await historyAndPr()
    damage('history.json', () => '{"schemaVersion": 1, "entries": ')
    const run = await pr()
    expect(run.results.gate).toBe('fail')
    expect(run.results.regression).toMatchObject({ status: 'unreadable', code: 'history-corrupt' })
    expect(run.results.regression!.text).toMatch(/history\.json: not valid JSON; fix or delete it/)
  })

  it('falls back to the peak in history.json when the base results file does not parse', async () => {
    const { c2, pr } = await historyAndPr()
    damage(`results/${c2}.json`, text => text.slice(0, 100))
    const run = await pr()
    expect(run.results.comparedWith?.commit).toBe(c2)
    expect(run.results.models[0]!.baseline).toMatchObject({ regressed: true, change: 'compared' })
    expect(run.results.gate).toBe('fail')
    expect(run.results.notes.join('\n')).toMatch(/compared with the peaks recorded in history\.json/)
    expect(hasNote(run.results, 'base-from-history')).toBe(true)
  })

  it('fails with "re-run the job" on an API outage at the start', async () => {
    const { pr } = await historyAndPr()
    world.fake.inject(faults.serverError({ path: /\/git\/ref\//, times: 50 }, 503))
    const run = await pr()
    expect(run.results.gate).toBe('fail')
    expect(run.results.regression).toMatchObject({ status: 'unreadable', code: 'api-error' })
    expect(run.results.regression!.text).toMatch(/re-run the job/)
    expect(renderReport(run.results)).toMatch(/re-run the job/)
  })

  it('fails with "re-run the job" on an outage in the middle of the lookup', async () => {
    const { pr } = await historyAndPr()
    world.fake.inject(faults.serverError({ path: /\/git\/blobs\//, times: 50 }, 502))
    const run = await pr()
    expect(run.results.gate).toBe('fail')
    expect(run.results.regression).toMatchObject({ status: 'unreadable', code: 'api-error' })
    expect(run.results.regression!.text).toMatch(/re-run the job/)
  })

  it('asks again after a transient 404 on the data branch ref instead of calling it missing', async () => {
    const { c2, pr } = await historyAndPr()
    world.fake.inject({
      method: 'GET',
      path: /\/git\/ref\/heads\/oom-gate-data$/,
      status: 404,
      message: 'Not Found'
    })
    const run = await pr()
    expect(run.lookup.note).toBeNull()
    expect(run.results.comparedWith?.commit).toBe(c2)
    expect(run.results.gate).toBe('fail')
    expect(run.results.models[0]!.baseline).toMatchObject({ regressed: true })
  })

  it('fails as base-not-found when a transient 404 from the commits API stops the walk (history exists)', async () => {
    const { c2 } = await historyAndPr()
    // The PR's base has no record of its own (its push run was cancelled): the walk lists commits.
    const c3 = world.commit('unrecorded', { 'seg/a.py': '4' })
    const head = world.commit('PR change', { 'seg/a.py': '5' }, { branch: 'feature2', parents: [c3] })
    const merge = world.commit('Merge PR', {}, { branch: null, parents: [c3, head], treeOf: head })
    world.fake.inject({ method: 'GET', path: /\/commits$/, status: 404, message: 'Not Found' })
    const run = await runGate(
      world,
      pullRequestEvent(world, { number: 8, baseSha: c3, headSha: head, mergeSha: merge }),
      cfg,
      { sapiens_1b: 55, sapiens_2b: 60 }
    )
    expect(run.results.gate).toBe('fail')
    expect(run.results.regression).toMatchObject({ status: 'unreadable', code: 'base-not-found' })
    expect(run.results.regression!.text).toMatch(/has 2 recorded commit\(s\) but none the walk reached/)
    expect(run.results.models[0]!.baseline).toMatchObject({ reasonCode: 'base-unreadable' })
    // Without the fault the same PR compares with c2, the nearest recorded ancestor.
    const again = await runGate(
      world,
      pullRequestEvent(world, { number: 8, baseSha: c3, headSha: head, mergeSha: merge }),
      cfg,
      { sapiens_1b: 55, sapiens_2b: 60 }
    )
    expect(again.results.comparedWith).toMatchObject({ commit: c2, distance: 1 })
  })

  it('stops at a damaged base entry: compares with its results file, never with an older commit', async () => {
    const { c2, pr } = await historyAndPr()
    damage('history.json', text => {
      const h = JSON.parse(text)
      const base = h.entries.find((e: { commit: string }) => e.commit === c2)
      base.models.sapiens_1b.peakBytes = 943718400.5
      return JSON.stringify(h)
    })
    const run = await pr()
    expect(run.results.comparedWith?.commit).toBe(c2)
    expect(run.results.models[0]!.baseline).toMatchObject({ regressed: true, change: 'compared' })
    expect(run.results.gate).toBe('fail')
    // And with its results file gone too, the base is unreadable, not replaced by c1.
    damage(`results/${c2}.json`, text => text.slice(0, 50))
    const broken = await pr()
    expect(broken.results.comparedWith).toBeUndefined()
    expect(broken.results.regression).toMatchObject({ status: 'unreadable', code: 'history-corrupt' })
    expect(broken.results.regression!.text).toContain(`the base ${c2.slice(0, 7)} has a damaged entry`)
    expect(broken.results.gate).toBe('fail')
  })

  it('a base whose run of a model measured nothing fails that model; a base OOM does not; warn passes with a note', async () => {
    const c1 = world.commit('first', { 'seg/a.py': '1' })
    await runGate(world, pushEvent(world, c1), cfg, {
      sapiens_1b: { status: 'failed' },
      sapiens_2b: { oom: 90 }
    })
    const head = world.commit('PR change', { 'seg/a.py': '3' }, { branch: 'feature', parents: [c1] })
    const merge = world.commit('Merge PR', {}, { branch: null, parents: [c1, head], treeOf: head })
    const pr = (config = cfg) =>
      runGate(
        world,
        pullRequestEvent(world, { number: 7, baseSha: c1, headSha: head, mergeSha: merge }),
        config,
        { sapiens_1b: 55, sapiens_2b: 60 }
      )
    const run = await pr()
    const [oneB, twoB] = run.results.models
    expect(oneB!.baseline).toMatchObject({
      change: 'unknown',
      reasonCode: 'base-unreadable',
      regressed: false
    })
    expect(oneB!.baseline!.reason).toMatch(
      /the base's run of this model failed, so there is no peak to compare with/
    )
    expect(twoB!.baseline).toMatchObject({ change: 'unknown', regressed: false })
    expect(twoB!.baseline!.reasonCode).toBeUndefined()
    expect(run.results.gate).toBe('fail')
    const warned = await pr(cfgOf(', unreadable-base: warn'))
    expect(warned.results.gate).toBe('pass')
    expect(warned.results.models[0]!.baseline!.reasonCode).toBeUndefined()
    expect(hasNote(warned.results, 'base-unreadable-warned')).toBe(true)
  })

  it('only warns with regression.unreadable-base: warn', async () => {
    const { pr } = await historyAndPr()
    world.fake.inject(faults.serverError({ path: /\/git\/ref\//, times: 50 }, 503))
    const run = await pr(cfgOf(', unreadable-base: warn'))
    expect(run.results.gate).toBe('pass')
    expect(run.results.regression).toMatchObject({ status: 'unreadable', policy: 'warn' })
    expect(run.results.notes.join('\n')).toMatch(/regression\.unreadable-base: warn/)
    expect(hasNote(run.results, 'base-unreadable-warned')).toBe(true)
  })

  it('passes with a note when the repository has no history yet', async () => {
    const base = world.commit('first', { 'seg/a.py': '1' })
    const head = world.commit('PR change', { 'seg/a.py': '3' }, { branch: 'feature', parents: [base] })
    const merge = world.commit('Merge PR', {}, { branch: null, parents: [base, head], treeOf: head })
    const run = await runGate(
      world,
      pullRequestEvent(world, { number: 7, baseSha: base, headSha: head, mergeSha: merge }),
      cfg,
      { sapiens_1b: 55, sapiens_2b: 60 }
    )
    expect(run.results.gate).toBe('pass')
    expect(run.results.regression).toMatchObject({ status: 'no-history', code: null })
    expect(run.lookup.note?.text).toMatch(/created by the first push to main/)
  })
})
