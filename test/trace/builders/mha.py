"""nn.MultiheadAttention with attention dropout inside (the estimator has no term for it), in
pre-norm encoder blocks with dropout after attention and MLP (torch's own modules)."""
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, dim, heads, depth, dropout):
        super().__init__()
        self.layers = nn.ModuleList(
            nn.TransformerEncoderLayer(dim, heads, dim * 4, dropout=dropout, batch_first=True, norm_first=True)
            for _ in range(depth)
        )
        self.attn = nn.MultiheadAttention(dim, heads, dropout=dropout, batch_first=True)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        out, _ = self.attn(x, x, x)
        return out


def build(batch=2, tokens=16, dim=32, heads=4, depth=2, dropout=0.1, loop=None):
    return {
        "model": Encoder(dim, heads, depth, dropout),
        "inputs": torch.randn(batch, tokens, dim),
        "loop": loop or {},
    }
