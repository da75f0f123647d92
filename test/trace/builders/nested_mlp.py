"""Blocks whose MLP is an nn.Sequential of Linears: more Linears than Blocks in the model's
ModuleLists and Sequentials together, so `--checkpoint auto` must pick the repeated blocks (the
most repeated class within one container), not the Linear layers inside them."""
import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, dim * 4), nn.GELU(), nn.Linear(dim * 4, dim))

    def forward(self, x):
        return x + self.mlp(self.norm(x))


class Stack(nn.Module):
    def __init__(self, dim, depth):
        super().__init__()
        self.embed = nn.Linear(dim, dim)
        self.blocks = nn.ModuleList(Block(dim) for _ in range(depth))

    def forward(self, x):
        x = self.embed(x)
        for block in self.blocks:
            x = block(x)
        return x


def build(batch=2, depth=2, dim=32):
    return {"model": Stack(dim, depth), "inputs": torch.randn(batch, 16, dim)}
