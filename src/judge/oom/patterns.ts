// The out-of-memory messages oom-gate recognises, one matcher per message family, and the
// memory-sounding errors that are not out-of-memory. Each matcher reads one log line (and,
// for NCCL, the lines after it) and returns only the numbers that line states.
import { SIZE_PATTERN, sizeToBytes, type SizeOptions } from './sizes.js'

export type OomKind = 'gpu-oom' | 'host-oom'

export interface OomFacts {
  kind: OomKind
  framework: string | null
  gpuIndex: number | null
  triedToAllocateBytes: number | null
  totalCapacityBytes: number | null
  freeBytes: number | null
  allocatedBytes: number | null
  reservedBytes: number | null
}

export interface OomPattern {
  id: string
  /** Tested against one line, after colour codes and rank prefixes are removed. */
  match: RegExp
  /**
   * The OOM is inferred from a SIGKILL (a DataLoader worker "killed by signal: Killed", torchrun's
   * `exitcode: -9`, the shell's `Killed`). The kernel OOM killer sends SIGKILL, but so does the gate
   * when it stops a run, so these lines mean nothing when the gate killed the tree itself.
   */
  fromSigkill: boolean
  /** `following` are the next few lines, for messages whose sizes come on a line of their own. */
  read(line: string, following: readonly string[]): OomFacts
}

const SIZE = SIZE_PATTERN

function facts(kind: OomKind, framework: string | null, numbers: Partial<OomFacts> = {}): OomFacts {
  return {
    kind,
    framework,
    gpuIndex: null,
    triedToAllocateBytes: null,
    totalCapacityBytes: null,
    freeBytes: null,
    allocatedBytes: null,
    reservedBytes: null,
    ...numbers
  }
}

/** Bytes of the size captured right after `before` (a regex source) in `line`. */
function sizeAfter(line: string, before: string, options?: SizeOptions): number | null {
  const m = new RegExp(`${before}\\s*${SIZE}`, 'i').exec(line)
  return m ? sizeToBytes(m[1]!, m[2]!, options) : null
}

/** Bytes of the size captured right before `after` (a regex source) in `line`. */
function sizeBefore(line: string, after: string): number | null {
  const m = new RegExp(`${SIZE}\\s*${after}`, 'i').exec(line)
  return m ? sizeToBytes(m[1]!, m[2]!) : null
}

function integer(line: string, re: RegExp): number | null {
  const m = re.exec(line)
  return m ? Number(m[1]) : null
}

function sum(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b
}

/**
 * PyTorch's caching-allocator message, in all its versions:
 *  - ≤1.4: `Tried to allocate X (GPU 0; Y total capacity; Z already allocated; W free; V cached)`
 *  - 1.5-2.0: `... W free; V reserved in total by PyTorch)`, later with the max_split_size_mb hint
 *  - ≥2.1: `Tried to allocate X. GPU 0 has a total capacity of Y of which W is free. [Process N has
 *    ... memory in use.] [Including non-PyTorch memory, this process has ... memory in use.] Of the
 *    allocated memory Z is allocated by PyTorch, and U is reserved by PyTorch but unallocated.`
 *    (2.1 printed "capacty"). Reserved is then Z + U: PyTorch's whole pool.
 */
function pytorchNumbers(line: string): Partial<OomFacts> {
  const allocatedNew = sizeAfter(line, 'Of the allocated memory')
  const unallocated = sizeBefore(line, 'is reserved by PyTorch but unallocated')
  return {
    gpuIndex: integer(line, /\(GPU (\d+);/) ?? integer(line, /\bGPU (\d+) has a total capac/),
    triedToAllocateBytes: sizeAfter(line, 'Tried to allocate'),
    totalCapacityBytes: sizeBefore(line, 'total capacity') ?? sizeAfter(line, 'has a total capac(?:i)?ty of'),
    freeBytes: sizeAfter(line, 'of which') ?? sizeAfter(line, 'already allocated;'),
    allocatedBytes: sizeBefore(line, 'already allocated') ?? allocatedNew,
    reservedBytes:
      sizeBefore(line, 'reserved in total by PyTorch') ??
      sizeBefore(line, 'cached\\)') ??
      sum(allocatedNew, unallocated)
  }
}

// Bytes per element of the dtypes TensorFlow and numpy name in their messages.
const ITEM_BYTES: Record<string, number> = {
  bool: 1,
  int8: 1,
  uint8: 1,
  qint8: 1,
  quint8: 1,
  half: 2,
  float16: 2,
  bfloat16: 2,
  int16: 2,
  uint16: 2,
  float: 4,
  float32: 4,
  int32: 4,
  uint32: 4,
  double: 8,
  float64: 8,
  int64: 8,
  uint64: 8,
  complex64: 8,
  complex128: 16
}

/**
 * Bytes of a tensor from its printed shape and dtype: the message states both, so the size
 * follows exactly (numpy's own "7.91 GiB" is rounded to three digits). Null for other dtypes.
 */
function tensorBytes(shape: string, dtype: string): number | null {
  const item = ITEM_BYTES[dtype.toLowerCase()]
  if (item === undefined) return null
  const dims = shape
    .split(',')
    .map(d => d.trim())
    .filter(d => d !== '')
  if (!dims.every(d => /^\d+$/.test(d))) return null
  const bytes = dims.reduce((acc, d) => acc * BigInt(d), BigInt(item))
  return bytes <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(bytes) : null
}

/** Matchers in priority order: the first that matches a line decides it. */
export const OOM_PATTERNS: readonly OomPattern[] = [
  {
    id: 'pytorch-cuda',
    // `HIP` is the same allocator on ROCm. The phrase followed by a closing quote is code that looks
    // for the error (`if "CUDA out of memory" in str(e)`), not the error.
    match: /\b(?:CUDA|HIP) out of memory(?!\.?["'`])|Tried to allocate \d[\d.]*\s*\w+ \(GPU \d+;/i,
    fromSigkill: false,
    read: line => facts('gpu-oom', 'pytorch', pytorchNumbers(line))
  },
  {
    id: 'pytorch-mps',
    // Older releases print binary values labelled GB/MB/KB, newer ones GiB/MiB/KiB. "max allowed" is
    // the allocator's ceiling (the high-watermark ratio of the unified memory): the capacity it enforces.
    match: /MPS backend out of memory/i,
    fromSigkill: false,
    read: line =>
      facts('gpu-oom', 'mps', {
        triedToAllocateBytes: sizeAfter(line, 'Tried to allocate', { legacyBinaryLabels: true }),
        allocatedBytes: sizeAfter(line, 'MPS allocated:', { legacyBinaryLabels: true }),
        totalCapacityBytes: sizeAfter(line, 'max allowed:', { legacyBinaryLabels: true })
      })
  },
  {
    id: 'pytorch-oom-type',
    // The exception type alone (its message on another line or cut off).
    match: /^\s*torch\.(?:cuda\.)?OutOfMemoryError\b(?::|\s*$)/,
    fromSigkill: false,
    read: line => facts('gpu-oom', 'pytorch', pytorchNumbers(line))
  },
  {
    id: 'tensorflow',
    match: /\bOOM when allocating tensor (?:with|of) shape/,
    fromSigkill: false,
    read: line => {
      const m =
        /shape\s*\[([^\]]*)\] and type (\w+) on \S*device:(GPU|CPU):(\d+)(?: by allocator (\S+))?/.exec(line)
      if (!m) return facts('gpu-oom', 'tensorflow')
      const onCpu = m[3] === 'CPU' || m[5] === 'cpu'
      return facts(onCpu ? 'host-oom' : 'gpu-oom', 'tensorflow', {
        gpuIndex: onCpu ? null : Number(m[4]),
        triedToAllocateBytes: tensorBytes(m[1]!, m[2]!)
      })
    }
  },
  {
    id: 'xla',
    // jaxlib's XlaRuntimeError (RESOURCE_EXHAUSTED), older jaxlib's "Resource exhausted", and XLA:TPU
    // running out of HBM at compile time. XLA's own GPU/TPU device memory: gpu-oom.
    match:
      /\bRESOURCE_EXHAUSTED: (?:Out of memory|XLA:\w+ compile permanent error\. Ran out of memory)|\bResource exhausted: Out of memory/i,
    fromSigkill: false,
    read: line =>
      facts('gpu-oom', 'jax', {
        triedToAllocateBytes: integer(
          line,
          /Out of memory (?:while trying to allocate|allocating) (\d+) bytes/i
        )
      })
  },
  {
    id: 'cublas',
    match: /CUBLAS_STATUS_ALLOC_FAILED/i,
    fromSigkill: false,
    read: line => facts('gpu-oom', 'cublas', { gpuIndex: integer(line, /\bGPU=(\d+)/) })
  },
  {
    id: 'cudnn',
    // NOT_ENOUGH_WORKSPACE: cuDNN could not get the workspace its algorithm needs. PyTorch shrinks the
    // workspace it asks for when that allocation fails, so in a training run this is a shortage of
    // device memory too, not a wrong argument.
    match: /CUDNN_STATUS_(?:ALLOC_FAILED|NOT_ENOUGH_WORKSPACE)/i,
    fromSigkill: false,
    read: line => facts('gpu-oom', 'cudnn', { gpuIndex: integer(line, /\bGPU=(\d+)/) })
  },
  {
    id: 'nccl',
    // NCCL's log prefix is `host:pid:tid [cudaDev]`; the size it failed to get follows on its own line.
    match: /\bCuda failure (?:\d+ )?'out of memory'/i,
    fromSigkill: false,
    read: (line, following) => {
      const sizeLine = [line, ...following].find(l => /Failed to CUDA [cm]alloc(?:Async)? \d+ bytes/.test(l))
      return facts('gpu-oom', 'nccl', {
        gpuIndex: integer(line, /:\d+:\d+ \[(\d+)\] /),
        triedToAllocateBytes: sizeLine
          ? integer(sizeLine, /Failed to CUDA [cm]alloc(?:Async)? (\d+) bytes/)
          : null
      })
    }
  },
  {
    id: 'cuda',
    // The runtime/driver error without the caching allocator's report: raised by kernels, cuBLAS
    // setup, NCCL through PyTorch, or an allocator (TensorFlow's stream executor, JAX) that logs it.
    match:
      /\bCUDA error: out of memory|\bcuda runtime error \(2\) : out of memory|\bCUDA driver error: out of memory|\bCUDA_ERROR_OUT_OF_MEMORY\b|\bcudaErrorMemoryAllocation\b/i,
    fromSigkill: false,
    read: line =>
      facts('gpu-oom', 'cuda', {
        triedToAllocateBytes: integer(line, /failed to alloc(?:ate)?\s+(?:\S+\s+\()?(\d+) bytes/i)
      })
  },
  {
    id: 'pytorch-cpu',
    // c10's CPU allocator; old releases said "you tried to allocate 5GB" (whole GiB rounded down): no exact size.
    match: /DefaultCPUAllocator: (?:can't allocate memory|not enough memory)/,
    fromSigkill: false,
    read: line =>
      facts('host-oom', 'pytorch', {
        triedToAllocateBytes: integer(line, /you tried to allocate (\d+) bytes/)
      })
  },
  {
    id: 'numpy',
    match: /Unable to allocate \d[\d.]*\s*\w+ for an array with shape/,
    fromSigkill: false,
    read: line => {
      const m = new RegExp(
        `Unable to allocate ${SIZE} for an array with shape \\(([^)]*)\\) and data type (\\w+)`
      ).exec(line)
      const stated = new RegExp(`Unable to allocate ${SIZE}`).exec(line)
      return facts('host-oom', 'numpy', {
        triedToAllocateBytes:
          (m ? tensorBytes(m[3]!, m[4]!) : null) ?? (stated ? sizeToBytes(stated[1]!, stated[2]!) : null)
      })
    }
  },
  {
    id: 'kernel-oom-killer',
    // The kernel's own report (dmesg, journal, a cgroup's memory.events dump) names the OOM killer.
    match:
      /\bOut of memory: Kill(?:ed)? process \d+|\boom-kill:|\binvoked oom-killer\b|Memory cgroup out of memory/,
    fromSigkill: false,
    read: () => facts('host-oom', 'kernel')
  },
  {
    id: 'python-memoryerror',
    match: /^\s*MemoryError\b(?::|\s*$)/,
    fromSigkill: false,
    read: () => facts('host-oom', 'python')
  },
  {
    id: 'dataloader-killed',
    // Only SIGKILL ("Killed"): a worker that dies of "Segmentation fault" or "Terminated" did not run out.
    match: /DataLoader worker \(pid\(?s?\)? ?[\d, ]+\) is killed by signal: Killed\b/,
    fromSigkill: true,
    read: () => facts('host-oom', 'dataloader')
  },
  {
    id: 'elastic-sigkill',
    // torch.distributed.elastic reports a child that died of SIGKILL as exit code -9.
    match: /\bexitcode\s*:\s*-9\b|\(exitcode: -9\)|\bSignal 9 \(SIGKILL\) received by PID\b/,
    fromSigkill: true,
    read: () => facts('host-oom', 'kernel')
  },
  {
    id: 'shell-killed',
    // bash reports a child killed by SIGKILL as `script: line 3: 1234 Killed  cmd`, an interactive
    // shell as a bare `Killed`; IDEs as "exit code 137 (interrupted by signal 9: SIGKILL)".
    match:
      /^(?:\S+: )?line \d+:\s+\d+ Killed\b|^\s*Killed\s*$|\bexit code 137 \(interrupted by signal 9: ?SIGKILL\)/,
    fromSigkill: true,
    read: () => facts('host-oom', 'kernel')
  }
]

/** A cheap test that a line could be one of the messages above, so long logs are scanned fast. */
export const OOM_PREFILTER = /memory|alloc|oom|killed|exitcode|sigkill|exhausted|workspace|exit code 137/i

/**
 * Errors that mention memory but are not a lack of it. They decide nothing; when no OOM is found,
 * the first of them is the evidence shown for "not-oom".
 */
export const LOOKALIKE_PATTERNS: readonly RegExp[] = [
  /an illegal memory access was encountered/i,
  /misaligned address/i,
  /Watchdog caught collective operation timeout/i,
  /out of resource: shared memory/i,
  /device-side assert triggered/i,
  /Unrecognized CachingAllocator option/i,
  /INTERNAL ASSERT FAILED/,
  /DataLoader worker \(pid[^)]*\) is killed by signal: (?!Killed\b)/,
  /\bCUBLAS_STATUS_(?!ALLOC_FAILED)[A-Z_]+/,
  /\bCUDNN_STATUS_(?!ALLOC_FAILED|NOT_ENOUGH_WORKSPACE)[A-Z_]+/,
  /unhandled cuda error/i
]

/** A Python exception line (`RuntimeError: ...`, `torch.AcceleratorError: ...`), for not-oom evidence. */
export const EXCEPTION_LINE = /^\s*(?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Failure)\b(?::|\s*$)/
