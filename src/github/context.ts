// What the runner tells an action: the event (GITHUB_EVENT_NAME, the payload at GITHUB_EVENT_PATH),
// the workflow and job, the repository, and the inputs (INPUT_<NAME> variables). Read from an
// explicit env so tests need not touch process.env.
import { readFileSync } from 'node:fs'
import { UsageError } from '../config/load.js'

export interface PullRequestInfo {
  number: number
  headSha: string
  /** owner/name of the head repository; null when the fork was deleted. */
  headRepo: string | null
  baseRepo: string
  baseSha: string | null
  /** Code from another repository: the head repository is not the base repository. */
  isFork: boolean
  labels: string[]
}

export interface ActionContext {
  eventName: string
  action: string | null
  payload: Record<string, unknown>
  repo: { owner: string; repo: string }
  workflow: string
  job: string
  runId: string | null
  serverUrl: string
  apiUrl: string
  sha: string | null
  workspace: string
  /** The pull request the event is about (pull_request, pull_request_target), or null. */
  pullRequest: PullRequestInfo | null
  stepSummaryPath: string | null
}

type Json = Record<string, unknown>

const obj = (value: unknown): Json | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null)

export function readActionContext(env: NodeJS.ProcessEnv = process.env): ActionContext {
  const payload = readPayload(env.GITHUB_EVENT_PATH)
  const repoName = env.GITHUB_REPOSITORY ?? str(obj(payload.repository)?.full_name) ?? ''
  const [owner = '', repo = ''] = repoName.split('/')
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    action: str(payload.action),
    payload,
    repo: { owner, repo },
    workflow: env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
    runId: env.GITHUB_RUN_ID ?? null,
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    sha: env.GITHUB_SHA ?? null,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    pullRequest: pullRequestOf(payload),
    stepSummaryPath: env.GITHUB_STEP_SUMMARY || null
  }
}

function readPayload(path: string | undefined): Json {
  if (!path) return {}
  try {
    return obj(JSON.parse(readFileSync(path, 'utf8'))) ?? {}
  } catch (error) {
    throw new Error(
      `cannot read the event payload at GITHUB_EVENT_PATH (${path}): ${(error as Error).message}`
    )
  }
}

/** The pull request a pull_request or pull_request_target payload is about. */
export function pullRequestOf(payload: unknown): PullRequestInfo | null {
  const pr = obj(obj(payload)?.pull_request)
  if (!pr || typeof pr.number !== 'number') return null
  const head = obj(pr.head)
  const base = obj(pr.base)
  const headRepo = str(obj(head?.repo)?.full_name)
  const baseRepo = str(obj(base?.repo)?.full_name) ?? str(obj(obj(payload)?.repository)?.full_name) ?? ''
  const labels = Array.isArray(pr.labels)
    ? pr.labels.map(l => str(obj(l)?.name)).filter((l): l is string => !!l)
    : []
  return {
    number: pr.number,
    headSha: str(head?.sha) ?? '',
    headRepo,
    baseRepo,
    baseSha: str(base?.sha),
    // A deleted fork has no head repository; ids would also do, names are what users read.
    isFork: headRepo === null || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
    labels
  }
}

/**
 * The pull request a workflow_run measured: among `workflow_run.pull_requests` (every open PR
 * whose head is the run's branch, in any repository that shares it, forks' PRs included), the one
 * whose base repository is this repository and whose head is the run's head commit. Entries carry
 * repositories as {id, url, name} only: the id is compared, else the API url. Null when none fits.
 */
export function pullRequestOfRun(payload: unknown): number | null {
  const p = obj(payload)
  const run = obj(p?.workflow_run)
  const repository = obj(p?.repository)
  const headSha = str(run?.head_sha)
  if (!run || !repository || !headSha || !Array.isArray(run.pull_requests)) return null
  const isThisRepo = (repo: Json | null): boolean => {
    if (!repo) return false
    if (typeof repo.id === 'number' && typeof repository.id === 'number') return repo.id === repository.id
    const url = str(repo.url)
    const ours = str(repository.url)
    return url !== null && ours !== null && url.toLowerCase() === ours.toLowerCase()
  }
  for (const entry of run.pull_requests) {
    const pr = obj(entry)
    if (!pr || typeof pr.number !== 'number') continue
    if (!isThisRepo(obj(obj(pr.base)?.repo))) continue
    if (str(obj(pr.head)?.sha)?.toLowerCase() !== headSha.toLowerCase()) continue
    return pr.number
  }
  return null
}

export const MODES = ['gate', 'measure', 'report', 'estimate'] as const
export type Mode = (typeof MODES)[number]

export interface ActionInputs {
  config: string
  githubToken: string
  mode: Mode
  /** Names or globs (comma- or newline-separated); empty = all. */
  models: string[]
  comment: boolean
  allowForks: boolean
  approvalLabel: string
  /** Directory for results.json and report.md (measure writes its share here). */
  out: string
  /** Directories or globs of results to merge (mode: report). */
  results: string[]
  /** The PR to comment on when the event does not name one (workflow_run). */
  pullRequest: number | null
}

/** An input as the runner passes it: INPUT_ + the name upper-cased, spaces as underscores. */
export function getInput(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

function getBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = getInput(env, name)
  if (value === '') return fallback
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw new UsageError([`input ${name}: "${value}" is not a boolean; write true or false`])
}

function getList(env: NodeJS.ProcessEnv, name: string): string[] {
  return getInput(env, name)
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(s => s !== '')
}

export function readInputs(env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const mode = getInput(env, 'mode') || 'gate'
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new UsageError([`input mode: "${mode}" is not a mode; use ${MODES.join(', ')}`])
  }
  const pr = getInput(env, 'pull-request')
  if (pr !== '' && !/^[1-9]\d*$/.test(pr)) {
    throw new UsageError([`input pull-request: "${pr}" is not a pull request number`])
  }
  return {
    config: getInput(env, 'config') || '.github/oom-gate.yml',
    githubToken: getInput(env, 'github-token'),
    mode: mode as Mode,
    models: getList(env, 'models'),
    comment: getBoolean(env, 'comment', true),
    allowForks: getBoolean(env, 'allow-forks', false),
    approvalLabel: getInput(env, 'approval-label') || 'oom-gate: approved',
    out: getInput(env, 'out') || 'oom-gate-out',
    results: getList(env, 'results'),
    pullRequest: pr === '' ? null : Number(pr)
  }
}
