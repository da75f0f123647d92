// One alert per pushed commit whose models regressed or newly fail: a commit comment (default) or
// an issue (history.alert: issue), mentioning history.mention. Never one per model: a commit that
// breaks three models is one thing to look at.
import type { Config } from '../config/schema.js'
import { formatBytes } from '../config/units.js'
import type { AlertFinding } from '../judge/regression.js'
import { escapeInline } from '../report/markdownSafety.js'
import type { RepoRef } from '../store/history/gitData.js'
import type { GitHubClient } from './octokit.js'

export const ALERT_MARKER = '<!-- oom-gate-alert -->'

/**
 * The alert's marker for one commit: found before creating, so a re-run after a create that was
 * answered 502 (but done) or whose record was lost finds the first alert instead of doubling it.
 */
export function alertCommitMarker(commit: string): string {
  return `<!-- oom-gate-alert commit=${commit} -->`
}

/** Issues looked through for an existing alert: the newest, where a recent alert is. */
const ISSUES_SCANNED = 100

export interface AlertContext {
  repo: RepoRef
  commit: string
  serverUrl: string
  /** The workflow run, linked from the alert when known. */
  runId: string | null
  /** The branch the commit was pushed to. */
  branch: string
}

const STATUS_WORDS: Record<string, string> = {
  oom: 'runs out of GPU memory',
  'at-risk': 'is above the limit (at risk of running out)',
  failed: 'fails',
  timeout: 'times out'
}

/** `@octocat`, `@org/team`: what history.mention lists, with the @ it may leave out. */
export function mentions(users: readonly string[]): string {
  return users.map(u => (u.startsWith('@') ? u : `@${u}`)).join(' ')
}

/** GitHub refuses an issue title of 256 characters or more (422). */
export const MAX_TITLE_CHARS = 255

export function alertTitle(ctx: AlertContext, findings: readonly AlertFinding[]): string {
  const names = findings.map(f => f.model)
  const list =
    names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ')
  const what = findings.every(f => f.kind === 'regressed') ? 'GPU memory regression' : 'GPU memory alert'
  const head = `oom-gate: ${what} in ${ctx.commit.slice(0, 7)} (`
  // Model names have no length limit; the body lists them all, the title keeps what fits
  // (counted in UTF-16 units, which is never less than characters; cut between code points).
  if (`${head}${list})`.length <= MAX_TITLE_CHARS) return `${head}${list})`
  const chars = [...list].slice(0, MAX_TITLE_CHARS)
  while (chars.length > 0 && `${head}${chars.join('')}…)`.length > MAX_TITLE_CHARS) chars.pop()
  const shown = `${chars.join('')}…`
  return `${head}${shown})`
}

export function alertBody(ctx: AlertContext, findings: readonly AlertFinding[], config: Config): string {
  const server = ctx.serverUrl.replace(/\/+$/, '')
  const repoUrl = `${server}/${ctx.repo.owner}/${ctx.repo.repo}`
  const lines = [
    ALERT_MARKER,
    alertCommitMarker(ctx.commit),
    `### ⚠️ oom-gate: ${findings.length === 1 ? 'a model' : `${findings.length} models`} got worse in ${ctx.commit.slice(0, 7)} on ${escapeInline(ctx.branch)}`,
    '',
    '| Model | Now | Before | Change |',
    '| --- | --- | --- | --- |'
  ]
  for (const f of findings) {
    const name = escapeInline(f.model)
    if (f.kind === 'fails') {
      lines.push(
        `| ${name} | ${STATUS_WORDS[f.status] ?? f.status} (${formatBytes(f.peakBytes)}) | did not fail | newly fails |`
      )
      continue
    }
    const c = f.compare!
    const pct = c.deltaRatio === null ? '' : ` (+${(c.deltaRatio * 100).toFixed(1)}%)`
    const threshold =
      c.thresholdRatio === undefined ? '' : `, threshold ${(c.thresholdRatio * 100).toFixed(1)}%`
    lines.push(
      `| ${name} | ${formatBytes(f.peakBytes)} | ${formatBytes(c.peakBytes)} in ${c.commit?.slice(0, 7) ?? 'the previous entry'} | +${formatBytes(c.deltaBytes ?? 0)}${pct} ▲${threshold} |`
    )
  }
  lines.push('')
  const links = [`[commit](${repoUrl}/commit/${ctx.commit})`]
  if (ctx.runId) links.push(`[workflow run](${repoUrl}/actions/runs/${ctx.runId})`)
  links.push(`[history](${repoUrl}/tree/${encodeURIComponent(config.history.branch)})`)
  lines.push(links.join(' · '))
  if (config.history.mention.length > 0) lines.push('', `cc ${mentions(config.history.mention)}`)
  return lines.join('\n') + '\n'
}

export interface RaisedAlert {
  kind: 'commit-comment' | 'issue'
  url: string
  /** Found by its marker (raised by an earlier run of this commit), not created now. */
  existing?: boolean
}

/** The alert already raised for ctx.commit, found by its marker; null when there is none. */
export async function findAlert(
  octokit: GitHubClient,
  ctx: AlertContext,
  kind: 'commit-comment' | 'issue'
): Promise<RaisedAlert | null> {
  const marker = alertCommitMarker(ctx.commit)
  if (kind === 'issue') {
    const { data } = await octokit.rest.issues.listForRepo({
      ...ctx.repo,
      state: 'all',
      sort: 'created',
      direction: 'desc',
      per_page: ISSUES_SCANNED
    })
    const found = data.find(i => (i.body ?? '').includes(marker))
    return found ? { kind, url: found.html_url, existing: true } : null
  }
  const comments = await octokit.paginate(octokit.rest.repos.listCommentsForCommit, {
    ...ctx.repo,
    commit_sha: ctx.commit,
    per_page: 100
  })
  const found = comments.find(c => c.body.includes(marker))
  return found ? { kind, url: found.html_url, existing: true } : null
}

/** Posts the alert as configured; null when history.alert is none or there is nothing to say. */
export async function raiseAlert(
  octokit: GitHubClient,
  ctx: AlertContext,
  findings: readonly AlertFinding[],
  config: Config
): Promise<RaisedAlert | null> {
  if (findings.length === 0 || config.history.alert === 'none') return null
  const existing = await findAlert(octokit, ctx, config.history.alert)
  if (existing !== null) return existing
  const body = alertBody(ctx, findings, config)
  if (config.history.alert === 'issue') {
    const { data } = await octokit.rest.issues.create({ ...ctx.repo, title: alertTitle(ctx, findings), body })
    return { kind: 'issue', url: data.html_url }
  }
  const { data } = await octokit.rest.repos.createCommitComment({ ...ctx.repo, commit_sha: ctx.commit, body })
  return { kind: 'commit-comment', url: data.html_url }
}
