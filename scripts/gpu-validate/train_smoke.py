"""A few training steps of a Sapiens-shaped normal-estimation model, for oom-gate to measure.

    python3 scripts/gpu-validate/train_smoke.py --arch sapiens_1b --image 1024x768 --patch 16 \
        --precision fp32 --attention efficient --steps 3 [--device cuda] [--impl auto|own|timm]

AdamW (torch's default foreach step), zero_grad(set_to_none=True) after each step (as
mmengine's OptimWrapper does), random weights and data. Writes torch's own peaks as JSON to
--stats (default $OOM_GATE_RESULT_DIR/smoke.json when the gate sets it). Toy sizes run on CPU:
--arch toy (hidden 64, 2 layers, 4 heads).
"""

import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vit_model import ARCHS, build, normal_loss  # noqa: E402

ARCHS = dict(ARCHS, toy=(64, 2, 4, 256))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--arch", required=True, choices=sorted(ARCHS))
    p.add_argument("--image", default="1024x768", help="HEIGHTxWIDTH")
    p.add_argument("--patch", type=int, default=16)
    p.add_argument("--padding", type=int, default=2)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--precision", default="fp32", choices=["fp32", "bf16-amp", "fp16-amp", "bf16"])
    p.add_argument("--attention", default="efficient", choices=["efficient", "eager"])
    p.add_argument("--checkpointing", action="store_true")
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--impl", default="auto", choices=["auto", "own", "timm"])
    p.add_argument("--stats", default=None, help="JSON file for torch's peaks")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    height, width = (int(v) for v in args.image.split("x"))
    device = torch.device(args.device)
    torch.manual_seed(0)
    started = time.time()
    def make():
        return build(
            ARCHS[args.arch], (height, width), args.patch, args.padding,
            eager=args.attention == "eager", impl=args.impl, checkpointing=args.checkpointing,
        )

    if device.type == "cuda" and hasattr(torch, "get_default_device"):
        # Initialise on the GPU directly (torch >= 2.3): a 2B-parameter init on CPU takes long.
        with device:
            model, impl = make()
    else:
        model, impl = make()
    if args.precision == "bf16":
        model = model.to(torch.bfloat16)
    model = model.to(device).train()
    params = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5, weight_decay=0.1)
    amp_dtype = {"bf16-amp": torch.bfloat16, "fp16-amp": torch.float16}.get(args.precision)
    scaler = torch.cuda.amp.GradScaler() if args.precision == "fp16-amp" else None
    input_dtype = torch.bfloat16 if args.precision == "bf16" else torch.float32
    print(
        f"{args.arch}: {params / 1e9:.3f} B params, backbone={impl}, {args.precision}, "
        f"{args.attention} attention, batch {args.batch}, torch {torch.__version__}, device {device}",
        flush=True,
    )
    for step in range(args.steps):
        img = torch.randn(args.batch, 3, height, width, device=device, dtype=input_dtype)
        target = torch.nn.functional.normalize(
            torch.randn(args.batch, 3, height, width, device=device, dtype=input_dtype), dim=1
        )
        if amp_dtype is not None:
            with torch.autocast(device.type, dtype=amp_dtype):
                loss = normal_loss(model(img), target)
        else:
            loss = normal_loss(model(img), target)
        if scaler is not None:
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
        else:
            loss.backward()
            optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        print(f"step {step + 1}/{args.steps} loss {loss.item():.4f}", flush=True)
    stats = {
        "arch": args.arch,
        "params": params,
        "backbone": impl,
        "torch": torch.__version__,
        "device": str(device),
        "seconds": round(time.time() - started, 1),
        "maxAllocatedBytes": torch.cuda.max_memory_allocated(device) if device.type == "cuda" else None,
        "maxReservedBytes": torch.cuda.max_memory_reserved(device) if device.type == "cuda" else None,
    }
    path = args.stats or (
        os.path.join(os.environ["OOM_GATE_RESULT_DIR"], "smoke.json") if os.environ.get("OOM_GATE_RESULT_DIR") else None
    )
    if path:
        with open(path, "w") as f:
            json.dump(stats, f)
    print(json.dumps(stats), flush=True)


if __name__ == "__main__":
    main()
