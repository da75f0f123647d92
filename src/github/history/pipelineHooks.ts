// History in the action: the PR's baseline and reusable results go into the pipeline as hooks,
// and a push to a tracked branch records the results on the data branch afterwards.
import type { Config } from '../../config/schema.js'
import { applyBaseline } from '../../judge/regression.js'
import type { PipelineHooks } from '../../pipeline.js'
import type { Results } from '../../results.js'
import { reusableModels } from '../changedPaths.js'
import type { ActionContext } from '../context.js'
import { loadBaseline } from './loadBaseline.js'
import { recordPush, type RecordOutcome } from './recordPush.js'
import type { GitHubClient } from '../octokit.js'

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
        return { reused: [], note: `Nothing reused: ${(error as Error).message}` }
      }
    },
    // The pipeline already put the reuse note among the notes: only the baseline's is added here.
    compare: (results: Results, cfg: Config) => applyBaseline(results, lookup.baseline, cfg, lookup.note)
  }
}

/** Records a push's results; never fails the gate. Returns markdown for the job summary. */
export async function recordHistory(
  octokit: GitHubClient,
  ctx: ActionContext,
  results: Results,
  config: Config,
  log: (line: string) => void,
  warn: (line: string) => void
): Promise<string> {
  let outcome: RecordOutcome
  try {
    outcome = await recordPush(octokit, ctx, results, config, { log })
  } catch (error) {
    warn(`oom-gate: history not recorded: ${(error as Error).message}`)
    return ''
  }
  if (!outcome.recorded) {
    log(`oom-gate: history not recorded: ${outcome.reason}`)
    return ''
  }
  log(
    `oom-gate: recorded on ${config.history.branch} (${outcome.dataCommit.slice(0, 7)}, ${outcome.attempts} attempt(s))`
  )
  if (outcome.alert) log(`oom-gate: raised an alert: ${outcome.alert.url}`)
  if (outcome.alertError) warn(`oom-gate: could not raise the alert: ${outcome.alertError}`)
  return `\n### Memory badges\n\nPaste into your README:\n\n\`\`\`markdown\n${outcome.badgeMarkdown}\n\`\`\`\n`
}
