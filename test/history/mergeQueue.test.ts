// Merge queues: a merge_group (checks_requested) is judged against the merge group's base, so
// PRs that are each under the regression threshold are caught when the queue puts them together.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { renderReport } from '../../src/report/renderReport.js'
import { config } from '../support/builders.js'
import { mergeGroupEvent, pullRequestEvent, pushEvent, runGate, startWorld, type World } from './world.js'

const cfg = config(`
gpu: {memory: 80GiB}
regression: {threshold: 5%}
models:
  - name: sapiens_1b
    run: python train.py 1b
`)

let world: World
beforeEach(async () => {
  world = await startWorld()
})
afterEach(async () => world.close())

/** A PR off `base`: its head, and the merge commit the runner checks out under pull_request. */
function pr(base: string, file: string) {
  const head = world.commit(`PR ${file}`, { [`seg/${file}`]: '1' }, { branch: null, parents: [base] })
  const merge = world.commit(`Merge ${file}`, {}, { branch: null, parents: [base, head], treeOf: head })
  return { head, merge }
}

describe('merge_group', () => {
  it('catches two PRs at +4% each (threshold 5%) together, comparing with merge_group.base_sha', async () => {
    const main = world.commit('Base', { 'seg/base.py': '1' })
    expect((await runGate(world, pushEvent(world, main), cfg, { sapiens_1b: 40 })).record).toMatchObject({
      recorded: true
    })

    // Each PR alone: +4% over main, under the threshold.
    const a = pr(main, 'a.py')
    const b = pr(main, 'b.py')
    for (const [number, p] of [
      [1, a],
      [2, b]
    ] as const) {
      const run = await runGate(
        world,
        pullRequestEvent(world, { number, baseSha: main, headSha: p.head, mergeSha: p.merge }),
        cfg,
        { sapiens_1b: 41.6 }
      )
      expect(run.results.gate, `PR ${number}`).toBe('pass')
      expect(run.results.models[0]!.baseline?.regressed).toBe(false)
    }

    // The queue: main + A (group 1), then main + A + B (group 2), each on its own temporary branch.
    const group1 = world.commit('Merge A (queue)', { 'seg/a.py': '1' }, { branch: null, parents: [main] })
    const group2 = world.commit('Merge B (queue)', { 'seg/b.py': '1' }, { branch: null, parents: [group1] })
    const run = await runGate(world, mergeGroupEvent(world, { baseSha: main, headSha: group2 }), cfg, {
      sapiens_1b: 43.264
    })
    expect(run.lookup.baseline?.commit).toBe(main)
    expect(run.results.comparedWith).toEqual({ commit: main, distance: 0, from: 'merge-group-base' })
    expect(run.results.models[0]!.baseline).toMatchObject({ regressed: true })
    expect(run.results.models[0]!.baseline!.deltaRatio).toBeCloseTo(0.0816, 3)
    expect(run.results.gate).toBe('fail')
    // The job summary says what it compared with.
    expect(renderReport(run.results)).toContain(`Compared with ${main.slice(0, 7)} (the merge group’s base`)
    // A merge group is not a push: nothing is recorded.
    expect(run.record).toBeNull()
  })

  it('falls back to the nearest ancestor of the merge group’s base that has results', async () => {
    const c0 = world.commit('Recorded', { 'seg/base.py': '1' })
    await runGate(world, pushEvent(world, c0), cfg, { sapiens_1b: 40 })
    // Pushed, but its run never recorded (cancelled): no results for c1.
    const c1 = world.commit('Not recorded', { 'seg/other.py': '1' })
    const head = world.commit('Merge C (queue)', { 'seg/c.py': '1' }, { branch: null, parents: [c1] })
    const run = await runGate(world, mergeGroupEvent(world, { baseSha: c1, headSha: head }), cfg, {
      sapiens_1b: 40.2
    })
    expect(run.results.comparedWith).toEqual({ commit: c0, distance: 1, from: 'merge-group-base' })
    expect(run.results.gate).toBe('pass')
    expect(renderReport(run.results)).toContain('1 commit before the merge group’s base')
  })
})
