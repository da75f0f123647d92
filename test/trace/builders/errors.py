"""Entries that go wrong in each way contract 7 names, for the exit-code tests."""
import torch
import torch.nn as nn


def not_a_dict(batch=1):
    return [nn.Linear(2, 2)]


def no_model(batch=1):
    return {"inputs": torch.randn(batch, 2)}


def misspelt_key(batch=1):
    return {"model": nn.Linear(2, 2), "inputs": torch.randn(batch, 2), "optimiser": None}


def bad_precision(batch=1):
    return {"model": nn.Linear(2, 2), "inputs": torch.randn(batch, 2), "loop": {"precision": "fp64"}}


def raises(batch=1):
    raise ValueError("depth must be even, got 7")


class Mismatch(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(3, 2)

    def forward(self, x):
        return self.linear(x)  # the inputs have 4 features: a shape error inside torch


def forward_fails(batch=1):
    return {"model": Mismatch(), "inputs": torch.randn(batch, 4)}


class NeedsValues(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 4)

    def forward(self, x):
        return self.linear(x)[torch.nonzero(x > 0, as_tuple=True)]


def needs_values(batch=1):
    return {"model": NeedsValues(), "inputs": torch.randn(batch, 4)}


def needs_batch(batch):
    return {"model": nn.Linear(2, 2), "inputs": torch.randn(batch, 2)}


def takes_device(batch=1, device="cuda"):
    # device is "meta" under the tracer; tensors named on cuda go to meta too.
    model = nn.Sequential(nn.Linear(2, 2).to(device), nn.Linear(2, 2).cuda())
    return {"model": model, "inputs": torch.randn(batch, 2, device="cuda").cuda()}


def bad_loss(batch=1):
    return {"model": nn.Linear(2, 2), "inputs": torch.randn(batch, 2), "loss": lambda out, inp: out}
