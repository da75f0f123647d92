"""Builders that leave tensors off the trace device or change torch's process-wide settings, as
ordinary training code does: a model built with device="cpu" (or by a
`"cuda" if torch.cuda.is_available() else "cpu"` choice), inputs from numpy, a buffer registered
on the CPU, and torch.set_default_dtype in a variant."""
import numpy as np
import torch
import torch.nn as nn


def build(batch=4, where="default", half=False):
    if half:
        torch.set_default_dtype(torch.float16)
    device = "cpu" if where == "cpu" else None
    model = nn.Sequential(nn.Linear(256, 512, device=device), nn.ReLU(), nn.Linear(512, 256, device=device))
    if where == "buffer":
        model.register_buffer("table", torch.zeros(512, 512, device="cpu"))
    if where == "numpy":
        inputs = torch.from_numpy(np.zeros((batch, 256), dtype=np.float32))
    else:
        inputs = torch.randn(batch, 256, device=device)
    return {"model": model, "inputs": inputs, "loss": lambda out, _inputs: out.float().mean()}
