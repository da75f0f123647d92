"""Runs many traces and probes in one Python process (torch is imported once), for the vitest
files of test/trace/. argv: SCENARIOS_JSON_PATH OUT_PATH. Each scenario is
{"name", "kind": "trace", "request": {...}} (oom_gate_trace.trace's request) or
{"name", "kind": "probe", "probe": NAME}; the output maps each name to its outcome."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "src", "trace", "tracer"))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.utils.checkpoint import checkpoint as model_checkpoint  # noqa: E402  (as a model's code binds it)

import oom_gate_cuda_semantics as semantics  # noqa: E402
import oom_gate_trace  # noqa: E402
from oom_gate_allocator import CachingAllocatorReplay  # noqa: E402
from oom_gate_recorder import StorageRecorder  # noqa: E402

MIB = 1 << 20


def live_bytes_of(run, device="meta"):
    """Bytes live on `device` that `run(autocast, patches)` leaves behind, as the recorder counts them."""
    patches = semantics.Patches()
    state = semantics.SemanticsState()
    autocast = semantics.install(patches, state)
    try:
        recorder = StorageRecorder(device, semantics.meta_kernels())
        with recorder:
            kept = run(autocast, patches)
            recorder.sweep()
            before = recorder.live_bytes
        return {"bytes": before, "kept": describe(kept), "kernels": state.sdpa_kernels}
    finally:
        patches.restore()


def describe(kept):
    if isinstance(kept, torch.Tensor):
        return {"dtype": str(kept.dtype), "shape": list(kept.shape)}
    if isinstance(kept, (list, tuple)):
        return [describe(k) for k in kept]
    return None


def probe_dropout(_):
    def run(autocast, _patches):
        x = torch.randn(1024, device="meta", requires_grad=True)
        y = F.dropout(x, 0.5, True)
        return (x, y)  # x (4096 B) + y (4096 B) + the saved bool mask (1024 B)

    return live_bytes_of(run)


def probe_sdpa(dtype):
    def probe(_):
        if not hasattr(F, "scaled_dot_product_attention"):
            return {"absent": True}  # torch < 2.0

        def run(autocast, _patches):
            q = torch.randn(2, 4, 64, 16, device="meta", dtype=dtype, requires_grad=True)
            k = torch.randn(2, 4, 64, 16, device="meta", dtype=dtype, requires_grad=True)
            v = torch.randn(2, 4, 64, 16, device="meta", dtype=dtype, requires_grad=True)
            out = F.scaled_dot_product_attention(q, k, v)
            return (q, k, v, out)

        return live_bytes_of(run)

    return probe


def probe_autocast(_):
    def run(autocast, _patches):
        autocast.dtype = torch.bfloat16
        linear = torch.nn.Linear(64, 64).to("meta")
        norm = torch.nn.LayerNorm(64).to("meta")
        x = torch.randn(8, 64, device="meta")
        with autocast:
            a = linear(x)
            b = linear(x)  # the bf16 copies of weight and bias are cached: no second cast
            c = norm(a)
            d = torch.softmax(a, -1)
        return (a, b, c, d)

    return live_bytes_of(run)


def probe_checkpoint_autocast(_):
    """The dtype a checkpointed block computes in, at forward and at its recompute in backward,
    called through a name bound at import (`from torch.utils.checkpoint import checkpoint`)."""
    dtypes = []

    def run(autocast, patches):
        autocast.dtype = torch.bfloat16
        semantics.checkpoint_under_autocast(patches, autocast)
        linear = torch.nn.Linear(64, 64).to("meta")
        x = torch.randn(8, 64, device="meta", requires_grad=True)

        def block(inputs):
            hidden = linear(inputs)
            dtypes.append(str(hidden.dtype))
            # gelu saves `hidden`: the recompute runs to here (torch 2.x stops it early after the
            # last tensor backward needs).
            return F.gelu(hidden)

        with autocast:
            kwargs = {"use_reentrant": False} if int(torch.__version__.split(".")[0]) >= 2 else {}
            y = model_checkpoint(block, x, **kwargs)
            loss = y.float().sum()
        loss.backward()
        return None

    live_bytes_of(run)
    return {"dtypes": dtypes}


def probe_allocator(_):
    """Sequences whose reserved bytes follow from CUDACachingAllocator.cpp's rules by hand."""
    out = {}
    a = CachingAllocatorReplay()
    a.malloc(100)
    out["small"] = a.reserved  # one 2 MiB small segment
    a = CachingAllocatorReplay()
    first = a.malloc(int(1.5 * MIB))  # large pool, < 10 MiB: a 20 MiB segment
    a.malloc(int(1.5 * MIB))  # 18.5 MiB remain > 1 MiB: split, same segment
    out["large_split"] = a.reserved
    a.free(first)
    a.malloc(int(1.25 * MIB))  # best fit: the freed 1.5 MiB block, not the 17 MiB rest
    out["best_fit"] = a.reserved
    a = CachingAllocatorReplay()
    big = a.malloc(12 * MIB)  # >= 10 MiB: rounded to 2 MiB, 12 MiB segment
    a.malloc(11 * MIB)  # a second segment of 12 MiB
    a.free(big)
    a.malloc(5 * MIB)  # fits the freed 12 MiB block (7 MiB remain > 1 MiB: split)
    out["round_large"] = a.reserved
    a = CachingAllocatorReplay()
    x = a.malloc(12 * MIB)
    y = a.malloc(int(11.5 * MIB))  # a 12 MiB segment, 0.5 MiB remain: not split (<= 1 MiB)
    a.free(y)
    a.malloc(12 * MIB)  # the whole 12 MiB block of y fits exactly
    out["no_split_large"] = a.reserved
    a = CachingAllocatorReplay()
    p = a.malloc(4 * MIB)
    q = a.malloc(4 * MIB)  # both in one 20 MiB segment
    a.free(p)
    a.free(q)  # merge back into one 20 MiB block
    a.malloc(20 * MIB)  # fits without a new segment
    out["merge"] = a.reserved
    out["peak"] = a.peak_reserved
    return out


PROBES = {
    "dropout": probe_dropout,
    "sdpa_fp32": probe_sdpa(torch.float32),
    "sdpa_bf16": probe_sdpa(torch.bfloat16),
    "autocast": probe_autocast,
    "allocator": probe_allocator,
    "checkpoint_autocast": probe_checkpoint_autocast,
}


def main(scenarios_path, out_path):
    with open(scenarios_path) as handle:
        scenarios = json.load(handle)
    results = {"torch": torch.__version__}
    for scenario in scenarios:
        try:
            if scenario["kind"] == "probe":
                outcome = {"ok": True, "result": PROBES[scenario["probe"]](scenario)}
            else:
                # As runTraces runs a list: one request after another, torch's settings restored between.
                outcome = oom_gate_trace.trace_outcome(scenario["request"])
        except oom_gate_trace.Outcome as error:
            outcome = {"ok": False, "exitCode": error.code, "message": error.message}
        results[scenario["name"]] = outcome
    with open(out_path, "w") as handle:
        json.dump(results, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
