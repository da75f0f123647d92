"""oom-gate trace builder: Sapiens surface-normal fine-tuning, in plain PyTorch, at its real shapes.

    oom-gate trace examples/sapiens-normal/trace_sapiens.py:build --batch 2 \
        --arg arch=sapiens_2b --arg image=1024x768 --arg patch=16 --arg attention=sdpa

A copy, module for module, of what facebookresearch/sapiens (3e829ac) builds from
seg/configs/sapiens_normal/normal_general/sapiens_*_normal_general-1024x768.py:

- backbone: its mmpretrain VisionTransformer (pretrain/mmpretrain/models/backbones/
  vision_transformer.py) with arch sapiens_0.3b/0.6b/1b/2b (1024/24/16, 1280/32/16, 1536/40/24,
  1920/48/32; ffn 4h), qkv_bias, no cls token, LayerNorm eps 1e-6, final_norm, drop_path_rate 0.0,
  out_type 'featmap'; mmcv PatchEmbed: conv kernel = stride = patch, padding 2 (1024x768 at p16 is
  64 x 48 tokens); position embedding at the configured grid (no resize);
- attention: mmpretrain MultiheadAttention: one qkv linear, F.scaled_dot_product_attention on torch
  >= 2.0 ('sdpa'), else its scaled_dot_product_attention_pyimpl ('eager': q @ k^T / scale, softmax,
  @ v);
- decode head: VitNormalHead (seg/mmseg/models/decode_heads/vit_normal_head.py): three
  ConvTranspose2d(k4, s2, p1, no bias) + InstanceNorm2d + SiLU(inplace) to 768 channels (8x the
  token grid), three 1x1 Conv2d + InstanceNorm2d + SiLU(inplace), BaseDecodeHead's Dropout2d(0.1)
  and 1x1 conv_seg to 3 channels;
- loss: logits resized (bilinear) to the label (the image size), CosineSimilarityLoss and L1Loss
  (seg/mmseg/models/losses/), both with eps=-100 valid masks;
- recipe: fp32 (no AMP wrapper), AdamW(lr 5e-4, betas (0.9, 0.999), weight decay 0.1), clip_grad
  max_norm 1.0, mmengine's loop (zero_grad after the step = before the next forward), DDP
  (tools/dist_train.sh; the fine-tune scripts pass train_dataloader.batch_size=2 per GPU).

Arguments: arch (sapiens_0.3b | sapiens_0.6b | sapiens_1b | sapiens_2b), image (HxW, 1024x768),
patch (16 | 32; 32 changes the pretrained grid), attention (sdpa | eager; default: what the upstream
code picks on this torch), ddp (true), checkpointing (false: torch.utils.checkpoint around each
transformer layer, a code change upstream), precision (fp32 | bf16-amp), and the test-only shrink
(divide every width by it) and layers (override the depth).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint

# pretrain/mmpretrain/models/backbones/vision_transformer.py arch_zoo
ARCHS = {
    'sapiens_0.3b': dict(embed_dims=1024, num_layers=24, num_heads=16),
    'sapiens_0.6b': dict(embed_dims=1280, num_layers=32, num_heads=16),
    'sapiens_1b': dict(embed_dims=1536, num_layers=40, num_heads=24),
    'sapiens_2b': dict(embed_dims=1920, num_layers=48, num_heads=32),
}
HEAD_CHANNELS = 768  # deconv_out_channels = conv_out_channels = (768, 768, 768)
PATCH_PADDING = 2  # patch_cfg=dict(padding=2)


def parse_image(image):
    """'1024x768' (height x width) or a (height, width) pair."""
    if isinstance(image, str):
        h, sep, w = image.lower().partition('x')
        if not (sep and h.isdigit() and w.isdigit()):
            raise ValueError("image must be HEIGHTxWIDTH, e.g. 1024x768, got %r" % image)
        return int(h), int(w)
    h, w = image
    return int(h), int(w)


def token_grid(image, patch, padding=PATCH_PADDING):
    """floor((side + 2 * padding - patch) / patch) + 1 per side (conv with kernel = stride = patch)."""
    return tuple((side + 2 * padding - patch) // patch + 1 for side in image)


def eager_attention(q, k, v, dropout_p=0.0):
    """mmpretrain scaled_dot_product_attention_pyimpl (torch < 2.0 path)."""
    scale = q.size(-1) ** 0.5
    attn_weight = q @ k.transpose(-2, -1) / scale
    attn_weight = torch.softmax(attn_weight, dim=-1)
    attn_weight = torch.dropout(attn_weight, dropout_p, True)
    return attn_weight @ v


class MultiheadAttention(nn.Module):
    """mmpretrain.models.utils.attention.MultiheadAttention (no layer scale, no v_shortcut)."""

    def __init__(self, dims, heads, attention):
        super().__init__()
        self.heads = heads
        self.head_dims = dims // heads
        self.embed_dims = dims
        self.attention = attention
        self.qkv = nn.Linear(dims, dims * 3, bias=True)
        self.proj = nn.Linear(dims, dims)
        self.proj_drop = nn.Dropout(0.0)

    def forward(self, x):
        b, n, _ = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, self.head_dims).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        if self.attention == 'sdpa':
            x = F.scaled_dot_product_attention(q, k, v, dropout_p=0.0)
        else:
            x = eager_attention(q, k, v, dropout_p=0.0)
        x = x.transpose(1, 2).reshape(b, n, self.embed_dims)
        return self.proj_drop(self.proj(x))


class FFN(nn.Module):
    """mmcv FFN (two fcs, GELU, dropout 0, identity added)."""

    def __init__(self, dims, hidden):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Sequential(nn.Linear(dims, hidden), nn.GELU(), nn.Dropout(0.0)), nn.Linear(hidden, dims), nn.Dropout(0.0)
        )

    def forward(self, x, identity):
        return identity + self.layers(x)


class TransformerEncoderLayer(nn.Module):
    """mmpretrain TransformerEncoderLayer: x + attn(ln1(x)), then ffn(ln2(x), identity=x)."""

    def __init__(self, dims, heads, attention):
        super().__init__()
        self.ln1 = nn.LayerNorm(dims, eps=1e-6)
        self.attn = MultiheadAttention(dims, heads, attention)
        self.ln2 = nn.LayerNorm(dims, eps=1e-6)
        self.ffn = FFN(dims, 4 * dims)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return self.ffn(self.ln2(x), identity=x)


class VisionTransformer(nn.Module):
    """The Sapiens backbone: mmpretrain VisionTransformer, out_type='featmap', no cls token."""

    def __init__(self, dims, depth, heads, image, patch, attention, checkpointing=False):
        super().__init__()
        self.patch_embed = nn.Conv2d(3, dims, kernel_size=patch, stride=patch, padding=PATCH_PADDING)
        self.grid = token_grid(image, patch)
        self.pos_embed = nn.Parameter(torch.zeros(1, self.grid[0] * self.grid[1], dims))
        self.drop_after_pos = nn.Dropout(0.0)
        self.layers = nn.ModuleList(TransformerEncoderLayer(dims, heads, attention) for _ in range(depth))
        self.ln1 = nn.LayerNorm(dims, eps=1e-6)
        self.checkpointing = checkpointing

    def forward(self, x):
        b = x.shape[0]
        x = self.patch_embed(x)
        hw = x.shape[2:]
        x = x.flatten(2).transpose(1, 2)
        x = self.drop_after_pos(x + self.pos_embed)
        for layer in self.layers:
            x = checkpoint(layer, x, use_reentrant=False) if self.checkpointing else layer(x)
        x = self.ln1(x)
        return (x.reshape(b, hw[0], hw[1], -1).permute(0, 3, 1, 2),)


class VitNormalHead(nn.Module):
    """sapiens seg/mmseg/models/decode_heads/vit_normal_head.py at the normal_general settings."""

    def __init__(self, in_channels, channels=HEAD_CHANNELS, num_classes=3):
        super().__init__()
        layers, c = [], in_channels
        for _ in range(3):
            layers += [nn.ConvTranspose2d(c, channels, 4, stride=2, padding=1, output_padding=0, bias=False),
                       nn.InstanceNorm2d(channels), nn.SiLU(inplace=True)]
            c = channels
        self.deconv_layers = nn.Sequential(*layers)
        layers = []
        for _ in range(3):
            layers += [nn.Conv2d(channels, channels, 1), nn.InstanceNorm2d(channels), nn.SiLU(inplace=True)]
        self.conv_layers = nn.Sequential(*layers)
        self.dropout = nn.Dropout2d(0.1)  # BaseDecodeHead dropout_ratio default
        self.conv_seg = nn.Conv2d(channels, num_classes, kernel_size=1)

    def forward(self, inputs):
        x = self.deconv_layers(inputs[-1])
        x = self.conv_layers(x)
        return self.conv_seg(self.dropout(x))


def cosine_similarity_loss(pred, target, eps=-100, thres_eps=1e-6):
    """sapiens CosineSimilarityLoss (reduction mean, weight 1)."""
    valid_mask = (target > eps).detach().float()
    valid_mask = valid_mask[:, 0, :, :].unsqueeze(1)
    pred_norm = F.normalize(pred, p=2, dim=1, eps=thres_eps)
    target_norm = F.normalize(target, p=2, dim=1, eps=thres_eps)
    cos_sim = (pred_norm * target_norm).sum(dim=1, keepdim=True)
    loss = (1 - cos_sim) * valid_mask
    return torch.nan_to_num(loss.sum() / valid_mask.sum().clamp(min=1), nan=0.0, posinf=0.0, neginf=0.0)


def l1_loss(pred, target, eps=-100):
    """sapiens L1Loss (reduction mean, weight 1)."""
    valid_mask = (target > eps).detach().float()
    valid_mask = valid_mask[:, 0, :, :].unsqueeze(1)
    loss = F.l1_loss(pred, target, reduction='none') * valid_mask
    return loss.sum() / valid_mask.sum().clamp(min=1)


class NormalEstimator(nn.Module):
    """sapiens DepthEstimator.loss for VitNormalHead: backbone, head, both losses at the label size;
    returns (losses, seg_logits) as upstream does. The valid_mask.sum() == 0 early exits of the
    upstream losses are data-dependent branches on a scalar (no memory) and are left out."""

    def __init__(self, backbone, head):
        super().__init__()
        self.backbone = backbone
        self.decode_head = head

    def forward(self, inputs, gt_normal):
        seg_logits = self.decode_head(self.backbone(inputs))
        resized = F.interpolate(seg_logits, size=gt_normal.shape[2:], mode='bilinear', align_corners=False)
        resized, label = resized.squeeze(1), gt_normal.squeeze(1)
        losses = {'decode.loss_cosine_sim': cosine_similarity_loss(resized, label), 'decode.loss_l1': l1_loss(resized, label)}
        return losses, seg_logits


def default_attention():
    """What the upstream code picks on this torch: SDPA from torch 2.0, the eager pyimpl before."""
    return 'sdpa' if hasattr(F, 'scaled_dot_product_attention') else 'eager'


def total_loss(outputs, _inputs):
    losses, _ = outputs
    return sum(v for k, v in losses.items() if 'loss' in k)


def build(batch=1, arch='sapiens_2b', image='1024x768', patch=16, attention=None, ddp=True, checkpointing=False,
          precision='fp32', shrink=1, layers=None):
    """Returns contract 7's dict for Sapiens normal fine-tuning at batch images per GPU.

    Raises ValueError naming the argument for an unknown arch, patch, attention, precision or a
    malformed image, and for attention='sdpa' on a torch without F.scaled_dot_product_attention.
    """
    if arch not in ARCHS:
        raise ValueError('arch must be one of %s, got %r' % (', '.join(ARCHS), arch))
    if int(patch) not in (16, 32):
        raise ValueError('patch must be 16 or 32, got %r' % (patch,))
    attention = attention or default_attention()
    if attention not in ('sdpa', 'eager'):
        raise ValueError("attention must be 'sdpa' or 'eager', got %r" % attention)
    if attention == 'sdpa' and not hasattr(F, 'scaled_dot_product_attention'):
        raise ValueError('attention=sdpa needs torch >= 2.0 (this is torch %s); use attention=eager' % torch.__version__)
    if precision not in ('fp32', 'bf16-amp'):
        raise ValueError("precision must be 'fp32' or 'bf16-amp', got %r" % precision)
    size = parse_image(image)
    settings = ARCHS[arch]
    heads = settings['num_heads']
    dims = heads * max(1, settings['embed_dims'] // heads // shrink)  # shrink keeps whole heads
    depth = layers or settings['num_layers']
    backbone = VisionTransformer(dims, depth, heads, size, int(patch), attention, checkpointing)
    head = VitNormalHead(dims, max(1, HEAD_CHANNELS // shrink))
    model = NormalEstimator(backbone, head)
    inputs = {
        'inputs': torch.randn(batch, 3, size[0], size[1]),  # SegDataPreProcessor output, fp32
        'gt_normal': torch.randn(batch, 3, size[0], size[1]),  # PackNormalInputs gt_depth_map, fp32
    }
    return {
        'model': model,
        'inputs': inputs,
        'loss': total_loss,
        'optimizer': lambda params: torch.optim.AdamW(params, lr=5e-4, betas=(0.9, 0.999), weight_decay=0.1),
        'loop': {'iterations': 2, 'zero_grad': 'before_forward', 'clip_grad_norm': 1.0, 'ddp': bool(ddp),
                 'precision': precision},
    }
