// The files a run's commit changed since its baseline, through the compare API
// (`GET /repos/{o}/{r}/compare/{base}...{head}`), and the models that may therefore reuse the
// baseline's results. GitHub lists at most 300 files for a whole comparison (only on its first
// page; later pages page through commits), so 300 or more files, an answer without `files`, or
// any error, reads as "unknown": everything is measured.
import type { Config } from '../config/schema.js'
import { decideReuse, type ChangedFile } from '../judge/reuse.js'
import type { Baseline } from '../judge/regression.js'
import type { ModelResult } from '../results.js'
import type { RepoRef } from '../store/history/gitData.js'
import type { ActionContext } from './context.js'
import { measuredCommit } from './history/eventCommits.js'
import type { GitHubClient } from './octokit.js'
import { note, type Note } from '../notes.js'

export const COMPARE_FILE_CAP = 300

export type ChangedFiles = { files: ChangedFile[] } | { files: null; reason: string }

export async function changedFiles(
  octokit: GitHubClient,
  repo: RepoRef,
  base: string,
  head: string
): Promise<ChangedFiles> {
  try {
    const ahead = await compareFiles(octokit, repo, base, head)
    if (ahead.files === null) return ahead
    // base...head lists what head changed since the merge base. When the base moved on after that
    // (a PR head behind its base, under pull_request_target), the base's own changes differ
    // from head as well: add them, so that a model is reused only where both trees agree.
    if (ahead.mergeBase === ahead.base) return { files: ahead.files }
    const behind = await compareFiles(octokit, repo, ahead.mergeBase, ahead.base)
    if (behind.files === null) return behind
    return { files: [...ahead.files, ...behind.files] }
  } catch (error) {
    const e = error as { status?: number; message?: string }
    const status = e.status ? `${e.status} ` : ''
    return {
      files: null,
      reason: `comparing ${base.slice(0, 7)}...${head.slice(0, 7)} failed (${status}${e.message ?? String(error)})`
    }
  }
}

async function compareFiles(
  octokit: GitHubClient,
  repo: RepoRef,
  base: string,
  head: string
): Promise<{ files: ChangedFile[]; base: string; mergeBase: string } | { files: null; reason: string }> {
  // per_page=1: the files come with the first page whatever its size; the commits are not needed.
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
    ...repo,
    basehead: `${base}...${head}`,
    per_page: 1,
    page: 1
  })
  // `files` is optional in GitHub's description of this answer: without it nothing is known about
  // what changed, which must not read as "nothing changed".
  const files = data.files
  if (!Array.isArray(files)) {
    return {
      files: null,
      reason: `the compare API did not list the changed files of ${base.slice(0, 7)}...${head.slice(0, 7)}`
    }
  }
  if (files.length >= COMPARE_FILE_CAP) {
    return {
      files: null,
      reason: `${files.length} or more files changed (the compare API lists at most ${COMPARE_FILE_CAP})`
    }
  }
  return {
    files: files.map(f => ({ filename: f.filename, previousFilename: f.previous_filename ?? null })),
    base: data.base_commit.sha,
    mergeBase: data.merge_base_commit.sha
  }
}

export interface ReusePlan {
  /** Results to use as they are, instead of running these models. */
  reused: ModelResult[]
  /** Why nothing could be reused, when that is the case and models asked for it. */
  note: Note | null
}

/**
 * The models of `models` (default: all of the config) that need not run: their `paths` did not
 * change between the baseline commit and the measured commit, and the baseline has their result.
 */
export async function reusableModels(
  octokit: GitHubClient,
  ctx: ActionContext,
  config: Config,
  baseline: Baseline | null,
  options: { target?: { memoryBytes: number; limitBytes: number } | null; models?: Config['models'] } = {}
): Promise<ReusePlan> {
  const models = (options.models ?? config.models).filter(m => m.paths && m.paths.length > 0)
  if (models.length === 0 || baseline === null) return { reused: [], note: null }
  const head = measuredCommit(ctx)
  if (head === null) return { reused: [], note: null }
  const diff = await changedFiles(octokit, ctx.repo, baseline.commit, head)
  if (diff.files === null)
    return {
      reused: [],
      note: note('reuse-undecided', `Nothing reused from ${baseline.commit.slice(0, 7)}: ${diff.reason}.`)
    }
  const reused = decideReuse({
    models,
    changed: diff.files,
    base: baseline.results,
    baseCommit: baseline.commit,
    configPath: config.path,
    target: options.target ?? null
  })
  return { reused, note: null }
}
