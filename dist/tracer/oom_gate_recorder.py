"""Records every storage created and freed on the trace device, under a TorchDispatchMode.

Identity and lifetime are the storage's own (its C++ StorageImpl), never the Python tensor's:
autograd keeps saved outputs alive through tensor copies the mode never sees, so a finalizer per
Python tensor would undercount. Each new storage gets a weak reference to its StorageImpl
(torch.utils.weak.StorageWeakRef on 2.x, torch.multiprocessing.reductions.StorageWeakRef on
1.13); before each op that creates a storage, the live ones are checked for expiry, so frees are
seen in order, before the allocation that could reuse their memory. Views share their storage
and are counted once. Sizes are rounded as the CUDA caching allocator rounds them (512 B) and fed
to its replay (oom_gate_allocator) for the reserved bytes.
"""

import torch
from torch.utils._python_dispatch import TorchDispatchMode

from oom_gate_allocator import CachingAllocatorReplay, round_size

try:  # torch >= 2.0
    from torch.utils.weak import StorageWeakRef
except ImportError:  # torch 1.13
    from torch.multiprocessing.reductions import StorageWeakRef

_HAS_UNTYPED = hasattr(torch.Tensor, "untyped_storage")
# StorageWeakRef.expired() is torch.UntypedStorage._expired(cdata) on 1.13 and 2.x; calling it
# on the key (the StorageImpl address, which is what StorageWeakRef.cdata holds) skips two
# Python frames per check. Guarded: without it, the weak reference's own method.
_EXPIRED = getattr(getattr(torch, "UntypedStorage", None), "_expired", None)
# The autograd node backward is running (torch >= 2.0; None on 1.13). Forward stamps each node's
# metadata with the module that created it (MODULE_KEY, oom_gate_trace._ModuleHooks), so what
# backward allocates outside any module's forward is the node's module's.
_CURRENT_NODE = getattr(torch._C, "_current_autograd_node", None)
MODULE_KEY = "oom_gate_module"


def storage_of(tensor):
    """The tensor's storage: untyped on 2.x; 1.13's TypedStorage wraps the same StorageImpl."""
    return tensor.untyped_storage() if _HAS_UNTYPED else tensor.storage()


def storage_key(tensor):
    return storage_of(tensor)._cdata


def _tensors(value, into):
    if isinstance(value, torch.Tensor):
        into.append(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _tensors(item, into)
    return into


class Allocation(object):
    __slots__ = ("id", "bytes", "phase", "iteration", "op", "module")

    def __init__(self, id, bytes, phase, iteration, op, module):
        self.id = id
        self.bytes = bytes
        self.phase = phase
        self.iteration = iteration
        self.op = op
        self.module = module


class StorageRecorder(TorchDispatchMode):
    """
    Bytes live on `device_type` over time. Before start_tracking() (the build) it only keeps the
    live set; from start_tracking() on it keeps the peak, the events and the allocator replay.
    `kernels` maps aten overloads to replacement functions (meta kernels 1.13 lacks), used only on
    meta tensors.
    """

    def __init__(self, device_type, kernels=None):
        super().__init__()
        self.device_type = device_type
        self.kernels = kernels or {}
        # storage key (StorageImpl address) -> [weak ref, Allocation, allocator block or None].
        # Two generations: `young` is checked for frees before every allocation; `old` holds
        # what lives across phases (parameters, buffers, inputs, gradients, optimizer states,
        # DDP buckets), checked at each phase change (set_to_none frees gradients in zero_grad,
        # which allocates nothing, and the next allocation comes after the next phase change),
        # so the sweep before each allocation stays short.
        self.live = {}
        self.young = {}
        self.old = {}
        self.allocations = []
        self.events = []  # allocation id when created, ~id when freed (during tracking)
        self.live_bytes = 0
        self.tracking = False
        self.allocator = None
        self.peak_bytes = 0
        self.peak_event = -1
        self.peak_allocation = None
        self.start_live = []
        self._phase = "build"
        self.iteration = 0
        self.module_stack = []
        # Only on CPU (the equality check): 0-dim tensors the optimizer creates from no tracked
        # storage are the CPU step counters that CUDA runs keep on the host too.
        self.host_scalars = {} if device_type == "cpu" else None
        self.ops = 0

    # ------------------------------------------------------------------ dispatch

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        kernel = self.kernels.get(func)
        if kernel is not None and any(
            isinstance(a, torch.Tensor) and a.device.type == "meta" for a in args
        ):
            out = kernel(args, kwargs)
        else:
            out = func(*args, **kwargs)
        self.ops += 1
        self._observe(func, out, args)
        return out

    def _observe(self, func, out, args):
        outputs = _tensors(out, [])
        if not outputs:
            return
        # 1.13's record_function (in every optimizer.step) returns a CPU handle tensor: not memory
        # a CUDA run has on the card. Only CPU traces can see it.
        if self.host_scalars is not None and str(func).startswith("profiler."):
            return
        swept = False
        live = self.live
        for tensor in outputs:
            if tensor.device.type != self.device_type:
                continue
            storage = storage_of(tensor)
            key = storage._cdata
            nbytes = storage.nbytes()
            record = live.get(key)
            if record is not None:
                if record[1].bytes == round_size(nbytes) or nbytes == 0:
                    continue
                # resize_ of a storage already counted: the allocator frees and allocates.
                self._free(key, record)
            if nbytes == 0:
                continue
            if self.host_scalars is not None and self._is_host_scalar(key, tensor, args):
                continue
            if not swept:
                self._sweep(self.young)
                swept = True
            self._allocate(key, storage, nbytes, func)

    def _is_host_scalar(self, key, tensor, args):
        scalars = self.host_scalars
        ref = scalars.get(key)
        if ref is not None and not ref.expired():
            return True
        if self.phase != "optimizer" or tensor.dim() != 0:
            return False
        for arg in _tensors(list(args), []):
            if arg.device.type == self.device_type and storage_key(arg) in self.live:
                return False
        scalars[key] = StorageWeakRef(storage_of(tensor))
        return True

    # ------------------------------------------------------------------ bookkeeping

    def _allocate(self, key, storage, nbytes, op):
        rounded = round_size(nbytes)
        module = self.module_stack[-1] if self.module_stack else None
        if module is None and self.phase == "backward" and _CURRENT_NODE is not None:
            node = _CURRENT_NODE()
            if node is not None:
                module = getattr(node, "metadata", {}).get(MODULE_KEY)
        allocation = Allocation(len(self.allocations), rounded, self.phase, self.iteration, op, module)
        self.allocations.append(allocation)
        block = self.allocator.malloc(nbytes) if self.tracking else None
        record = [StorageWeakRef(storage), allocation, block]
        if _EXPIRED is not None and record[0].cdata != key:
            raise AssertionError("StorageWeakRef.cdata is not the storage's address on this torch")
        self.live[key] = record
        self.young[key] = record
        self.live_bytes += rounded
        if self.tracking:
            self.events.append(allocation.id)
            if self.live_bytes > self.peak_bytes:
                self.peak_bytes = self.live_bytes
                self.peak_event = len(self.events)
                self.peak_allocation = allocation

    def _free(self, key, record):
        del self.live[key]
        self.young.pop(key, None)
        self.old.pop(key, None)
        self.live_bytes -= record[1].bytes
        if self.tracking:
            self.events.append(~record[1].id)
            if record[2] is not None:
                self.allocator.free(record[2])

    @property
    def phase(self):
        return self._phase

    @phase.setter
    def phase(self, value):
        self._phase = value
        self._sweep(self.old)

    def _sweep(self, generation):
        if _EXPIRED is not None:
            dead = [key for key in generation if _EXPIRED(key)]
        else:
            dead = [key for key, record in generation.items() if record[0].expired()]
        for key in dead:
            self._free(key, self.live[key])

    def promote(self, tensors):
        """Moves the storages of `tensors` to the old generation (they live across phases)."""
        for tensor in tensors:
            if isinstance(tensor, torch.Tensor) and tensor.device.type == self.device_type:
                key = storage_key(tensor)
                record = self.young.pop(key, None)
                if record is not None:
                    self.old[key] = record

    def sweep(self):
        """Frees every storage whose StorageImpl has no strong reference left."""
        self._sweep(self.young)
        self._sweep(self.old)
        if self.host_scalars:
            for key in [k for k, ref in self.host_scalars.items() if ref.expired()]:
                del self.host_scalars[key]

    def start_tracking(self):
        """Like torch.cuda.reset_peak_memory_stats on a fresh process: what is live now was
        allocated in creation order (a model moved to the card tensor by tensor)."""
        self.sweep()
        self.allocator = CachingAllocatorReplay()
        for record in sorted(self.live.values(), key=lambda r: r[1].id):
            record[2] = self.allocator.malloc(record[1].bytes)
        self.allocator.reset_peak()
        self.tracking = True
        self.start_live = [record[1].id for record in self.live.values()]
        self.old.update(self.young)
        self.young.clear()
        self.peak_bytes = self.live_bytes
        self.peak_event = 0
        self.peak_allocation = None

    def allocation_of(self, tensor):
        """The live Allocation holding `tensor`'s storage, or None."""
        if not isinstance(tensor, torch.Tensor) or tensor.device.type != self.device_type:
            return None
        record = self.live.get(storage_key(tensor))
        if record is None or record[0].expired():
            return None
        return record[1]

    def live_at_peak(self):
        """Allocation ids live at the peak: the live set at start, replayed up to the peak."""
        live = set(self.start_live)
        for event in self.events[: self.peak_event]:
            if event >= 0:
                live.add(event)
            else:
                live.discard(~event)
        return live

    # ------------------------------------------------------------------ module stack

    def push_module(self, name):
        self.module_stack.append(name)

    def pop_module(self):
        if self.module_stack:
            self.module_stack.pop()
