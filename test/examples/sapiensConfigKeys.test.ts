// The Sapiens example's commands (and the README's) against the upstream configs they run:
// every --cfg-options key must exist in the config or be an argument of the class it configures,
// merged the way mmengine merges them (Config.merge_from_dict: dotted keys, list indices,
// `_delete_`), and every config path must be an upstream file. A key that does not exist
// fails the run before its first step (e.g. `train_cfg.max_iters` on an EpochBasedTrainLoop:
// a TypeError in Runner.train()).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

// ---- An excerpt of the upstream structure ----
// facebookresearch/sapiens @ 3e829ac2, seg/configs/sapiens_normal/normal_general/
// sapiens_2b_normal_general-1024x768 .py (the 0.3b/0.6b/1b files differ only in model_name,
// embed_dim, num_layers and the checkpoint path) and seg/configs/_base_/default_runtime.py:
// https://github.com/facebookresearch/sapiens/tree/3e829ac2/seg/configs/sapiens_normal/normal_general
const UPSTREAM_CONFIGS = [
  'configs/sapiens_normal/normal_general/sapiens_0.3b_normal_general-1024x768.py',
  'configs/sapiens_normal/normal_general/sapiens_0.6b_normal_general-1024x768.py',
  'configs/sapiens_normal/normal_general/sapiens_1b_normal_general-1024x768.py',
  'configs/sapiens_normal/normal_general/sapiens_2b_normal_general-1024x768 .py'
]

type Cfg = { [key: string]: unknown }

function upstreamConfig(): Cfg {
  return {
    default_scope: 'mmseg',
    env_cfg: { cudnn_benchmark: true, mp_cfg: { mp_start_method: 'spawn', opencv_num_threads: 0 } },
    log_processor: { by_epoch: true },
    load_from: null,
    resume: false,
    model: {
      type: 'DepthEstimator',
      pretrained: null,
      backbone: {
        type: 'mmpretrain.VisionTransformer',
        arch: 'sapiens_2b',
        img_size: [1024, 768],
        patch_size: 16,
        qkv_bias: true,
        final_norm: true,
        drop_path_rate: 0.0,
        with_cls_token: false,
        out_type: 'featmap',
        patch_cfg: { padding: 2 },
        init_cfg: { type: 'Pretrained', checkpoint: '/home/sapiens_host/pretrain/checkpoints/sapiens_2b/...' }
      },
      decode_head: { type: 'VitNormalHead', in_channels: 1920, channels: 768 },
      train_cfg: {},
      test_cfg: { mode: 'whole' }
    },
    optim_wrapper: {
      optimizer: { type: 'AdamW', lr: 5e-4, betas: [0.9, 0.999], weight_decay: 0.1 },
      paramwise_cfg: { num_layers: 48, layer_decay_rate: 0.85 },
      constructor: 'LayerDecayOptimWrapperConstructor',
      clip_grad: { max_norm: 1, norm_type: 2 }
    },
    train_cfg: { type: 'EpochBasedTrainLoop', max_epochs: 200, val_interval: 1 },
    default_hooks: {
      timer: { type: 'IterTimerHook' },
      logger: { type: 'LoggerHook', interval: 10 },
      param_scheduler: { type: 'ParamSchedulerHook' },
      sampler_seed: { type: 'DistSamplerSeedHook' },
      checkpoint: { type: 'CheckpointHook', by_epoch: true, interval: 1, max_keep_ckpts: -1 },
      visualization: { type: 'NormalVisualizationHook', interval: 100, max_samples: 4 }
    },
    train_dataloader: {
      batch_size: 1,
      num_workers: 4,
      persistent_workers: true,
      sampler: { type: 'DefaultSampler', shuffle: true },
      dataset: {
        type: 'NormalCombinedDataset',
        metainfo: { from_file: 'configs/_base_/datasets/render_people.py' },
        datasets: [
          { type: 'NormalGeneralDataset', data_root: '/home/sapiens_toy_dataset', serialize_data: false }
        ],
        pipeline: []
      }
    },
    val_dataloader: null,
    val_cfg: null,
    val_evaluator: null,
    test_dataloader: null,
    test_cfg: null,
    test_evaluator: null
  }
}

// Constructor arguments of the classes those dicts build (keys a --cfg-options may add).
const ARGS: Record<string, string[]> = {
  // mmengine/runner/loops.py
  EpochBasedTrainLoop: ['max_epochs', 'val_begin', 'val_interval', 'dynamic_intervals'],
  IterBasedTrainLoop: ['max_iters', 'val_begin', 'val_interval', 'dynamic_intervals'],
  // seg/mmseg/datasets/basesegdataset.py BaseSegDataset (mmengine BaseDataset: `indices`)
  NormalGeneralDataset: [
    'ann_file',
    'img_suffix',
    'seg_map_suffix',
    'metainfo',
    'data_root',
    'data_prefix',
    'filter_cfg',
    'indices',
    'serialize_data',
    'pipeline',
    'test_mode',
    'lazy_init',
    'max_refetch',
    'ignore_index',
    'reduce_zero_label',
    'backend_args'
  ],
  NormalCombinedDataset: ['metainfo', 'datasets', 'pipeline'],
  // mmengine/hooks/checkpoint_hook.py
  CheckpointHook: [
    'interval',
    'by_epoch',
    'save_optimizer',
    'save_param_scheduler',
    'out_dir',
    'max_keep_ckpts',
    'save_last',
    'save_best',
    'rule',
    'greater_keys',
    'less_keys',
    'file_client_args',
    'filename_tmpl',
    'backend_args',
    'published_keys',
    'save_begin'
  ],
  LoggerHook: [
    'interval',
    'ignore_last',
    'interval_exp_name',
    'out_dir',
    'out_suffix',
    'keep_local',
    'file_client_args',
    'log_metric_by_epoch',
    'backend_args'
  ],
  // sapiens pretrain/mmpretrain/models/backbones/vision_transformer.py (no with_cp)
  'mmpretrain.VisionTransformer': [
    'arch',
    'img_size',
    'patch_size',
    'in_channels',
    'out_indices',
    'drop_rate',
    'drop_path_rate',
    'qkv_bias',
    'norm_cfg',
    'final_norm',
    'out_type',
    'with_cls_token',
    'frozen_stages',
    'interpolate_mode',
    'layer_scale_init_value',
    'patch_cfg',
    'layer_cfgs',
    'pre_norm',
    'init_cfg'
  ],
  // mmengine/optim/optimizer: OptimWrapper (the constructor's default type) and AmpOptimWrapper
  OptimWrapper: ['optimizer', 'accumulative_counts', 'clip_grad', 'paramwise_cfg', 'constructor'],
  AmpOptimWrapper: [
    'optimizer',
    'accumulative_counts',
    'clip_grad',
    'paramwise_cfg',
    'constructor',
    'loss_scale',
    'dtype',
    'use_fsdp'
  ],
  // mmengine/runner/log_processor.py
  LogProcessor: ['window_size', 'by_epoch', 'custom_cfg', 'num_digits', 'log_with_hierarchy', 'mean_pattern'],
  // torch.utils.data.DataLoader as mmengine builds it
  DataLoader: [
    'batch_size',
    'num_workers',
    'persistent_workers',
    'sampler',
    'dataset',
    'pin_memory',
    'drop_last',
    'collate_fn',
    'batch_sampler',
    'worker_init_fn'
  ],
  // mmengine/model/wrappers/fully_sharded_distributed.py
  MMFullyShardedDataParallel: [
    'type',
    'sharding_strategy',
    'mixed_precision',
    'auto_wrap_policy',
    'cpu_offload'
  ]
}
// Dicts without a `type` whose class is fixed by where they sit.
const ROLE: Record<string, string> = {
  train_dataloader: 'DataLoader',
  optim_wrapper: 'OptimWrapper',
  log_processor: 'LogProcessor'
}
// mmengine Runner.__init__ arguments: new top-level keys a --cfg-options may add.
const RUNNER_ARGS = ['model_wrapper_cfg', 'work_dir', 'randomness', 'experiment_name', 'launcher']

// ---- mmengine's merge, checked ----

/** DictAction._parse_int_float_bool plus None (mmengine/config/config.py). */
function parseValue(text: string): unknown {
  if (/^-?\d+$/.test(text)) return Number(text)
  if (/^-?\d*\.\d+(e-?\d+)?$/i.test(text)) return Number(text)
  if (text.toLowerCase() === 'true' || text.toLowerCase() === 'false') return text.toLowerCase() === 'true'
  if (text === 'None') return null
  return text
}

function typeOf(node: Cfg, path: string): string | undefined {
  return typeof node.type === 'string' ? node.type : ROLE[path]
}

/** Applies `key=value` pairs as Config.merge_from_dict does; returns the problems found. */
function mergeOptions(cfg: Cfg, options: string[]): string[] {
  const problems: string[] = []
  // merge_from_dict builds one nested dict from all options, then merges it in one go.
  const nested: Cfg = {}
  for (const option of options) {
    const eq = option.indexOf('=')
    const keys = option.slice(0, eq).split('.')
    let at = nested
    keys.slice(0, -1).forEach(k => (at = (at[k] ??= {}) as Cfg))
    at[keys.at(-1)!] = parseValue(option.slice(eq + 1))
  }
  const merge = (a: Cfg, b: Cfg | unknown[], path: string) => {
    for (const [k, v] of Object.entries(a)) {
      const where = path ? `${path}.${k}` : k
      if (Array.isArray(b)) {
        if (!/^\d+$/.test(k) || Number(k) >= b.length) {
          problems.push(`${where}: ${path} is a list of ${b.length}`)
          continue
        }
      } else if (!(k in b)) {
        const type = typeOf(b, path)
        const allowed = path === '' ? RUNNER_ARGS : type ? ['type', ...(ARGS[type] ?? [])] : undefined
        if (!allowed?.includes(k)) {
          problems.push(`${where}: not in the config${type ? ` nor an argument of ${type}` : ''}`)
          continue
        }
      }
      const current = (b as Cfg)[k]
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const { _delete_, ...rest } = v as Cfg
        if (_delete_ === true || current === null || typeof current !== 'object') {
          ;(b as Cfg)[k] = rest
          const type = typeOf(rest, where)
          for (const key of Object.keys(rest)) {
            if (key !== 'type' && !ARGS[type ?? '']?.includes(key))
              problems.push(`${where}.${key}: not an argument of ${type ?? 'an untyped dict'}`)
          }
        } else merge(rest, current as Cfg, where)
      } else (b as Cfg)[k] = v
    }
  }
  merge(nested, cfg, '')
  // A key merged into a dict whose type changed must suit the new type too.
  const check = (node: unknown, path: string) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return
    const type = typeOf(node as Cfg, path)
    if (type === 'EpochBasedTrainLoop' || type === 'IterBasedTrainLoop' || type === 'AmpOptimWrapper') {
      for (const key of Object.keys(node)) {
        if (key !== 'type' && !ARGS[type]!.includes(key))
          problems.push(`${path}.${key}: not an argument of ${type}`)
      }
    }
    for (const [k, v] of Object.entries(node)) check(v, path ? `${path}.${k}` : k)
  }
  check(cfg, '')
  return problems
}

// ---- the commands ----

/** Shell words of a command line (double and single quotes; enough for these commands). */
function shellWords(line: string): string[] {
  const words: string[] = []
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]!)
  return words
}

interface Command {
  config: string
  options: string[]
  launcher: string | null
}

function parseCommand(run: string): Command {
  const words = shellWords(run)
  const entry = words.findIndex(w => /tools\/(train\.py|dist_train\.sh)$/.test(w))
  if (entry < 0) throw new Error(`no tools/train.py or tools/dist_train.sh in: ${run}`)
  const options: string[] = []
  const at = words.indexOf('--cfg-options')
  if (at >= 0)
    for (const w of words.slice(at + 1)) {
      if (w.startsWith('--')) break
      options.push(w)
    }
  const launcher = words.includes('--launcher') ? words[words.indexOf('--launcher') + 1]! : null
  return { config: words[entry + 1]!, options, launcher }
}

function exampleRuns(): string[] {
  const doc = parse(readFileSync('examples/sapiens-normal/oom-gate.yml', 'utf8')) as {
    models: { run: string }[]
  }
  return doc.models.map(m => m.run)
}

/** README commands that run a Sapiens config (tools/train.py or dist_train.sh with sapiens_normal). */
function readmeRuns(): string[] {
  const lines = readFileSync('README.md', 'utf8').split('\n')
  return lines
    .map(l => l.replace(/^\s*(-\s*)?run:\s*/, '').replace(/^\s*/, ''))
    .filter(l => /tools\/(train\.py|dist_train\.sh)/.test(l) && /sapiens_normal/.test(l))
}

function problemsOf(run: string): string[] {
  const cmd = parseCommand(run)
  const problems = mergeOptions(upstreamConfig(), cmd.options)
  if (!UPSTREAM_CONFIGS.includes(cmd.config)) problems.push(`${cmd.config}: not an upstream config`)
  if (/torchrun|torch\.distributed\.(launch|run)/.test(run) && cmd.launcher !== 'pytorch')
    problems.push(
      'a torchrun launch needs tools/train.py --launcher pytorch (or use tools/dist_train.sh CONFIG N)'
    )
  return problems
}

describe('the Sapiens example against the upstream configs', () => {
  it('uses only keys that exist upstream, on upstream config files', () => {
    const runs = exampleRuns()
    expect(runs.length).toBeGreaterThanOrEqual(5)
    for (const run of runs) expect(problemsOf(run), run).toEqual([])
  })

  it('quotes the 2b config, whose file name contains a space', () => {
    const twoB = exampleRuns().filter(r => r.includes('sapiens_2b'))
    expect(twoB.length).toBeGreaterThan(0)
    for (const run of twoB) expect(parseCommand(run).config).toBe(UPSTREAM_CONFIGS[3])
  })

  it('gives each model its own work dir and keeps optimizer states out of checkpoints', () => {
    for (const run of exampleRuns()) {
      expect(run).toContain('--work-dir "$OOM_GATE_RESULT_DIR/work"')
      expect(parseCommand(run).options).toContain('default_hooks.checkpoint.save_optimizer=False')
      expect(parseCommand(run).options).toContain('model.backbone.init_cfg=None')
    }
  })

  it("holds the README's Sapiens commands to the same keys", () => {
    const runs = readmeRuns()
    expect(runs.length).toBeGreaterThan(0)
    for (const run of runs) expect(problemsOf(run), run).toEqual([])
  })

  it('catches what the earlier example and README did wrong', () => {
    const cfg = 'configs/sapiens_normal/normal_general/sapiens_1b_normal_general-1024x768.py'
    // EpochBasedTrainLoop has no max_iters: a TypeError in Runner.train().
    expect(problemsOf(`python tools/train.py ${cfg} --cfg-options train_cfg.max_iters=20`)).toEqual([
      'train_cfg.max_iters: not in the config nor an argument of EpochBasedTrainLoop'
    ])
    // Meta-internal data set configs are not in normal_general; the unquoted 2b path splits in two.
    expect(
      problemsOf(
        'python tools/train.py configs/sapiens_normal/normal_general/sapiens_2b_normal_general-1024x768 .py'
      )
    ).toEqual([
      'configs/sapiens_normal/normal_general/sapiens_2b_normal_general-1024x768: not an upstream config'
    ])
    // Sapiens' ViT has no with_cp; torchrun without --launcher pytorch trains N copies alone.
    expect(problemsOf(`python tools/train.py ${cfg} --cfg-options model.backbone.with_cp=True`)).toEqual([
      'model.backbone.with_cp: not in the config nor an argument of mmpretrain.VisionTransformer'
    ])
    expect(problemsOf(`torchrun --nproc-per-node 2 tools/train.py ${cfg}`)).toHaveLength(1)
    expect(problemsOf(`torchrun --nproc-per-node 2 tools/train.py ${cfg} --launcher pytorch`)).toEqual([])
    // A dataset index past the list, and an untyped key on the data loader.
    expect(
      problemsOf(`python tools/train.py ${cfg} --cfg-options train_dataloader.dataset.datasets.1.indices=20`)
    ).toHaveLength(1)
  })

  it('accepts the routes the docs give: the iteration loop, AMP, FSDP', () => {
    const cfg = 'configs/sapiens_normal/normal_general/sapiens_1b_normal_general-1024x768.py'
    const iter =
      'train_cfg._delete_=True train_cfg.type=IterBasedTrainLoop train_cfg.max_iters=20 log_processor.by_epoch=False default_hooks.checkpoint.by_epoch=False'
    expect(problemsOf(`python tools/train.py ${cfg} --cfg-options ${iter}`)).toEqual([])
    // Without _delete_ the epoch loop keeps max_epochs next to max_iters.
    expect(
      problemsOf(
        `python tools/train.py ${cfg} --cfg-options train_cfg.type=IterBasedTrainLoop train_cfg.max_iters=20`
      )
    ).toContain('train_cfg.max_epochs: not an argument of IterBasedTrainLoop')
    const amp = 'optim_wrapper.type=AmpOptimWrapper optim_wrapper.dtype=bfloat16'
    expect(problemsOf(`python tools/train.py ${cfg} --cfg-options ${amp}`)).toEqual([])
    expect(
      problemsOf(`python tools/train.py ${cfg} --cfg-options optim_wrapper.dtype=bfloat16`)
    ).toHaveLength(1)
    const fsdp = 'model_wrapper_cfg.type=MMFullyShardedDataParallel'
    expect(problemsOf(`bash tools/dist_train.sh ${cfg} 2 --cfg-options ${fsdp}`)).toEqual([])
  })
})
