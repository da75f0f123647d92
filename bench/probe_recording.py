# The torch probe's own cost with measure.snapshot, on a CPU-only torch with a fake one-GPU
# torch.cuda (no GPU here): the time of one probe sample (memory_stats of a full-size stats dict,
# the record, the unchanged-record check) and of one snapshot dump (pickle + JSON of a snapshot
# with MAX_ENTRIES trace events of 12 Python frames each, as torch >= 2.1 returns it).
# It cannot measure what recording costs torch's allocator on a GPU (a stack capture per
# allocation, in C++). Argument: the OOM_GATE_SNAPSHOT mode. Prints one JSON line.
import gc
import json
import os
import sys
import time
import types

import torch

ENTRIES = int(os.environ.get('OOM_GATE_SNAPSHOT_MAX_ENTRIES', '20000'))
GiB = 1 << 30
cuda = torch.cuda
memory = cuda.memory
state = {'initialized': False}

# torch 2.x returns ~150 keys: every stat x {all, large_pool, small_pool} x {current, peak, allocated, freed}.
STATS = {}
for stat in ('allocation', 'segment', 'active', 'inactive_split', 'allocated_bytes', 'reserved_bytes',
             'active_bytes', 'inactive_split_bytes', 'requested_bytes'):
    for pool in ('all', 'large_pool', 'small_pool'):
        for metric in ('current', 'peak', 'allocated', 'freed'):
            STATS['%s.%s.%s' % (stat, pool, metric)] = 40 * GiB
for key in ('num_alloc_retries', 'num_ooms', 'num_sync_all_streams', 'num_device_alloc', 'num_device_free',
            'max_split_size', 'oversize_allocations.current', 'oversize_segments.current'):
    STATS[key] = 0


def frames(i):
    return [{'filename': '/opt/conda/lib/python3.10/site-packages/torch/nn/modules/module.py', 'line': 1500 + k,
             'name': '_call_impl'} if k % 2 else {'filename': '/repo/models/vit.py', 'line': 100 + i % 50 + k,
                                                  'name': 'forward'} for k in range(12)]


def snapshot():
    base = 0x7F0000000000
    trace = [{'action': 'alloc' if i % 2 == 0 else 'free_completed', 'addr': base + (i // 2) * (1 << 20),
              'size': 1 << 20, 'stream': 0, 'frames': frames(i)} for i in range(ENTRIES)]
    blocks = [{'address': base + i * (1 << 20), 'size': 1 << 20, 'requested_size': 1 << 20,
               'state': 'active_allocated', 'frames': frames(i)} for i in range(2000)]
    segment = {'device': 0, 'address': base, 'total_size': 2000 << 20, 'stream': 0, 'segment_type': 'large',
               'segment_pool_id': (0, 0), 'allocated_size': 2000 << 20, 'active_size': 2000 << 20,
               'requested_size': 2000 << 20, 'blocks': blocks}
    return {'segments': [segment], 'device_traces': [trace]}


fake = {
    'is_initialized': lambda: state['initialized'],
    'device_count': lambda: 1,
    'current_device': lambda: 0,
    'get_device_properties': lambda d: types.SimpleNamespace(total_memory=80 * GiB, name='Fake'),
    'memory_stats': lambda d=None: STATS if state['initialized'] else {},
    'memory_reserved': lambda d=None: 40 * GiB,
    'mem_get_info': lambda d=None: (39 * GiB, 80 * GiB),
}
for name, fn in fake.items():
    setattr(cuda, name, fn)
memory._record_memory_history_impl = lambda *a, **k: None
memory._record_memory_history = lambda *a, **k: None
memory._snapshot = snapshot
queued = [call for call, _ in cuda._queued_calls if type(getattr(call, '__self__', None)).__name__ == '_Probe']
state['initialized'] = True
for call in queued:
    call()
probe = next(o for o in gc.get_objects() if type(o).__name__ == '_Probe')
probe.stop.set()  # our ticks only

N = 3000
probe.tick()
started = time.perf_counter()
for _ in range(N):
    probe.tick()
sample_us = (time.perf_counter() - started) / N * 1e6

dump_ms = None
sizes = None
build_ms = None
if probe.snapshot_mode != 'off':
    started = time.perf_counter()
    snapshot()
    build_ms = (time.perf_counter() - started) * 1000  # stands in for torch's own _snapshot()
    times = []
    for _ in range(3):
        started = time.perf_counter()
        probe.dump_snapshot('peak')
        times.append((time.perf_counter() - started) * 1000)
    dump_ms = sorted(times)[1]
    directory = os.path.join(os.environ['OOM_GATE_RESULT_DIR'], 'snapshot')
    sizes = dict((name.split('.')[-1], os.path.getsize(os.path.join(directory, name))) for name in os.listdir(directory))
    sizes['jsonPath'] = os.path.join(directory, '%d.json' % os.getpid())
print(json.dumps({'mode': probe.snapshot_mode, 'history': probe.history_api, 'sampleUs': sample_us,
                  'dumpMs': dump_ms, 'buildMs': build_ms, 'sizes': sizes, 'entries': ENTRIES}))
