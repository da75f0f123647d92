"""Run trace builders (contract 7) for real on CPU tensors, and count their parameters at full size.

    python3 check_builders.py run FIGURES.json        each figure's builder at its batch and tinyArgs: two
                                                      optimizer steps of forward, loss, backward
                                                      (and clip_grad_norm) on real CPU tensors
    python3 check_builders.py run-entry FILE.py:FUNCTION '{"batch": 1, ...}'
    python3 check_builders.py params FILE.py:FUNCTION '{"batch": 1, ...}'
                                                      parameter count at full size, built on the
                                                      meta device (no memory)

Prints one JSON object per line: {"entry", "ok", "error", "loss", "parameters"}. A failure of a
builder is reported, not raised, so that one broken builder names itself.
"""

import importlib.util
import json
import math
import os
import sys
import traceback

import torch
from torch.overrides import TorchFunctionMode

FACTORIES = {
    torch.empty, torch.zeros, torch.ones, torch.full, torch.rand, torch.randn, torch.randint, torch.arange,
    torch.linspace, torch.eye, torch.tensor, torch.empty_strided, torch.randperm, torch.normal,
}


class MetaFactories(TorchFunctionMode):
    """Factory functions without an explicit device make meta tensors (for counting parameters)."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        if func in FACTORIES and kwargs.get('device') is None:
            kwargs['device'] = 'meta'
        return func(*args, **kwargs)


def load(entry):
    path, _, function = entry.rpartition(':')
    directory = os.path.dirname(os.path.abspath(path))
    if directory not in sys.path:
        sys.path.insert(0, directory)
    name = 'builder_' + os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, function)


def call_model(model, inputs):
    if isinstance(inputs, dict):
        return model(**inputs)
    if isinstance(inputs, (tuple, list)):
        return model(*inputs)
    return model(inputs)


def default_loss(outputs, _inputs):
    flat = outputs.values() if isinstance(outputs, dict) else outputs if isinstance(outputs, (tuple, list)) else [outputs]
    return sum(t.float().mean() for t in flat if torch.is_tensor(t) and t.is_floating_point())


def run(entry, kwargs):
    """Two optimizer steps as contract 7's loop describes them, on CPU tensors."""
    built = load(entry)(**kwargs)
    model, inputs = built['model'], built['inputs']
    loss_fn = built.get('loss') or default_loss
    make_optimizer = built.get('optimizer') or (lambda params: torch.optim.AdamW(params))
    loop = built.get('loop') or {}
    model.train()
    optimizer = make_optimizer([p for p in model.parameters() if p.requires_grad])
    precision = loop.get('precision', 'fp32')
    dtype = {'bf16-amp': torch.bfloat16, 'fp16-amp': torch.bfloat16}.get(precision)  # CPU autocast is bf16 only
    value = None
    for _ in range(loop.get('iterations', 2)):
        for micro in range(loop.get('grad_accumulation', 1)):
            if micro == 0 and loop.get('zero_grad', 'before_forward') == 'before_forward':
                optimizer.zero_grad(**({'set_to_none': loop['set_to_none']} if 'set_to_none' in loop else {}))
            if dtype is not None:
                with torch.autocast('cpu', dtype=dtype):
                    outputs = call_model(model, inputs)
                    loss = loss_fn(outputs, inputs)
            else:
                outputs = call_model(model, inputs)
                loss = loss_fn(outputs, inputs)
            if micro == 0 and loop.get('zero_grad') == 'after_forward':
                optimizer.zero_grad(**({'set_to_none': loop['set_to_none']} if 'set_to_none' in loop else {}))
            loss.backward()
        if loop.get('clip_grad_norm') is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), loop['clip_grad_norm'])
        optimizer.step()
        value = float(loss.detach())
    if not math.isfinite(value):
        raise ValueError('loss is %s' % value)
    return {'loss': value, 'parameters': sum(p.numel() for p in model.parameters())}


def params(entry, kwargs):
    with MetaFactories():
        built = load(entry)(**kwargs)
    return {'parameters': sum(p.numel() for p in built['model'].parameters())}


def report(entry, work):
    try:
        result = dict(entry=entry, ok=True, error=None, **work())
    except Exception as error:  # noqa: BLE001 (a broken builder is a result)
        frame = traceback.extract_tb(error.__traceback__)[-1]
        where = '%s:%d' % (os.path.basename(frame.filename), frame.lineno)
        result = {'entry': entry, 'ok': False, 'error': '%s: %s (%s)' % (type(error).__name__, error, where)}
    print(json.dumps(result), flush=True)
    return result['ok']


def main(argv):
    torch.manual_seed(0)
    torch.set_num_threads(1)
    command = argv[1]
    if command == 'run':
        with open(argv[2]) as f:
            figures = json.load(f)['figures']
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(argv[2])))))
        ok = True
        for fig in figures:
            entry = os.path.join(root, fig['entry'])
            kwargs = dict(fig['args'], batch=fig['batch'], **fig['tinyArgs'])
            ok = report(fig['id'], lambda: run(entry, kwargs)) and ok
        return 0 if ok else 1
    entry, kwargs = argv[2], json.loads(argv[3]) if len(argv) > 3 else {}
    work = {'run-entry': lambda: run(entry, kwargs), 'params': lambda: params(entry, kwargs)}[command]
    return 0 if report(entry, work) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
