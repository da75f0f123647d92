// History in the action: the PR's baseline and reusable results go into the pipeline as hooks,
// and a push to a tracked branch records the results on the data branch afterwards.
import type { Config } from '../../config/schema.js'
import { applyBaseline } from '../../judge/regression.js'
import type { PipelineHooks } from '../../pipeline.js'
import type { Results } from '../../results.js'
import { reusableModels } from '../changedPaths.js'
import type { ActionContext } from '../context.js'
import { baselineStart } from './eventCommits.js'
import { loadBaseline } from './loadBaseline.js'
import { recordPush, type RecordOutcome } from './recordPush.js'
import { MARKER_FILE } from '../../store/history/dataBranchFiles.js'
import type { GitHubClient } from '../octokit.js'
import { note } from '../../notes.js'

export async function historyHooks(
  octokit: GitHubClient,
  ctx: ActionContext,
  config: Config,
  log: (line: string) => void
): Promise<Required<Omit<PipelineHooks, 'onStop'>>> {
  const lookup = await loadBaseline(octokit, ctx, config)
  if (lookup.baseline) {
    log(
      `oom-gate: comparing with ${lookup.baseline.commit.slice(0, 7)} (${lookup.baseline.distance} commits back)`
    )
  }
  if (lookup.unreadable)
    log(`oom-gate: the base could not be read (${lookup.unreadable.code}): ${lookup.unreadable.text}`)
  const expectedDurationMs = new Map(
    (lookup.baseline?.results.models ?? []).flatMap(m =>
      m.durationMs === null ? [] : [[m.name, m.durationMs] as const]
    )
  )
  return {
    expectedDurationMs,
    async reuse({ target, models }) {
      try {
        return await reusableModels(octokit, ctx, config, lookup.baseline, { target, models })
      } catch (error) {
        // Reuse only saves GPU time: when it cannot be decided, measure everything.
        return { reused: [], note: note('reuse-undecided', `Nothing reused: ${(error as Error).message}`) }
      }
    },
    // The pipeline already put the reuse note among the notes: only the baseline's is added here.
    compare: (results: Results, cfg: Config) =>
      applyBaseline(results, lookup.baseline, cfg, lookup.note, {
        unreadable: lookup.unreadable,
        notes: lookup.notes
      })
  }
}

/**
 * The hooks of a run whose github-token is empty (an empty secret on a fork PR, a typo in its
 * name): a pull request or merge group has a base that cannot be read, so the regression check
 * fails with the cause (contract 6; regression.unreadable-base: warn makes it a note). Undefined
 * for an event that gates nothing by its comparison: a push (already merged; main.ts warns that
 * it recorded nothing), workflow_dispatch, schedule.
 */
export function historyHooksWithoutToken(
  ctx: ActionContext,
  log: (line: string) => void
): Pick<PipelineHooks, 'compare'> | undefined {
  if (ctx.eventName === 'push' || baselineStart(ctx) === null) return undefined
  const unreadable = { code: 'no-token' as const, text: NO_TOKEN }
  log(`oom-gate: the base could not be read (no-token): ${NO_TOKEN}`)
  return { compare: (results, cfg) => applyBaseline(results, null, cfg, null, { unreadable }) }
}

/** Why a run without a token neither reads nor writes history, and the fix. */
export const NO_TOKEN =
  'the github-token input is empty, so the history on the data branch could not be read or written; pass a token (the default, the workflow token, needs contents: write), and check that the secret it names exists and is given to this event'

/**
 * Records a push's results; never fails the gate, never loses a record in silence: a record that
 * should have been written and was not is a warning (`::warning::`) and a line in the job summary,
 * and so is a push whose predecessor has no record. Returns markdown for the job summary.
 */
export async function recordHistory(
  octokit: GitHubClient | null,
  ctx: ActionContext,
  results: Results,
  config: Config,
  log: (line: string) => void,
  warn: (line: string) => void
): Promise<string> {
  const notRecorded = (why: string): string => {
    const line = `oom-gate: history not recorded: ${why}`
    warn(line)
    return `\n### Memory history\n\n- ⚠️ ${line}\n`
  }
  if (octokit === null) return notRecorded(NO_TOKEN)
  let outcome: RecordOutcome
  try {
    outcome = await recordPush(octokit, ctx, results, config, { log })
  } catch (error) {
    return notRecorded((error as Error).message)
  }
  const summary: string[] = []
  const alertLines = (o: {
    alert: { url: string; existing?: boolean } | null
    alertError: string | null
  }) => {
    if (o.alert)
      log(
        `oom-gate: ${o.alert.existing ? 'the alert was already raised' : 'raised an alert'}: ${o.alert.url}`
      )
    if (o.alertError) {
      warn(`oom-gate: could not raise the alert: ${o.alertError}`)
      summary.push(`- ⚠️ could not raise the alert: ${o.alertError}`)
    }
  }
  if (!outcome.recorded) {
    if (!outcome.lost) {
      log(`oom-gate: history not recorded: ${outcome.reason}`)
      return ''
    }
    const line = `oom-gate: the results of this push were not recorded on ${config.history.branch} (${outcome.code}): ${outcome.reason}`
    warn(line)
    summary.push(`- ⚠️ ${line}`)
    alertLines(outcome)
    return `\n### Memory history\n\n${summary.join('\n')}\n`
  }
  log(
    `oom-gate: recorded on ${config.history.branch} (${outcome.dataCommit.slice(0, 7)}, ${outcome.attempts} attempt(s))`
  )
  alertLines(outcome)
  if (outcome.gap) {
    warn(`oom-gate: ${outcome.gap}`)
    summary.push(`- ⚠️ ${outcome.gap}`)
  }
  if (outcome.dropped > 0) {
    const line = `dropped the ${outcome.dropped} oldest entr${outcome.dropped === 1 ? 'y' : 'ies'} of ${config.history.branch} beyond history.limit (${config.history.limit}), with their results files`
    log(`oom-gate: ${line}`)
    summary.push(`- ${line}`)
  }
  if (outcome.markedBranch) {
    const line = `marked ${config.history.branch} as an oom-gate data branch (${MARKER_FILE})`
    log(`oom-gate: ${line}`)
    summary.push(`- ${line}`)
  }
  const history = summary.length > 0 ? `\n### Memory history\n\n${summary.join('\n')}\n` : ''
  return `${history}\n### Memory badges\n\nPaste into your README:\n\n\`\`\`markdown\n${outcome.badgeMarkdown}\n\`\`\`\n`
}
