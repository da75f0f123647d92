"""A replay of PyTorch's CUDA caching allocator (c10/cuda/CUDACachingAllocator.cpp, default
configuration: no max_split_size_mb, no roundup_power2_divisions, no expandable segments, one
stream), fed the sizes and order of the storages a trace creates and frees.

What it reproduces, from the C++ source (same in 1.13 and 2.x):
- round_size: requests under kMinBlockSize (512 B) become 512 B, others round up to 512 B;
  this rounded size is what torch.cuda.memory_allocated counts.
- two pools: small (rounded size <= kSmallSize, 1 MiB) and large;
- a new segment (cudaMalloc) when no cached block fits: kSmallBuffer (2 MiB) for small requests,
  kLargeBuffer (20 MiB) for requests under kMinLargeAlloc (10 MiB), else the request rounded up
  to kRoundLarge (2 MiB);
- best fit: the smallest free block of the pool that holds the request (ties: lowest address);
- split: a small block splits when at least kMinBlockSize remains, a large one when more than
  kSmallSize remains; the request takes the block's start, the remainder stays free after it;
- free: the block merges with free neighbours of the same segment.
Segments are never released (no cudaMalloc failure, hence no empty_cache retry): reserved bytes
only grow, as torch.cuda.memory_reserved does on a card with room to spare.
"""

import bisect

K_MIN_BLOCK_SIZE = 512
K_SMALL_SIZE = 1 << 20
K_SMALL_BUFFER = 2 << 20
K_LARGE_BUFFER = 20 << 20
K_MIN_LARGE_ALLOC = 10 << 20
K_ROUND_LARGE = 2 << 20


def round_size(size):
    """Bytes the allocator hands out for a request of `size` bytes (what allocated counts)."""
    if size < K_MIN_BLOCK_SIZE:
        return K_MIN_BLOCK_SIZE
    return K_MIN_BLOCK_SIZE * ((size + K_MIN_BLOCK_SIZE - 1) // K_MIN_BLOCK_SIZE)


def allocation_size(size):
    """Bytes of the segment cudaMalloc'd for a rounded request of `size` bytes."""
    if size <= K_SMALL_SIZE:
        return K_SMALL_BUFFER
    if size < K_MIN_LARGE_ALLOC:
        return K_LARGE_BUFFER
    return K_ROUND_LARGE * ((size + K_ROUND_LARGE - 1) // K_ROUND_LARGE)


class _Block(object):
    __slots__ = ("address", "size", "small", "allocated", "prev", "next")

    def __init__(self, address, size, small):
        self.address = address
        self.size = size
        self.small = small
        self.allocated = False
        self.prev = None
        self.next = None


class CachingAllocatorReplay(object):
    """malloc(size) -> handle, free(handle); reserved / peak_reserved in bytes."""

    def __init__(self):
        # Free blocks per pool, kept sorted by (size, address) for best fit.
        self._free = {True: [], False: []}
        self._by_key = {}
        self._next_address = 0
        self.reserved = 0
        self.peak_reserved = 0
        self.segments = 0

    def _insert_free(self, block):
        key = (block.size, block.address)
        bisect.insort(self._free[block.small], key)
        self._by_key[key] = block

    def _remove_free(self, block):
        key = (block.size, block.address)
        pool = self._free[block.small]
        index = bisect.bisect_left(pool, key)
        del pool[index]
        del self._by_key[key]

    def malloc(self, requested):
        size = round_size(requested)
        small = size <= K_SMALL_SIZE
        pool = self._free[small]
        index = bisect.bisect_left(pool, (size, -1))
        if index < len(pool):
            block = self._by_key.pop(pool[index])
            del pool[index]
        else:
            segment = allocation_size(size)
            # cudaMalloc'd segments never touch: leave a gap so neighbours never merge across them.
            block = _Block(self._next_address, segment, small)
            self._next_address += segment + K_ROUND_LARGE
            self.reserved += segment
            self.segments += 1
            if self.reserved > self.peak_reserved:
                self.peak_reserved = self.reserved
        remaining = block.size - size
        if (remaining >= K_MIN_BLOCK_SIZE) if small else (remaining > K_SMALL_SIZE):
            rest = _Block(block.address + size, remaining, small)
            rest.prev = block
            rest.next = block.next
            if block.next is not None:
                block.next.prev = rest
            block.next = rest
            block.size = size
            self._insert_free(rest)
        block.allocated = True
        return block

    def free(self, block):
        block.allocated = False
        for neighbour in (block.prev, block.next):
            if neighbour is None or neighbour.allocated:
                continue
            self._remove_free(neighbour)
            if neighbour is block.prev:
                block.address = neighbour.address
                block.prev = neighbour.prev
                if block.prev is not None:
                    block.prev.next = block
            else:
                block.next = neighbour.next
                if block.next is not None:
                    block.next.prev = block
            block.size += neighbour.size
        self._insert_free(block)

    def reset_peak(self):
        self.peak_reserved = self.reserved
