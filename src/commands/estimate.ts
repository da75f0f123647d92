// `oom-gate estimate`: the analytical peak of one training configuration, every term shown,
// and whether it fits the card. No GPU needed. Exit 0 fits, 1 does not fit, 2 usage error.
import { ARCHITECTURE_NAMES } from '../advise/architectures.js'
import { BREAKDOWN_TERMS, TERM_LABELS, estimatePeak, type Estimate } from '../advise/estimate.js'
import { rankFixes } from '../advise/rankFixes.js'
import { EstimateSpecSchema, type EstimateSpec } from '../config/estimateSpec.js'
import { closestName } from '../config/closestName.js'
import { UsageError } from '../config/load.js'
import { formatBytes, parsePercent, parseSize } from '../config/units.js'
import { parseFlags } from './parseFlags.js'

export const ESTIMATE_USAGE = `Usage: oom-gate estimate --arch NAME --image HxW [options]

Estimates the peak GPU memory of one training step from the model's shape, without a GPU.
Model:
  --arch NAME              ${ARCHITECTURE_NAMES.join(', ')}
  --hidden N --layers N --heads N [--mlp N | --mlp-ratio R] [--head-channels N]
                           explicit dims (alone, or overriding --arch's shape)
  --image HxW              input size, e.g. 1024x768      --tokens N   sequence length instead
  --patch N                patch size (default 16)        --padding N  patch-embedding padding
  --head sapiens-normal|none   decode head (default: the architecture's own)
Training:
  --batch N                per-GPU batch (default 1)      --grad-accumulation N  micro-batches per step
  --precision fp32|fp16-amp|bf16-amp|bf16 (default fp32)
  --optimizer adamw|adam|sgd|sgd-momentum|adamw-8bit (default adamw)
  --optimizer-impl foreach|for-loop|fused (default foreach)
  --attention eager|efficient (default efficient: torch >= 2.0's SDPA)
  --checkpointing  --dropout  --drop-path  --keep-grads
  --fsdp K [--zero-stage 1|2|3]  shard over K GPUs     --ddp  DDP gradient buckets
  --cuda-context SIZE      memory outside PyTorch (default 0.5GiB)
  --allocator-slack SIZE   the caching allocator's fixed slack (default 0.5GiB)
Card:
  --gpu-memory SIZE        the card (default 80GiB)       --headroom 3%|SIZE (default 3%)
Output:
  --json                   {"totalBytes", "fits", "breakdown", ...}
  --fixes                  also rank the changes that would fit
Exit codes: 0 fits, 1 does not fit, 2 usage error.`

const FLAGS = {
  arch: { type: 'string' },
  hidden: { type: 'string' },
  layers: { type: 'string' },
  heads: { type: 'string' },
  mlp: { type: 'string' },
  'mlp-ratio': { type: 'string' },
  'head-channels': { type: 'string' },
  'drop-path': { type: 'boolean', default: false },
  'allocator-slack': { type: 'string' },
  image: { type: 'string' },
  tokens: { type: 'string' },
  patch: { type: 'string' },
  padding: { type: 'string' },
  batch: { type: 'string' },
  'grad-accumulation': { type: 'string' },
  precision: { type: 'string' },
  optimizer: { type: 'string' },
  'optimizer-impl': { type: 'string' },
  attention: { type: 'string' },
  checkpointing: { type: 'boolean', default: false },
  dropout: { type: 'boolean', default: false },
  'keep-grads': { type: 'boolean', default: false },
  fsdp: { type: 'string' },
  'zero-stage': { type: 'string' },
  ddp: { type: 'boolean', default: false },
  head: { type: 'string' },
  'cuda-context': { type: 'string' },
  'gpu-memory': { type: 'string', default: '80GiB' },
  headroom: { type: 'string', default: '3%' },
  json: { type: 'boolean', default: false },
  fixes: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false }
} as const

/** What each valued flag takes, in words, for "--batch needs a positive number". */
const FLAG_VALUES: Partial<Record<keyof typeof FLAGS, string>> = {
  arch: `an architecture name (${ARCHITECTURE_NAMES[0]}, ...)`,
  hidden: 'a positive number',
  layers: 'a positive number',
  heads: 'a positive number',
  mlp: 'a positive number',
  'mlp-ratio': 'a positive number',
  'head-channels': 'a positive number',
  'allocator-slack': 'a size, e.g. 0.5GiB',
  image: 'HEIGHTxWIDTH, e.g. 1024x768',
  tokens: 'a positive number',
  patch: 'a positive number',
  padding: 'a whole number',
  batch: 'a positive number',
  'grad-accumulation': 'a positive number',
  precision: 'fp32, fp16-amp, bf16-amp or bf16',
  optimizer: 'an optimizer name (adamw, sgd, ...)',
  'optimizer-impl': 'foreach, for-loop or fused',
  attention: 'eager or efficient',
  fsdp: 'a positive number',
  'zero-stage': '1, 2 or 3',
  head: 'sapiens-normal or none',
  'cuda-context': 'a size, e.g. 0.5GiB',
  'gpu-memory': 'a size, e.g. 80GiB',
  headroom: 'a percentage or a size, e.g. 3%'
}

function usage(flag: string, problem: string): UsageError {
  return new UsageError([`oom-gate estimate: --${flag}: ${problem}`])
}

function integer(flag: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) {
    throw usage(
      flag,
      `${JSON.stringify(value)} is not ${min === 0 ? 'a whole number' : 'a positive whole number'}`
    )
  }
  return Number(value)
}

function choice(flag: string, value: string | undefined, allowed: readonly string[]): string | undefined {
  if (value === undefined || allowed.includes(value)) return value
  const guess = closestName(value, allowed)
  const hint = guess ? `did you mean ${guess}? ` : ''
  throw usage(flag, `${JSON.stringify(value)} is not known; ${hint}use one of ${allowed.join(', ')}`)
}

/** The command line as an EstimateSpec, validated by the same schema as the config's block. */
export function specFromFlags(values: Record<string, string | boolean | undefined>): EstimateSpec {
  const str = (k: string) => values[k] as string | undefined
  const arch = str('arch')
  if (arch !== undefined && !ARCHITECTURE_NAMES.includes(arch.toLowerCase())) {
    const guess = closestName(arch, ARCHITECTURE_NAMES)
    throw usage(
      'arch',
      `unknown architecture ${JSON.stringify(arch)}; ${guess ? `did you mean ${guess}? ` : ''}known: ${ARCHITECTURE_NAMES.join(', ')} (or give --hidden --layers --heads)`
    )
  }
  const dimFlags = ['hidden', 'layers', 'heads'] as const
  const given = dimFlags.filter(k => str(k) !== undefined)
  if (given.length > 0 && given.length < 3) {
    const missing = dimFlags.filter(k => str(k) === undefined)
    throw usage(
      missing[0]!,
      `custom dims need --hidden, --layers and --heads together; add --${missing.join(', --')}`
    )
  }
  for (const flag of ['mlp', 'mlp-ratio', 'head-channels']) {
    if (given.length === 0 && str(flag) !== undefined)
      throw usage(flag, 'needs --hidden, --layers and --heads too')
  }
  const ratioText = str('mlp-ratio')
  const mlpRatio = ratioText === undefined ? undefined : Number(ratioText)
  if (mlpRatio !== undefined && !(Number.isFinite(mlpRatio) && mlpRatio > 0))
    throw usage('mlp-ratio', `${JSON.stringify(ratioText)} is not a positive number, e.g. 4`)
  if (arch === undefined && given.length === 0) {
    throw usage(
      'arch',
      `give an architecture (${ARCHITECTURE_NAMES.join(', ')}) or --hidden --layers --heads`
    )
  }
  const image = str('image')
  if (image !== undefined && !/^\d+x\d+$/.test(image))
    throw usage('image', `${JSON.stringify(image)} is not HEIGHTxWIDTH, e.g. 1024x768`)
  if (image === undefined && str('tokens') === undefined)
    throw usage('image', 'give the input size, e.g. --image 1024x768 (or --tokens N)')
  const cudaContext = str('cuda-context')
  if (cudaContext !== undefined && !parseSize(cudaContext).ok) {
    throw usage('cuda-context', `${JSON.stringify(cudaContext)} is not a size; write 512MiB or 1GiB`)
  }
  const slack = str('allocator-slack')
  if (slack !== undefined && !parseSize(slack).ok) {
    throw usage('allocator-slack', `${JSON.stringify(slack)} is not a size; write 0, 512MiB or 1GiB`)
  }
  const raw = {
    arch: arch?.toLowerCase(),
    dims:
      given.length === 3
        ? {
            hidden: integer('hidden', str('hidden'))!,
            layers: integer('layers', str('layers'))!,
            heads: integer('heads', str('heads'))!,
            mlp: integer('mlp', str('mlp')),
            'mlp-ratio': mlpRatio,
            'head-channels': integer('head-channels', str('head-channels'))
          }
        : undefined,
    image,
    tokens: integer('tokens', str('tokens')),
    patch: integer('patch', str('patch')),
    padding: integer('padding', str('padding'), 0),
    batch: integer('batch', str('batch')),
    'grad-accumulation': integer('grad-accumulation', str('grad-accumulation')),
    precision: choice('precision', str('precision'), ['fp32', 'fp16-amp', 'bf16-amp', 'bf16']),
    optimizer: choice('optimizer', str('optimizer'), ['adamw', 'adam', 'sgd', 'sgd-momentum', 'adamw-8bit']),
    'optimizer-impl': choice('optimizer-impl', str('optimizer-impl'), ['foreach', 'for-loop', 'fused']),
    attention: choice('attention', str('attention'), ['eager', 'efficient']),
    checkpointing: values.checkpointing === true,
    dropout: values.dropout === true,
    'keep-grads': values['keep-grads'] === true,
    'drop-path': values['drop-path'] === true,
    fsdp: integer('fsdp', str('fsdp')),
    'zero-stage': integer('zero-stage', choice('zero-stage', str('zero-stage'), ['1', '2', '3'])),
    ddp: values.ddp === true,
    head: choice('head', str('head'), ['sapiens-normal', 'none']),
    'cuda-context': cudaContext,
    'allocator-slack': slack
  }
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined))
  if (defined.dims) {
    const dims = defined.dims as Record<string, number | undefined>
    for (const k of Object.keys(dims)) if (dims[k] === undefined) delete dims[k]
  }
  const parsed = EstimateSpecSchema.safeParse(defined)
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues.map(
        i => `oom-gate estimate: --${String(i.path[i.path.length - 1] ?? 'arch')}: ${i.message}`
      )
    )
  }
  return parsed.data
}

function limitFrom(values: Record<string, string | boolean | undefined>): {
  memory: number
  limit: number
  headroom: string
} {
  const memoryText = values['gpu-memory'] as string
  const memory = parseSize(memoryText)
  if (memory.ok && /^\s*\d+\s*$/.test(memoryText) && memory.value < 2 ** 20) {
    throw usage('gpu-memory', `"${memoryText}" is ${memoryText} bytes; write ${memoryText}GiB`)
  }
  if (!memory.ok || memory.value <= 0)
    throw usage('gpu-memory', `${JSON.stringify(memoryText)} is not a size; write 80GiB or 81920MiB`)
  const headroomText = values.headroom as string
  const percent = parsePercent(headroomText)
  const size = parseSize(headroomText)
  if (!percent.ok && !size.ok)
    throw usage(
      'headroom',
      `${JSON.stringify(headroomText)} is neither a percentage nor a size; write 3% or 2GiB`
    )
  const reserve = percent.ok ? Math.round(memory.value * percent.value) : size.ok ? size.value : 0
  // As the config's gpu.headroom: a headroom that leaves nothing of the card is a mistake.
  if (reserve >= memory.value)
    throw usage(
      'headroom',
      `${JSON.stringify(headroomText)} leaves nothing of the ${formatBytes(memory.value)} card; write less, e.g. 3% or 2GiB`
    )
  return { memory: memory.value, limit: memory.value - reserve, headroom: headroomText }
}

function describeRun(spec: EstimateSpec, e: Estimate): string[] {
  const input = e.grid
    ? `${spec.image} image, patch ${spec.patch} -> ${e.grid.rows} x ${e.grid.cols} = ${e.grid.rows * e.grid.cols} patches${e.tokens !== e.grid.rows * e.grid.cols ? ` (${e.tokens} tokens)` : ''}`
    : `${e.tokens} tokens`
  const gpus =
    spec.fsdp > 1 ? `FSDP/ZeRO-${spec['zero-stage']} over ${spec.fsdp} GPUs` : spec.ddp ? 'DDP' : '1 GPU'
  const attention =
    e.attention === spec.attention ? e.attention : `${spec.attention} -> ${e.attention} (fallback)`
  const params = `${(e.params / 1e9).toFixed(3)} B parameters${e.paramsHead > 0 ? ` (decode head ${(e.paramsHead / 1e6).toFixed(1)} M)` : ''}`
  return [
    `${e.arch} (h=${e.dims.hidden}, ${e.dims.layers} layers, ${e.dims.heads} heads of ${e.dims.headDim}, mlp ${e.dims.mlp}): ${input}; batch ${spec.batch}${spec['grad-accumulation'] > 1 ? ` x ${spec['grad-accumulation']} accumulated` : ''}`,
    `${spec.precision}, ${spec.optimizer} (${spec['optimizer-impl']}), ${attention} attention, ${spec.checkpointing ? 'activation checkpointing' : 'no checkpointing'}, ${gpus}; ${params}`,
    `peak at: ${e.peakStage.replace(/-/g, ' ')}`
  ]
}

export function estimateCommand(argv: string[], out: (text: string) => void): number {
  const { values } = parseFlags('estimate', argv, FLAGS, { values: FLAG_VALUES })
  if (values.help) {
    out(ESTIMATE_USAGE)
    return 0
  }
  const spec = specFromFlags(values)
  const { memory, limit, headroom } = limitFrom(values)
  let e: Estimate
  try {
    e = estimatePeak(spec)
  } catch (error) {
    throw new UsageError([`oom-gate estimate: ${(error as Error).message}`])
  }
  const fits = e.totalBytes <= limit
  const fixes = values.fixes ? rankFixes(spec, { limitBytes: limit, measuredPeakBytes: null }) : null
  if (values.json) {
    out(
      JSON.stringify({
        totalBytes: e.totalBytes,
        fits,
        breakdown: e.breakdown,
        limitBytes: limit,
        memoryBytes: memory,
        allocatedBytes: e.allocatedBytes,
        reservedBytes: e.reservedBytes,
        tokens: e.tokens,
        grid: e.grid,
        params: e.params,
        arch: e.arch,
        dims: e.dims,
        attention: e.attention,
        peakStage: e.peakStage,
        stages: e.stages,
        notes: e.notes,
        spec,
        ...(fixes ? { fixes } : {})
      })
    )
    return fits ? 0 : 1
  }
  const width = Math.max(...BREAKDOWN_TERMS.map(k => TERM_LABELS[k].length)) + 2
  const row = (label: string, bytes: number) => `  ${label.padEnd(width)}${formatBytes(bytes).padStart(12)}`
  const lines = [
    ...describeRun(spec, e),
    '',
    ...BREAKDOWN_TERMS.map(k => row(TERM_LABELS[k], e.breakdown[k])),
    `  ${'-'.repeat(width + 12)}`,
    row('total', e.totalBytes),
    `${row('limit', limit)}  (${formatBytes(memory)} - ${headroom} headroom)`,
    fits
      ? `fits: ${formatBytes(limit - e.totalBytes)} to spare`
      : `does not fit: ${formatBytes(e.totalBytes - limit)} over the limit`,
    ...e.notes.map(n => `note: ${n}`)
  ]
  if (fixes) {
    lines.push('', 'What would fit (best first):')
    fixes.forEach((f, i) => {
      lines.push(
        `  ${i + 1}. ${f.fits ? 'fits' : 'over'}  ${formatBytes(f.estimatedPeakBytes).padStart(10)}  ${f.title}`
      )
      if (f.warning) lines.push(`     warning: ${f.warning}`)
    })
  }
  out(lines.join('\n'))
  return fits ? 0 : 1
}
