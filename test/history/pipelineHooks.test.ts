// The action's history hooks: what the pipeline gets from the data branch before it measures.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { historyHooks } from '../../src/github/history/pipelineHooks.js'
import { config } from '../support/builders.js'
import { pullRequestEvent, pushEvent, runGate, startWorld, type World } from './world.js'

const cfg = config(`gpu: {memory: 80GiB}
models:
  - {name: sapiens_1b, run: x}
  - {name: sapiens_2b, run: x}
`)

let world: World
beforeEach(async () => {
  world = await startWorld()
})
afterEach(() => world.close())

describe('historyHooks', () => {
  it('gives the scheduler each model’s last duration from the PR’s base', async () => {
    const base = world.commit('base')
    await runGate(world, pushEvent(world, base), cfg, { sapiens_1b: 40, sapiens_2b: 70 })
    const head = world.commit('pr', undefined, { branch: null, parents: [base] })
    const ctx = pullRequestEvent(world, { number: 7, baseSha: base, headSha: head, mergeSha: head })
    const hooks = await historyHooks(world.octokit, ctx, cfg, () => {})
    // runGate records the builders' default duration for every model.
    expect([...hooks.expectedDurationMs.keys()]).toEqual(['sapiens_1b', 'sapiens_2b'])
    expect([...hooks.expectedDurationMs.values()].every(ms => ms > 0)).toBe(true)
  })

  it('gives nothing before the first push', async () => {
    const head = world.commit('pr')
    const ctx = pullRequestEvent(world, { number: 8, baseSha: head, headSha: head, mergeSha: head })
    const hooks = await historyHooks(world.octokit, ctx, cfg, () => {})
    expect(hooks.expectedDurationMs.size).toBe(0)
  })
})
