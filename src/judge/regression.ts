// Regression against a baseline: how much each model's peak moved since an earlier commit, and
// whether that counts. Pure: the same results and baseline always give the same verdicts.
//
// Rules:
// - Only two finished measurements (ok or at-risk) are compared: the peak of an OOM is where the
//   run died, not what it needs, and a failed or skipped run has no peak worth comparing.
// - An estimate is never compared with a measurement (different things, same unit).
// - Nor host memory with GPU memory, nor peaks from different sources (nvidia-smi per process,
//   device used − baseline, torch reserved + context) or host methods (cgroup, PSS, RSS), nor
//   peaks measured on different card models (contract 6): the base is shown with the reason,
//   change 'unknown'. Each source reads a different quantity, so their difference is no growth.
// - A change no larger than the recorded spread of base or head (measure.repeat) is noise: the
//   card showed that much variation for one config, so it is never flagged.
// - Above the threshold (models[].regression-threshold, else regression.threshold) a growth is a
//   regression and fails the gate. Improvements are reported, never flagged.
import type { Config } from '../config/schema.js'
import type {
  BaselineCompare,
  BaseUnreadableCode,
  ModelResult,
  PeakSource,
  RegressionCheck,
  Results,
  Status
} from '../results.js'

type HostMethod = NonNullable<ModelResult['peaks']['hostMethod']>
import { addNotes, note as noteOf, type Note } from '../notes.js'
import { reason as reasonOf, reasonFields } from '../reasons.js'
import { gateOf } from './gate.js'
import { NO_PEAKS } from './notRun.js'
import { siteGrowth } from './snapshot/siteGrowth.js'

/** What a comparison needs of one model, from a results.json or a history entry alike. */
export interface Comparable {
  status: Status
  peakBytes: number | null
  /** Spread of the repeated measurements (max - min); absent or null when measured once. */
  spreadBytes?: number | null
  estimated?: boolean
  /** What measured the peak; absent where unknown (history entries). */
  peakSource?: PeakSource | null
  /** How host memory was measured (a host peak's method); absent where unknown. */
  peaks?: { hostMethod?: HostMethod } | null
  /** The card it was measured on; absent where unknown. */
  measuredOn?: { gpuName: string | null } | null
}

export interface Thresholds {
  /** regression.threshold, as a ratio (0.05 = 5%). */
  threshold: number
  /** models[].regression-threshold where set, by model name. */
  perModel?: Readonly<Record<string, number>>
}

/** The base results a run is compared with, and how far back from the starting commit they were found. */
export interface Baseline {
  commit: string
  /** 0: the starting commit itself (the PR's base); N: N first-parent steps further back. */
  distance: number
  results: Results
  /** Where the search started: the PR's base, the merge group's base, or a pushed commit's parent. */
  from?: BaselineFrom
}

export type BaselineFrom = 'pull-request-base' | 'merge-group-base' | 'push-parent'

const FINISHED: ReadonlySet<Status> = new Set(['ok', 'at-risk'])

export function thresholdsOf(config: Config): Thresholds {
  const perModel: Record<string, number> = {}
  for (const m of config.models) if (m.regressionThreshold !== null) perModel[m.name] = m.regressionThreshold
  return { threshold: config.regression.threshold, perModel }
}

export function thresholdFor(name: string, thresholds: Thresholds): number {
  return thresholds.perModel?.[name] ?? thresholds.threshold
}

/** Spread as a model result records it. */
export function spreadOf(model: Pick<ModelResult, 'repeats'>): number | null {
  return model.repeats?.spreadBytes ?? null
}

/** Base statuses that measured nothing to compare with: the base's run, not the model, is at fault. */
const UNMEASURED: ReadonlySet<Status> = new Set(['failed', 'timeout', 'skipped'])

/**
 * A head that measured a peak against a base whose run of the model measured none (failed, timed
 * out, skipped by a filter, or a peak lost): no comparison, no pass (contract 6), so the model is
 * marked `base-unreadable` with the cause. A base that ran out of memory is not this: the head
 * fitting is no growth. Null when the base measured or the head did not.
 */
function unmeasuredBase(
  head: Comparable,
  base: Comparable
): Pick<BaselineCompare, 'reason' | 'reasonCode'> | null {
  if (!FINISHED.has(head.status) || head.peakBytes === null) return null
  if (Boolean(head.estimated) !== Boolean(base.estimated)) return null
  const what = UNMEASURED.has(base.status)
    ? base.status === 'skipped'
      ? 'was skipped'
      : base.status === 'timeout'
        ? 'timed out'
        : 'failed'
    : FINISHED.has(base.status) && (base.peakBytes === null || base.peakBytes <= 0)
      ? 'has no peak (unknown is not 0)'
      : null
  if (what === null) return null
  return {
    reason: `the base's run of this model ${what}, so there is no peak to compare with; re-run the base's workflow to record one (regression.unreadable-base: warn passes with a note)`,
    reasonCode: 'base-unreadable'
  }
}

/** One model, both sides present. */
export function compareModel(
  head: Comparable,
  base: Comparable,
  thresholdRatio: number,
  baseCommit: string | null
): BaselineCompare {
  const spread = maxSpread(head, base)
  const common = { commit: baseCommit, peakBytes: base.peakBytes, thresholdRatio, spreadBytes: spread }
  const comparable =
    FINISHED.has(head.status) &&
    FINISHED.has(base.status) &&
    head.peakBytes !== null &&
    base.peakBytes !== null &&
    base.peakBytes > 0 &&
    Boolean(head.estimated) === Boolean(base.estimated)
  if (!comparable) {
    return {
      ...common,
      deltaBytes: null,
      deltaRatio: null,
      regressed: false,
      change: 'unknown',
      ...unmeasuredBase(head, base)
    }
  }
  const reason = notComparable(head, base)
  if (reason !== null) {
    return { ...common, deltaBytes: null, deltaRatio: null, regressed: false, change: 'unknown', reason }
  }
  const deltaBytes = head.peakBytes! - base.peakBytes!
  const deltaRatio = base.peakBytes! > 0 ? deltaBytes / base.peakBytes! : null
  // "No larger than the spread": a delta equal to the variation already seen is still noise.
  if (spread !== null && spread > 0 && Math.abs(deltaBytes) <= spread && deltaBytes !== 0) {
    return { ...common, deltaBytes, deltaRatio, regressed: false, change: 'noise' }
  }
  const regressed = deltaBytes > 0 && deltaRatio !== null && deltaRatio > thresholdRatio
  return { ...common, deltaBytes, deltaRatio, regressed, change: 'compared' }
}

const memoryOf = (source: PeakSource | null | undefined): 'host' | 'GPU' | null =>
  source === 'host'
    ? 'host'
    : source === 'nvidia-smi' || source === 'nvidia-smi-device' || source === 'torch'
      ? 'GPU'
      : null

const SOURCE_WORDS: Record<PeakSource, string> = {
  'nvidia-smi': 'nvidia-smi (per process)',
  'nvidia-smi-device': 'nvidia-smi (device used − baseline)',
  torch: 'the torch probe (reserved + context)',
  host: 'host memory',
  estimate: 'an estimate',
  trace: 'a trace'
}

const HOST_METHOD_WORDS: Record<HostMethod, string> = {
  'cgroup-v1': 'memory cgroup v1',
  'cgroup-v1-unreclaimable': 'memory cgroup v1 without page cache',
  'cgroup-v2': 'memory cgroup v2',
  'cgroup-v2-unreclaimable': 'memory cgroup v2 without page cache',
  pss: 'PSS',
  rss: 'RSS'
}

/** What measured a peak, in words: the source, and for host memory its method where known. */
function sourceOf(m: Comparable): string | null {
  if (!m.peakSource) return null
  const method = m.peakSource === 'host' ? m.peaks?.hostMethod : undefined
  return method ? `host memory (${HOST_METHOD_WORDS[method]})` : (SOURCE_WORDS[m.peakSource] ?? m.peakSource)
}

/** Why two finished peaks measure different things (host vs GPU memory, different cards), or null. */
function notComparable(head: Comparable, base: Comparable): string | null {
  const [now, before] = [memoryOf(head.peakSource), memoryOf(base.peakSource)]
  if (now !== null && before !== null && now !== before) {
    return `the base measured ${before} memory and this run ${now} memory: shown, not compared`
  }
  const [source, baseSource] = [sourceOf(head), sourceOf(base)]
  // A host method unknown on one side (older results) is no evidence of a difference.
  const methods = [head.peaks?.hostMethod, base.peaks?.hostMethod]
  const sameSource =
    head.peakSource === base.peakSource && (methods.includes(undefined) || methods[0] === methods[1])
  if (source !== null && baseSource !== null && !sameSource) {
    return `the base's peak was measured by ${baseSource} and this run's by ${source}: shown, not compared`
  }
  const [card, baseCard] = [head.measuredOn?.gpuName ?? null, base.measuredOn?.gpuName ?? null]
  if (card !== null && baseCard !== null && card !== baseCard) {
    return `the base was measured on ${baseCard} and this run on ${card}: shown, not compared`
  }
  return null
}

function maxSpread(head: Comparable, base: Comparable): number | null {
  const spreads = [head.spreadBytes, base.spreadBytes].filter((s): s is number => typeof s === 'number')
  return spreads.length === 0 ? null : Math.max(...spreads)
}

/**
 * Every model of `head` against `base`, plus the models only the base has ("removed"). Models the
 * head did not run (filtered out, skipped) are left out: there is nothing to compare.
 */
export function compareWithBaseline(
  head: Results,
  base: Results | null,
  thresholds: Thresholds
): Map<string, BaselineCompare> {
  const out = new Map<string, BaselineCompare>()
  if (base === null) return out
  const baseByName = new Map(base.models.map(m => [m.name, m]))
  const commit = base.commit
  for (const model of head.models) {
    const threshold = thresholdFor(model.name, thresholds)
    const before = baseByName.get(model.name)
    if (model.status === 'skipped' && !model.reusedFrom) continue
    if (!before) {
      out.set(model.name, {
        commit,
        peakBytes: null,
        deltaBytes: null,
        deltaRatio: null,
        regressed: false,
        change: 'new',
        thresholdRatio: threshold
      })
      continue
    }
    out.set(
      model.name,
      compareModel(
        { ...model, spreadBytes: spreadOf(model) },
        { ...before, spreadBytes: spreadOf(before) },
        threshold,
        commit
      )
    )
  }
  const headNames = new Set(head.models.map(m => m.name))
  for (const before of base.models) {
    if (headNames.has(before.name)) continue
    out.set(before.name, {
      commit,
      peakBytes: before.peakBytes,
      deltaBytes: null,
      deltaRatio: null,
      regressed: false,
      change: 'removed',
      thresholdRatio: thresholdFor(before.name, thresholds)
    })
  }
  return out
}

/** What the history lookup found besides a baseline (github/history/loadBaseline.ts). */
export interface BaselineExtras {
  /** History exists but could not be read: the check fails on it (contract 6) unless policy warns. */
  unreadable?: { code: BaseUnreadableCode; text: string } | null
  /** Further notes (skipped entries, base rebuilt from history.json). */
  notes?: readonly Note[]
}

/** The baseline column of a model that could not be compared because the base was not read. */
function unreadableBase(text: string, threshold: number): BaselineCompare {
  return {
    commit: null,
    peakBytes: null,
    deltaBytes: null,
    deltaRatio: null,
    regressed: false,
    change: 'unknown',
    thresholdRatio: threshold,
    reason: text,
    reasonCode: 'base-unreadable'
  }
}

/**
 * The results with the baseline filled in: `baseline` per model, a row for each model the base
 * had and the config no longer has, `comparedWith`, `regression` (the check's outcome) and the
 * gate recomputed (a regression fails it). Without a baseline: `note` (why there is none) is
 * added; when `extras.unreadable` says history exists but was not read, every model that ran is
 * marked `base-unreadable` and fails the gate (regression.unreadable-base: fail, the default), or
 * the cause becomes a note (warn).
 */
export function applyBaseline(
  results: Results,
  base: Baseline | null,
  config: Config,
  note: Note | null = null,
  extras: BaselineExtras = {}
): Results {
  const policy = config.regression.unreadableBase
  // Fresh arrays: addNotes pushes in place and `results` must stay as it was.
  const withNotes = (r: Results, more: readonly Note[] = []): Results =>
    addNotes(
      {
        ...r,
        notes: [...results.notes],
        findings: [...results.findings]
      },
      ...(note === null ? [] : [note]),
      ...(extras.notes ?? []),
      ...more
    )
  if (base === null) {
    const unreadable = extras.unreadable ?? null
    if (unreadable === null) {
      if (note === null && (extras.notes ?? []).length === 0) return results
      const regression: RegressionCheck | undefined =
        note === null ? undefined : { status: 'no-history', code: null, policy, text: note.text }
      return withNotes({ ...results, ...(regression ? { regression } : {}) })
    }
    const regression: RegressionCheck = {
      status: 'unreadable',
      code: unreadable.code,
      policy,
      text: unreadable.text
    }
    if (policy === 'warn') {
      const warned = noteOf(
        'base-unreadable-warned',
        `The regression check could not read the base and passes anyway (regression.unreadable-base: warn): ${unreadable.text}`
      )
      return withNotes({ ...results, regression }, [warned])
    }
    const thresholds = thresholdsOf(config)
    const models = results.models.map(m =>
      m.status === 'skipped' && !m.reusedFrom
        ? m
        : { ...m, baseline: unreadableBase(unreadable.text, thresholdFor(m.name, thresholds)) }
    )
    return withNotes({ ...results, models, gate: gateOf(models), regression })
  }
  const compared = compareWithBaseline(results, base.results, thresholdsOf(config))
  const baseByName = new Map(base.results.models.map(b => [b.name, b]))
  const warnings: Note[] = []
  const models: ModelResult[] = results.models.map(m => {
    let baseline = compared.get(m.name) ?? null
    if (baseline?.reasonCode === 'base-unreadable' && policy === 'warn') {
      // regression.unreadable-base: warn: the cause stays in the column and becomes a note.
      const { reasonCode: _warned, ...kept } = baseline
      baseline = kept
      warnings.push(
        noteOf(
          'base-unreadable-warned',
          `${m.name} was not compared with the base and passes anyway (regression.unreadable-base: warn): ${baseline.reason ?? ''}`
        )
      )
    }
    // Both sides have a memory snapshot: which allocation sites grew.
    const sites = baseline ? siteGrowth(m.snapshot, baseByName.get(m.name)?.snapshot) : null
    return { ...m, baseline: baseline && sites ? { ...baseline, sites } : baseline }
  })
  const removed = base.results.models.filter(b => compared.get(b.name)?.change === 'removed')
  for (const before of removed) {
    // A row for the report only: nothing of this run, the base's peak in the Base column.
    models.push({
      name: before.name,
      status: 'skipped',
      expect: before.expect,
      ...reasonFields(
        reasonOf('removed-from-config', `removed from the config since ${base.commit.slice(0, 7)}`)
      ),
      peakBytes: null,
      peakSource: null,
      peaks: NO_PEAKS,
      durationMs: null,
      exitCode: null,
      oom: null,
      notes: [],
      findings: [],
      gpus: [],
      logTail: [],
      baseline: compared.get(before.name)!
    })
  }
  return withNotes(
    {
      ...results,
      models,
      gate: gateOf(models),
      comparedWith: { commit: base.commit, distance: base.distance, from: base.from ?? 'pull-request-base' },
      regressionThreshold: config.regression.threshold,
      regression: { status: 'compared', code: null, policy, text: null }
    },
    warnings
  )
}

/** Why a pushed commit deserves an alert: one line per model. */
export interface AlertFinding {
  model: string
  kind: 'regressed' | 'fails'
  status: Status
  peakBytes: number | null
  /** The previous entry's peak and the comparison, for `regressed`. */
  compare: BaselineCompare | null
}

/** What a model failing looks like, with the expectation of the head's config. */
function failing(status: Status, expect: 'fit' | 'oom'): boolean {
  if (expect === 'oom') return status === 'failed' || status === 'timeout'
  return status === 'oom' || status === 'at-risk' || status === 'failed' || status === 'timeout'
}

/**
 * Findings of a pushed commit against the previous history entry (null: no earlier entry): a
 * model that regressed above its threshold, or that fails now and did not fail before (or was
 * not there before). Models that were already failing raise nothing new.
 */
export function alertFindings(
  head: Results,
  previous: {
    commit: string
    models: Readonly<Record<string, Comparable>>
    /** The card the previous entry was measured on (history entries record it once). */
    gpuName?: string | null
  } | null,
  thresholds: Thresholds
): AlertFinding[] {
  const findings: AlertFinding[] = []
  for (const model of head.models) {
    if (model.status === 'skipped' || model.baseline?.change === 'removed') continue
    const before = previous?.models[model.name]
    const failsNow = failing(model.status, model.expect)
    if (failsNow && (!before || !failing(before.status, model.expect))) {
      findings.push({
        model: model.name,
        kind: 'fails',
        status: model.status,
        peakBytes: model.peakBytes,
        compare: null
      })
      continue
    }
    if (!before || !previous) continue
    const card = previous.gpuName ?? null
    const compare = compareModel(
      { ...model, spreadBytes: spreadOf(model) },
      card !== null && !before.measuredOn ? { ...before, measuredOn: { gpuName: card } } : before,
      thresholdFor(model.name, thresholds),
      previous.commit
    )
    if (compare.regressed) {
      findings.push({
        model: model.name,
        kind: 'regressed',
        status: model.status,
        peakBytes: model.peakBytes,
        compare
      })
    }
  }
  return findings
}
