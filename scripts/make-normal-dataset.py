#!/usr/bin/env python3
"""Write a small synthetic surface-normal data set in Sapiens' `normal_general` layout.

Sapiens' NormalGeneralDataset (seg/mmseg/datasets/normal_general.py) loads the stems that
are present in all three folders of its data_root:

    DATA_ROOT/images/<stem>.png    RGB image (read with cv2.imread, BGR)
    DATA_ROOT/masks/<stem>.png     foreground mask, 0 = background, 255 = foreground
    DATA_ROOT/normals/<stem>.npy   H x W x 3 float32 unit normals (X, Y, Z)

and takes the bounding box of the mask, so an empty mask crashes the data loader. Each
sample here is a smooth random height field inside an ellipse (the "person"), its normals,
and an image shaded from those normals. Enough for a smoke fine-tune that reaches the real
peak memory on a runner without the toy data set or internet access:

    python3 scripts/make-normal-dataset.py --out /data/normal_toy --count 20
    cd seg && python tools/train.py "configs/sapiens_normal/normal_general/sapiens_1b_normal_general-1024x768.py" \\
        --cfg-options train_dataloader.dataset.datasets.0.data_root=/data/normal_toy ...

Needs only numpy; PNGs are written with the standard library (zlib).
"""
import argparse
import os
import struct
import sys
import zlib

import numpy as np


def write_png(path, pixels):
    """8-bit PNG from an H x W (grey) or H x W x 3 (RGB) uint8 array, filter 0 on every row."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    height, width = pixels.shape[:2]
    color_type = 0 if pixels.ndim == 2 else 2
    rows = pixels.reshape(height, -1)
    raw = b''.join(b'\x00' + rows[y].tobytes() for y in range(height))

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack('>IIBBBBB', width, height, 8, color_type, 0, 0, 0)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(raw, 6)) + chunk(b'IEND', b''))


def sample(height, width, rng):
    """(image uint8 HxWx3 RGB, mask uint8 HxW in {0, 255}, normals float32 HxWx3 unit)."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    # An upright ellipse covering 30-60% of each side: never empty, never the whole frame.
    cy, cx = height * rng.uniform(0.4, 0.6), width * rng.uniform(0.4, 0.6)
    ry, rx = height * rng.uniform(0.3, 0.45), width * rng.uniform(0.15, 0.3)
    inside = ((y - cy) / ry) ** 2 + ((x - cx) / rx) ** 2 <= 1.0
    # Height field: a dome over the ellipse plus a few random bumps.
    z = np.sqrt(np.clip(1.0 - ((y - cy) / ry) ** 2 - ((x - cx) / rx) ** 2, 0.0, None)) * min(ry, rx)
    for _ in range(6):
        by, bx = rng.uniform(0, height), rng.uniform(0, width)
        s = rng.uniform(0.03, 0.1) * min(height, width)
        z += rng.uniform(-0.3, 0.3) * min(ry, rx) * np.exp(-((y - by) ** 2 + (x - bx) ** 2) / (2 * s * s))
    gy, gx = np.gradient(z)
    normals = np.stack([-gx, -gy, np.ones_like(z)], axis=-1)
    normals /= np.linalg.norm(normals, axis=-1, keepdims=True)
    normals[~inside] = 0.0  # background carries no normal; the mask says where to look
    light = np.array([0.3, -0.4, 0.87], dtype=np.float32)
    light /= np.linalg.norm(light)
    shade = np.clip(normals @ light, 0.0, 1.0)
    albedo = rng.uniform(0.4, 1.0, size=3).astype(np.float32)
    image = shade[..., None] * albedo * 220.0 + rng.normal(0.0, 4.0, size=(height, width, 3))
    background = rng.uniform(20, 90, size=3)
    image[~inside] = background + rng.normal(0.0, 4.0, size=(int((~inside).sum()), 3))
    mask = np.where(inside, 255, 0).astype(np.uint8)
    return np.clip(image, 0, 255).astype(np.uint8), mask, normals.astype(np.float32)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', required=True, help='data root to write (images/, masks/, normals/)')
    parser.add_argument('--count', type=int, default=20, help='samples (default 20)')
    parser.add_argument('--height', type=int, default=1024)
    parser.add_argument('--width', type=int, default=768)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args(argv)
    if args.count < 1 or args.height < 8 or args.width < 8:
        parser.error('--count must be >= 1 and --height/--width >= 8')
    rng = np.random.default_rng(args.seed)
    for folder in ('images', 'masks', 'normals'):
        os.makedirs(os.path.join(args.out, folder), exist_ok=True)
    for i in range(args.count):
        stem = '%08d' % i
        image, mask, normals = sample(args.height, args.width, rng)
        write_png(os.path.join(args.out, 'images', stem + '.png'), image)
        write_png(os.path.join(args.out, 'masks', stem + '.png'), mask)
        np.save(os.path.join(args.out, 'normals', stem + '.npy'), normals)
    print('wrote %d samples of %dx%d to %s' % (args.count, args.height, args.width, args.out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
