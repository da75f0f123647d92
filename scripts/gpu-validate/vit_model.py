"""Sapiens-shaped ViT + VitNormalHead for measuring training memory.

The backbone follows the structure of Sapiens' copy of mmpretrain's VisionTransformer
(pre-norm blocks, fused qkv, GELU MLP of 4h, conv patch embedding with padding, learned
position embedding, no class token, final LayerNorm, featmap output). With timm installed
and `impl="timm"`, timm's VisionTransformer builds the backbone instead (it has no patch
padding, so it is used only where the token grid comes out the same). The head replicates
facebookresearch/sapiens seg/mmseg/models/decode_heads/vit_normal_head.py with the normal
configs' settings: 3 ConvTranspose2d (k4 s2 p1, no bias), 3 1x1 convs, 768 channels, each
followed by InstanceNorm2d and SiLU(inplace), then Dropout2d(0.1) and a 1x1 conv to 3.

Runs on CPU with torch 1.13 (no SDPA there: eager attention only) for toy-size checks.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

# name -> (hidden, layers, heads, mlp); the same table as src/advise/architectures.ts
ARCHS = {
    "sapiens_0.3b": (1024, 24, 16, 4096),
    "sapiens_0.6b": (1280, 32, 16, 5120),
    "sapiens_1b": (1536, 40, 24, 6144),
    "sapiens_2b": (1920, 48, 32, 7680),
    "vit_base": (768, 12, 12, 3072),
    "vit_large": (1024, 24, 16, 4096),
}

HEAD_CHANNELS = 768
HEAD_CLASSES = 3


def token_grid(height, width, patch, padding):
    """floor((H + 2*pad - p) / p) + 1 per side, as Conv2d computes it."""
    rows = (height + 2 * padding - patch) // patch + 1
    cols = (width + 2 * padding - patch) // patch + 1
    return rows, cols


class Attention(nn.Module):
    def __init__(self, dim, heads, eager):
        super().__init__()
        self.heads = heads
        self.eager = eager
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        if self.eager or not hasattr(F, "scaled_dot_product_attention"):
            # mmpretrain's scaled_dot_product_attention_pyimpl (attention dropout 0)
            attn = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
            attn = torch.softmax(attn, dim=-1)
            x = attn @ v
        else:
            x = F.scaled_dot_product_attention(q, k, v)
        return self.proj(x.transpose(1, 2).reshape(b, n, c))


class Block(nn.Module):
    def __init__(self, dim, heads, mlp, eager):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads, eager)
        self.ln2 = nn.LayerNorm(dim, eps=1e-6)
        self.fc1 = nn.Linear(dim, mlp)
        self.fc2 = nn.Linear(mlp, dim)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class Backbone(nn.Module):
    """Returns the final-normed tokens as a B x C x rows x cols feature map."""

    def __init__(self, dims, image, patch, padding, eager, checkpointing=False):
        super().__init__()
        hidden, layers, heads, mlp = dims
        self.grid = token_grid(image[0], image[1], patch, padding)
        self.patch_embed = nn.Conv2d(3, hidden, patch, stride=patch, padding=padding)
        self.pos_embed = nn.Parameter(torch.zeros(1, self.grid[0] * self.grid[1], hidden))
        self.layers = nn.ModuleList(Block(hidden, heads, mlp, eager) for _ in range(layers))
        self.norm = nn.LayerNorm(hidden, eps=1e-6)
        self.checkpointing = checkpointing

    def forward(self, img):
        x = self.patch_embed(img).flatten(2).transpose(1, 2) + self.pos_embed
        for layer in self.layers:
            if self.checkpointing and x.requires_grad:
                from torch.utils.checkpoint import checkpoint

                x = checkpoint(layer, x, use_reentrant=False)
            else:
                x = layer(x)
        x = self.norm(x)
        b, n, c = x.shape
        return x.reshape(b, self.grid[0], self.grid[1], c).permute(0, 3, 1, 2)


class TimmBackbone(nn.Module):
    def __init__(self, dims, image, patch, eager, checkpointing=False):
        super().__init__()
        from timm.models.vision_transformer import VisionTransformer

        hidden, layers, heads, mlp = dims
        self.vit = VisionTransformer(
            img_size=image, patch_size=patch, num_classes=0, global_pool="", embed_dim=hidden,
            depth=layers, num_heads=heads, mlp_ratio=mlp / hidden, class_token=False,
            no_embed_class=True,
        )
        self.grid = (image[0] // patch, image[1] // patch)
        for blk in self.vit.blocks:
            if hasattr(blk.attn, "fused_attn"):
                blk.attn.fused_attn = not eager
        if checkpointing:
            self.vit.set_grad_checkpointing(True)

    def forward(self, img):
        x = self.vit.forward_features(img)
        b, n, c = x.shape
        return x.reshape(b, self.grid[0], self.grid[1], c).permute(0, 3, 1, 2)


class SapiensNormalHead(nn.Module):
    def __init__(self, in_channels, channels=HEAD_CHANNELS, classes=HEAD_CLASSES):
        super().__init__()
        layers = []
        for i in range(3):
            layers += [
                nn.ConvTranspose2d(in_channels if i == 0 else channels, channels, 4, stride=2, padding=1, bias=False),
                nn.InstanceNorm2d(channels),
                nn.SiLU(inplace=True),
            ]
        self.deconv_layers = nn.Sequential(*layers)
        layers = []
        for _ in range(3):
            layers += [nn.Conv2d(channels, channels, 1), nn.InstanceNorm2d(channels), nn.SiLU(inplace=True)]
        self.conv_layers = nn.Sequential(*layers)
        self.dropout = nn.Dropout2d(0.1)
        self.conv_seg = nn.Conv2d(channels, classes, 1)

    def forward(self, x):
        return self.conv_seg(self.dropout(self.conv_layers(self.deconv_layers(x))))


class NormalModel(nn.Module):
    def __init__(self, backbone, head):
        super().__init__()
        self.backbone = backbone
        self.head = head

    def forward(self, img):
        return self.head(self.backbone(img))


def build(arch, image, patch, padding=2, eager=False, impl="own", checkpointing=False):
    """The model and which backbone implementation was used ("own" or "timm")."""
    dims = ARCHS[arch] if isinstance(arch, str) else tuple(arch)
    used = "own"
    if impl in ("timm", "auto"):
        same_grid = token_grid(image[0], image[1], patch, padding) == (image[0] // patch, image[1] // patch)
        try:
            import timm  # noqa: F401

            if same_grid and image[0] % patch == 0 and image[1] % patch == 0:
                used = "timm"
        except ImportError:
            if impl == "timm":
                raise
    backbone = None
    if used == "timm":
        try:
            backbone = TimmBackbone(dims, image, patch, eager, checkpointing)
        except Exception as error:  # an older or newer timm without these options
            if impl == "timm":
                raise
            print(f"timm backbone unavailable ({error}); using the built-in ViT", flush=True)
            used = "own"
    if backbone is None:
        backbone = Backbone(dims, image, patch, padding, eager, checkpointing)
    return NormalModel(backbone, SapiensNormalHead(dims[0])), used


def normal_loss(pred, target):
    """Cosine-similarity + L1 loss on normals upsampled to the image, as the normal configs use."""
    pred = F.interpolate(pred, size=target.shape[-2:], mode="bilinear", align_corners=False)
    cos = 1 - F.cosine_similarity(pred, target, dim=1).mean()
    return cos + F.l1_loss(pred, target)
