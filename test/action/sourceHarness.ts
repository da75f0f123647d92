// The action from source (src/index.ts under tsx), run by the shared harness (actionHarness.ts) as
// action.test.ts runs the built bundle. It needs no rebuild, so tests of behaviour newer than
// dist/ run here.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { useActionHarness, type ActionHarness } from './actionHarness.js'

export { REPO, type ActionRun } from './actionHarness.js'
export type SourceHarness = ActionHarness

export const TOKEN = `ghs_${'sRc1'.repeat(9)}`
const ENTRY = resolve('src/index.ts')
// Resolved here: the child runs in the workspace, where `tsx` is not a package.
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href

/** Registers beforeEach/afterEach for a fresh fake and temp root per test. */
export function useSourceHarness(): SourceHarness {
  return useActionHarness({
    nodeArgs: ['--import', TSX, ENTRY],
    token: TOKEN,
    permissions: { 'pull-requests': 'write', contents: 'write', issues: 'write' },
    firstRunId: 2000,
    timeoutMs: 90_000,
    tempPrefix: 'oom-gate-src-action-'
  })
}
