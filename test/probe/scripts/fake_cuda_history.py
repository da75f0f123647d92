# Drives the probe's memory-history and snapshot paths on a CPU-only torch: a fake one-GPU
# torch.cuda whose caching allocator keeps blocks and an event trace, and whose
# torch.cuda.memory._record_memory_history / _snapshot take the signature and return the layout
# of the torch version in FAKE_TORCH_API (1.13, 2.0 or 2.1), as documented in torch/cuda/memory.py
# of each version. CUDA initialisation runs the calls torch queued with _lazy_call, as _lazy_init does.
# Argument: the scenario: oom | retries | peak | fit. Prints the history call as JSON.
import json
import os
import sys
import time
import types

import torch

API = os.environ['FAKE_TORCH_API']
GiB = 1 << 30
MiB = 1 << 20
TOTAL = 80 * GiB
SEGMENT = 0x7F0000000000
cuda = torch.cuda
memory = cuda.memory
state = {'initialized': False, 'retries': 0, 'ooms': 0, 'history': None}
blocks = []  # {'address', 'size', 'state', 'frames'} tiling one 40 GiB segment in order
trace = []
peak = {'allocated': 0}

USER = '/repo/tools/train.py'
MODULE = '/usr/lib/python3/dist-packages/torch/nn/modules/module.py'
ADAM = '/usr/lib/python3/dist-packages/torch/optim/adamw.py'


def frame(filename, line, name):
    return {'filename': filename, 'line': line, 'name': name}


def allocated():
    return sum(b['size'] for b in blocks if b['state'] == 'active_allocated')


def alloc(size, frames):
    address = SEGMENT + sum(b['size'] for b in blocks)
    blocks.append({'address': address, 'size': size, 'state': 'active_allocated', 'frames': frames})
    if state['history']:
        trace.append({'action': 'alloc', 'addr': address, 'size': size, 'stream': 0, 'frames': frames})
    peak['allocated'] = max(peak['allocated'], allocated())
    return address


def free(address):
    block = next(b for b in blocks if b['address'] == address)
    block['state'] = 'inactive'
    if state['history']:
        for action in ('free_requested', 'free_completed'):
            trace.append({'action': action, 'addr': address, 'size': block['size'], 'stream': 0, 'frames': []})


def memory_stats(device=None):
    if not state['initialized']:
        return {}
    return {
        'allocated_bytes.all.peak': peak['allocated'],
        'allocated_bytes.all.current': allocated(),
        'reserved_bytes.all.peak': 40 * GiB,
        'reserved_bytes.all.current': 40 * GiB,
        'active_bytes.all.peak': peak['allocated'],
        'inactive_split_bytes.all.peak': 0,
        'num_alloc_retries': state['retries'],
        'num_ooms': state['ooms'],
    }


def snapshot(*args, **kwargs):
    tail = 40 * GiB - sum(b['size'] for b in blocks)
    tiles = blocks + [{'address': SEGMENT + 40 * GiB - tail, 'size': tail, 'state': 'inactive', 'frames': []}]
    if API == '2.1':
        out_blocks = [
            {'address': b['address'], 'size': b['size'], 'requested_size': b['size'], 'state': b['state'], 'frames': b['frames']}
            for b in tiles
        ]
    else:  # 1.13 and 2.0: no address; the current allocation's stack in `history`, newest first
        out_blocks = [
            dict(
                {'size': b['size'], 'state': b['state']},
                **({'history': [{'addr': b['address'], 'real_size': b['size'], 'frames': b['frames']}]} if b['frames'] else {})
            )
            for b in tiles
        ]
    segment = {
        'device': 0,
        'address': SEGMENT,
        'total_size': 40 * GiB,
        'allocated_size': allocated(),
        'active_size': allocated(),
        'stream': 0,
        'segment_type': 'large',
        'blocks': out_blocks,
    }
    if API == '2.1':
        segment['segment_pool_id'] = (0, 0)
    if API == '1.13':
        return [segment]
    entries = state['history']['max_entries'] if state['history'] else 0
    return {'segments': [segment], 'device_traces': [trace[-entries:] if entries else []]}


if API == '2.1':
    def _record_memory_history(enabled='all', context='all', stacks='all', max_entries=sys.maxsize, device=None):
        state['history'] = {'enabled': enabled, 'context': context, 'stacks': stacks, 'max_entries': max_entries}

    memory._record_memory_history_impl = _record_memory_history
    observers = []
    torch._C._cuda_attach_out_of_memory_observer = observers.append
elif API == '2.0':
    def _record_memory_history(enabled, record_context=True, trace_alloc_max_entries=1, trace_alloc_record_context=False, device=None, record_context_cpp=False):
        state['history'] = {
            'enabled': enabled,
            'record_context': record_context,
            'max_entries': trace_alloc_max_entries,
            'trace_alloc_record_context': trace_alloc_record_context,
            'record_context_cpp': record_context_cpp,
        }
else:
    def _record_memory_history(enabled, device=None):
        state['history'] = {'enabled': enabled, 'max_entries': 0}

memory._record_memory_history = _record_memory_history
memory._snapshot = snapshot
fake = {
    'is_initialized': lambda: state['initialized'],
    'device_count': lambda: 1,
    'current_device': lambda: 0,
    'get_device_properties': lambda d: types.SimpleNamespace(total_memory=TOTAL, name='Fake H200'),
    'memory_stats': memory_stats,
    'memory_reserved': lambda d=None: 40 * GiB,
    'mem_get_info': lambda d=None: (TOTAL - 40 * GiB - 500 * MiB, TOTAL),
}
for name, fn in fake.items():
    setattr(cuda, name, fn)

ours = [call for call, _ in cuda._queued_calls if type(getattr(call, '__self__', None)).__name__ == '_Probe']
state['initialized'] = True
for call in ours:
    call()
print(json.dumps({'history': state['history']}), flush=True)


def wait_for_snapshot():
    if os.environ.get('FAKE_NO_WAIT'):
        return  # the probe's exit tick takes the snapshot
    path = os.path.join(os.environ['OOM_GATE_RESULT_DIR'], 'snapshot', '%d.json' % os.getpid())
    deadline = time.time() + 10
    while not os.path.exists(path) and time.time() < deadline:
        time.sleep(0.02)


# A training step: weights moved to the GPU, an activation in forward, optimizer state.
weights = alloc(4 * GiB, [frame(MODULE, 1143, '<lambda>'), frame(MODULE, 797, '_apply'), frame(USER, 12, 'main')])
activation = alloc(6 * GiB, [frame('/repo/models/vit.py', 88, 'forward'), frame(MODULE, 1501, '_call_impl'), frame(USER, 20, 'main')])
scenario = sys.argv[1]
if scenario == 'oom':
    state['ooms'] = 1
    if state['history'] and API != '1.13':
        trace.append({'action': 'oom', 'size': 8 * GiB, 'stream': 0, 'device_free': 1 * GiB, 'frames': []})
    for observer in globals().get('observers', []):
        observer(0, 8 * GiB, allocated(), 1 * GiB)  # torch >= 2.1 calls observers at the failing cudaMalloc
    raise torch.cuda.OutOfMemoryError('CUDA out of memory. Tried to allocate 8.00 GiB (GPU 0; 79.35 GiB total capacity)')
if scenario == 'retries':
    alloc(8 * GiB, [frame(ADAM, 160, '_init_group'), frame(USER, 25, 'main')])
    state['retries'] = 3
    wait_for_snapshot()
if scenario == 'peak':
    scores = alloc(12 * GiB, [frame('/repo/models/vit.py', 91, 'forward'), frame(MODULE, 1501, '_call_impl'), frame(USER, 20, 'main')])
    time.sleep(0.05)
    free(scores)  # the peak (22 GiB) has passed when the probe samples
    for line in (30, 31, 32):  # small allocations after it: a 2-event trace no longer reaches the free
        alloc(1 * MiB, [frame(USER, line, 'main')])
    wait_for_snapshot()
print('done', flush=True)
