"""A plain-PyTorch ViT (timm-style blocks) for the trace's tests and bench: patch embedding,
`depth` pre-norm blocks (attention with a fused qkv projection, MLP 4x), a linear head."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Attention(nn.Module):
    def __init__(self, dim, heads, sdpa):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)
        self.sdpa = sdpa and hasattr(F, "scaled_dot_product_attention")

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        if self.sdpa:
            x = F.scaled_dot_product_attention(q, k, v)
        else:
            attn = (q * (q.shape[-1] ** -0.5)) @ k.transpose(-2, -1)
            attn = attn.softmax(dim=-1)
            x = attn @ v
        return self.proj(x.transpose(1, 2).reshape(b, n, c))


class Block(nn.Module):
    def __init__(self, dim, heads, sdpa):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads, sdpa)
        self.norm2 = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, dim * 4)
        self.fc2 = nn.Linear(dim * 4, dim)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class ViT(nn.Module):
    def __init__(self, dim, depth, heads, patch, height, width, sdpa, head=True):
        super().__init__()
        self.embed = nn.Conv2d(3, dim, patch, stride=patch)
        tokens = (height // patch) * (width // patch)
        self.pos = nn.Parameter(torch.zeros(1, tokens, dim))
        self.blocks = nn.ModuleList(Block(dim, heads, sdpa) for _ in range(depth))
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, 10) if head else None

    def forward(self, images):
        x = self.embed(images).flatten(2).transpose(1, 2) + self.pos
        for block in self.blocks:
            x = block(x)
        if self.head is None:
            return self.norm(x)  # the tokens, as `oom-gate estimate --head none` models them
        return self.head(self.norm(x).mean(1))


def build(batch=2, dim=64, depth=2, heads=4, patch=8, height=32, width=32, sdpa=True, loop=None, checkpoint=None, head=True):
    model = ViT(dim, depth, heads, patch, height, width, sdpa, head)
    images = torch.randn(batch, 3, height, width)
    labels = torch.zeros(batch, dtype=torch.long)
    return {
        "model": model,
        "inputs": images,
        "loss": (lambda logits, inputs: F.cross_entropy(logits, labels)) if head else None,
        "loop": loop or {},
        "checkpoint": checkpoint,
    }
