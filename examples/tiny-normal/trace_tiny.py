"""oom-gate trace builder for the demo's toy Sapiens normal estimators (train.py in this folder).

    oom-gate trace examples/tiny-normal/trace_tiny.py:build --arg size=2b --arg patch=16

It imports train.py's own model (NormalEstimator, SIZES) and reproduces its training step: images
and target normals of the configured size (fp32), the model's (normals, raw) outputs, loss =
(1 - cosine) + L1 against the target, AdamW(lr 1e-3, weight decay 0.01), and train.py's order:
``optimizer.zero_grad(set_to_none=True)`` after the forward and loss, then backward and step. The
dims are the toy's (oom-gate.yml's estimate blocks: width 64/80/96/128, depth 24/32/40/48, heads
16/16/24/32, head channels 48, image 320x240).

Arguments: size (0.3b | 0.6b | 1b | 2b), patch (16 | 32), image (HxW, 320x240), attention
(eager | sdpa; sdpa needs torch >= 2.0, as train.py says), padding (2).
"""

import torch
import torch.nn.functional as F

from train import SIZES, NormalEstimator, parse_image


def loss_of(target):
    def loss(outputs, _inputs):
        normals, _raw = outputs
        cosine = 1 - (normals * target).sum(dim=1).mean()
        l1 = (normals - target).abs().mean()
        return cosine + l1

    return loss


def build(batch=1, size='0.3b', patch=16, image='320x240', attention='eager', padding=2):
    """Contract 7's dict for train.py's model and step. ValueError names a bad argument."""
    if size not in SIZES:
        raise ValueError('size must be one of %s, got %r' % (', '.join(sorted(SIZES)), size))
    if attention not in ('eager', 'sdpa'):
        raise ValueError("attention must be 'eager' or 'sdpa', got %r" % (attention,))
    if attention == 'sdpa' and not hasattr(F, 'scaled_dot_product_attention'):
        raise ValueError('attention=sdpa needs torch >= 2.0 (this is torch %s)' % torch.__version__)
    height, width = parse_image(image) if isinstance(image, str) else image
    dims, depth, heads = SIZES[size]
    model = NormalEstimator(dims, depth, heads, (height, width), int(patch), int(padding), attention)
    images = torch.randn(batch, 3, height, width)
    target = F.normalize(torch.randn(batch, 3, height, width), dim=1)
    return {
        'model': model,
        'inputs': images,
        'loss': loss_of(target),
        'optimizer': lambda params: torch.optim.AdamW(params, lr=1e-3, weight_decay=0.01),
        'loop': {'iterations': 2, 'zero_grad': 'after_forward', 'set_to_none': True},
    }
