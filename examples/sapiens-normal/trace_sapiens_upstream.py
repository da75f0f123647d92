"""oom-gate trace builder that runs the Sapiens repository's OWN model code (for users with a clone).

    cd sapiens/seg   # a clone of facebookresearch/sapiens with its seg/ and pretrain/ packages installed
    oom-gate trace /path/to/trace_sapiens_upstream.py:build --batch 2 --arg arch=sapiens_2b

It builds the model exactly as tools/train.py would (mmengine ``Config.fromfile`` on
configs/sapiens_normal/normal_general/<arch>_normal_general-1024x768.py, then
``mmseg.registry.MODELS.build(cfg.model)``; the backbone is ``mmpretrain.VisionTransformer`` from
the clone's pretrain/ package), drops the pretrained checkpoint (``backbone.init_cfg=None``: random
weights take the same memory), and feeds it one synthetic batch in the data preprocessor's format
(a list of uint8 CHW images and SegDataSamples with a float ``gt_depth_map`` of the configured
size, as PackNormalInputs makes them). The traced step is what mmengine's ``train_step`` runs:
``data_preprocessor(data, training=True)`` then ``model(**data, mode='loss')``; the loss is the sum
of every returned entry whose key contains 'loss' (mmengine ``parse_losses``). The optimizer and loop
come from the config: ``optim_wrapper.optimizer`` (AdamW), ``optim_wrapper.clip_grad``, and the
precision of an ``AmpOptimWrapper`` if the config uses one (the normal_general configs do not).

It cannot run without mmengine, mmcv >= 2, and the clone's mmseg and mmpretrain on the path: this
oom-gate repository has none of them, so here only its argument checks and its import error are
tested (test/examples/sapiensTraceBuilders.test.ts). Use trace_sapiens.py, its plain-PyTorch copy,
where the clone is not installed. Checked against facebookresearch/sapiens 3e829ac: the config
layout (the 2b file name has a space before '.py'), DepthEstimator.loss returning (losses,
seg_logits), SegDataPreProcessor.forward and stack_batch padding gt_depth_map. On the meta device
the upstream losses' data-dependent ``if valid_mask.sum() == 0`` needs the tracer to give meta
scalars a truth value; if it cannot, the trace fails naming that line.
"""

import os

ARCHS = ('sapiens_0.3b', 'sapiens_0.6b', 'sapiens_1b', 'sapiens_2b')


def config_path(seg_root, arch):
    """The normal_general config of arch under seg_root (the clone's seg/ folder).

    The 2b file is named 'sapiens_2b_normal_general-1024x768 .py' upstream (a space before .py);
    either spelling is accepted. Raises ValueError for an unknown arch, FileNotFoundError naming the
    path when the config is not there.
    """
    if arch not in ARCHS:
        raise ValueError('arch must be one of %s, got %r' % (', '.join(ARCHS), arch))
    folder = os.path.join(seg_root, 'configs', 'sapiens_normal', 'normal_general')
    names = ['%s_normal_general-1024x768.py' % arch, '%s_normal_general-1024x768 .py' % arch]
    for name in names:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(
        'no %s config in %s (looked for %s); pass seg_root=<your clone>/seg or config=<file>'
        % (arch, folder, ' or '.join(repr(n) for n in names))
    )


def recipe(optim_wrapper):
    """Contract 7's optimizer and loop from a config's optim_wrapper dict.

    Returns (optimizer_kwargs, loop): AdamW's lr, betas, weight_decay (eps when set), and the loop
    with clip_grad_norm (clip_grad.max_norm or None) and precision ('fp32', or 'bf16-amp' /
    'fp16-amp' for an AmpOptimWrapper by its dtype). Raises ValueError for an optimizer other than
    AdamW (add it here when a config needs it).
    """
    optimizer = dict(optim_wrapper.get('optimizer') or {})
    kind = optimizer.pop('type', 'AdamW')
    if kind != 'AdamW':
        raise ValueError('optim_wrapper.optimizer.type %r: only AdamW is mapped (the Sapiens normal configs use it)' % kind)
    kwargs = {k: optimizer[k] for k in ('lr', 'betas', 'weight_decay', 'eps') if k in optimizer}
    if 'betas' in kwargs:
        kwargs['betas'] = tuple(kwargs['betas'])
    clip = optim_wrapper.get('clip_grad') or {}
    precision = 'fp32'
    if optim_wrapper.get('type') == 'AmpOptimWrapper':
        precision = 'bf16-amp' if 'bfloat16' in str(optim_wrapper.get('dtype', '')) else 'fp16-amp'
    loop = {'iterations': 2, 'zero_grad': 'before_forward', 'clip_grad_norm': clip.get('max_norm'), 'precision': precision}
    return kwargs, loop


def _import_upstream():
    try:
        import torch  # noqa: F401
        from mmengine.config import Config
        from mmengine.structures import PixelData
        from mmseg.registry import MODELS
        from mmseg.structures import SegDataSample
        from mmseg.utils import register_all_modules
        import mmpretrain  # noqa: F401  (registers mmpretrain.VisionTransformer)
    except ImportError as error:
        raise ImportError(
            'trace_sapiens_upstream.py needs the Sapiens clone installed (mmengine, mmcv>=2 and the clone\'s '
            'seg/ (mmseg) and pretrain/ (mmpretrain) packages): %s; run it in that environment, or trace '
            'examples/sapiens-normal/trace_sapiens.py (plain PyTorch) instead' % error
        ) from error
    return Config, PixelData, MODELS, SegDataSample, register_all_modules


def build(batch=1, arch='sapiens_2b', seg_root='.', config=None, ddp=True):
    """Contract 7's dict for the upstream Sapiens normal model at batch images per GPU."""
    path = config or config_path(seg_root, arch)
    Config, PixelData, MODELS, SegDataSample, register_all_modules = _import_upstream()
    import torch

    register_all_modules(init_default_scope=True)
    cfg = Config.fromfile(path)
    cfg.model.backbone.init_cfg = None
    cfg.model.pretrained = None
    model = MODELS.build(cfg.model)
    height, width = cfg.model.data_preprocessor['size']
    data_samples = []
    for _ in range(batch):
        sample = SegDataSample(metainfo=dict(img_shape=(height, width), ori_shape=(height, width)))
        sample.gt_depth_map = PixelData(data=torch.randn(3, height, width))
        data_samples.append(sample)
    data = {
        'inputs': [torch.randint(0, 256, (3, height, width), dtype=torch.uint8) for _ in range(batch)],
        'data_samples': data_samples,
    }
    optimizer_kwargs, loop = recipe(cfg.optim_wrapper)
    loop['ddp'] = bool(ddp)

    class TrainStep(torch.nn.Module):
        """mmengine BaseModel.train_step without the optimizer: preprocess, then mode='loss'."""

        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, data):
            data = self.inner.data_preprocessor(data, True)
            return self.inner(**data, mode='loss')

    def total_loss(outputs, _inputs):
        losses = outputs[0] if isinstance(outputs, tuple) else outputs
        return sum(v for k, v in losses.items() if 'loss' in k)

    return {
        'model': TrainStep(model),
        'inputs': {'data': data},
        'loss': total_loss,
        'optimizer': lambda params: torch.optim.AdamW(params, **optimizer_kwargs),
        'loop': loop,
    }
