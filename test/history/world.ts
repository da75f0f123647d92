// A repository on the local GitHub fake, the events the runner would deliver for it (written to
// GITHUB_EVENT_PATH from the real payload fixtures, read back with readActionContext), and a
// stand-in for the action's run that wires the history functions the way the pipeline does:
// loadBaseline -> reusableModels -> measure the rest -> applyBaseline -> recordPush on push.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../../src/config/schema.js'
import { reusableModels, type ReusePlan } from '../../src/github/changedPaths.js'
import { readActionContext, type ActionContext } from '../../src/github/context.js'
import {
  loadBaseline,
  type BaselineLookup,
  type BaselineOptions
} from '../../src/github/history/loadBaseline.js'
import { recordPush, type RecordOutcome, type RecordOptions } from '../../src/github/history/recordPush.js'
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js'
import { gateOf } from '../../src/judge/gate.js'
import { applyBaseline } from '../../src/judge/regression.js'
import type { ModelResult, Results } from '../../src/results.js'
import { parseHistory, type History } from '../../src/store/history/historyModel.js'
import { gitOf, HISTORY_ROUTES, readFileAt, seedCommit } from '../support/githubFake/historyRoutes.js'
import { DEFAULT_ROUTES, startGitHubFake, type GitHubFake } from '../support/githubFake/index.js'
import { GiB, modelResult, results } from '../support/builders.js'
import { loadEvent } from '../github/fixtures.js'
import { offSpec } from '../support/openapiCheck.js'
import { trackReads, undeclaredReads, type ReadLog } from '../support/readTracker.js'
import { webhookExamples } from '../support/webhookExamples.js'

export const OWNER = 'acme-ml'
export const NAME = 'vision'
export const REPO = `${OWNER}/${NAME}`
export const TOKEN = 'ghs_history'

export interface World {
  fake: GitHubFake
  octokit: GitHubClient
  dir: string
  /**
   * A commit on `branch` (default main) with these file changes (default: a change under seg/,
   * which every model of the tests depends on); returns its SHA.
   */
  commit(
    message: string,
    files?: Record<string, string | null>,
    opts?: { branch?: string | null; parents?: string[]; treeOf?: string; authorDate?: string }
  ): string
  /** A file on the data branch (or any ref), or null. */
  dataFile(path: string, ref?: string): string | null
  history(): History | null
  close(): Promise<void>
}

export async function startWorld(
  permissions = { contents: 'write', issues: 'write' } as const
): Promise<World> {
  const fake = await startGitHubFake({ routes: [...DEFAULT_ROUTES, ...HISTORY_ROUTES] })
  fake.state.addRepo(REPO)
  fake.state.addActionsToken(TOKEN, permissions)
  const octokit = createOctokit({
    token: TOKEN,
    baseUrl: fake.url,
    retry: { msPerSecond: 0, spaceWrites: false }
  })
  // Which answer fields the history code reads: each must be one apiReads.ts declares.
  const reads: ReadLog = new Map()
  trackReads(octokit, reads)
  const dir = mkdtempSync(join(tmpdir(), 'oom-gate-world-'))
  let clock = Date.parse('2025-05-01T10:00:00Z')
  const world: World = {
    fake,
    octokit,
    dir,
    commit(message, files, opts = {}) {
      clock += 3600_000
      return seedCommit(fake.state, REPO, {
        files: files ?? { 'seg/changes.txt': `${message} ${clock}` },
        message,
        date: new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        branch: opts.branch,
        parents: opts.parents,
        treeOf: opts.treeOf,
        authorDate: opts.authorDate
      })
    },
    dataFile: (path, ref = 'oom-gate-data') => readFileAt(fake.state, REPO, ref, path),
    history() {
      const text = world.dataFile('history.json')
      return text === null ? null : parseHistory(text)
    },
    async close() {
      // Every request of the flow, checked against GitHub's REST description.
      const problems = [
        ...offSpec(fake.requests),
        ...undeclaredReads(reads).map(r => `undeclared read: ${r}`)
      ]
      await fake.close()
      if (problems.length > 0)
        throw new Error(`requests or answers off GitHub's API description:\n${problems.join('\n')}`)
    }
  }
  return world
}

function contextFor(
  world: World,
  eventName: string,
  payload: Record<string, unknown>,
  sha: string
): ActionContext {
  const path = join(world.dir, `${eventName}-${sha.slice(0, 7)}-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(path, JSON.stringify(payload))
  return readActionContext({
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: path,
    GITHUB_REPOSITORY: REPO,
    GITHUB_WORKFLOW: 'GPU memory',
    GITHUB_JOB: 'oom-gate',
    GITHUB_RUN_ID: '1234',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: world.fake.url,
    GITHUB_SHA: sha
  })
}

/** The push event for `sha` (the fixture's payload with this commit's id, message and date). */
export function pushEvent(
  world: World,
  sha: string,
  opts: { branch?: string; before?: string } = {}
): ActionContext {
  const payload = loadEvent('push')
  const commit = readCommit(world, sha)
  payload.ref = `refs/heads/${opts.branch ?? 'main'}`
  payload.before = opts.before ?? '0'.repeat(40)
  payload.after = sha
  payload.head_commit = {
    ...(payload.head_commit as Record<string, unknown>),
    id: sha,
    message: commit.message,
    timestamp: commit.date
  }
  return contextFor(world, 'push', payload, sha)
}

/** A pull_request synchronize event: GITHUB_SHA is the merge commit, as on the runner. */
export function pullRequestEvent(
  world: World,
  pr: { number: number; baseSha: string; headSha: string; mergeSha: string }
): ActionContext {
  const payload = loadEvent('pull_request.synchronize.same-repo')
  const pull = payload.pull_request as Record<string, Record<string, unknown>>
  payload.number = pr.number
  pull.number = pr.number as unknown as Record<string, unknown>
  pull.base = { ...pull.base, sha: pr.baseSha }
  pull.head = { ...pull.head, sha: pr.headSha }
  return contextFor(world, 'pull_request', payload, pr.mergeSha)
}

/** Message and author date: what the push payload's head_commit carries. */
function readCommit(world: World, sha: string): { message: string; date: string } {
  const commit = gitOf(world.fake.state.repo(OWNER, NAME)!).commits.get(sha)
  if (!commit) throw new Error(`no commit ${sha}`)
  return { message: commit.message, date: commit.author.date }
}

/** What one model measured: a peak in GiB, or an OOM at that peak. */
export type Measure =
  number | { oom: number } | { repeats: number[] } | { status: 'failed' | 'timeout' | 'skipped' }

export interface GateRun {
  results: Results
  lookup: BaselineLookup
  reuse: ReusePlan
  /** Models actually measured (not reused). */
  measured: string[]
  record: RecordOutcome | null
}

/** The action's run for `ctx`: baseline, reuse, "measure" the rest, compare, record on push. */
export async function runGate(
  world: World,
  ctx: ActionContext,
  config: Config,
  measures: Record<string, Measure>,
  recordOptions: RecordOptions = {},
  baselineOptions: BaselineOptions = { confirmMissing: { delaysMs: [1, 1] } }
): Promise<GateRun> {
  const lookup = await loadBaseline(world.octokit, ctx, config, baselineOptions)
  const target = { memoryBytes: 80 * GiB, limitBytes: 83322365542 }
  const reuse = await reusableModels(world.octokit, ctx, config, lookup.baseline, { target })
  const reused = new Map(reuse.reused.map(r => [r.name, r]))
  const measured: string[] = []
  const models: ModelResult[] = config.models.map(m => {
    const got = reused.get(m.name)
    if (got) return got
    measured.push(m.name)
    const measure = measures[m.name]
    if (measure === undefined) throw new Error(`no measurement for ${m.name}`)
    if (typeof measure === 'number')
      return modelResult({ name: m.name, peakBytes: Math.round(measure * GiB) })
    if ('status' in measure) return modelResult({ name: m.name, status: measure.status, peakBytes: null })
    if ('oom' in measure)
      return modelResult({ name: m.name, status: 'oom', peakBytes: Math.round(measure.oom * GiB) })
    const peaks = measure.repeats.map(p => Math.round(p * GiB))
    return modelResult({
      name: m.name,
      peakBytes: Math.max(...peaks),
      repeats: { peaksBytes: peaks, spreadBytes: Math.max(...peaks) - Math.min(...peaks) }
    })
  })
  const raw = results(models, { commit: ctx.sha, complete: true, mode: 'measure' })
  const judged = applyBaseline(
    { ...raw, gate: gateOf(raw.models) },
    lookup.baseline,
    config,
    lookup.note ?? reuse.note,
    { unreadable: lookup.unreadable, notes: lookup.notes }
  )
  const record =
    ctx.eventName === 'push'
      ? await recordPush(world.octokit, ctx, judged, config, {
          sleep: async () => {},
          confirmMissing: { delaysMs: [1, 1] },
          ...recordOptions
        })
      : null
  return { results: judged, lookup, reuse, measured, record }
}

/**
 * A merge_group checks_requested event (GitHub's published example payload) for a group built
 * on `baseSha` whose head is `headSha`; GITHUB_SHA is the group's head, as on the runner.
 */
export function mergeGroupEvent(world: World, group: { baseSha: string; headSha: string }): ActionContext {
  const payload = webhookExamples('merge_group')[0]!
  const mergeGroup = payload.merge_group as Record<string, unknown>
  mergeGroup.base_sha = group.baseSha
  mergeGroup.head_sha = group.headSha
  mergeGroup.base_ref = 'refs/heads/main'
  mergeGroup.head_ref = `refs/heads/gh-readonly-queue/main/pr-7-${group.baseSha}`
  payload.repository = {
    ...(payload.repository as Record<string, unknown>),
    full_name: REPO,
    default_branch: 'main'
  }
  return contextFor(world, 'merge_group', payload, group.headSha)
}
