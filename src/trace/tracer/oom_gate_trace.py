"""oom-gate trace: the exact training memory of a model's own PyTorch code, traced on meta tensors.

Run by the CLI (src/trace/runTrace.ts) as:
    python oom_gate_trace.py REQUEST_JSON OUTCOME_PATH
REQUEST_JSON: {"entry": "FILE.py:FUNCTION", "batch": N | null, "args": {...}, "precision": ...,
"checkpoint": ..., "ddp": ..., "iterations": ..., "device": "meta" | "cpu",
"cudaContextBytes": N | null}. OUTCOME_PATH receives {"ok": true, "result": {...}} or
{"ok": false, "exitCode": 2 | 3, "message": "one line"}; the exit status is 0, 2 or 3 to match.
The result's fields are contract 7's (docs/trace.md), plus extensions.
"""

import inspect
import json
import os
import re
import sys
import time
import traceback

TRACER_DIR = os.path.dirname(os.path.abspath(__file__))
if TRACER_DIR not in sys.path:
    sys.path.insert(0, TRACER_DIR)

# The CUDA context a PyTorch process holds beside its caching allocator's segments, in bytes:
# 512 MiB. Sources: DESIGN.md's reference facts (0.3 to 0.6 GiB with lazy module loading, the
# default since CUDA 11.7 / torch 1.13), and PyTorch's docs ("the CUDA context ... typically
# 300 MB to 2 GB"; notes/cuda.html, memory management). Override: request cudaContextBytes or
# OOM_GATE_CUDA_CONTEXT_BYTES.
CUDA_CONTEXT_BYTES = 512 * 1024 * 1024


class Outcome(Exception):
    def __init__(self, code, message):
        Exception.__init__(self, message)
        self.code = code
        self.message = message


def write_outcome(path, outcome):
    with open(path, "w") as handle:
        json.dump(outcome, handle)


def _library_dirs():
    import sysconfig

    dirs = [TRACER_DIR]
    for name in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(name)
        if path:
            dirs.append(os.path.realpath(path))
    try:
        import torch

        dirs.append(os.path.dirname(os.path.realpath(torch.__file__)))
    except Exception:
        pass
    return tuple(d.rstrip(os.sep) + os.sep for d in dirs)


def _user_frame(error):
    """The innermost traceback frame in the user's code (not torch, the stdlib, site-packages
    or the tracer), as (file, line, function), or None."""
    library = _library_dirs()
    frames = traceback.extract_tb(error.__traceback__)
    if isinstance(error, SyntaxError) and error.filename:
        return (error.filename, error.lineno or 0, "<module>")
    found = None
    for frame in frames:
        path = os.path.realpath(frame.filename)
        if frame.filename.startswith("<") or "site-packages" in path or "dist-packages" in path:
            continue
        if path.startswith(library):
            continue
        found = (frame.filename, frame.lineno, frame.name)
    return found


def _shown_path(path):
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def _first_line(error):
    text = str(error).strip().split("\n")[0].strip()
    name = type(error).__name__
    return "%s: %s" % (name, text) if text else name


def user_error(error, what):
    """Exit 2 for an exception raised in the user's own code, with its first line and
    location; exit 3 when it did not come from the user's code (a gap of the tracer)."""
    frame = _user_frame(error)
    text = _first_line(error)
    where = "" if frame is None else " at %s:%s in %s" % (_shown_path(frame[0]), frame[1], frame[2])
    if re.search(r"meta (backend|tensors?)|'Meta' backend|Meta kernel", text, re.I):
        return Outcome(
            3,
            "the model's code%s needs what meta tensors do not have (%s): an op without a meta kernel, or tensor values (.item(), nonzero, unique); check it with --device cpu at a small size, and please report the op"
            % (where, text.split(". ")[0][:300]),
        )
    if frame is None:
        return Outcome(3, "internal error of the tracer while %s: %s" % (what, text[:500]))
    return Outcome(2, "%s:%s in %s: %s (while %s)" % (_shown_path(frame[0]), frame[1], frame[2], text[:500], what))


def parse_entry(entry):
    path, sep, function = entry.rpartition(":")
    if not sep or not path.endswith(".py") or not function.isidentifier():
        raise Outcome(2, "expected FILE.py:FUNCTION, got %r" % entry)
    return path, function


def load_function(path, function):
    import importlib.util

    if not os.path.isfile(path):
        raise Outcome(2, "%s: no such file" % path)
    directory = os.path.dirname(os.path.abspath(path))
    if directory not in sys.path:
        sys.path.insert(0, directory)
    name = "oom_gate_entry_" + os.path.splitext(os.path.basename(path))[0].replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as error:  # SystemExit: argparse at import, sys.exit()
        raise user_error(error, "importing %s" % path)
    target = getattr(module, function, None)
    if target is None or not callable(target):
        from oom_gate_loop import closest

        functions = [n for n, v in vars(module).items() if inspect.isfunction(v) and v.__module__ == name]
        hint = closest(function, functions) or (" (functions: %s)" % ", ".join(functions) if functions else "")
        raise Outcome(2, "%s has no function %s%s" % (path, function, hint))
    return target


def call_arguments(target, entry, batch, args):
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return dict(args, **({} if batch is None else {"batch": batch}))
    parameters = signature.parameters
    takes_any = any(p.kind == p.VAR_KEYWORD for p in parameters.values())
    kwargs = dict(args)
    if batch is not None:
        kwargs["batch"] = batch
    accepted = [n for n, p in parameters.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    for key in kwargs:
        if key not in parameters and not takes_any:
            from oom_gate_loop import closest

            flag = "--batch" if key == "batch" else "--arg %s=..." % key
            raise Outcome(
                2,
                "%s takes no argument %r (given by %s)%s; it takes: %s"
                % (entry, key, flag, closest(key, accepted), ", ".join(accepted) or "nothing"),
            )
    if "device" in parameters or takes_any and "device" not in kwargs:
        if "device" in parameters:
            kwargs["device"] = "meta"
    for name, parameter in parameters.items():
        if parameter.default is parameter.empty and parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
            if name not in kwargs:
                how = "--batch N" if name == "batch" else "--arg %s=VALUE" % name
                raise Outcome(2, "%s needs argument %r: pass %s" % (entry, name, how))
    return kwargs


def trace(request):
    started = time.time()
    try:
        import torch
    except Exception as error:
        raise Outcome(
            2,
            "%s cannot import torch (%s); install torch for it (pip install torch, or apt-get install python3-torch) or set OOM_GATE_PYTHON to a Python that has it"
            % (sys.executable, _first_line(error)),
        )
    import oom_gate_cuda_semantics as semantics
    from oom_gate_loop import EntryError, Loop, Spec, apply_checkpointing
    from oom_gate_recorder import StorageRecorder

    device = request.get("device") or "meta"
    entry = request["entry"]
    path, function = parse_entry(entry)
    # The CLI passes the file resolved against its cwd, and the entry as the user wrote it.
    path = request.get("file") or path
    patches = semantics.Patches()
    state = semantics.SemanticsState()
    autocast = semantics.install(patches, state)
    target = load_function(path, function)
    kwargs = call_arguments(target, entry, request.get("batch"), request.get("args") or {})
    kernels = semantics.meta_kernels() if device == "meta" else {}
    recorder = StorageRecorder(device, kernels)
    hooks = _module_hooks(recorder)
    try:
        with semantics.FactoryDeviceMode(device), recorder:
            try:
                returned = target(**kwargs)
            except (Outcome, EntryError):
                raise
            except (Exception, SystemExit) as error:
                raise user_error(error, "running %s" % entry)
        try:
            spec = Spec(returned, entry, request)
        except EntryError as error:
            raise Outcome(2, str(error))
        if device == "meta":
            moved = _to_trace_device(spec, torch.device(device), recorder)
        else:
            moved = None
        autocast.dtype = semantics.autocast_dtype(spec.precision)
        checkpointed = None
        if spec.checkpoint is not None:
            try:
                checkpointed = apply_checkpointing(spec.model, spec.checkpoint)
            except EntryError as error:
                raise Outcome(2, str(error))
        if autocast.dtype is not None:
            semantics.checkpoint_under_autocast(patches, autocast)
        names = {}
        for name, module in spec.model.named_modules():
            names[id(module)] = name or "(model)"
        hooks.names = names
        loop = Loop(spec, recorder, torch.device(device), autocast if autocast.dtype is not None else None)
        try:
            with semantics.FactoryDeviceMode(device, default=False), recorder:
                loop.run()
        except (Outcome, EntryError) as error:
            raise error if isinstance(error, Outcome) else Outcome(2, str(error))
        except (Exception, SystemExit) as error:
            raise user_error(error, "training %s" % entry)
    finally:
        hooks.remove()
        patches.restore()
    result = _result(request, spec, loop, recorder, state, checkpointed, time.time() - started)
    if moved is not None:
        count, size = moved
        result["notes"].insert(
            0,
            "the builder left %d tensor(s) of %d MiB off the trace device (device=\"cpu\", torch.from_numpy, "
            "a torch.cuda.is_available() choice): moved to it as training moves them to the GPU" % (count, size >> 20),
        )
    return result


def _to_trace_device(spec, target, recorder):
    """Moves the parameters, buffers and inputs the builder left off the trace device to it, recorded as
    the builder's: on meta, a CPU tensor would be neither counted nor, on torch 1.13, refused (a model
    built with device="cpu" traced as 0 B). Returns (count, bytes) moved, or None when all were there."""
    from oom_gate_loop import flat_tensors

    stray = [
        t
        for t in list(spec.model.parameters()) + list(spec.model.buffers()) + flat_tensors(spec.inputs)
        if t.device != target
    ]
    if not stray:
        return None
    size = sum(t.numel() * t.element_size() for t in stray)
    with recorder:
        spec.model.to(target)
        spec.inputs = _moved(spec.inputs, target)
    return len(stray), size


def _moved(value, target):
    """`value` with each tensor in it (lists, tuples, dicts) on `target`."""
    import torch

    if isinstance(value, torch.Tensor):
        return value if value.device == target else value.to(target)
    if isinstance(value, dict):
        return type(value)((k, _moved(v, target)) for k, v in value.items())
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*[_moved(v, target) for v in value])
    if isinstance(value, (list, tuple)):
        return type(value)(_moved(v, target) for v in value)
    return value


def _save_globals():
    """torch's process-wide settings a builder may change (also at its module's top level): restored
    after each trace, so that a request traced after another in one process (a model's fixes, a
    batch ladder) starts as the first did. None without torch."""
    try:
        import torch
    except Exception:
        return None
    device = _default_device(torch)
    return {"dtype": torch.get_default_dtype(), "grad": torch.is_grad_enabled(), "device": device}


def _restore_globals(saved):
    if saved is None:
        return
    import torch

    torch.set_default_dtype(saved["dtype"])
    torch.set_grad_enabled(saved["grad"])
    device = saved["device"]
    # Only when changed: torch 2.6's get_default_device fails after set_default_device(None).
    if hasattr(torch, "set_default_device") and _default_device(torch) != device:
        torch.set_default_device(None if device is None or device.type == "cpu" else device)


def _default_device(torch):
    """torch.get_default_device() (2.3+), None where it is missing or fails."""
    try:
        return torch.get_default_device() if hasattr(torch, "get_default_device") else None
    except Exception:
        return None


class _ModuleHooks(object):
    """The module stack for what forward allocates, and each autograd node stamped with its module.

    A node is stamped by the innermost module whose forward created it: a module's outputs are
    walked back through the graph to the nodes already stamped (its children's, its inputs'), and
    before a module runs its inputs are walked back the same way for the module around it (the
    glue between two children is the parent's). Backward then reads the running node's stamp
    (oom_gate_recorder, torch >= 2.0).
    """

    def __init__(self, recorder):
        from torch.nn.modules import module as module_module

        self.names = {}
        self._handles = [
            module_module.register_module_forward_pre_hook(self._pre),
            module_module.register_module_forward_hook(self._post),
        ]
        self.recorder = recorder

    def _pre(self, module, inputs):
        stack = self.recorder.module_stack
        if stack:
            _stamp_nodes(inputs, stack[-1])
        self.recorder.push_module(self.names.get(id(module)) or type(module).__name__)

    def _post(self, module, inputs, outputs):
        stack = self.recorder.module_stack
        if stack:
            _stamp_nodes(outputs, stack[-1])
        self.recorder.pop_module()

    def remove(self):
        for handle in self._handles:
            handle.remove()


def _stamp_nodes(value, name):
    """Stamps `name` on the autograd nodes behind the tensors in `value` not stamped yet."""
    from oom_gate_loop import flat_tensors
    from oom_gate_recorder import MODULE_KEY

    nodes = [t.grad_fn for t in flat_tensors(value) if t.grad_fn is not None]
    while nodes:
        node = nodes.pop()
        metadata = getattr(node, "metadata", None)
        if metadata is None or MODULE_KEY in metadata:
            continue
        metadata[MODULE_KEY] = name
        nodes.extend(following for following, _ in node.next_functions if following is not None)


def _module_hooks(recorder):
    return _ModuleHooks(recorder)


def _natural(name):
    """Sort key that orders blocks.2 before blocks.10 (ties of byModule in model order)."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", name)]


def _result(request, spec, loop, recorder, state, checkpointed, seconds):
    import torch

    live = recorder.live_at_peak()
    categories = {"parameters": 0, "gradients": 0, "optimizer": 0, "activations": 0, "other": 0}
    by_module = {}
    for allocation_id in live:
        allocation = recorder.allocations[allocation_id]
        if allocation_id in loop.param_ids:
            category, module = "parameters", loop.owner.get(allocation_id)
        elif allocation_id in loop.grad_ids:
            category, module = "gradients", loop.owner.get(allocation_id)
        elif allocation_id in loop.bucket_ids:
            category, module = "other", "(ddp buckets)"
        elif allocation_id in loop.state_ids:
            category, module = "optimizer", loop.owner.get(allocation_id)
        elif allocation.phase == "optimizer":
            category, module = "optimizer", "(optimizer step)"
        elif allocation_id in loop.input_ids:
            category, module = "activations", "(inputs)"
        elif allocation.phase in ("forward", "backward"):
            category = "activations"
            module = allocation.module or ("(backward)" if allocation.phase == "backward" else "(model)")
        else:
            category, module = "activations", "(inputs)"
        categories[category] += allocation.bytes
        key = (module or "(model)", category)
        by_module[key] = by_module.get(key, 0) + allocation.bytes
    allocated = recorder.peak_bytes
    reserved = recorder.allocator.peak_reserved
    context = request.get("cudaContextBytes")
    if context is None and os.environ.get("OOM_GATE_CUDA_CONTEXT_BYTES"):
        context = int(os.environ["OOM_GATE_CUDA_CONTEXT_BYTES"])
    if context is None:
        context = CUDA_CONTEXT_BYTES
    peak = recorder.peak_allocation
    notes = []
    if peak is None:
        notes.append("the loop allocated nothing above what the entry built")
    if state.sdpa_kernels:
        notes.append(
            "scaled_dot_product_attention traced as CUDA's kernels: %s"
            % ", ".join("%s x%d" % (k, n) for k, n in sorted(state.sdpa_kernels.items()))
        )
    if loop.foreach:
        notes.append("optimizer traced as foreach, as torch %s runs it on CUDA" % torch.__version__.split("+")[0])
    if spec.ddp:
        notes.append("DDP: flat gradient buckets (25 MiB, first 1 MiB), gradient_as_bucket_view=False")
    if spec.precision != "fp32":
        notes.append("%s: CUDA autocast emulated around forward and loss" % spec.precision)
    if checkpointed:
        notes.append(
            "activation checkpointing on %d %s modules (%s)"
            % (checkpointed["modules"], "/".join(checkpointed["class"]), "non-reentrant" if int(torch.__version__.split(".")[0]) >= 2 else "reentrant, torch 1.13's default")
        )
    notes.append("device = reserved + %d MiB of CUDA context" % (context // (1 << 20)))
    modules = sorted(
        ({"module": m, "category": c, "bytes": b} for (m, c), b in by_module.items()),
        key=lambda row: (-row["bytes"], _natural(row["module"]), row["category"]),
    )
    parameters = sum(p.numel() for p in spec.model.parameters())
    return {
        "allocatedPeakBytes": allocated,
        "reservedPeakBytes": reserved,
        "devicePeakBytes": reserved + context,
        "peakPhase": peak.phase if peak is not None and peak.phase in ("forward", "backward", "optimizer") else None,
        "peakIteration": peak.iteration if peak is not None else None,
        "parameters": parameters,
        "byCategory": categories,
        "torch": torch.__version__,
        "notes": notes,
        # extensions (docs/trace.md)
        "peakOp": str(peak.op) if peak is not None else None,
        "peakModule": peak.module if peak is not None else None,
        "byModule": modules[:25],
        "cudaContextBytes": context,
        "device": request.get("device") or "meta",
        "batch": request.get("batch"),
        "precision": spec.precision,
        "ddp": spec.ddp,
        "iterations": spec.iterations,
        "gradAccumulation": spec.grad_accumulation,
        "checkpointed": checkpointed,
        "segments": recorder.allocator.segments,
        "ops": recorder.ops,
        "traceMs": int(round(seconds * 1000)),
        "cpuMs": _cpu_ms(),
    }


def _cpu_ms():
    """CPU time of this process so far (user + system, torch's import included), in ms: the
    trace's cost on a machine whatever else runs on it."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return int(round((usage.ru_utime + usage.ru_stime) * 1000))


def trace_outcome(request):
    """One request's outcome dict: {"ok": true, "result"} or {"ok": false, "exitCode", "message"}."""
    saved = _save_globals()
    try:
        return {"ok": True, "result": trace(request)}
    except Outcome as error:
        return {"ok": False, "exitCode": error.code, "message": error.message}
    except BaseException as error:  # a bug of the tracer (or a KeyboardInterrupt): exit 3 with what happened
        detail = "".join(traceback.format_exception(type(error), error, error.__traceback__)[-3:])
        return {"ok": False, "exitCode": 3, "message": "internal error of the tracer: %s" % _first_line(error), "detail": detail}
    finally:
        _restore_globals(saved)


def main(argv):
    """REQUEST_JSON is one request (the outcome file holds its outcome; the exit status is its
    code) or a list of them, traced one after the other in this process, torch imported once (the
    outcome file holds the list of outcomes; the exit status is 0)."""
    if len(argv) != 3:
        sys.stderr.write("usage: oom_gate_trace.py REQUEST_JSON OUTCOME_PATH\n")
        return 3
    outcome_path = argv[2]
    try:
        request = json.loads(argv[1])
        if isinstance(request, list):
            outcome = [trace_outcome(one) for one in request]
            code = 0
        else:
            outcome = trace_outcome(request)
            code = 0 if outcome["ok"] else outcome["exitCode"]
    except BaseException as error:
        outcome = {"ok": False, "exitCode": 3, "message": "internal error of the tracer: %s" % _first_line(error)}
        code = 3
    try:
        write_outcome(outcome_path, outcome)
    except Exception as error:
        sys.stderr.write("oom-gate trace: cannot write %s: %s\n" % (outcome_path, error))
        return 3
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
