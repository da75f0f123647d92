"""A builder whose training memory grows linearly with the batch: one wide Linear layer and a
ReLU, fp32, SGD without momentum (no optimizer state). Used to check the capacity search finds
the exact largest batch that fits."""

import torch


def build(batch=1, width=1024):
    model = torch.nn.Sequential(torch.nn.Linear(width, width * 4), torch.nn.ReLU(), torch.nn.Linear(width * 4, 8))
    return {
        'model': model,
        'inputs': torch.randn(batch, 512, width),
        'optimizer': lambda params: torch.optim.SGD(params, lr=0.1),
        'loop': {'iterations': 2},
    }
