"""A toy Sapiens surface-normal fine-tune: small enough for a CPU, shaped like the real thing.

Sapiens (Meta, 2024) estimates surface normals with a plain ViT backbone and a deconvolution decode
head. This script mirrors it at toy scale so that its memory behaves the same way:

- conv patch embedding with kernel = stride = patch and padding 2, as Sapiens' (its token grid is
  floor((H + 2*padding - patch) / patch) + 1 per side: 1024x768 at p16 is 64x48 tokens);
- a learned position embedding, no cls token, pre-norm transformer blocks with an MLP of 4x the
  width and eager attention (on torch < 2 Sapiens' attention keeps heads x tokens^2 probabilities
  per layer for the backward pass, which is what makes the 2b model outgrow an 80 GB card);
- a VitNormalHead-like decoder: ConvTranspose2d stages that upsample the token grid 8x, 1x1 convs,
  then a conv to 3 channels; the output is resized to the image and normalised to unit length;
- loss = (1 - cosine) + L1 against the target normals; AdamW; fp32; batch 1 by default;
- synthetic data made in memory: normals of a random smooth height field and an image shaded from
  them (Lambertian light, albedo, noise), deterministic from --seed.

The four sizes keep the depth and head count of Sapiens' 0.3b/0.6b/1b/2b backbones and divide the
width (and the head's channels) by 16; the default image, 320x240, is Sapiens' 1024x768 / 3.2. Runs
on CPU with torch 1.13 or newer, on CUDA when present (--device).
"""
import argparse
import math
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# name: (width, depth, heads). Sapiens: 1024/24/16, 1280/32/16, 1536/40/24, 1920/48/32 (head dims
# 64, 80, 64, 60). The toys keep Sapiens' depth and head count and divide the width by 16 (2b's 120
# rounded to 128 for a whole head dim): attention memory, heads x tokens^2 per layer, then grows
# across the family as in the real models while the matmuls stay affordable on a CPU.
SIZES = {
    '0.3b': (64, 24, 16),
    '0.6b': (80, 32, 16),
    '1b': (96, 40, 24),
    '2b': (128, 48, 32),
}
HEAD_CHANNELS = 48  # Sapiens' VitNormalHead: 768 channels in its deconvs and convs (/ 16)


def token_grid(height, width, patch, padding):
    """Tokens per side of a conv patch embedding (kernel = stride = patch)."""
    return (height + 2 * padding - patch) // patch + 1, (width + 2 * padding - patch) // patch + 1


class Attention(nn.Module):
    def __init__(self, width, heads, kind):
        super().__init__()
        self.heads = heads
        self.kind = kind
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)

    def forward(self, x):
        b, s, c = x.shape
        q, k, v = self.qkv(x).reshape(b, s, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        if self.kind == 'sdpa':  # torch >= 2.0: memory-efficient kernels, no s^2 tensor kept
            out = F.scaled_dot_product_attention(q, k, v)
        else:  # eager, as on torch < 2: the softmax output (b x heads x s x s) is saved for backward
            scores = (q * (q.shape[-1] ** -0.5)) @ k.transpose(-2, -1)
            out = scores.softmax(dim=-1) @ v
        return self.proj(out.transpose(1, 2).reshape(b, s, c))


class Block(nn.Module):
    def __init__(self, width, heads, attention):
        super().__init__()
        self.ln1 = nn.LayerNorm(width)
        self.attn = Attention(width, heads, attention)
        self.ln2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


def norm_act(channels):
    return [nn.InstanceNorm2d(channels), nn.SiLU()]


class NormalEstimator(nn.Module):
    def __init__(self, width, depth, heads, image, patch, padding, attention):
        super().__init__()
        self.grid = token_grid(image[0], image[1], patch, padding)
        self.patch_embed = nn.Conv2d(3, width, kernel_size=patch, stride=patch, padding=padding)
        self.pos_embed = nn.Parameter(torch.zeros(1, self.grid[0] * self.grid[1], width))
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        self.blocks = nn.ModuleList(Block(width, heads, attention) for _ in range(depth))
        self.ln = nn.LayerNorm(width)
        layers = []
        channels = width
        for _ in range(3):  # three 2x deconvolutions: 8x the token grid, like VitNormalHead
            layers += [nn.ConvTranspose2d(channels, HEAD_CHANNELS, 4, stride=2, padding=1, bias=False)]
            layers += norm_act(HEAD_CHANNELS)
            channels = HEAD_CHANNELS
        for _ in range(2):
            layers += [nn.Conv2d(HEAD_CHANNELS, HEAD_CHANNELS, 1)] + norm_act(HEAD_CHANNELS)
        layers += [nn.Conv2d(HEAD_CHANNELS, 3, 1)]
        self.head = nn.Sequential(*layers)

    def forward(self, images):
        x = self.patch_embed(images)  # b x width x gh x gw
        b, c, gh, gw = x.shape
        x = x.flatten(2).transpose(1, 2) + self.pos_embed
        for block in self.blocks:
            x = block(x)
        x = self.ln(x).transpose(1, 2).reshape(b, c, gh, gw)
        raw = self.head(x)  # b x 3 x 8gh x 8gw
        out = F.interpolate(raw, size=images.shape[-2:], mode='bilinear', align_corners=False)
        return F.normalize(out, dim=1), raw


def synthetic_batch(batch, height, width, generator):
    """Normals of a random smooth height field, and an image shaded from them."""
    coarse = torch.randn(batch, 1, max(2, height // 64), max(2, width // 64), generator=generator)
    z = F.interpolate(coarse, size=(height, width), mode='bicubic', align_corners=False) * (height / 16)
    dz_dy, dz_dx = torch.gradient(z[:, 0], dim=(1, 2))
    normals = F.normalize(torch.stack([-dz_dx, -dz_dy, torch.ones_like(dz_dx)], dim=1), dim=1)
    light = F.normalize(torch.randn(batch, 3, 1, 1, generator=generator).abs() + 0.2, dim=1)
    shading = (normals * light).sum(1, keepdim=True).clamp(min=0)
    albedo = 0.5 + 0.5 * torch.rand(batch, 3, 1, 1, generator=generator)
    noise = 0.02 * torch.randn(batch, 3, height, width, generator=generator)
    return albedo * shading + noise, normals


def parse_image(text):
    h, _, w = text.lower().partition('x')
    if not (h.isdigit() and w.isdigit()):
        raise argparse.ArgumentTypeError('write HEIGHTxWIDTH, e.g. 512x384')
    return int(h), int(w)


def max_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--size', choices=sorted(SIZES), default='0.3b')
    parser.add_argument('--patch', type=int, default=16)
    parser.add_argument('--padding', type=int, default=2)
    parser.add_argument('--image', type=parse_image, default=(320, 240), help='HEIGHTxWIDTH')
    parser.add_argument('--batch', type=int, default=1)
    parser.add_argument('--steps', type=int, default=3)
    parser.add_argument('--threads', type=int, default=0, help='CPU threads (0: torch default)')
    parser.add_argument('--attention', choices=['eager', 'sdpa'], default='eager')
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--device', default='auto', help='auto, cpu, cuda, cuda:1...')
    args = parser.parse_args(argv)

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if args.attention == 'sdpa' and not hasattr(F, 'scaled_dot_product_attention'):
        parser.error('--attention sdpa needs torch >= 2.0 (this is %s)' % torch.__version__)
    device = torch.device('cuda' if args.device == 'auto' and torch.cuda.is_available() else args.device.replace('auto', 'cpu'))
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)

    width, depth, heads = SIZES[args.size]
    height, image_width = args.image
    model = NormalEstimator(width, depth, heads, args.image, args.patch, args.padding, args.attention).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    params = sum(p.numel() for p in model.parameters())
    gh, gw = model.grid
    print(
        'model: tiny_%s width %d depth %d heads %d params %.2fM on %s, torch %s, %d threads'
        % (args.size, width, depth, heads, params / 1e6, device, torch.__version__, torch.get_num_threads())
    )
    print(
        'tokens: %dx%d = %d (image %dx%d, patch %d, padding %d, batch %d, %s attention)'
        % (gh, gw, gh * gw, height, image_width, args.patch, args.padding, args.batch, args.attention)
    )
    sys.stdout.flush()

    losses = []
    for step in range(1, args.steps + 1):
        started = time.perf_counter()
        images, target = synthetic_batch(args.batch, height, image_width, generator)
        images, target = images.to(device), target.to(device)
        normals, raw = model(images)
        cosine = 1 - (normals * target).sum(dim=1).mean()
        l1 = (normals - target).abs().mean()
        loss = cosine + l1
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        value = loss.item()  # synchronises CUDA, so the step time is real
        if not math.isfinite(value):
            print('step %d: loss is %s' % (step, value), file=sys.stderr)
            return 1
        losses.append(value)
        if step == 1:
            print(
                'output: normals %s, head %s'
                % ('x'.join(map(str, normals.shape)), 'x'.join(map(str, raw.shape)))
            )
        print(
            'step %d/%d loss %.4f (cosine %.4f, l1 %.4f) %.2fs'
            % (step, args.steps, value, cosine.item(), l1.item(), time.perf_counter() - started)
        )
        sys.stdout.flush()
    cuda = ''
    if device.type == 'cuda':
        cuda = ', max allocated %.0f MiB, max reserved %.0f MiB' % (
            torch.cuda.max_memory_allocated(device) / 2**20,
            torch.cuda.max_memory_reserved(device) / 2**20,
        )
    print('done: loss %.4f -> %.4f, max rss %.0f MiB%s' % (losses[0], losses[-1], max_rss_mib(), cuda))
    return 0


if __name__ == '__main__':
    sys.exit(main())
