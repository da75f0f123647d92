# Drives the probe's CUDA code paths on a CPU-only torch: after `import torch` (which the probe
# hooks), torch.cuda's functions are replaced by a fake two-GPU device, and CUDA initialisation is
# emulated by running the calls torch queued with torch.cuda._lazy_call, as torch's _lazy_init does.
# Argument: the way to end ("oom" raises an uncaught OOM, "exit" returns normally).
import json
import os
import sys
import time
import types

import torch

GiB = 1 << 30
TOTAL = 80 * GiB
CONTEXT = 500 * (1 << 20)
cuda = torch.cuda
state = {'initialized': False, 'current': 0, 'fractions': {}, 'contexts': set()}
alloc = {
    d: {'allocated': 0, 'reserved': 0, 'allocated_peak': 0, 'reserved_peak': 0, 'retries': 0, 'split_peak': 0}
    for d in (0, 1)
}


def use(device, allocated, reserved):
    a = alloc[device]
    state['contexts'].add(device)
    a['allocated'], a['reserved'] = allocated, reserved
    a['allocated_peak'] = max(a['allocated_peak'], allocated)
    a['reserved_peak'] = max(a['reserved_peak'], reserved)


def memory_stats(device=None):
    if not state['initialized']:
        return {}
    a = alloc[device]
    return {
        'allocated_bytes.all.current': a['allocated'],
        'allocated_bytes.all.peak': a['allocated_peak'],
        'reserved_bytes.all.current': a['reserved'],
        'reserved_bytes.all.peak': a['reserved_peak'],
        'active_bytes.all.peak': a['allocated_peak'],
        'inactive_split_bytes.all.peak': a['split_peak'],
        'num_alloc_retries': a['retries'],  # cumulative: reset_peak_memory_stats leaves it
        'num_ooms': 0,
    }


def set_fraction(fraction, device):
    state['contexts'].add(device)  # cudaMemGetInfo in setMemoryFraction creates a context
    state['fractions'][device] = fraction
    state['current'] = device  # torch 1.13 leaves the capped device current


def mem_get_info(device):
    if device not in state['contexts']:
        raise AssertionError('mem_get_info would create a context on device %d' % device)
    return (TOTAL - CONTEXT - alloc[device]['reserved'], TOTAL)


fake = {
    'is_initialized': lambda: state['initialized'],
    'device_count': lambda: 2,
    'current_device': lambda: state['current'],
    'set_device': lambda d: state.__setitem__('current', d),
    'get_device_properties': lambda d: types.SimpleNamespace(total_memory=TOTAL, name='Fake H200'),
    'set_per_process_memory_fraction': set_fraction,
    'memory_stats': memory_stats,
    'memory_reserved': lambda d=None: alloc[d]['reserved'],
    'mem_get_info': mem_get_info,
}
for name, fn in fake.items():
    setattr(cuda, name, fn)

# CUDA initialisation, as torch.cuda._lazy_init does it: run the queued calls, then mark initialised.
ours = [call for call, _ in cuda._queued_calls if type(getattr(call, '__self__', None)).__name__ == '_Probe']
print('queued probe calls:', len(ours), flush=True)
state['initialized'] = True  # torch sets _initialized after the queued calls; the probe must not care
for call in ours:
    call()
print('after init: fractions=%s current=%d' % (json.dumps(state['fractions']), state['current']), flush=True)

use(0, 30 * GiB, 32 * GiB)
alloc[1]['split_peak'] = 256 * (1 << 20)
use(1, 5 * GiB, 6 * GiB)  # a second device used after init: the probe thread caps it


def recorded_devices():
    try:
        with open(os.path.join(os.environ['OOM_GATE_RESULT_DIR'], 'probe', '%d.json' % os.getpid())) as f:
            return json.load(f)['devices']
    except (OSError, ValueError):
        return {}


deadline = time.time() + 10
while '1' not in recorded_devices() and time.time() < deadline:
    time.sleep(0.02)
print('later: fractions=%s' % json.dumps(state['fractions']), flush=True)

# A training loop reading and resetting the peak (mmengine does this every log interval).
use(0, 60 * GiB, 64 * GiB)
alloc[0]['retries'] = 2  # the allocator freed its cache and retried twice to fit
alloc[0]['split_peak'] = 1 * GiB
try:
    torch.cuda.reset_peak_memory_stats(0)  # the probe samples first; the CPU build then fails
except Exception:
    pass
alloc[0]['allocated_peak'] = alloc[0]['allocated'] = 10 * GiB
alloc[0]['split_peak'] = 0
alloc[0]['reserved_peak'] = alloc[0]['reserved'] = 64 * GiB

if sys.argv[1:] == ['oom']:
    raise torch.cuda.OutOfMemoryError(
        'CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.35 GiB total capacity; '
        '60.00 GiB already allocated; 1.00 GiB free; 64.00 GiB reserved in total by PyTorch)'
    )
print('done', flush=True)
