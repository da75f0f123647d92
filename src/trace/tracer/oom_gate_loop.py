"""The builder's returned dict, checked, and the training loop of contract 7 run on what it built.

Loop semantics (contract 7): `iterations` optimizer steps; each runs `grad_accumulation`
micro-batches of forward + loss + backward, then clip_grad_norm and the step. zero_grad runs once
per step, before the first micro-batch's forward (`before_forward`) or after it (`after_forward`),
with set_to_none defaulting to the running torch's own default. The loop keeps the last
micro-batch's outputs and loss referenced until the step has run and drops them before the next
forward. `ddp` adds DDP's flat gradient buckets (bucket_cap_mb 25, the first bucket 1 MiB, one
bucket list per dtype, in parameter order; gradient_as_bucket_view False: a full copy of the
gradients, allocated when DDP wraps the model).
"""

import torch

TORCH_2 = int(torch.__version__.split(".")[0]) >= 2

KEYS = ("model", "inputs", "loss", "optimizer", "loop", "checkpoint")
LOOP_KEYS = ("iterations", "grad_accumulation", "clip_grad_norm", "zero_grad", "set_to_none", "ddp", "precision")
PRECISIONS = ("fp32", "bf16-amp", "fp16-amp")
ZERO_GRAD = ("before_forward", "after_forward")
DDP_FIRST_BUCKET_BYTES = 1 << 20
DDP_BUCKET_BYTES = 25 << 20


class EntryError(Exception):
    """A problem with what the user's entry returned or was given: exit 2, one line."""


def closest(name, candidates):
    import difflib

    found = difflib.get_close_matches(name, list(candidates), n=1)
    return ' (did you mean "%s"?)' % found[0] if found else ""


def _positive_int(where, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise EntryError("%s must be a positive integer, got %r" % (where, value))
    return value


class Spec(object):
    """The builder's dict, checked, with the command line's overrides applied."""

    def __init__(self, returned, entry, overrides):
        who = "%s returned" % entry
        if not isinstance(returned, dict):
            raise EntryError(
                '%s %s, not a dict with "model" and "inputs" (see: oom-gate trace --help)'
                % (who, type(returned).__name__)
            )
        for key in returned:
            if key not in KEYS:
                raise EntryError("%s an unknown key %r%s; keys: %s" % (who, key, closest(str(key), KEYS), ", ".join(KEYS)))
        if "model" not in returned:
            raise EntryError('%s no "model" (a torch.nn.Module)' % who)
        if not isinstance(returned["model"], torch.nn.Module):
            raise EntryError('%s "model" as %s, not a torch.nn.Module' % (who, type(returned["model"]).__name__))
        if "inputs" not in returned:
            raise EntryError('%s no "inputs" (a tensor, a tuple/list of arguments or a dict of keyword arguments)' % who)
        inputs = returned["inputs"]
        if not isinstance(inputs, (torch.Tensor, tuple, list, dict)):
            raise EntryError(
                '%s "inputs" as %s, not a tensor, a tuple/list or a dict' % (who, type(inputs).__name__)
            )
        for key in ("loss", "optimizer"):
            if returned.get(key) is not None and not callable(returned[key]):
                raise EntryError('%s "%s" as %s, not a callable' % (who, key, type(returned[key]).__name__))
        loop = returned.get("loop") or {}
        if not isinstance(loop, dict):
            raise EntryError('%s "loop" as %s, not a dict' % (who, type(loop).__name__))
        for key in loop:
            if key not in LOOP_KEYS:
                raise EntryError(
                    '%s an unknown loop key %r%s; loop keys: %s' % (who, key, closest(str(key), LOOP_KEYS), ", ".join(LOOP_KEYS))
                )
        self.model = returned["model"]
        self.inputs = inputs
        self.loss = returned.get("loss")
        self.optimizer = returned.get("optimizer")
        self.iterations = _positive_int('loop "iterations"', loop.get("iterations", 2))
        self.grad_accumulation = _positive_int('loop "grad_accumulation"', loop.get("grad_accumulation", 1))
        clip = loop.get("clip_grad_norm")
        if clip is not None and (isinstance(clip, bool) or not isinstance(clip, (int, float)) or clip <= 0):
            raise EntryError('loop "clip_grad_norm" must be a positive number or None, got %r' % (clip,))
        self.clip_grad_norm = clip
        self.zero_grad = loop.get("zero_grad", "before_forward")
        if self.zero_grad not in ZERO_GRAD:
            raise EntryError('loop "zero_grad" must be one of %s, got %r' % (", ".join(ZERO_GRAD), self.zero_grad))
        self.set_to_none = loop.get("set_to_none")
        if self.set_to_none is not None and not isinstance(self.set_to_none, bool):
            raise EntryError('loop "set_to_none" must be true, false or None, got %r' % (self.set_to_none,))
        self.ddp = loop.get("ddp", False)
        if not isinstance(self.ddp, bool):
            raise EntryError('loop "ddp" must be true or false, got %r' % (self.ddp,))
        self.precision = loop.get("precision", "fp32")
        if self.precision not in PRECISIONS:
            raise EntryError('loop "precision" must be one of %s, got %r' % (", ".join(PRECISIONS), self.precision))
        self.checkpoint = returned.get("checkpoint")
        if overrides.get("precision") is not None:
            self.precision = overrides["precision"]
        if overrides.get("ddp") is not None:
            self.ddp = overrides["ddp"]
        if overrides.get("iterations") is not None:
            self.iterations = _positive_int("--iterations", overrides["iterations"])
        if overrides.get("checkpoint") is not None:
            self.checkpoint = overrides["checkpoint"]


# ---------------------------------------------------------------- activation checkpointing


def _repeated_class(model):
    """The repeated blocks (auto checkpointing): the class repeated most among the children of one
    ModuleList/Sequential, ties to the larger parameter count. Counted per container, not over the
    model: a Linear twice in each of 48 blocks' MLP Sequentials is not the model's repeated unit."""
    best = None
    for module in model.modules():
        if isinstance(module, (torch.nn.ModuleList, torch.nn.Sequential)):
            groups = {}
            for child in module.children():
                name = type(child).__name__
                count, params = groups.get(name, (0, 0))
                groups[name] = (count + 1, params + sum(p.numel() for p in child.parameters()))
            for name, key in groups.items():
                if key[0] >= 2 and (best is None or key > best[0]):
                    best = (key, name)
    return best[1] if best else None


def apply_checkpointing(model, request):
    """Wraps every module of the named class(es) (or 'auto') in torch.utils.checkpoint
    (non-reentrant). Returns {"class": names, "modules": count}."""
    names = request if isinstance(request, (list, tuple)) else [request]
    names = [n.__name__ if isinstance(n, type) else str(n) for n in names]
    if names == ["auto"]:
        found = _repeated_class(model)
        if found is None:
            raise EntryError(
                "checkpoint auto: the model has no module class repeated in a ModuleList or Sequential; name the class to checkpoint"
            )
        names = [found]
    classes = set(type(m).__name__ for m in model.modules())
    for name in names:
        if name not in classes:
            raise EntryError(
                "checkpoint %s: no module of class %s in the model%s" % (name, name, closest(name, classes))
            )
    count = 0
    for module in model.modules():
        if type(module).__name__ in names:
            _wrap(module)
            count += 1
    return {"class": names, "modules": count}


def _wrap(module):
    forward = module.forward

    # Imported here: on torch 2.x, torch.utils.checkpoint pulls in torch._dynamo's shape machinery
    # (about 2 s), which a trace without checkpointing does not need.
    import torch.utils.checkpoint

    def checkpointed_forward(*args, **kwargs):
        # torch 2.x: non-reentrant, as its docs recommend. 1.13: reentrant, its default (its
        # non-reentrant variant fails under a dispatch mode), which cannot take kwargs.
        if TORCH_2 or kwargs:
            return torch.utils.checkpoint.checkpoint(forward, *args, use_reentrant=False, **kwargs)
        return torch.utils.checkpoint.checkpoint(forward, *args)

    module.forward = checkpointed_forward


# ---------------------------------------------------------------- the loop


def default_loss(outputs, inputs):
    """The sum of the means of the floating-point outputs (contract 7's default loss)."""
    found = []

    def collect(value):
        if isinstance(value, torch.Tensor):
            if value.is_floating_point():
                found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)

    collect(outputs)
    if not found:
        raise EntryError("the model's outputs hold no floating-point tensor for the default loss; return a \"loss\"")
    total = found[0].mean()
    for tensor in found[1:]:
        total = total + tensor.mean()
    return total


def _call(model, inputs):
    if isinstance(inputs, dict):
        return model(**inputs)
    if isinstance(inputs, (tuple, list)):
        return model(*inputs)
    return model(inputs)


def _uses_foreach_on_cuda(optimizer):
    """On torch >= 2.0, optimizers left at foreach=None run foreach on CUDA tensors (meta tensors
    would take the per-tensor loop): set it as CUDA would resolve it."""
    if not TORCH_2:
        return False
    changed = False
    for group in optimizer.param_groups:
        if "foreach" in group and group["foreach"] is None and not group.get("differentiable") and not group.get("fused"):
            group["foreach"] = True
            changed = True
    return changed


def ddp_bucket_sizes(params):
    """Element counts and dtypes of DDP's flat buckets (dist._compute_bucket_assignment_by_size:
    a bucket closes once it holds at least its limit; the first limit is 1 MiB, then 25 MiB)."""
    buckets = []
    open_buckets = {}
    for param in params:
        dtype = param.dtype
        bucket = open_buckets.get(dtype)
        if bucket is None:
            bucket = open_buckets[dtype] = {"dtype": dtype, "numel": 0, "bytes": 0, "index": sum(1 for b in buckets if b["dtype"] == dtype)}
        bucket["numel"] += param.numel()
        bucket["bytes"] += param.numel() * param.element_size()
        limit = DDP_FIRST_BUCKET_BYTES if bucket["index"] == 0 else DDP_BUCKET_BYTES
        if bucket["bytes"] >= limit:
            buckets.append(bucket)
            del open_buckets[dtype]
    buckets.extend(open_buckets.values())
    return [(b["numel"], b["dtype"]) for b in buckets]


class Loop(object):
    """Runs the loop under `recorder`, setting its phase and iteration; keeps what the
    categories need: parameter, gradient, optimizer-state and DDP allocation ids."""

    def __init__(self, spec, recorder, device, autocast):
        self.spec = spec
        self.recorder = recorder
        self.device = device
        self.autocast = autocast
        self.param_ids = set()
        self.input_ids = set()
        self.grad_ids = set()
        self.state_ids = set()
        self.bucket_ids = set()
        self.owner = {}  # allocation id -> module path of the parameter it belongs to
        self.notes = []
        self.foreach = False

    def run(self):
        spec, recorder = self.spec, self.recorder
        model = spec.model
        model.train()
        names = {}
        for name, param in model.named_parameters():
            names[id(param)] = name.rpartition(".")[0] or "(model)"
        self.param_module = names
        for name, tensor in list(model.named_parameters()) + list(model.named_buffers()):
            allocation = recorder.allocation_of(tensor)
            if allocation is not None:
                self.param_ids.add(allocation.id)
                self.owner[allocation.id] = name.rpartition(".")[0] or "(model)"
        for tensor in flat_tensors(spec.inputs):
            allocation = recorder.allocation_of(tensor)
            if allocation is not None:
                self.input_ids.add(allocation.id)
        params = [p for p in model.parameters() if p.requires_grad]
        if not params:
            raise EntryError("the model has no parameter that requires grad: nothing to train")
        if spec.optimizer is not None:
            optimizer = spec.optimizer(params)
            if not isinstance(optimizer, torch.optim.Optimizer):
                raise EntryError('"optimizer"(params) returned %s, not a torch.optim.Optimizer' % type(optimizer).__name__)
        else:
            optimizer = torch.optim.AdamW(params, foreach=True) if TORCH_2 else torch.optim.AdamW(params)
        self.foreach = _uses_foreach_on_cuda(optimizer) or (TORCH_2 and spec.optimizer is None)
        buckets = []
        if spec.ddp:
            previous, recorder.phase = recorder.phase, "ddp"
            for numel, dtype in ddp_bucket_sizes(params):
                bucket = torch.empty(numel, dtype=dtype, device=self.device)
                buckets.append(bucket)
                self.bucket_ids.add(recorder.allocation_of(bucket).id)
            recorder.phase = previous
        recorder.promote(buckets)
        loss_fn = spec.loss or default_loss
        zero_kwargs = {} if spec.set_to_none is None else {"set_to_none": spec.set_to_none}
        recorder.start_tracking()
        for iteration in range(1, spec.iterations + 1):
            recorder.iteration = iteration
            outputs = loss = None
            for micro in range(spec.grad_accumulation):
                outputs = loss = None
                if micro == 0 and spec.zero_grad == "before_forward":
                    recorder.phase = "optimizer"
                    optimizer.zero_grad(**zero_kwargs)
                recorder.phase = "forward"
                if self.autocast is not None:
                    with self.autocast:
                        outputs = _call(model, spec.inputs)
                        loss = loss_fn(outputs, spec.inputs)
                else:
                    outputs = _call(model, spec.inputs)
                    loss = loss_fn(outputs, spec.inputs)
                if not isinstance(loss, torch.Tensor) or loss.dim() != 0:
                    raise EntryError(
                        '"loss" returned %s, not a scalar tensor'
                        % (type(loss).__name__ if not isinstance(loss, torch.Tensor) else "a tensor of shape %s" % (tuple(loss.shape),))
                    )
                if micro == 0 and spec.zero_grad == "after_forward":
                    recorder.phase = "optimizer"
                    optimizer.zero_grad(**zero_kwargs)
                recorder.phase = "backward"
                loss.backward()
                self._tag_gradients(params)
            recorder.phase = "optimizer"
            if spec.clip_grad_norm is not None:
                # On meta, 2.x refuses foreach=True here; its per-tensor path makes the same
                # tensors (a 0-dim norm per gradient, stacked; in-place scaling).
                torch.nn.utils.clip_grad_norm_(params, spec.clip_grad_norm)
            optimizer.step()
            self._tag_states(optimizer)
            outputs = loss = None
        recorder.phase = "done"
        recorder.sweep()
        self.buckets = buckets
        return optimizer

    def _tag_gradients(self, params):
        self.recorder.promote([p.grad for p in params])
        for param in params:
            allocation = self.recorder.allocation_of(param.grad)
            if allocation is not None:
                self.grad_ids.add(allocation.id)
                self.owner[allocation.id] = self.param_module.get(id(param), "(model)")

    def _tag_states(self, optimizer):
        for state in optimizer.state.values():
            self.recorder.promote(list(state.values()))
        for param, state in optimizer.state.items():
            for value in state.values():
                allocation = self.recorder.allocation_of(value)
                if allocation is not None:
                    self.state_ids.add(allocation.id)
                    self.owner[allocation.id] = self.param_module.get(id(param), "(model)")


def flat_tensors(value):
    """The tensors in `value`: itself, or in its lists, tuples and dicts' values, in order."""
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        found = []
        for item in value:
            found.extend(flat_tensors(item))
        return found
    return []
