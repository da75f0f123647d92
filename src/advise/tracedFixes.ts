// Fixes re-traced, not extrapolated: for a model with a `trace:` block that fails or is at risk,
// each ranked fix the tracer can apply is traced with the fix applied (bf16 autocast through the
// loop's precision, activation checkpointing of the repeated blocks, a smaller batch, a builder
// variant such as patch=32) and shown with its exact traced peak; fixes the tracer cannot apply
// (FSDP, a smaller model) keep their estimate and say so. Pure: the pipeline runs the traces.
import type { ModelConfig } from '../config/schema.js'
import { formatBytes } from '../config/units.js'
import type { Capacity, Fix, TraceSummary } from '../results.js'
import type { TracePrecision } from '../trace/traceResult.js'
import { isSapiens, patchWarning, SAPIENS_CHECKPOINTING } from './rankFixes.js'

/** A trace, or why there is none (the tracer's one line). */
export type TracedOutcome = { ok: true; summary: TraceSummary } | { ok: false; message: string }

/** What a fix changes in the trace request. */
export interface TraceOverrides {
  batch?: number
  args?: Record<string, unknown>
  precision?: TracePrecision
  checkpoint?: string
}

/** A fix to trace: the change to the request, and how it reads in the report. */
export interface TraceFixCandidate {
  id: string
  title: string
  how: string
  overrides: TraceOverrides
  warning: string | null
}

/** Rank of a change to the recipe (lower: less change), as src/advise/rankFixes.ts ranks them. */
function changeOf(fix: Fix): number {
  const id = fix.id
  if (id === 'expandable-segments') return 0.5
  if (id === 'bf16-amp') return 1
  if (id.startsWith('batch-')) return 1.2
  if (id === 'checkpointing') return fix.warning?.startsWith(SAPIENS_CHECKPOINTING) ? 2.5 : 1
  if (id === 'bf16-amp+checkpointing') return fix.warning?.startsWith(SAPIENS_CHECKPOINTING) ? 3 : 1.5
  if (id.startsWith('fsdp-')) return 2 + Number(id.slice(5)) / 100
  if (id === 'smaller-model') return 3
  if (id.startsWith('variant-')) return 3.2
  if (id.startsWith('patch-')) return 3.5
  return 4
}

/** Largest divisor of `batch` below it and at most `cap` (at least 1). */
function microBatch(batch: number, cap: number): number {
  for (let micro = Math.min(batch - 1, Math.max(1, cap)); micro > 1; micro--)
    if (batch % micro === 0) return micro
  return 1
}

/**
 * The fixes to trace for `model`, given its base trace and (when found) its capacity. `advice`
 * (the estimator's ranked fixes, when the model has an `estimate:` block) lends its caveats.
 */
export function traceFixCandidates(
  model: ModelConfig,
  base: TraceSummary,
  capacity: Capacity | null,
  advice: readonly Fix[] | null
): TraceFixCandidate[] {
  const out: TraceFixCandidate[] = []
  const warningOf = (id: string, fallback: string | null) =>
    advice?.find(f => f.id === id)?.warning ?? fallback
  const sapiens = model.estimate !== null && isSapiens(model.estimate)
  const checkpointWarning = sapiens ? SAPIENS_CHECKPOINTING : null
  const amp = base.precision === null || base.precision === 'fp32'
  if (amp)
    out.push({
      id: 'bf16-amp',
      title: 'Train in bf16 mixed precision',
      how: 'torch.autocast("cuda", dtype=torch.bfloat16) around forward and loss, traced; weights and optimizer stay fp32',
      overrides: { precision: 'bf16-amp' },
      warning: warningOf('bf16-amp', null)
    })
  if (base.checkpoint === null) {
    const checkpoint = model.trace?.checkpoint ?? 'auto'
    out.push({
      id: 'checkpointing',
      title: 'Turn on activation checkpointing',
      how: `torch.utils.checkpoint around each ${checkpoint === 'auto' ? 'repeated block the tracer finds' : `${checkpoint} module`}, traced; about 30% more compute`,
      overrides: { checkpoint },
      warning: warningOf('checkpointing', checkpointWarning)
    })
    if (amp)
      out.push({
        id: 'bf16-amp+checkpointing',
        title: 'bf16 mixed precision and activation checkpointing together',
        how: 'both of the above, traced together',
        overrides: { precision: 'bf16-amp', checkpoint },
        warning: warningOf('bf16-amp+checkpointing', checkpointWarning)
      })
  }
  if (base.batch !== null && base.batch > 1) {
    const micro = microBatch(base.batch, capacity?.largestBatch ?? base.batch - 1)
    const steps = base.batch / micro
    out.push({
      id: `batch-${micro}`,
      title: `Batch ${micro} with gradient accumulation over ${steps} steps`,
      how: `per-GPU batch ${base.batch} -> ${micro} traced; accumulate ${steps} micro-batches per optimizer step for the same effective batch (mmengine: optim_wrapper accumulative_counts=${steps})`,
      overrides: { batch: micro },
      warning: null
    })
  }
  const patch = numeric(model.trace?.args.patch) ?? (model.estimate ? model.estimate.patch : null)
  if (patch !== null && model.trace?.variants.every(v => !('patch' in v.args))) {
    out.push({
      id: `patch-${patch * 2}`,
      title: `Patch size ${patch} -> ${patch * 2}`,
      how: `the builder traced with patch=${patch * 2}: a quarter of the tokens`,
      overrides: { args: { ...base.args, patch: patch * 2 } },
      warning: patchWarning(patch)
    })
  }
  for (const variant of model.trace?.variants ?? []) {
    const changed = Object.entries(variant.args)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(', ')
    out.push({
      id: `variant-${variant.id}`,
      title: `Builder variant ${variant.id} (${changed})`,
      how: `the builder traced with ${changed} (trace.variants)`,
      overrides: { args: { ...base.args, ...variant.args } },
      warning: variant.warning
    })
  }
  return out
}

function numeric(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value)
  return null
}

/**
 * The ranked fixes with each traced candidate's exact peak: a traced fix replaces the estimator's
 * fix of the same kind (the estimator's `batch-*` and `patch-*` rows give way to the traced ones),
 * its `fits` rests on the trace (`basis: trace`); fixes the tracer cannot apply keep their
 * estimate (`basis: estimate`). A candidate whose trace failed keeps the estimator's row with
 * `traceError`, or is left out when the estimator has none. Best first: fits, then least change,
 * then smallest peak.
 */
export function mergeTracedFixes(
  advice: readonly Fix[] | null,
  traced: readonly { candidate: TraceFixCandidate; outcome: TracedOutcome }[],
  limitBytes: number
): Fix[] {
  const kindOf = (id: string) => (id.startsWith('batch-') ? 'batch' : id.startsWith('patch-') ? 'patch' : id)
  const tracedKinds = new Map(traced.map(t => [kindOf(t.candidate.id), t]))
  const rows: Fix[] = []
  for (const fix of advice ?? []) {
    const match = tracedKinds.get(kindOf(fix.id))
    if (match === undefined) {
      rows.push({
        ...fix,
        basis: 'estimate',
        traced: null,
        traceError: 'the tracer has no switch for this fix'
      })
      continue
    }
    tracedKinds.delete(kindOf(fix.id))
    rows.push(tracedFix(match.candidate, match.outcome, limitBytes, fix))
  }
  for (const { candidate, outcome } of tracedKinds.values()) {
    if (outcome.ok) rows.push(tracedFix(candidate, outcome, limitBytes, null))
  }
  return rows
    .map((fix, i) => ({ fix, i }))
    .sort(
      (a, b) =>
        Number(b.fix.fits) - Number(a.fix.fits) ||
        changeOf(a.fix) - changeOf(b.fix) ||
        a.fix.estimatedPeakBytes - b.fix.estimatedPeakBytes ||
        a.i - b.i
    )
    .map(r => r.fix)
}

function tracedFix(
  candidate: TraceFixCandidate,
  outcome: TracedOutcome,
  limitBytes: number,
  estimated: Fix | null
): Fix {
  if (!outcome.ok) {
    return {
      ...(estimated as Fix),
      basis: 'estimate',
      traced: null,
      traceError: outcome.message
    }
  }
  const peak = outcome.summary.devicePeakBytes
  const vsEstimate = estimated
    ? ` (the estimator said about ${formatBytes(estimated.estimatedPeakBytes, { digits: 1 })})`
    : ''
  return {
    id: candidate.id,
    title: candidate.title,
    detail: `${candidate.how}. Traced with the fix applied: ${formatBytes(peak, { digits: 1 })} of a ${formatBytes(limitBytes, { digits: 1 })} limit${vsEstimate}.`,
    estimatedPeakBytes: estimated?.estimatedPeakBytes ?? peak,
    fits: peak <= limitBytes,
    warning: candidate.warning ?? estimated?.warning ?? null,
    caveat: null,
    basis: 'trace',
    traced: outcome.summary,
    traceError: null
  }
}
