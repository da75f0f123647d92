"""Counts the bytes autograd saves for backward, on CPU, to check the estimator's formulas.

    /usr/bin/python3 scripts/gpu-validate/saved_tensors.py > test/advise/fixtures/saved-tensors-cpu.json

Hooks every tensor the forward saves (torch.autograd.graph.saved_tensors_hooks) and sums the
distinct storages that are not parameters: one transformer layer (fp32, eager attention, as
mmpretrain's pyimpl), the Sapiens normal head, and the parameter count of a whole toy model.
test/advise/savedTensors.test.ts compares these numbers with src/advise/activations.ts.
"""

import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vit_model import Block, SapiensNormalHead, build, token_grid  # noqa: E402


def storage_of(t):
    s = t.untyped_storage() if hasattr(t, "untyped_storage") else t.storage()
    nbytes = s.nbytes() if callable(getattr(s, "nbytes", None)) else s.size() * t.element_size()
    return s.data_ptr(), nbytes


def saved_bytes(module, x):
    params = {storage_of(p)[0] for p in module.parameters()}
    seen = {}

    def pack(t):
        ptr, nbytes = storage_of(t)
        if ptr not in params:
            seen[ptr] = nbytes
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        module(x)
    return sum(seen.values())


def main():
    torch.manual_seed(0)
    out = {"torch": torch.__version__, "layers": [], "heads": []}
    for tokens, batch, hidden, heads, mlp in [(48, 2, 64, 4, 256), (96, 1, 96, 6, 384)]:
        block = Block(hidden, heads, mlp, eager=True).train()
        x = torch.randn(batch, tokens, hidden, requires_grad=True)
        out["layers"].append(
            {"tokens": tokens, "batch": batch, "hidden": hidden, "heads": heads, "mlp": mlp,
             "precision": "fp32", "attention": "eager", "savedBytes": saved_bytes(block, x)}
        )
    for rows, cols, batch, hidden in [(4, 3, 1, 64), (2, 2, 2, 32)]:
        head = SapiensNormalHead(hidden).train()
        x = torch.randn(batch, hidden, rows, cols, requires_grad=True)
        out["heads"].append(
            {"rows": rows, "cols": cols, "batch": batch, "hidden": hidden, "precision": "fp32",
             "inputBytes": x.numel() * 4, "savedBytes": saved_bytes(head, x)}
        )
    image, patch, padding = (64, 48), 16, 2
    model, _ = build((64, 2, 4, 256), image, patch, padding, eager=True, impl="own")
    out["model"] = {
        "dims": {"hidden": 64, "layers": 2, "heads": 4, "mlp": 256},
        "image": f"{image[0]}x{image[1]}", "patch": patch, "padding": padding,
        "grid": list(token_grid(image[0], image[1], patch, padding)),
        "params": sum(p.numel() for p in model.parameters()),
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
