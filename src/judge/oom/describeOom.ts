// Words for an OOM report, saying only what its numbers support. The report prints it after
// "<model> ran out of GPU memory (<framework>): ", so it starts lower-case and has no final period.
import type { OomReport } from '../../results.js'
import { familyById } from './families.js'
import { formatBytes, unitFor } from '../../config/units.js'

const POOL_OWNER: Record<string, string> = { pytorch: 'PyTorch', mps: 'MPS' }

export function describeOom(r: OomReport): string {
  if (r.kind === 'not-oom') return 'no out-of-memory error found'
  if (r.kind === 'host-oom') return describeHost(r)
  const clauses = [request(r), device(r), pool(r)].filter((c): c is string => c !== null)
  if (r.triedToAllocateBytes === null && r.freeBytes === null && r.totalCapacityBytes === null) {
    clauses.push('the message states no sizes')
  }
  return clauses.join('; ')
}

/** "tried to allocate 2.30 GiB with 0.40 GiB free: at least 1.90 GiB short". */
function request(r: OomReport): string | null {
  const tried = r.triedToAllocateBytes
  const free = r.freeBytes
  if (tried === null) {
    return free === null ? null : `${formatBytes(free, { unit: unitFor(free) })} free`
  }
  if (free === null) return `tried to allocate ${formatBytes(tried, { unit: unitFor(tried) })}`
  if (free < tried) {
    // One unit for the three numbers, so that the subtraction reads right. "At least": the request
    // needed one contiguous block, so fragmentation can make the real shortfall larger.
    const unit = unitFor(tried)
    return `tried to allocate ${formatBytes(tried, { unit })} with ${formatBytes(free, { unit })} free: at least ${formatBytes(tried - free, { unit })} short`
  }
  // More was free than asked for, and still it failed: the numbers say no more than that.
  return `tried to allocate ${formatBytes(tried, { unit: unitFor(tried) })} with ${formatBytes(free, { unit: unitFor(free) })} free, yet the allocation failed`
}

// PyTorch's message names the accelerator; an Ascend NPU or Intel XPU is not called a GPU in words.
const ACCELERATOR = /\b(NPU|XPU|MLU|MUSA|GCU|HPU) out of memory/

function device(r: OomReport): string | null {
  const accelerator = ACCELERATOR.exec(r.evidence ?? '')?.[1] ?? 'GPU'
  const name = r.framework === 'mps' ? null : r.gpuIndex === null ? null : `${accelerator} ${r.gpuIndex}`
  const total = r.totalCapacityBytes
  if (total === null) return name === null ? null : `on ${name}`
  const size = formatBytes(total, { unit: unitFor(total) })
  if (r.framework === 'mps') return `the MPS allocator allows ${size} at most`
  return name === null ? `${size} total capacity` : `${name} has ${size} in total`
}

function pool(r: OomReport): string | null {
  const owner = POOL_OWNER[r.framework ?? ''] ?? r.framework ?? 'the framework'
  const { allocatedBytes: allocated, reservedBytes: reserved } = r
  if (allocated !== null && reserved !== null) {
    return `${owner} had ${formatBytes(allocated, { unit: unitFor(allocated) })} allocated and ${formatBytes(reserved, { unit: unitFor(reserved) })} reserved`
  }
  if (allocated !== null)
    return `${owner} had ${formatBytes(allocated, { unit: unitFor(allocated) })} allocated`
  if (reserved !== null) return `${owner} had ${formatBytes(reserved, { unit: unitFor(reserved) })} reserved`
  return null
}

/** Host memory: say what stopped the run, and how sure that is. */
function describeHost(r: OomReport): string {
  const tried =
    r.triedToAllocateBytes === null
      ? null
      : formatBytes(r.triedToAllocateBytes, { unit: unitFor(r.triedToAllocateBytes) })
  switch (r.framework) {
    case 'kernel':
      if (r.family === 'enomem') {
        return /bad_alloc/.test(r.evidence ?? '')
          ? "C++'s operator new could not get host memory (std::bad_alloc)"
          : 'the kernel refused host memory (ENOMEM): a fork or mmap failed'
      }
      return r.basis === 'message' ||
        (r.basis === undefined &&
          /oom-kill|Out of memory: Kill|oom-killer|cgroup out of memory/i.test(r.evidence ?? ''))
        ? 'the kernel OOM killer killed a process of the run'
        : 'killed by SIGKILL, most likely from the kernel OOM killer'
    case 'kubernetes':
      return r.family === 'kubelet-eviction'
        ? 'the pod was evicted under node memory pressure'
        : 'the container hit its memory limit and was killed (OOMKilled)'
    case 'windows':
      return 'WinError 1455: the paging file could not back the memory a process asked for'
    case 'ollama':
      return tried === null
        ? 'Ollama found too little free system memory for the model'
        : `the model needs ${tried} of system memory${r.freeBytes === null ? '' : `, ${formatBytes(r.freeBytes, { unit: unitFor(r.freeBytes) })} is available`}`
    case 'dataloader':
      return 'a DataLoader worker was killed by SIGKILL, most likely by the kernel OOM killer'
    case 'pytorch':
      return tried === null
        ? "PyTorch's CPU allocator failed"
        : `PyTorch's CPU allocator could not allocate ${tried}`
    case 'numpy':
      return tried === null
        ? 'numpy could not allocate an array'
        : `numpy could not allocate ${tried} for an array`
    case 'tensorflow':
      return tried === null
        ? 'TensorFlow could not allocate a tensor in host memory'
        : `TensorFlow could not allocate a ${tried} tensor in host memory`
    case 'python':
      return 'Python raised MemoryError'
    default:
      return 'host memory ran out'
  }
}

/**
 * The message family in words and the fix its users reach for (families.ts), for the PR comment
 * and `oom-gate explain`; null for not-oom and for a family this version does not know.
 */
export function familyAdvice(r: OomReport): { title: string; fix: string } | null {
  if (r.kind === 'not-oom') return null
  const family = familyById(r.family)
  return family ? { title: family.title, fix: family.fix } : null
}
