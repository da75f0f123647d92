# Counts every call that would initialise CUDA or create a context, in a process that imports torch
# and computes on the CPU only. The report runs at exit after the probe's own exit handler (atexit is
# last-in first-out and this one is registered before torch is imported, hence before the probe's).
# Argument "control" makes the program itself touch CUDA once, to show that the counter sees it.
import atexit
import sys
import time

calls = []


def report():
    torch = sys.modules['torch']
    print('cuda calls: %d initialized: %s' % (len(calls), torch.cuda.is_initialized()), flush=True)


atexit.register(report)

import torch  # noqa: E402


def counting(name, original):
    def wrapper(*args, **kwargs):
        calls.append(name)
        return original(*args, **kwargs)

    return wrapper


for name in ('_lazy_init', 'init', 'get_device_properties', 'mem_get_info', 'set_per_process_memory_fraction'):
    setattr(torch.cuda, name, counting(name, getattr(torch.cuda, name)))

x = torch.randn(128, 128)
print('sum', float((x @ x).abs().sum()) > 0, flush=True)
if sys.argv[1:] == ['control']:
    try:
        torch.cuda.get_device_properties(0)
    except Exception:
        pass
time.sleep(0.3)  # the probe thread ticks every 20 ms meanwhile
