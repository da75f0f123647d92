// The built action (dist/index.js) run as the runner runs it, by the harness sourceHarness.ts shares
// (actionHarness.ts): a child `node` process with INPUT_* variables, the event payload, GITHUB_OUTPUT /
// GITHUB_STEP_SUMMARY files and GITHUB_API_URL at the local GitHub fake, in a real git checkout.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { faults } from '../support/githubFake/index.js'
import { readFileAt, seedCommit } from '../support/githubFake/historyRoutes.js'
import { loadEvent } from '../github/fixtures.js'
import { parseWorkflowCommands } from '../github/runnerFiles.js'
import { REPO, useActionHarness, type ActionRun } from './actionHarness.js'

// Each test runs real processes end to end (the bundled action as the runner runs it, several
// times; or several models at once): 6 to 19 s on a quiet 2-core machine, five times that while
// the machine is shared, so the default 30 s is too close.
vi.setConfig({ testTimeout: 150_000 })

/** The bundle under test; OOM_GATE_ACTION_BUNDLE may name another build of src/index.ts. */
const BUNDLE = resolve(process.env.OOM_GATE_ACTION_BUNDLE ?? 'dist/index.js')
const TOKEN = `ghs_${'k7Q2'.repeat(9)}`
const LEAKED_PAT = `ghp_${'Zx9w'.repeat(9)}`
const HF = `hf_${'p3Rt'.repeat(9)}`
const RUNTIME = `eyJhbGciOiJSUzI1NiJ9.eyJydW50aW1lIjoidG9rZW4ifQ.${'s1gN'.repeat(12)}`

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run bundle\` first`)
})

const h = useActionHarness({
  nodeArgs: [BUNDLE],
  token: TOKEN,
  permissions: { 'pull-requests': 'write', contents: 'read' },
  firstRunId: 1000,
  timeoutMs: 60_000,
  tempPrefix: 'oom-gate-action-',
  // Secrets in the job's environment: none may reach a comment, a summary or the log.
  env: { ACTIONS_RUNTIME_TOKEN: RUNTIME, HF_TOKEN: HF },
  seed: fake => {
    fake.state.addPullRequest(REPO, { number: 41, headSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' })
    const repo = fake.state.repo('acme-ml', 'vision')!
    fake.state.addUser('alice-dev')
    repo.collaborators.set('alice-dev', 'maintain')
    fake.state.addUser('tina-triage')
    repo.collaborators.set('tina-triage', 'triage')
  }
})
const workspace = (config: string) => h.workspace(config)
const runAction = h.run

const FITS = `gpu:
  memory: 80GiB
measure:
  sampler: host
models:
  - name: small
    run: echo small step 1 && echo small done
`

const OOMS = `gpu:
  memory: 80GiB
measure:
  sampler: host
models:
  - name: small
    run: echo small done
  - name: sapiens_2b
    run: |
      echo "iter 1 loss 0.93"
      echo "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 3.00 GiB. GPU 0 has a total capacity of 79.15 GiB of which 1.20 GiB is free." >&2
      exit 1
`

/** A model whose command leaves a file behind: proof that it ran. */
const touching = (marker: string) => `gpu:
  memory: 80GiB
measure:
  sampler: host
models:
  - name: fork_model
    run: touch ${marker} && echo ran
`

/** Payload of a fixture with its head commit replaced by the workspace's HEAD. */
function withHead(fixture: string, head: string): Record<string, unknown> {
  const payload = loadEvent(fixture) as { pull_request: { head: { sha: string } } }
  payload.pull_request.head.sha = head
  return payload
}

const botComments = () =>
  h.fake.state
    .comments(REPO, 41)
    .filter(c => c.user.login === 'github-actions[bot]' && c.body.includes('<!-- oom-gate -->'))

describe('the action, run as the runner runs it', () => {
  it('leaves exactly one up-to-date comment after any number of runs', async () => {
    for (let i = 0; i < 130; i++)
      h.fake.state.addComment(REPO, 41, i % 3 ? 'bob' : 'codecov[bot]', `review ${i}`)
    const { dir, head } = workspace(FITS)
    const runs: ActionRun[] = []
    for (const fixture of [
      'pull_request.opened.same-repo',
      'pull_request.synchronize.same-repo',
      'pull_request.synchronize.same-repo'
    ]) {
      runs.push(await runAction(dir, 'pull_request', withHead(fixture, head)))
    }
    for (const r of runs) {
      expect(r.code, r.stdout).toBe(0)
      expect(r.outputs.gate).toBe('pass')
      expect(r.outputs.results).toBe(join(dir, 'oom-gate-out', 'results.json'))
    }
    expect(botComments()).toHaveLength(1)
    const body = botComments()[0]!.body
    expect(body).toContain('workflow=GPU%20memory job=oom-gate')
    // The short report links the run's summary (the full report) for this, the latest run.
    expect(body).toContain(`/actions/runs/${runs[2]!.runId})`)
    expect(body).toMatch(/^\| small \| [^|]+ \| [^|]+ \| ✅ ok \|$/m)
    expect(runs[2]!.stdout).toMatch(/PR comment updated/)
    expect(runs[2]!.summary).toContain('| small | ✅ ok |')
  })

  it('fails the check with an annotation on the config line of a model that runs out of memory', async () => {
    const { dir, head } = workspace(OOMS)
    const r = await runAction(dir, 'pull_request', withHead('pull_request.opened.same-repo', head))
    expect(r.code).toBe(1)
    expect(r.outputs.gate).toBe('fail')
    const errors = parseWorkflowCommands(r.stdout).filter(c => c.command === 'error')
    expect(errors).toContainEqual({
      command: 'error',
      properties: { title: 'oom-gate: sapiens_2b', file: '.github/oom-gate.yml', line: '8' },
      message: 'sapiens_2b: ran out of GPU memory'
    })
    expect(errors.at(-1)!.message).toBe('sapiens_2b: ran out of GPU memory')
    const results = JSON.parse(readFileSync(r.outputs.results!, 'utf8')) as {
      models: { name: string; status: string }[]
    }
    expect(results.models.map(m => [m.name, m.status])).toEqual([
      ['small', 'ok'],
      ['sapiens_2b', 'oom']
    ])
    expect(botComments()[0]!.body).toContain('out of memory')
  })

  it('refuses a fork pull request under pull_request without running anything', async () => {
    const marker = join(h.root, 'fork-ran')
    const { dir, head } = workspace(touching(marker))
    h.fake.state.addPullRequest(REPO, { number: 42, headSha: head, headRepo: 'mallory-fork/vision' })
    // Under pull_request a fork's token is read-only.
    h.fake.state.addActionsToken(TOKEN, { 'pull-requests': 'read', issues: 'read', contents: 'read' })
    const r = await runAction(dir, 'pull_request', withHead('pull_request.opened.fork', head))
    expect(existsSync(marker)).toBe(false)
    expect(r.code).toBe(1)
    expect(r.outputs.gate).toBe('fail')
    expect(r.summary).toContain('mallory')
    expect(r.summary).toContain('allow')
    expect(r.summary).toContain('skipped')
    expect(parseWorkflowCommands(r.stdout).find(c => c.command === 'warning')?.message).toContain('read-only')
    expect(h.fake.state.comments(REPO, 42)).toHaveLength(0)
  })

  it('pull_request_target: runs a fork only for the approved head, labeled by a maintainer', async () => {
    const marker = join(h.root, 'fork-ran')
    const { dir, head } = workspace(touching(marker))
    h.fake.state.addPullRequest(REPO, {
      number: 42,
      headSha: head,
      headRepo: 'mallory-fork/vision',
      labels: ['oom-gate: approved']
    })

    // opened: nothing runs; the summary says how to approve.
    const opened = await runAction(
      dir,
      'pull_request_target',
      withHead('pull_request_target.opened.fork', head)
    )
    expect(existsSync(marker)).toBe(false)
    expect(opened.code).toBe(1)
    expect(opened.summary).toContain('add the label')

    // labeled by someone with triage only: refused, the label comes off.
    const triage = withHead('pull_request_target.labeled.fork', head) as { sender: { login: string } }
    triage.sender.login = 'tina-triage'
    const refused = await runAction(dir, 'pull_request_target', triage)
    expect(existsSync(marker)).toBe(false)
    expect(refused.code).toBe(1)
    expect(h.fake.state.repo('acme-ml', 'vision')!.issue(42)!.labels).toEqual([])

    // labeled by a maintainer, but another commit is checked out: refused.
    h.fake.state.repo('acme-ml', 'vision')!.issue(42)!.labels.push('oom-gate: approved')
    const stale = withHead('pull_request_target.labeled.fork', 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee01')
    const mismatch = await runAction(dir, 'pull_request_target', stale)
    expect(existsSync(marker)).toBe(false)
    expect(mismatch.summary).toContain('is not the approved head')

    // labeled by a maintainer for the checked-out head: it runs, and the comment lands on #42.
    const approved = await runAction(
      dir,
      'pull_request_target',
      withHead('pull_request_target.labeled.fork', head)
    )
    expect(approved.code, approved.stdout).toBe(0)
    expect(existsSync(marker)).toBe(true)
    const comment = h.fake.state.comments(REPO, 42).filter(c => c.user.login === 'github-actions[bot]')
    expect(comment).toHaveLength(1)
    expect(comment[0]!.body).toMatch(/^\| fork\\_model \| [^|]+ \| [^|]+ \| ✅ ok \|$/m)

    // a new push (synchronize) with the label still on: nothing runs, the stale label is removed.
    rmSync(marker)
    const sync = await runAction(
      dir,
      'pull_request_target',
      withHead('pull_request_target.synchronize.fork', head)
    )
    expect(existsSync(marker)).toBe(false)
    expect(sync.code).toBe(1)
    expect(h.fake.state.repo('acme-ml', 'vision')!.issue(42)!.labels).toEqual([])
    expect(h.fake.state.comments(REPO, 42).filter(c => c.user.login === 'github-actions[bot]')).toHaveLength(
      1
    )
  })

  it('never leaks a secret: scrubbed from the smoke command, redacted from every output', async () => {
    const config = `gpu:
  memory: 80GiB
measure:
  sampler: host
models:
  - name: leaky
    run: |
      env > "$OOM_GATE_RESULT_DIR/env.txt"
      echo "token from .git/config: ${TOKEN}"
      echo "old PAT: ${LEAKED_PAT}"
      echo "hf: [$HF_TOKEN] gh: [$GITHUB_TOKEN] runtime: [$ACTIONS_RUNTIME_TOKEN]"
      echo "curl -H 'Authorization: Bearer ${TOKEN}' https://x-access-token:${TOKEN}@github.com/acme-ml/vision"
      exit 3
`
    const { dir, head } = workspace(config)
    const r = await runAction(
      dir,
      'pull_request',
      withHead('pull_request.opened.same-repo', head),
      {},
      { GITHUB_TOKEN: TOKEN }
    )
    expect(r.code).toBe(1)
    const childEnv = readFileSync(join(dir, 'oom-gate-out/runs/leaky/env.txt'), 'utf8')
    for (const name of ['GITHUB_TOKEN', 'INPUT_GITHUB-TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'HF_TOKEN']) {
      expect(childEnv).not.toContain(`${name}=`)
    }
    const published = {
      comment: botComments()[0]!.body,
      summary: r.summary,
      results: readFileSync(join(dir, 'oom-gate-out/results.json'), 'utf8'),
      report: readFileSync(join(dir, 'oom-gate-out/report.md'), 'utf8'),
      // The runner consumes ::add-mask:: itself; every other line is what the log shows.
      log: r.stdout
        .split('\n')
        .filter(l => !l.startsWith('::add-mask::'))
        .join('\n')
    }
    for (const [where, text] of Object.entries(published)) {
      for (const secret of [TOKEN, LEAKED_PAT, HF, RUNTIME]) expect(text, `${where}`).not.toContain(secret)
    }
    expect(published.comment).toContain('token from .git/config: ***')
    expect(published.comment).toContain('old PAT: ***')
    expect(published.comment).toContain('hf: [] gh: [] runtime: []')
  })

  it('pass-env hands a runner secret to the models that list it, *** in every output; others never get it', async () => {
    const OWN = 'sekrit-value-123456'
    const DB = 'db-pass-0451-hunter'
    const config = `gpu:
  memory: 80GiB
measure:
  sampler: host
models:
  - name: gated
    pass-env: [HF_TOKEN]
    env: {MY_API_KEY: ${OWN}}
    run: |
      env > "$OOM_GATE_RESULT_DIR/env.txt"
      echo "hf [$HF_TOKEN] len \${#HF_TOKEN} own [$MY_API_KEY] db [$DB_PASSWORD]"
      printf 'split: ${HF.slice(0, 10)}\\033[0m${HF.slice(10)}\\n'
      exit 3
  - name: plain
    run: |
      env > "$OOM_GATE_RESULT_DIR/env.txt"
      exit 3
`
    const { dir, head } = workspace(config)
    const r = await runAction(
      dir,
      'pull_request',
      withHead('pull_request.opened.same-repo', head),
      {},
      { GITHUB_TOKEN: TOKEN, DB_PASSWORD: DB }
    )
    expect(r.code).toBe(1)
    const gatedEnv = readFileSync(join(dir, 'oom-gate-out/runs/gated/env.txt'), 'utf8')
    expect(gatedEnv).toContain(`HF_TOKEN=${HF}\n`)
    for (const name of ['GITHUB_TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'DB_PASSWORD'])
      expect(gatedEnv).not.toContain(`${name}=`)
    const plainEnv = readFileSync(join(dir, 'oom-gate-out/runs/plain/env.txt'), 'utf8')
    for (const name of ['HF_TOKEN', 'MY_API_KEY', 'DB_PASSWORD']) expect(plainEnv).not.toContain(`${name}=`)
    const published = {
      comment: botComments()[0]!.body,
      summary: r.summary,
      results: readFileSync(join(dir, 'oom-gate-out/results.json'), 'utf8'),
      report: readFileSync(join(dir, 'oom-gate-out/report.md'), 'utf8'),
      'summary.md': readFileSync(join(dir, 'oom-gate-out/summary.md'), 'utf8'),
      log: r.stdout
        .split('\n')
        .filter(l => !l.startsWith('::add-mask::'))
        .join('\n')
    }
    for (const [where, text] of Object.entries(published)) {
      for (const secret of [TOKEN, HF, RUNTIME, OWN, DB]) expect(text, `${where}`).not.toContain(secret)
    }
    expect(published.log).toContain(`gated | hf [***] len ${HF.length} own [***] db []`)
    expect(published.log).toContain('gated | split: ***')
    expect(published.report).toContain(`hf [***] len ${HF.length} own [***] db []`)
    expect(published.log).toContain('not passed to smoke commands')
    expect(published.log).toMatch(/not passed to smoke commands[^\n]*DB_PASSWORD/)
    expect(published.log).not.toMatch(/not passed to smoke commands[^\n]*HF_TOKEN/)
    // The runner is asked to mask the config's own secret in everything the step prints.
    expect(r.stdout.split('\n')).toContain(`::add-mask::${OWN}`)
  })

  it('a comment that cannot be posted leaves the verdict and the summary intact', async () => {
    const { dir, head } = workspace(FITS)
    h.fake.inject(faults.integrationForbidden({ method: 'POST', path: `/repos/${REPO}/issues/41/comments` }))
    const r = await runAction(dir, 'pull_request', withHead('pull_request.opened.same-repo', head))
    expect(r.code).toBe(0)
    expect(r.outputs.gate).toBe('pass')
    expect(r.summary).toContain('pull-requests: write')
    expect(r.summary).toContain('| small | ✅ ok |')
    expect(parseWorkflowCommands(r.stdout).find(c => c.command === 'warning')?.message).toContain(
      'Add `pull-requests: write`'
    )
  })

  it('rides out a secondary rate limit and a 502 while commenting', async () => {
    const { dir, head } = workspace(FITS)
    h.fake.inject(faults.serverError({ method: 'GET', path: /\/issues\/41\/comments$/ }))
    h.fake.inject(faults.secondaryRateLimit({ method: 'POST', path: `/repos/${REPO}/issues/41/comments` }, 1))
    const r = await runAction(dir, 'pull_request', withHead('pull_request.opened.same-repo', head))
    expect(r.code, r.stdout).toBe(0)
    expect(r.stdout).toMatch(/retrying in 1s/)
    expect(botComments()).toHaveLength(1)
  })

  it('matrix: two measure jobs and one report job give the same verdict and one comment as a single gate job', async () => {
    const { dir, head } = workspace(OOMS)
    const payload = withHead('pull_request.opened.same-repo', head)
    const single = await runAction(dir, 'pull_request', payload)
    const statuses = (body: string) =>
      body
        .split('\n')
        .filter(l => /^\| (small|sapiens\\_2b) \|/.test(l))
        // The status is the last column (peak and share of the limit come before it).
        .map(l => l.split('|').at(-2)!.trim())
    const singleStatuses = statuses(botComments()[0]!.body)
    h.fake.state.repo('acme-ml', 'vision')!.issue(41)!.comments.length = 0

    const a = await runAction(dir, 'pull_request', payload, {
      mode: 'measure',
      models: 'small',
      out: 'parts/a'
    })
    const b = await runAction(dir, 'pull_request', payload, {
      mode: 'measure',
      models: 'sapiens_2b',
      out: 'parts/b'
    })
    // Measure jobs leave the verdict to the report job, and comment nowhere.
    expect([a.code, b.code]).toEqual([0, 0])
    expect([a.outputs.gate, b.outputs.gate]).toEqual(['pass', 'fail'])
    expect(h.fake.state.comments(REPO, 41)).toHaveLength(0)

    const report = await runAction(dir, 'pull_request', payload, { mode: 'report', results: 'parts/*' })
    expect(report.code).toBe(single.code)
    expect(report.outputs.gate).toBe('fail')
    expect(parseWorkflowCommands(report.stdout).filter(c => c.command === 'error')[0]).toMatchObject({
      properties: { file: '.github/oom-gate.yml', line: '8' },
      message: 'sapiens_2b: ran out of GPU memory'
    })
    expect(botComments()).toHaveLength(1)
    expect(statuses(botComments()[0]!.body)).toEqual(singleStatuses)
    expect(singleStatuses).toEqual(['✅ ok', '❌ out of memory'])
  })

  it('on push: measures, writes the summary, comments nowhere', async () => {
    const { dir } = workspace(FITS)
    const r = await runAction(dir, 'push', loadEvent('push'))
    expect(r.code).toBe(0)
    expect(r.summary).toContain('| small | ✅ ok |')
    // The token may only read contents: the history write is refused, the verdict stands.
    expect(r.stdout).toMatch(/::warning::oom-gate: the results of this push were not recorded/)
    expect(h.fake.requests.filter(q => q.method !== 'GET' && /comments/.test(q.path))).toHaveLength(0)
  })

  it('an empty github-token (an empty secret on a fork PR): the PR fails as no-token, a push warns it recorded nothing', async () => {
    const { dir, head } = workspace(FITS)
    const pr = await runAction(dir, 'pull_request', withHead('pull_request.opened.same-repo', head), {
      'github-token': ''
    })
    expect(pr.code, pr.stdout).toBe(1)
    const results = JSON.parse(readFileSync(join(dir, 'oom-gate-out/results.json'), 'utf8'))
    expect(results.regression).toMatchObject({ status: 'unreadable', code: 'no-token', policy: 'fail' })
    expect(results.gate).toBe('fail')
    expect(pr.stdout).toMatch(
      /::warning::oom-gate: the base could not be read \(no-token\): the github-token input is empty/
    )
    const push = await runAction(dir, 'push', loadEvent('push'), { 'github-token': '' })
    expect(push.stdout).toMatch(/::warning::oom-gate: history not recorded: the github-token input is empty/)
    expect(push.summary).toMatch(/### Memory history\n\n- ⚠️ oom-gate: history not recorded/)
  })

  it('records history on push; a PR then compares with its base, and a regression fails', async () => {
    const WRITER = `ghs_${'wR1t'.repeat(9)}`
    h.fake.state.addActionsToken(WRITER, { 'pull-requests': 'write', contents: 'write' })
    const base = seedCommit(h.fake.state, REPO, { files: { 'seg/train.py': 'v1' }, message: 'base' })
    const pushed = { ...(loadEvent('push') as Record<string, unknown>), after: base }
    const small = (mib: number) =>
      FITS.replace(
        'echo small step 1 && echo small done',
        `python3 -c "b = bytearray(${mib} << 20); print('small done')"`
      )
    const { dir } = workspace(small(64))
    const push = await runAction(dir, 'push', pushed, { 'github-token': WRITER })
    expect(push.code, push.stdout).toBe(0)
    const history = JSON.parse(readFileAt(h.fake.state, REPO, 'oom-gate-data', 'history.json') ?? 'null')
    expect(history.entries.map((e: { commit: string }) => e.commit)).toEqual([base])
    expect(readFileAt(h.fake.state, REPO, 'oom-gate-data', 'badges/small.svg')).toContain('<svg')
    expect(readFileAt(h.fake.state, REPO, 'oom-gate-data', `results/${base}.json`)).toContain('"small"')
    expect(push.summary).toContain('Memory badges')

    // The PR's head uses four times the memory: far above the 5% threshold.
    const { head } = workspace(small(256))
    const pr = withHead('pull_request.opened.same-repo', head) as { pull_request: { base: { sha: string } } }
    pr.pull_request.base.sha = base
    const run = await runAction(dir, 'pull_request', pr, { 'github-token': WRITER })
    expect(run.code, run.stdout).toBe(1)
    const body = botComments()[0]!.body
    expect(body).toContain('| vs base |')
    expect(body).toMatch(/^\| small \| [^|]+ \| [^|]+ \| \+[^|]+ ▲ \|/m)
    expect(body).toContain(`Compared with ${base.slice(0, 7)}`)
    // Workflow commands encode % as %25.
    expect(run.stdout).toMatch(
      /::error title=oom-gate%3A small,file=.github\/oom-gate.yml,line=6::small: peak memory regressed by \d+\.\d%25 over/
    )
  })

  it('a config error fails the step with the message and says so in the summary', async () => {
    const { dir } = workspace('models:\n  - name: x\n    runn: echo\n')
    const r = await runAction(dir, 'push', loadEvent('push'))
    expect(r.code).toBe(1)
    const error = parseWorkflowCommands(r.stdout).find(c => c.command === 'error')!
    expect(error.message).toContain('runn')
    expect(r.summary).toContain('oom-gate could not run')
  })
})
