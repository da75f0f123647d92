// A cancelled job publishes its PR comment at the first stop signal (issue 19 §4), as results.json
// and report.md already are: the job may be SIGKILLed before the end. The final publish then
// updates that same sticky comment. The action from source, on a real process, against the fake.
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../../src/measure/process/waitFor.js'
import { loadEvent } from '../github/fixtures.js'
import { REPO, useSourceHarness } from './sourceHarness.js'

const h = useSourceHarness()

// Ignores SIGTERM (a slow shutdown) with a 60 s grace: the gate stays in its stop until the
// second signal, so a comment seen before that was posted at the first.
const HOLDING = `gpu: {memory: 80GiB}
measure: {sampler: host, interval: 100ms, grace: 60s}
models:
  - name: holder
    run: python3 -c "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); b = bytearray(64 << 20); open('ready.marker', 'w').close(); time.sleep(300)"
`

function withHead(fixture: string, head: string): Record<string, unknown> {
  const payload = loadEvent(fixture) as { pull_request: { head: { sha: string } } }
  payload.pull_request.head.sha = head
  return payload
}

describe('the PR comment at the stop signal', () => {
  it('is posted at the first signal; the final publish updates that same comment', async () => {
    h.fake.state.addPullRequest(REPO, { number: 41, headSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' })
    const { dir, head } = h.workspace(HOLDING)
    const gate = h.start(dir, 'pull_request', withHead('pull_request.opened.same-repo', head))
    let exited = false
    void gate.exited.then(() => (exited = true))
    expect(await waitFor(() => existsSync(`${dir}/ready.marker`), 60_000, 50), gate.output()).toBe(true)
    gate.child.kill('SIGINT')
    // Posted while the gate still waits out the model's grace.
    const posted = await waitFor(() => h.stickyComments(41).length > 0, 30_000, 100)
    expect(posted, gate.output()).toBe(true)
    expect(exited).toBe(false)
    expect(h.stickyComments(41)[0]!.body).toMatch(/interrupted/)
    gate.child.kill('SIGTERM')
    const end = await gate.exited
    expect(end.code, gate.output()).toBe(1)
    const comments = h.stickyComments(41)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body).toMatch(/holder/)
    expect(gate.output()).toMatch(/PR comment created/)
    expect(gate.output()).toMatch(/PR comment (updated|unchanged)/)
  }, 120_000)
})
