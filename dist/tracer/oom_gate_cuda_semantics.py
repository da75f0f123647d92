"""Where CUDA differs from meta (and CPU) for an ordinary call, make the trace follow CUDA.

- FactoryDeviceMode: while the builder runs, tensors and modules are created on the trace device
  (meta), also where the code names `cuda`; `.cuda()` / `.to("cuda")` go to the trace device.
  It is a TorchFunctionMode of our own on every torch version (1.13 has no `torch.device`
  context manager), applied to the factory functions 2.x's `torch.device` context applies to.
- Dropout keeps a 1-byte mask: on CUDA `F.dropout` runs `native_dropout` (output + bool mask, the
  mask saved for backward); on meta/CPU it runs a composite that saves a noise tensor in the
  input's dtype. `F.dropout` / `torch.dropout` are routed to `native_dropout`.
- `F.scaled_dot_product_attention` (torch >= 2.0) is traced as the fused kernel CUDA chooses on an
  sm80+ card: flash (fp16/bf16, no mask, head dim <= 256 and a multiple of 8) keeps out and a
  (B, H, L) fp32 logsumexp; memory-efficient (fp32, or with a mask) keeps out and a
  (B, H, ceil(L/32)*32) fp32 logsumexp; neither keeps the L x L matrix. Its backward allocates
  the gradients and the kernel's fp32 temporaries (flash: softmax_d and dq_accum; efficient:
  delta). Anything else takes the math path, as CUDA would.
- Autocast (`bf16-amp` / `fp16-amp`): CUDA autocast does not run on meta tensors (no
  AutocastCUDA key), on any torch version, so it is emulated above autograd: the functions of
  CUDA autocast's lower-precision list cast floating inputs to the low dtype, those of its fp32
  list to fp32, the `fp32_set_opt_dtype` ones (softmax, sum...) get dtype=float32, the promote
  ones (cat, stack) the widest input type; casts of leaf tensors that require grad (weights)
  are cached until the autocast region ends, as autocast's cast cache is.
- torch 1.13 lacks meta kernels for convolution backward, nll_loss2d and adaptive average
  pooling's backward (UperNet's pyramid pooling): meta_kernels() gives them output shapes (used
  by the recorder only on meta tensors).
"""

import functools

import torch
import torch.nn.functional as F
from torch.overrides import TorchFunctionMode

TORCH_2 = int(torch.__version__.split(".")[0]) >= 2


# ---------------------------------------------------------------- creation on the trace device

_FACTORY_NAMES = set(
    """empty empty_strided empty_permuted empty_quantized ones zeros full rand randn randint
    randperm arange range linspace logspace eye tensor as_tensor asarray scalar_tensor
    bartlett_window blackman_window hamming_window hann_window kaiser_window tril_indices
    triu_indices sparse_coo_tensor vander""".split()
)


def _is_cuda(device):
    if device is None:
        return False
    if isinstance(device, torch.device):
        return device.type == "cuda"
    if isinstance(device, int):
        return True  # a bare index means a CUDA device
    return isinstance(device, str) and device.split(":")[0] == "cuda"


class FactoryDeviceMode(TorchFunctionMode):
    """New tensors go to `device` unless the code names a device other than CUDA. With
    `default=False` (the loop) only tensors the code puts on CUDA are redirected: elsewhere, code
    that leaves the device out makes CPU tensors, as it does beside a GPU."""

    def __init__(self, device, default=True):
        super().__init__()
        self.device = torch.device(device)
        self.default = default

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        name = getattr(func, "__name__", "")
        if name in _FACTORY_NAMES and getattr(func, "__self__", None) is not torch.Tensor:
            # torch.tensor(x) / torch.as_tensor(t) of an existing tensor keep its device in torch;
            # only a missing or CUDA device is redirected.
            if (self.default and kwargs.get("device") is None) or _is_cuda(kwargs.get("device")):
                if not (name in ("as_tensor", "asarray") and isinstance(args[0] if args else None, torch.Tensor)):
                    kwargs["device"] = self.device
        elif name == "cuda" and args and isinstance(args[0], torch.Tensor):
            return args[0].to(self.device)
        elif name == "to" and args and isinstance(args[0], torch.Tensor):
            if len(args) > 1 and _is_cuda(args[1]):
                args = (args[0], self.device) + tuple(args[2:])
            if _is_cuda(kwargs.get("device")):
                kwargs["device"] = self.device
        return func(*args, **kwargs)


# ---------------------------------------------------------------- patches of torch's namespaces


class Patches(object):
    """Attribute replacements on torch's modules and classes, undone by restore()."""

    def __init__(self):
        self._saved = []

    def set(self, owner, name, value):
        if not hasattr(owner, name):
            return
        self._saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    def restore(self):
        while self._saved:
            owner, name, value = self._saved.pop()
            setattr(owner, name, value)


def _cuda_dropout(original):
    @functools.wraps(original)
    def dropout(input, p=0.5, training=True, inplace=False):
        # CUDA's fused path: train, 0 < p < 1, not in place, a non-empty input (ATen dropout's
        # is_fused_kernel_acceptable); everything else is the same on every device.
        if training and not inplace and 0.0 < p < 1.0 and isinstance(input, torch.Tensor) and input.numel() > 0:
            return torch.native_dropout(input, p, True)[0]
        return original(input, p, training, inplace)

    return dropout


def _cuda_torch_dropout(original):
    @functools.wraps(original)
    def dropout(input, p, train):
        if train and 0.0 < p < 1.0 and input.numel() > 0:
            return torch.native_dropout(input, p, True)[0]
        return original(input, p, train)

    return dropout


def _round_up(value, multiple):
    return (value + multiple - 1) // multiple * multiple


class _FusedAttention(torch.autograd.Function):
    """Memory of CUDA's fused SDPA kernels: saves q, k, v, mask, out and the logsumexp."""

    @staticmethod
    def forward(ctx, kernel, query, key, value, mask):
        lead = tuple(query.shape[:-2])
        length = query.shape[-2]
        out = query.new_empty(lead + (length, value.shape[-1]))
        lse_length = length if kernel == "flash" else _round_up(length, 32)
        lse = query.new_empty(lead + (lse_length,), dtype=torch.float32)
        ctx.kernel = kernel
        ctx.save_for_backward(query, key, value, mask, out, lse)
        return out

    @staticmethod
    def backward(ctx, grad_out):
        query, key, value, mask, out, lse = ctx.saved_tensors
        lead = tuple(query.shape[:-2])
        length, head = query.shape[-2], query.shape[-1]
        if ctx.kernel == "flash":
            # flash-attn 2 mha_bwd: softmax_d (B, H, L rounded to 128) and dq_accum
            # (B, L rounded, H, head rounded to 32, or 256 above 192), both fp32.
            rounded = _round_up(length, 128)
            head_rounded = _round_up(head, 32) if head <= 192 else 256
            temporaries = [
                query.new_empty(lead + (rounded,), dtype=torch.float32),
                query.new_empty(lead + (rounded, head_rounded), dtype=torch.float32),
            ]
        else:
            temporaries = [query.new_empty(lead + (length,), dtype=torch.float32)]
        grads = (query.new_empty(query.shape), key.new_empty(key.shape), value.new_empty(value.shape))
        del temporaries
        return (None,) + grads + (None,)


def _sdpa_kernel(query, key, value, attn_mask):
    half = query.dtype in (torch.float16, torch.bfloat16)
    if query.dtype != key.dtype or query.dtype != value.dtype:
        return "math"
    if half and attn_mask is None and query.shape[-1] == value.shape[-1] and query.shape[-1] <= 256:
        if query.shape[-1] % 8 == 0:
            return "flash"
    alignment = 8 if half else 4
    if query.shape[-1] % alignment == 0 and value.shape[-1] % alignment == 0:
        return "efficient"
    return "math"


class SemanticsState(object):
    """Which fused SDPA kernels the trace modelled, for the notes."""

    def __init__(self):
        self.sdpa_kernels = {}
        self.dropout_calls = 0


def _cuda_sdpa(original, state, autocast):
    @functools.wraps(original)
    def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, *args, **kwargs):
        if autocast.active:
            query, key, value = autocast.cast_all((query, key, value), autocast.dtype)
        if kwargs.get("enable_gqa") and key.shape[-3] != query.shape[-3]:
            kernel = "efficient" if query.dtype == torch.float32 else "flash"
        else:
            kernel = _sdpa_kernel(query, key, value, attn_mask)
        state.sdpa_kernels[kernel] = state.sdpa_kernels.get(kernel, 0) + 1
        if kernel == "math":
            return original(query, key, value, attn_mask, dropout_p, is_causal, *args, **kwargs)
        return _FusedAttention.apply(kernel, query, key, value, attn_mask)

    return scaled_dot_product_attention


# ---------------------------------------------------------------- autocast emulation

_LOWER = {
    F: "linear conv1d conv2d conv3d conv_transpose1d conv_transpose2d conv_transpose3d prelu bilinear",
    torch: """matmul mm bmm baddbmm addmm addbmm addmv addr mv einsum chain_matmul conv1d conv2d
        conv3d conv_transpose1d conv_transpose2d conv_transpose3d conv_tbc prelu""",
    torch.Tensor: "matmul __matmul__ __rmatmul__ mm bmm baddbmm addmm addbmm addmv addr mv",
}
_FP32 = {
    F: """layer_norm group_norm cross_entropy nll_loss mse_loss l1_loss smooth_l1_loss huber_loss
        kl_div binary_cross_entropy_with_logits poisson_nll_loss cosine_embedding_loss
        hinge_embedding_loss margin_ranking_loss multilabel_margin_loss soft_margin_loss
        triplet_margin_loss multi_margin_loss softplus cosine_similarity pdist""",
    torch: """layer_norm group_norm native_layer_norm exp expm1 log log10 log2 log1p reciprocal
        rsqrt pow acos asin cosh sinh tan erfinv logsumexp cdist dist renorm cosine_similarity""",
    torch.Tensor: "exp expm1 log log10 log2 log1p reciprocal rsqrt pow __pow__ acos asin cosh sinh tan erfinv logsumexp dist renorm",
}
_SET_DTYPE = {
    F: "softmax log_softmax",
    torch: "softmax log_softmax sum prod cumsum cumprod",
    torch.Tensor: "softmax log_softmax sum prod cumsum cumprod",
}
_PROMOTE = {torch: "cat stack concat concatenate addcmul addcdiv atan2 cross dot tensordot"}
_LOW_DTYPES = (torch.float16, torch.bfloat16)


class AutocastEmulation(object):
    """CUDA autocast for tensors of any device, applied by the patched functions while active."""

    def __init__(self, dtype):
        self.dtype = dtype
        self.active = False
        self._cache = {}

    def __enter__(self):
        self.active = True
        return self

    def __exit__(self, *exc):
        self.active = False
        self._cache.clear()
        return False

    def _cast(self, value, dtype):
        if not isinstance(value, torch.Tensor) or not value.is_floating_point():
            return value
        if value.dtype == dtype or value.dtype == torch.float64:
            return value
        if value.is_leaf and value.requires_grad:
            cached = self._cache.get(id(value))
            if cached is not None and cached[0] is value:
                return cached[1]
            cast = value.to(dtype)
            self._cache[id(value)] = (value, cast)
            return cast
        return value.to(dtype)

    def cast_all(self, values, dtype):
        return tuple(self._deep_cast(v, dtype) for v in values)

    def _deep_cast(self, value, dtype):
        if isinstance(value, (list, tuple)):
            return type(value)(self._deep_cast(v, dtype) for v in value)
        return self._cast(value, dtype)

    def wrap(self, original, policy):
        emulation = self

        @functools.wraps(original)
        def autocast_function(*args, **kwargs):
            if not emulation.active:
                return original(*args, **kwargs)
            if policy == "lower":
                args = emulation.cast_all(args, emulation.dtype)
                kwargs = {k: emulation._deep_cast(v, emulation.dtype) for k, v in kwargs.items()}
            elif policy == "fp32":
                args = emulation.cast_all(args, torch.float32)
                kwargs = {k: emulation._deep_cast(v, torch.float32) for k, v in kwargs.items()}
            elif policy == "set_dtype":
                first = args[0] if args else None
                if (
                    kwargs.get("dtype") is None
                    and isinstance(first, torch.Tensor)
                    and first.dtype in _LOW_DTYPES
                ):
                    kwargs = dict(kwargs, dtype=torch.float32)
            elif policy == "promote":
                tensors = [t for t in _flat(args) if isinstance(t, torch.Tensor) and t.is_floating_point()]
                if tensors:
                    widest = functools.reduce(torch.promote_types, [t.dtype for t in tensors])
                    args = emulation.cast_all(args, widest)
            return original(*args, **kwargs)

        return autocast_function


def _flat(values):
    for value in values:
        if isinstance(value, (list, tuple)):
            for inner in _flat(value):
                yield inner
        else:
            yield value


def install(patches, state):
    """Installs the CUDA semantics on torch's namespaces, before the user's file is imported (so
    `from torch.nn.functional import scaled_dot_product_attention` binds ours too). Returns the
    autocast emulation: inactive until its dtype is set and the loop enters it."""
    autocast = AutocastEmulation(None)
    for table, policy in ((_LOWER, "lower"), (_FP32, "fp32"), (_SET_DTYPE, "set_dtype"), (_PROMOTE, "promote")):
        for owner, names in table.items():
            for name in names.split():
                if hasattr(owner, name):
                    patches.set(owner, name, autocast.wrap(getattr(owner, name), policy))
    patches.set(F, "dropout", _cuda_dropout(F.dropout))
    patches.set(torch, "dropout", _cuda_torch_dropout(torch.dropout))
    if hasattr(F, "scaled_dot_product_attention"):
        patches.set(F, "scaled_dot_product_attention", _cuda_sdpa(F.scaled_dot_product_attention, state, autocast))
    return autocast


def checkpoint_under_autocast(patches, autocast):
    """Activation checkpointing recomputes a block's forward in backward, outside the loop's
    autocast region: CUDA's torch.utils.checkpoint re-enters the autocast state the forward ran
    under (torch.get_autocast_gpu_dtype and friends), which the emulation is not. Without this, the
    recompute runs in fp32 on a bf16/fp16 trace: torch 2.x stops with "Recomputed values ... have
    different metadata", torch 1.13 silently counts fp32 activations. So torch.utils.checkpoint's
    checkpoint re-enters the emulation around the recompute when the forward ran under it, for
    the tracer's own --checkpoint wrapping and the model's own checkpoint calls alike: the module
    attribute, and every name a module imported bound to it (`from torch.utils.checkpoint import
    checkpoint` in the model's code ran before this). Called once the builder has returned."""
    import sys

    import torch.utils.checkpoint as checkpointing

    original = checkpointing.checkpoint

    @functools.wraps(original)
    def checkpoint(function, *args, **kwargs):
        if not autocast.active:
            return original(function, *args, **kwargs)

        def under_forward_autocast(*inner_args, **inner_kwargs):
            if autocast.active:
                return function(*inner_args, **inner_kwargs)
            # The recompute, in backward: as CUDA's autocast, its weight-cast cache lives and
            # dies with this region.
            with autocast:
                return function(*inner_args, **inner_kwargs)

        return original(under_forward_autocast, *args, **kwargs)

    patches.set(checkpointing, "checkpoint", checkpoint)
    for module in list(sys.modules.values()):
        names = getattr(module, "__dict__", None)
        if module is checkpointing or not isinstance(names, dict):
            continue
        for name, value in list(names.items()):
            if value is original:
                patches.set(module, name, checkpoint)


def autocast_dtype(precision):
    return {"bf16-amp": torch.bfloat16, "fp16-amp": torch.float16}.get(precision)


# ---------------------------------------------------------------- meta kernels 1.13 lacks


def _meta_convolution_backward(args, kwargs):
    # convolution_backward(grad_output, input, weight, bias_sizes, stride, padding, dilation,
    #   transposed, output_padding, groups, output_mask)
    # convolution_backward_overrideable: the same without bias_sizes.
    grad_output, input, weight = args[0], args[1], args[2]
    mask = args[-1]
    grad_input = torch.empty_like(input) if mask[0] else None
    grad_weight = torch.empty_like(weight) if mask[1] else None
    grad_bias = grad_output.new_empty((grad_output.shape[1],)) if mask[2] else None
    return grad_input, grad_weight, grad_bias


def _meta_nll_loss2d_forward(args, kwargs):
    # nll_loss2d_forward(self, target, weight, reduction, ignore_index) -> (output, total_weight)
    self, target, reduction = args[0], args[1], args[3]
    shape = tuple(target.shape) if reduction == 0 else ()
    return self.new_empty(shape), self.new_empty(())


def _meta_nll_loss2d_backward(args, kwargs):
    return args[1].new_empty(args[1].shape)


def _meta_like_input(args, kwargs):
    # *_backward(grad_output, self, ...) -> grad_input, shaped as self
    return torch.empty_like(args[1])


def meta_kernels():
    """aten overload -> python function(args, kwargs) giving outputs of the right shapes."""
    aten = torch.ops.aten
    kernels = {}
    for name, overload, impl in (
        ("convolution_backward", "default", _meta_convolution_backward),
        ("convolution_backward_overrideable", "default", _meta_convolution_backward),
        ("nll_loss2d_forward", "default", _meta_nll_loss2d_forward),
        ("nll_loss2d_backward", "default", _meta_nll_loss2d_backward),
        ("_adaptive_avg_pool2d_backward", "default", _meta_like_input),
        ("_adaptive_avg_pool3d_backward", "default", _meta_like_input),
    ):
        packet = getattr(aten, name, None)
        if packet is not None and hasattr(packet, overload):
            kernels[getattr(packet, overload)] = impl
    return kernels
