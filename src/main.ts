// The action (contract 5): inputs and event -> fork guard -> pipeline, or a refusal that runs
// nothing -> publish (summary, sticky comment, annotations, verdict, outputs).
// Exported as `run` for dist/index.js and for `npm run local-action`.
import { isAbsolute, join, resolve } from 'node:path'
import * as core from '@actions/core'
import { gitHead } from './commands/gitHead.js'
import { mergeResultDirs } from './commands/report.js'
import { loadConfig, UsageError } from './config/load.js'
import { checkedOutCommit } from './github/checkedOutCommit.js'
import { collaboratorPermission } from './github/collaboratorPermission.js'
import { commentTarget } from './github/commentTarget.js'
import { readActionContext, readInputs, type ActionContext, type ActionInputs } from './github/context.js'
import {
  decideForkGuard,
  needsSenderPermission,
  type ForkGuardDecision,
  type SenderPermission
} from './github/forkGuard.js'
import { writeJobSummary } from './github/jobSummary.js'
import { historyHooks, historyHooksWithoutToken, recordHistory } from './github/history/pipelineHooks.js'
import { createOctokit, type GitHubClient } from './github/octokit.js'
import { describeApiError } from './github/permissionHint.js'
import { publish, publishComment } from './github/publish.js'
import { whyNothingToDo } from './github/idleEvent.js'
import { refusedRun } from './github/refusedRun.js'
import { removeLabel } from './github/removeLabel.js'
import { scrubbedNames, scrubEnv } from './github/scrubEnv.js'
import { interruptOnSignals, type Interrupt } from './measure/process/interruptOnSignals.js'
import type { Config } from './config/schema.js'
import { runPipeline, type PipelineOutcome } from './pipeline.js'
import { configSecrets } from './pipeline/passedEnv.js'
import { isEnvironmentFile } from './config/passEnv.js'
import type { Results } from './results.js'
import { escapeHtml } from './report/markdownSafety.js'
import { redactSecrets, secretValuesFromEnv } from './report/redact.js'
import { stdoutLine } from './commands/stdoutLine.js'
import { RESULTS_FILE } from './store/resultsFile.js'
import { ENV } from './environment.js'

export interface RunOptions {
  /** Default process.env; tests pass their own. */
  env?: NodeJS.ProcessEnv
}

export async function run(options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env
  // A cancelled job (superseded by a newer push) gets SIGINT, then SIGTERM: what was measured is
  // still published (measure/process/interruptOnSignals.ts).
  const interrupt = interruptOnSignals(core.warning)
  let secrets: string[] = secretValuesFromEnv(env)
  let context: ActionContext | null = null
  try {
    const inputs = readInputs(env)
    context = readActionContext(env)
    if (inputs.githubToken) core.setSecret(inputs.githubToken)
    secrets = [...new Set([inputs.githubToken, ...secrets].filter(s => s.length > 0))]
    const octokit = inputs.githubToken
      ? createOctokit({ token: inputs.githubToken, baseUrl: context.apiUrl, log: core.info })
      : null
    await gate(env, inputs, context, octokit, secrets, interrupt)
  } catch (error) {
    const message =
      error instanceof UsageError
        ? error.problems.join('\n')
        : `oom-gate: internal error: ${(error as Error).message}${env[ENV.debug] ? `\n${(error as Error).stack}` : ''}`
    const safe = redactSecrets(message, secrets)
    core.setFailed(safe)
    try {
      writeJobSummary(
        `### ❌ oom-gate could not run\n\n${escapeHtml(safe).replace(/\n/g, '<br>')}\n`,
        context?.stepSummaryPath ?? env.GITHUB_STEP_SUMMARY ?? null
      )
    } catch {
      // The failed step already carries the message.
    }
  } finally {
    interrupt.dispose()
  }
}

async function gate(
  env: NodeJS.ProcessEnv,
  inputs: ActionInputs,
  context: ActionContext,
  octokit: GitHubClient | null,
  secrets: string[],
  interrupt: Pick<Interrupt, 'signal' | 'hurry'>
): Promise<void> {
  const workspace = context.workspace
  const configPath = resolve(workspace, inputs.config)
  const outDir = resolve(workspace, inputs.out)
  const commit = gitHead(workspace, env)
  const runnerName = env.RUNNER_NAME ?? null
  let outcome: PipelineOutcome
  let failReason: string | undefined
  const idle = whyNothingToDo(context.eventName, context.payload)
  const measureOnly = inputs.mode === 'measure'
  // An event with nothing to do leaves the PR's comment alone (it belongs to the workflow that measures).
  const issue = memoize(() =>
    inputs.comment && !measureOnly && idle === null
      ? findIssue(context, inputs, octokit)
      : Promise.resolve(null)
  )
  // The comment posted at the first stop signal; the final publish waits for it, so it updates
  // that same sticky comment instead of racing it into a second one.
  let interimComment: Promise<unknown> = Promise.resolve()
  const publishAtStop = (results: Results, reportMarkdown: string, config: Config) => {
    interimComment = issue()
      .then(issueNumber =>
        issueNumber === null
          ? null
          : publishComment({
              results,
              reportMarkdown,
              config,
              context,
              octokit,
              comment: true,
              issueNumber,
              resultsPath: resolve(outDir, RESULTS_FILE),
              secrets
            })
      )
      .catch((error: unknown) =>
        core.warning(`oom-gate: PR comment at the stop signal: ${(error as Error).message}`)
      )
  }

  if (idle !== null) {
    core.info(`oom-gate: nothing to do: ${idle}`)
    outcome = await refusedRun({
      configPath,
      modelFilters: inputs.models,
      outDir,
      reason: idle,
      refused: false,
      commit,
      runnerName
    })
  } else if (inputs.mode === 'report') {
    // Merges what the matrix's measure jobs wrote; nothing from the pull request runs here.
    const patterns = inputs.results.map(p => (isAbsolute(p) ? p : join(workspace, p)))
    const config = loadConfig(configPath)
    const hooks = octokit
      ? await historyHooks(octokit, context, config, core.info)
      : historyHooksWithoutToken(context, core.warning)
    const merged = mergeResultDirs(config, patterns, outDir, hooks?.compare)
    outcome = { ...merged, config }
  } else if (inputs.mode === 'estimate') {
    // Nothing from the pull request runs: the estimate is arithmetic over the config.
    outcome = await runPipeline({
      configPath,
      modelFilters: inputs.models,
      outDir,
      estimateOnly: true,
      repoRoot: workspace,
      env: scrubEnv(env, []),
      secrets,
      commit,
      runnerName,
      log: stdoutLine
    })
  } else {
    const decision = await guard(inputs, context, octokit)
    core.info(`oom-gate: ${decision.reason}`)
    if (!decision.run) {
      failReason = `oom-gate ran nothing: ${decision.reason}`
      outcome = await refusedRun({
        configPath,
        modelFilters: inputs.models,
        outDir,
        reason: decision.reason,
        commit,
        runnerName
      })
    } else {
      // Loaded once for this run: the pass-env names, the history hooks and the pipeline share it.
      const config = loadConfig(configPath)
      // Every smoke command gets the scrubbed environment; a model's pass-env names add the
      // runner's values for that model alone (pipeline/passedEnv.ts).
      const passed = new Set(config.models.flatMap(m => m.passEnv))
      // INPUT_* and ACTIONS_* always go; name the others so a user sees why a variable is missing.
      const removed = scrubbedNames(env, []).filter(
        n => !/^(INPUT|ACTIONS)_/i.test(n) && !isEnvironmentFile(n) && !passed.has(n)
      )
      if (removed.length > 0)
        core.info(
          `oom-gate: not passed to smoke commands (the names look secret; list one in pass-env to pass it): ${removed.join(', ')}`
        )
      // The runner masks them in everything this step prints, the gate's own redaction aside.
      for (const value of configSecrets(config, env)) core.setSecret(value)
      const hooks = octokit
        ? await historyHooks(octokit, context, config, core.info)
        : historyHooksWithoutToken(context, core.warning)
      outcome = await runPipeline({
        configPath,
        config,
        modelFilters: inputs.models,
        outDir,
        estimateOnly: false,
        repoRoot: workspace,
        env: scrubEnv(env, []),
        passEnvFrom: env,
        secrets,
        commit: decision.approvedSha ?? commit,
        runnerName,
        log: stdoutLine,
        logGroups: { start: core.startGroup, end: core.endGroup },
        abort: interrupt.signal,
        hurry: interrupt.hurry,
        hooks: { ...hooks, onStop: (results, markdown) => publishAtStop(results, markdown, config) }
      })
    }
  }

  // The history is written once per push, by the job that gives the verdict; without a token it
  // cannot be, and that is said (no record lost in silence).
  if (context.eventName === 'push' && inputs.mode !== 'measure' && !failReason && idle === null) {
    const badges = await recordHistory(
      octokit,
      context,
      outcome.results,
      outcome.config,
      core.info,
      core.warning
    )
    outcome = {
      ...outcome,
      reportMarkdown: outcome.reportMarkdown + badges,
      summaryMarkdown: outcome.summaryMarkdown + badges
    }
  }

  await interimComment
  const issueNumber = await issue()
  const commentWanted = issueNumber !== null
  await publish({
    results: outcome.results,
    reportMarkdown: outcome.reportMarkdown,
    summaryMarkdown: outcome.summaryMarkdown,
    config: outcome.config,
    context,
    octokit,
    comment: commentWanted,
    issueNumber,
    resultsPath: resolve(outDir, RESULTS_FILE),
    secrets,
    failReason,
    failCheck: !measureOnly
  })
}

/** The pull request the sticky comment goes on, or null (said in the log) when there is none. */
async function findIssue(
  context: ActionContext,
  inputs: ActionInputs,
  octokit: GitHubClient | null
): Promise<number | null> {
  try {
    const target = await commentTarget(context, inputs.pullRequest, octokit)
    if (target.issueNumber === null) core.info(`oom-gate: no PR comment: ${target.reason}`)
    return target.issueNumber
  } catch (error) {
    core.warning(
      describeApiError(error, {
        doing: 'find the pull request to comment on',
        permission: 'pull-requests: read'
      })
    )
    return null
  }
}

/** One call of `make`, shared by every caller (the first caller starts it). */
function memoize<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | null = null
  return () => (made ??= make())
}

/** The fork guard's decision, with what it needs fetched, and a stale approval label removed. */
async function guard(
  inputs: ActionInputs,
  context: ActionContext,
  octokit: GitHubClient | null
): Promise<ForkGuardDecision> {
  const base = {
    eventName: context.eventName,
    payload: context.payload,
    headShaCheckedOut: checkedOutCommit(context.workspace),
    allowForks: inputs.allowForks,
    approvalLabel: inputs.approvalLabel,
    senderPermission: null as SenderPermission | null
  }
  if (needsSenderPermission(base)) {
    const sender = (context.payload.sender as { login?: unknown } | undefined)?.login
    if (octokit && typeof sender === 'string') {
      try {
        base.senderPermission = await collaboratorPermission(octokit, { ...context.repo, username: sender })
      } catch (error) {
        core.warning(
          describeApiError(error, {
            doing: `read ${sender}'s permission on the repository`,
            permission: 'metadata: read'
          })
        )
      }
    }
  }
  const decision = decideForkGuard(base)
  const pr = context.pullRequest
  if (decision.removeLabel && pr) {
    if (!octokit) {
      core.warning(`oom-gate: cannot remove the label "${inputs.approvalLabel}" without a github-token`)
    } else {
      try {
        const done = await removeLabel(octokit, {
          ...context.repo,
          issueNumber: pr.number,
          label: inputs.approvalLabel
        })
        if (done === 'removed')
          core.info(`oom-gate: removed the stale label "${inputs.approvalLabel}" from #${pr.number}`)
      } catch (error) {
        core.warning(
          describeApiError(error, {
            doing: `remove the label "${inputs.approvalLabel}"`,
            permission: 'pull-requests: write'
          })
        )
      }
    }
  }
  return decision
}
