"""A segmentation model the formula estimator cannot express: a small ViT backbone, a decoder that
upsamples the token grid back to full resolution with convolutions, and a per-pixel cross-entropy
at full resolution (nll_loss2d; on 1.13 meta needs the tracer's kernels for it and for
convolution backward)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from vit import Block


class Segmenter(nn.Module):
    def __init__(self, dim, depth, heads, patch, classes, channels):
        super().__init__()
        self.patch = patch
        self.embed = nn.Conv2d(3, dim, patch, stride=patch)
        self.blocks = nn.Sequential(*[Block(dim, heads, sdpa=True) for _ in range(depth)])
        ups = []
        in_channels = dim
        for _ in range(patch.bit_length() - 1):  # log2(patch) 2x upsamplings
            ups += [nn.ConvTranspose2d(in_channels, channels, 2, stride=2), nn.BatchNorm2d(channels), nn.ReLU(inplace=True)]
            in_channels = channels
        self.decoder = nn.Sequential(*ups)
        self.classify = nn.Conv2d(channels, classes, 1)

    def forward(self, images):
        b, _, h, w = images.shape
        x = self.embed(images)
        gh, gw = x.shape[-2:]
        x = self.blocks(x.flatten(2).transpose(1, 2))
        x = x.transpose(1, 2).reshape(b, -1, gh, gw)
        return self.classify(self.decoder(x))


def build(batch=2, dim=32, depth=2, heads=2, patch=4, height=32, width=32, classes=5, channels=16, loop=None):
    model = Segmenter(dim, depth, heads, patch, classes, channels)
    images = torch.randn(batch, 3, height, width)
    labels = torch.zeros(batch, height, width, dtype=torch.long)
    return {
        "model": model,
        "inputs": images,
        "loss": lambda logits, inputs: F.cross_entropy(logits, labels),
        "loop": loop or {},
    }
