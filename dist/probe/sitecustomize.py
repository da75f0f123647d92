# oom-gate torch probe.
#
# The gate puts this file's directory first on PYTHONPATH, so Python's `site` imports it as
# `sitecustomize` in every process of a smoke run. It does nothing unless OOM_GATE_RESULT_DIR is set,
# and nothing at all in a process that never imports torch. In a process that does, it records
# per CUDA device the process used: torch's peak allocated and reserved bytes, the device's total
# memory, and the memory in use beyond torch's pool (CUDA context, workspaces, other processes), plus
# the text of an uncaught out-of-memory exception. The record is written, atomically, to
# $OOM_GATE_RESULT_DIR/probe/<pid>.json at exit and every $OOM_GATE_PROBE_INTERVAL_MS (default 1000)
# from a daemon thread, because atexit does not run on SIGKILL or os._exit.
#
# Per device it also keeps the caching allocator's health from torch.cuda.memory_stats() (host-side
# counters, read at each sample anyway): num_alloc_retries, num_ooms, and the peaks of active bytes
# and of inactive split bytes (fragmentation).
#
# With OOM_GATE_SNAPSHOT=on-failure or always, the probe starts torch.cuda.memory._record_memory_history
# at CUDA init (the installed torch's API: 1.13, 2.0 or 2.1+; the trace bounded to
# OOM_GATE_SNAPSHOT_MAX_ENTRIES events, default 20000) and dumps torch.cuda.memory._snapshot() to
# $OOM_GATE_RESULT_DIR/snapshot/<pid>.pickle (for pytorch.org/memory_viz) and <pid>.json (the same
# data, for the gate) on an out-of-memory error, when the allocator had to retry, when torch's pool
# plus the memory beyond it passes OOM_GATE_LIMIT_BYTES, and (always) at each new peak, at most
# 20 times a process. Unset or off: nothing is recorded, and the probe costs what it did without it.
#
# With OOM_GATE_CAP_BYTES set below a device's total memory, the probe caps PyTorch on that device
# with torch.cuda.set_per_process_memory_fraction(cap / total) when CUDA is initialised, so that a
# run on a bigger runner card (H100/H200) runs out of memory where the smaller target card would.
#
# Rules: never import torch, never create a CUDA context in a process that did not, never let an
# error of the probe reach the user's program (errors are swallowed, the first one is logged to
# stderr with an "[oom-gate probe]" prefix). Keep it compatible with Python 3.6+ and torch 1.13+.
import os
import sys

_PREFIX = '[oom-gate probe] '
# Messages of uncaught exceptions that mean "ran out of memory" (GPU or host), besides the OOM types.
_OOM_WORDS = ('out of memory', '_alloc_failed', 'resource_exhausted', 'oom when allocating')

# After we hand `sitecustomize` over to the module we shadow, this name keeps ours alive and findable.
sys.modules['_oom_gate_probe'] = sys.modules[__name__]


def _env_int(name, default=None):
    try:
        value = int(float(os.environ.get(name, '')))
        return value if value > 0 else default
    except ValueError:
        return default


def _is_oom(exc):
    torch = sys.modules.get('torch')
    oom_types = []
    for owner in (getattr(torch, 'cuda', None), torch):
        candidate = getattr(owner, 'OutOfMemoryError', None)
        if isinstance(candidate, type):
            oom_types.append(candidate)
    if oom_types and isinstance(exc, tuple(oom_types)):
        return True
    if isinstance(exc, MemoryError) or 'OutOfMemory' in type(exc).__name__:
        return True
    try:
        message = str(exc).lower()
    except Exception:
        return False
    return any(word in message for word in _OOM_WORDS)


def _jsonable(value):
    """json.dump's fallback for what a snapshot may hold beyond JSON types (bytes, enums)."""
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return str(value)


# memory_stats() key -> record field, each kept as its maximum over the run.
_ALLOCATOR_STATS = (
    ('num_alloc_retries', 'numAllocRetries'),
    ('num_ooms', 'numOoms'),
    ('active_bytes.all.peak', 'maxActiveBytes'),
    ('inactive_split_bytes.all.peak', 'maxInactiveSplitBytes'),
)
_SNAPSHOT_MODES = ('off', 'on-failure', 'always')
_MAX_SNAPSHOTS = 20  # dumps per process; an OOM dump is always taken


def _find_oom(exc):
    """The exception itself or the first link of its cause/context chain that is an OOM."""
    seen = set()
    while exc is not None and id(exc) not in seen and len(seen) < 32:
        seen.add(id(exc))
        if _is_oom(exc):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


class _Probe(object):
    def __init__(self, result_dir):
        self.result_dir = result_dir
        self.interval_s = max(_env_int('OOM_GATE_PROBE_INTERVAL_MS', 1000), 20) / 1000.0
        self.cap_bytes = _env_int('OOM_GATE_CAP_BYTES')
        self.limit_bytes = _env_int('OOM_GATE_LIMIT_BYTES')
        mode = os.environ.get('OOM_GATE_SNAPSHOT', 'off').strip().lower()
        self.snapshot_mode = mode if mode in _SNAPSHOT_MODES else 'off'
        self.max_entries = _env_int('OOM_GATE_SNAPSHOT_MAX_ENTRIES', 20000)
        self.alloc_conf = os.environ.get('PYTORCH_CUDA_ALLOC_CONF') or None
        self.history_api = None  # which _record_memory_history form ran: '1.13', '2.0', '2.1'
        try:
            self.cwd = os.getcwd()  # the gate shortens frame file names by it
        except OSError:
            self.cwd = None
        self.torch_version = None
        # torch.cuda.is_available() and torch.version.cuda, asked once when the first record is
        # written (neither creates a CUDA context): a run that used no GPU says why (contract 6).
        self.torch = None
        self.cuda_check = None
        self.logged = False
        self.lock = None
        self.thread = None
        self.stop = None
        self._reset_state(forked=False)

    def _reset_state(self, forked):
        self.forked = forked
        self.devices = {}  # device index -> record fields
        self.capped = set()  # device indices already capped (or too small to need it)
        self.cap_fraction = None
        self.exception = None
        self.last_written = None
        self.snapshot = None  # the latest dump: files, reason, the allocated peak when taken
        self.snapshot_count = 0
        self.oom_dumped = False

    def log(self, what, error=None):
        if self.logged:
            return
        self.logged = True
        try:
            detail = ': %s: %s' % (type(error).__name__, error) if error is not None else ''
            sys.stderr.write('%s%s%s (further probe errors are not shown)\n' % (_PREFIX, what, detail))
            sys.stderr.flush()
        except Exception:
            pass

    # -- torch import -------------------------------------------------------------------------------

    def on_torch_imported(self, torch):
        """Runs right after `import torch` executed torch/__init__.py, before user code sees it."""
        import atexit
        import threading

        self.lock = threading.RLock()
        self.stop = threading.Event()
        try:
            self.torch_version = str(getattr(torch, '__version__', None) or '') or None
        except Exception:
            pass
        self.torch = torch
        cuda = getattr(torch, 'cuda', None)
        for step in (self._install_cap, self._install_history, self._wrap_peak_reset):
            try:
                step(cuda)
            except Exception as error:
                self.log('could not hook torch.cuda', error)
        try:
            self._install_excepthooks(threading)
            atexit.register(self.at_exit)
            if hasattr(os, 'register_at_fork'):
                os.register_at_fork(after_in_child=self._after_fork_in_child)
        except Exception as error:
            self.log('could not install exit hooks', error)
        self._start_thread()

    def _install_cap(self, cuda):
        if not self.cap_bytes or cuda is None:
            return
        # _lazy_call queues the function until torch initialises CUDA (or runs it now if it already
        # has). torch 1.13 and 2.x run queued calls inside _lazy_init right after torch._C._cuda_init(),
        # while the initialising thread is marked as initialising (so torch.cuda calls made from the
        # queued function do not recurse) and before `_initialized` is set: that is before any
        # allocation of the process, which all go through _lazy_init first. A queued function that
        # raises would surface as DeferredCudaCallError in the user's program, so ours never raises.
        cuda._lazy_call(self._cap_at_cuda_init)

    def _cap_at_cuda_init(self):
        try:
            cuda = sys.modules['torch'].cuda
            current = cuda.current_device()  # cudaGetDevice: creates no context
            target = current
            # torchrun/elastic ranks see every GPU of the run and pick LOCAL_RANK, usually with
            # set_device after this point: cap the rank's own device, not device 0 (which would put
            # a context on GPU 0 in every rank).
            local_rank = os.environ.get('LOCAL_RANK', '')
            count = cuda.device_count()
            if local_rank.isdigit() and count > 1 and int(local_rank) < count:
                target = int(local_rank)
            self._cap_device(cuda, target)
            # torch 1.13's setMemoryFraction calls cudaSetDevice(device) and does not switch back
            # (2.x uses a device guard); keep the user's current device as it was.
            if cuda.current_device() != current:
                cuda.set_device(current)
        except Exception as error:
            self.log('could not cap PyTorch memory at CUDA init', error)

    def _cap_device(self, cuda, index):
        """Caps PyTorch's caching allocator on one device to OOM_GATE_CAP_BYTES.

        The fraction limits the memory PyTorch's caching allocator may reserve on the device (an
        allocation that would take its reserved total above fraction x total raises an OOM like a full
        card would). It does not cover the CUDA context, cuBLAS/cuDNN workspaces allocated outside the
        allocator, NCCL buffers or other processes: the gate subtracts those from the target when it
        chooses the cap. setMemoryFraction calls cudaMemGetInfo, which creates a context on `index`:
        only call this for a device the process is using or about to use. Written against torch 1.13
        and 2.x, exercised here against a fake torch.cuda only (no GPU in the tests); an allocator
        backend that rejects the fraction (PYTORCH_CUDA_ALLOC_CONF=backend:cudaMallocAsync, not
        verified) gets its error logged once and leaves capFraction null: the target was not emulated."""
        with self.lock:
            if index in self.capped:
                return
            self.capped.add(index)
            total = int(cuda.get_device_properties(index).total_memory)
            self._device(index)['totalBytes'] = total
            if self.cap_bytes >= total:
                return
            fraction = float(self.cap_bytes) / float(total)
            cuda.set_per_process_memory_fraction(fraction, index)
            if self.cap_fraction is None or fraction < self.cap_fraction:
                self.cap_fraction = fraction

    def _install_history(self, cuda):
        if self.snapshot_mode == 'off' or cuda is None:
            return
        # Like the cap: queued until torch initialises CUDA. The allocator only exists from then on
        # (recording asked for earlier reaches no device), and it is before the first allocation.
        cuda._lazy_call(self._start_history_at_cuda_init)

    def _start_history_at_cuda_init(self):
        try:
            torch = sys.modules['torch']
            memory = torch.cuda.memory
            record = memory._record_memory_history
            if hasattr(memory, '_record_memory_history_impl'):
                # torch >= 2.1: enabled/context/stacks/max_entries. Python stacks only (C++ unwinding
                # costs far more) and only for allocations (what the summary reads).
                record(enabled='all', context='alloc', stacks='python', max_entries=self.max_entries)
                self.history_api = '2.1'
            elif 'trace_alloc_max_entries' in _parameters(record):
                # torch 2.0: (enabled, record_context, trace_alloc_max_entries, trace_alloc_record_context, ...)
                record(
                    True,
                    record_context=True,
                    trace_alloc_max_entries=self.max_entries,
                    trace_alloc_record_context=True,
                )
                self.history_api = '2.0'
            else:
                # torch 1.13: (enabled, device): stacks of the blocks alive only, no event trace to bound.
                record(True)
                self.history_api = '1.13'
            attach = getattr(getattr(torch, '_C', None), '_cuda_attach_out_of_memory_observer', None)
            if attach is not None:  # torch >= 2.1: called at the failing allocation, caught or not
                attach(self._on_out_of_memory)
        except Exception as error:
            self.log('could not start recording the memory history', error)

    def _on_out_of_memory(self, device, alloc, device_allocated, device_free):
        # torch calls OOM observers on the allocating thread after releasing the allocator's lock
        # (its docs take a snapshot in one). Should the probe thread be stuck behind a lock torch
        # still holds, give up after a while: the exception hook dumps later instead.
        if not self.lock.acquire(timeout=2.0):
            return
        try:
            if self.oom_dumped:
                return
            self.sample(full=False, backstop=False)
            self.dump_snapshot_quietly('oom')
            self.write(final=False)
        except Exception as error:
            self.log('could not dump the memory snapshot at the OOM', error)
        finally:
            self.lock.release()

    def _wrap_peak_reset(self, cuda):
        # Training loops (mmengine's logger among them) call reset_peak_memory_stats after reading the
        # peak; sample first so that our maxima survive the reset.
        import functools

        memory = getattr(cuda, 'memory', None)
        original = getattr(cuda, 'reset_peak_memory_stats', None)
        if original is None or getattr(original, '_oom_gate_wrapped', False):
            return
        probe = self

        @functools.wraps(original)
        def reset_peak_memory_stats(*args, **kwargs):
            probe.sample_quietly(full=False)
            return original(*args, **kwargs)

        reset_peak_memory_stats._oom_gate_wrapped = True
        cuda.reset_peak_memory_stats = reset_peak_memory_stats
        # reset_max_memory_allocated/cached call the module-level name in torch.cuda.memory.
        if memory is not None and getattr(memory, 'reset_peak_memory_stats', None) is original:
            memory.reset_peak_memory_stats = reset_peak_memory_stats

    def _install_excepthooks(self, threading):
        previous = sys.excepthook

        def excepthook(exc_type, value, tb):
            self.note_exception(value, write=True)
            previous(exc_type, value, tb)

        sys.excepthook = excepthook
        previous_thread_hook = getattr(threading, 'excepthook', None)
        if previous_thread_hook is not None:

            def thread_excepthook(args):
                self.note_exception(args.exc_value, write=True)
                previous_thread_hook(args)

            threading.excepthook = thread_excepthook

    def _after_fork_in_child(self):
        import threading

        # Locks may have been held by the parent's thread at fork time; the thread itself is gone.
        self.lock = threading.RLock()
        self.stop = threading.Event()
        self.thread = None
        # A forked child (a DataLoader worker) writes only once it has something of its own.
        self._reset_state(forked=True)
        self._start_thread()

    def _start_thread(self):
        import threading

        try:
            self.thread = threading.Thread(target=self._run, name='oom-gate-probe', daemon=True)
            self.thread.start()
        except Exception as error:
            self.log('could not start the probe thread', error)

    # -- sampling and writing -----------------------------------------------------------------------

    def _run(self):
        stop = self.stop
        self.tick()
        while not stop.wait(self.interval_s):
            self.tick()

    def tick(self, final=False):
        try:
            with self.lock:
                self.sample(full=True, backstop=not final)
                self.maybe_dump_snapshot()
                self.write(final)
        except Exception as error:
            self.log('could not record', error)

    def sample_quietly(self, full):
        try:
            with self.lock:
                self.sample(full=full, backstop=False)
        except Exception as error:
            self.log('could not sample', error)

    def _device(self, index):
        return self.devices.setdefault(
            index,
            {
                'maxAllocatedBytes': None,
                'maxReservedBytes': None,
                'totalBytes': None,
                'usedBeyondReservedBytes': None,
                'numAllocRetries': None,
                'numOoms': None,
                'maxActiveBytes': None,
                'maxInactiveSplitBytes': None,
            },
        )

    def sample(self, full, backstop):
        torch = sys.modules.get('torch')
        cuda = getattr(torch, 'cuda', None)
        # is_initialized is False in a process that never used CUDA (and in a child forked after its
        # parent did): then nothing below may run, since most of it would initialise CUDA.
        if cuda is None or not cuda.is_initialized():
            return
        for index in range(cuda.device_count()):
            stats = cuda.memory_stats(index)  # host-side allocator counters, no CUDA call
            peak_reserved = int(stats.get('reserved_bytes.all.peak', 0))
            if peak_reserved <= 0 and index not in self.devices:
                continue  # not used by this process
            device = self._device(index)
            peak_allocated = int(stats.get('allocated_bytes.all.peak', 0))
            device['maxAllocatedBytes'] = max(device['maxAllocatedBytes'] or 0, peak_allocated)
            device['maxReservedBytes'] = max(device['maxReservedBytes'] or 0, peak_reserved)
            for key, field in _ALLOCATOR_STATS:
                if key in stats:  # absent in an older torch: unknown stays None
                    device[field] = max(device[field] or 0, int(stats[key]))
            if device['totalBytes'] is None:
                device['totalBytes'] = int(cuda.get_device_properties(index).total_memory)
            if not full or peak_reserved <= 0:
                continue
            # From here the device has a context (the allocator reserved memory on it), so the calls
            # below create none; they run on the probe thread, whose current device is its own.
            if self.cap_bytes and backstop and index not in self.capped:
                self._cap_device(cuda, index)  # a device the process started using after init
            if device['usedBeyondReservedBytes'] is None:
                before = int(cuda.memory_reserved(index))
                free, total = cuda.mem_get_info(index)
                after = int(cuda.memory_reserved(index))
                device['usedBeyondReservedBytes'] = max(0, int(total) - int(free) - max(before, after))

    def note_exception(self, value, write):
        try:
            oom = _find_oom(value)
            if oom is None or self.exception is not None:
                return
            import traceback

            text = ''.join(traceback.format_exception_only(type(oom), oom)).strip()
            self.exception = text[:16000]
            with self.lock:
                self.sample(full=False, backstop=False)
                if not self.oom_dumped:
                    # torch < 2.1 has no OOM observer; the exception's frames still hold their tensors.
                    self.dump_snapshot_quietly('oom')
                if write:
                    self.write(final=False)
        except Exception as error:
            self.log('could not record the exception', error)

    # -- memory snapshots ---------------------------------------------------------------------------

    def _snapshot_reason(self):
        """Why the run deserves a snapshot now, from the devices' records; None: it does not."""
        devices = list(self.devices.values())
        if any((d['numAllocRetries'] or 0) > 0 for d in devices):
            return 'retries'
        if self.limit_bytes and any(
            (d['maxReservedBytes'] or 0) + (d['usedBeyondReservedBytes'] or 0) > self.limit_bytes for d in devices
        ):
            return 'over-limit'
        return 'peak' if self.snapshot_mode == 'always' else None

    def maybe_dump_snapshot(self):
        """At a sample: dump when there is a reason and the allocated peak grew 2% since the last dump."""
        if self.snapshot_mode == 'off' or self.history_api is None or self.oom_dumped:
            return
        if self.snapshot_count >= _MAX_SNAPSHOTS:
            return
        reason = self._snapshot_reason()
        if reason is None:
            return
        peak = max([d['maxAllocatedBytes'] or 0 for d in self.devices.values()] or [0])
        last = self.snapshot
        if last is not None and last['reason'] == reason and peak <= last['runPeakBytes'] * 1.02:
            return
        self.dump_snapshot_quietly(reason, peak)

    def dump_snapshot_quietly(self, reason, run_peak=None):
        try:
            self.dump_snapshot(reason, run_peak)
        except Exception as error:
            self.log('could not dump the memory snapshot', error)

    def dump_snapshot(self, reason, run_peak=None):
        """Writes torch.cuda.memory._snapshot() as <pid>.pickle and <pid>.json, each atomically."""
        if self.snapshot_mode == 'off' or self.history_api is None:
            return
        import json
        import pickle

        torch = sys.modules['torch']
        cuda = torch.cuda
        if reason == 'oom':
            self.oom_dumped = True
        self.snapshot_count += 1
        peaks = [int(cuda.memory_stats(i).get('allocated_bytes.all.peak', 0)) for i in sorted(self.devices)]
        data = cuda.memory._snapshot()
        directory = os.path.join(self.result_dir, 'snapshot')
        if not os.path.isdir(directory):
            os.makedirs(directory, exist_ok=True)
        pid = os.getpid()
        names = {}
        for kind, mode, dump in (
            ('pickle', 'wb', lambda handle: pickle.dump(data, handle, protocol=2)),
            # json.dumps, not json.dump: only the one-shot form uses the C encoder (several times faster).
            ('json', 'w', lambda handle: handle.write(json.dumps(data, default=_jsonable, separators=(',', ':')))),
        ):
            name = '%d.%s' % (pid, kind)
            temp = os.path.join(directory, '.%s.tmp' % name)
            with open(temp, mode) as handle:
                dump(handle)
            os.replace(temp, os.path.join(directory, name))
            names[kind] = 'snapshot/' + name
        self.snapshot = {
            'pickle': names['pickle'],
            'json': names['json'],
            'reason': reason,
            'historyApi': self.history_api,
            # torch's allocated peak when dumped (since the last reset_peak_memory_stats): the gate
            # checks that the trace reaches back to it.
            'peakAllocatedBytes': max(peaks or [0]),
            'runPeakBytes': run_peak if run_peak is not None else max(peaks or [0]),
        }

    def _cuda_check(self):
        if self.cuda_check is None and self.torch is not None:
            check = {'cudaAvailable': None, 'cudaBuild': None}
            try:
                check['cudaBuild'] = getattr(getattr(self.torch, 'version', None), 'cuda', None)
                check['cudaAvailable'] = bool(self.torch.cuda.is_available())
            except Exception:
                pass
            self.cuda_check = check
        return self.cuda_check or {'cudaAvailable': None, 'cudaBuild': None}

    def record(self, final):
        check = self._cuda_check()
        return {
            'cudaAvailable': check['cudaAvailable'],
            'cudaBuild': check['cudaBuild'],
            'pid': os.getpid(),
            'torchVersion': self.torch_version,
            'devices': dict((str(index), dict(fields)) for index, fields in sorted(self.devices.items())),
            'capFraction': self.cap_fraction,
            'exception': self.exception,
            'final': final,
            'allocConf': self.alloc_conf,
            'memoryHistory': self.history_api,
            'snapshot': self.snapshot,
            'cwd': self.cwd,
        }

    def write(self, final):
        import json

        if self.forked and not self.devices and self.exception is None:
            return
        body = self.record(final)
        text = json.dumps(body, sort_keys=True)
        if not final and text == self.last_written:
            return
        try:
            directory = os.path.join(self.result_dir, 'probe')
            if not os.path.isdir(directory):
                os.makedirs(directory, exist_ok=True)
            pid = body['pid']
            path = os.path.join(directory, '%d.json' % pid)
            temp = os.path.join(directory, '.%d.json.tmp' % pid)  # writes are serialised by self.lock
            with open(temp, 'w') as handle:
                handle.write(text)
            os.replace(temp, path)  # readers see the old or the new file, never half of one
            self.last_written = text
        except Exception as error:
            self.log('could not write %s' % os.path.join(self.result_dir, 'probe'), error)

    def at_exit(self):
        try:
            self.stop.set()
            thread = self.thread
            if thread is not None and thread.is_alive():
                thread.join(1.0)
            if self.exception is None:
                # A program that replaced sys.excepthook after torch was imported bypasses ours; the
                # interpreter still leaves the uncaught exception here before atexit runs.
                last = getattr(sys, 'last_exc', None) or getattr(sys, 'last_value', None)
                if last is not None:
                    self.note_exception(last, write=False)
        except Exception as error:
            self.log('could not finish', error)
        self.tick(final=True)


def _parameters(function):
    try:
        import inspect

        return inspect.signature(function).parameters
    except (TypeError, ValueError):
        return {}


class _TorchImportWatcher(object):
    """A sys.meta_path finder that only reacts to the top-level `torch` import: it asks the finders
    after it for torch's spec and makes the loader call `on_import` once torch/__init__.py ran.
    Imports torch never; removes itself once torch is found."""

    def __init__(self, on_import):
        self.on_import = on_import
        self.busy = False

    def find_spec(self, fullname, path=None, target=None):
        if fullname != 'torch' or self.busy:
            return None
        self.busy = True
        try:
            spec = None
            for finder in list(sys.meta_path):
                find_spec = getattr(finder, 'find_spec', None)
                if finder is self or find_spec is None:
                    continue
                spec = find_spec(fullname, path, target)
                if spec is not None:
                    break
            if spec is None or spec.loader is None or not hasattr(spec.loader, 'exec_module'):
                return None
            self.remove()
            original = spec.loader.exec_module
            on_import = self.on_import

            def exec_module(module):
                original(module)
                try:
                    on_import(module)
                except Exception:
                    pass

            spec.loader.exec_module = exec_module
            return spec
        except Exception:
            return None  # the import system asks the other finders as if we were not here
        finally:
            self.busy = False

    def remove(self):
        try:
            sys.meta_path.remove(self)
        except ValueError:
            pass


def _start_probe():
    result_dir = os.environ.get('OOM_GATE_RESULT_DIR')
    if not result_dir:
        return
    probe = _Probe(os.path.abspath(result_dir))  # the program may chdir later
    torch = sys.modules.get('torch')
    if torch is not None:
        probe.on_torch_imported(torch)
        return
    sys.meta_path.insert(0, _TorchImportWatcher(probe.on_torch_imported))


def _find_shadowed_sitecustomize():
    """The spec of the sitecustomize that ours hides: the next one on sys.path after our directory."""
    here = os.path.dirname(os.path.abspath(__file__))

    def same_dir(entry):
        try:
            return os.path.samefile(entry or os.curdir, here)
        except OSError:
            return False

    position = next((i for i, entry in enumerate(sys.path) if same_dir(entry)), -1)
    rest = [entry for entry in sys.path[position + 1 :] if not same_dir(entry)]
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec('sitecustomize', rest)
    return spec if spec is not None and spec.loader is not None else None


def _exec_shadowed_sitecustomize():
    """Runs the hidden sitecustomize (Debian's, a conda env's, the user's own) as the real
    `sitecustomize` module, so that its hooks still run and `import sitecustomize` finds it."""
    try:
        spec = _find_shadowed_sitecustomize()
    except Exception:
        spec = None
    if spec is None:
        return
    from importlib.util import module_from_spec

    module = module_from_spec(spec)
    sys.modules['sitecustomize'] = module  # the import system hands this to `import sitecustomize`
    # Its errors propagate to `site`, which reports them as it would without us.
    spec.loader.exec_module(module)


try:
    _start_probe()
except Exception as _error:  # never break the user's program
    try:
        sys.stderr.write('%scould not start: %s: %s\n' % (_PREFIX, type(_error).__name__, _error))
    except Exception:
        pass

_exec_shadowed_sitecustomize()
