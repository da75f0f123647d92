// The out-of-memory messages oom-gate recognises: one small declarative entry per message family.
// An entry is a matcher (one log line, after colour codes and launcher prefixes are removed), the
// labelled clauses its numbers are read from (clauses.ts), and the words the report uses: what the
// family means and the fix its users reach for. Adding a family is adding an entry here.
import { bareSize, integer, label, size, sizeSharingUnit, tensor } from './clauses.js'
import type { SizeOptions } from './sizes.js'

export type OomKind = 'gpu-oom' | 'host-oom'

/**
 * What the verdict rests on. `message`: a program or the kernel said memory ran out. `kill`: only
 * the shape of a process killed by SIGKILL (`Killed`, exit code 137, `exitcode: -9`, "killed by
 * signal"), which the kernel OOM killer leaves, but so does anyone who sends SIGKILL.
 */
export type OomBasis = 'message' | 'kill'

export interface OomFamily {
  /** Stable id, stored in results.json as `oom.family`. */
  id: string
  kind: OomKind
  /** The kind is host-oom instead when this matches the message (TensorFlow on a CPU device). */
  hostWhen?: RegExp
  /** The framework that printed the message; null when the message does not say (a caught OOM, the fallback). */
  framework: string | null
  basis: OomBasis
  /** The family in words, for the PR comment: "vLLM could not fit its KV cache in gpu_memory_utilization". */
  title: string
  /** The fix this family's users reach for, in words. */
  fix: string
  /** Tested against one line (or a message the terminal wrapped over a few lines). */
  match: RegExp
  /** Labelled clause parsers for the numbers the message states. */
  clauses?: readonly RegExp[]
  /** How many following lines may carry more of its numbers (NCCL's size, TensorFlow's device). */
  following?: number
  sizeOptions?: SizeOptions
}

// Matchers keep a number and its unit apart (`\d[\d.]*\s*[A-Za-z]+`, never `\d[\d.]*\s*\w+`):
// where both could take the same digits, a long digit run costs quadratic time to reject.

// Accelerators whose PyTorch backends print the caching allocator's message with their own name.
const DEVICE = String.raw`(?:CUDA|HIP|NPU|XPU|MLU|MUSA|GCU|SDAA|DCU|HPU)`

/** PyTorch's caching allocator, in all its versions and on every accelerator that reuses it. */
const PYTORCH_CLAUSES = [
  label`Tried to allocate ${size('triedToAllocateBytes')}`,
  // ≤2.0: `(GPU 0; 16.00 GiB total capacity; ...)`; Ascend and Cambricon name their device.
  label`\((?:GPU|${DEVICE})\s*${integer('gpuIndex')}\s*$`,
  label`^\s*${size('totalCapacityBytes')} total capacity`,
  label`^\s*${size('allocatedBytes')} already allocated`,
  label`^\s*${size('freeBytes')} free\b`,
  // Anchored on its own label, `reserved in total`: a terminal may wrap or cut the rest (`by PyTorch`).
  label`^\s*${size('reservedBytes')} (?:reserved in total|cached\b)`,
  // ≥2.1: `GPU 0 has a total capacity of Y of which W is free` (2.1 printed "capacty").
  label`\b(?:GPU|${DEVICE}) ${integer('gpuIndex')} has a total capac`,
  label`has a total capac(?:i)?ty of ${size('totalCapacityBytes')}`,
  label`of which ${size('freeBytes')} is free`,
  label`Of the allocated memory ${size('allocatedBytes')} is allocated by PyTorch`,
  label`${size('reservedUnallocatedBytes')} is reserved by PyTorch but unallocated`
]

const PYTORCH_FIX =
  'lower the batch size or sequence length, or turn on activation checkpointing or mixed precision; when much memory is reserved but unallocated, set PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True'

const SLURM_FIX =
  'ask Slurm for more memory (--mem, --mem-per-cpu or --mem-per-gpu), or lower host-side memory use (DataLoader workers, caching)'

// Words a training loop prints when it catches an OOM (fairseq, hand-written loops): either order.
const OOM_WORDS = String.raw`(?:OOM|out[- ]of[- ]memory)`

const KILL_FIX =
  "look for the kernel's record of the kill (dmesg, journalctl -k, the container's OOMKilled); give the job more host memory, or lower DataLoader workers and host-side caching"

/** Families in priority order: the first whose matcher fits a line decides it. */
export const OOM_FAMILIES: readonly OomFamily[] = [
  {
    id: 'vllm-kv-cache',
    kind: 'gpu-oom',
    framework: 'vllm',
    basis: 'message',
    title: 'vLLM could not fit its KV cache in gpu_memory_utilization',
    fix: 'raise gpu_memory_utilization, or lower max_model_len or max_num_seqs',
    // The phrase right after a quote is vLLM's source in the traceback (`raise ValueError("No ...`).
    match:
      /(?<!["'])\bNo available memory for the cache blocks|KV cache is needed, which is larger than the available KV cache memory|max seq len \(\d+\) is larger than the maximum number of tokens that can be stored in KV cache/,
    // Numbers in bytes only: "max seq len (131072)" and "KV cache (3664)" are tokens.
    clauses: [
      label`${size('triedToAllocateBytes')} KV cache is needed`,
      label`available KV cache memory \(${size('freeBytes')}\)`
    ]
  },
  {
    id: 'vllm-startup-free',
    kind: 'gpu-oom',
    framework: 'vllm',
    basis: 'message',
    title: 'vLLM found less free GPU memory at startup than gpu_memory_utilization asks for',
    fix: 'lower gpu_memory_utilization, or stop the other processes that hold memory on that GPU',
    match:
      /Free memory on device \S{0,40}\s*\(\d[\d.]*(?:\s*[A-Za-z]+)?\/\d[\d.]*\s*[A-Za-z]+\) on startup is less than desired GPU memory utilization/,
    // `cuda:1 (19.77/22.05 GiB)`: free and total share the unit; `(0.9, 19.84 GiB)`: the budget asked for.
    clauses: [
      label`on device [A-Za-z]{0,10}:?${integer('gpuIndex')}\s*\(`,
      label`\(${sizeSharingUnit('freeBytes')}/${size('totalCapacityBytes')}\)`,
      label`utilization \(\d[\d.]*, ${size('triedToAllocateBytes')}\)`
    ]
  },
  {
    id: 'sglang-mem-fraction',
    kind: 'gpu-oom',
    framework: 'sglang',
    basis: 'message',
    title: 'SGLang could not fit its KV cache pool in mem_fraction_static',
    fix: 'raise --mem-fraction-static (or lower --context-length); for OOMs while serving, lower it or --chunked-prefill-size',
    match: /Not enough memory\. Please try to increase --mem-fraction-static/
  },
  {
    id: 'mxnet-storage',
    kind: 'gpu-oom',
    framework: 'mxnet',
    basis: 'message',
    title: "MXNet's pooled storage manager could not get device memory (cudaMalloc failed)",
    fix: 'lower the batch size; MXNET_GPU_MEM_POOL_RESERVE or MXNET_GPU_MEM_POOL_TYPE=Round leave more room for other allocations',
    // The same words as llama.cpp's, from MXNet's storage manager (`pooled_storage_manager.h:157: ...`).
    match: /storage_manager\.h:\d+\]?:? cudaMalloc failed: out of memory/
  },
  {
    id: 'ggml-cuda-malloc',
    kind: 'gpu-oom',
    framework: 'llama.cpp',
    basis: 'message',
    title: 'llama.cpp (ggml) could not allocate a buffer on the GPU',
    fix: 'offload fewer layers (--n-gpu-layers), shrink the context (-c), or quantize the KV cache (--cache-type-k q8_0)',
    match: /\bcudaMalloc failed: out of memory/,
    clauses: [label`allocating ${size('triedToAllocateBytes')} on device ${integer('gpuIndex')}`]
  },
  {
    id: 'ollama-runner',
    kind: 'gpu-oom',
    framework: 'ollama',
    basis: 'message',
    title: "Ollama's llama runner ran out of GPU memory",
    fix: 'lower num_gpu (layers on the GPU) or num_ctx, or pick a smaller quantization',
    match: /llama runner process has terminated: (?:CUDA|ROCm|HIP) error: out of memory/i
  },
  {
    id: 'ollama-system-memory',
    kind: 'host-oom',
    framework: 'ollama',
    basis: 'message',
    title: 'Ollama found less free system memory than the model needs',
    fix: 'pick a smaller or more quantized model, lower num_ctx, or free host memory (or add swap)',
    match: /model requires more system memory \(/,
    clauses: [
      label`more system memory \(${size('triedToAllocateBytes')}\)`,
      label`than is available \(${size('freeBytes')}\)`
    ]
  },
  {
    id: 'pytorch-caching-allocator',
    kind: 'gpu-oom',
    framework: 'pytorch',
    basis: 'message',
    title: "PyTorch's caching allocator ran out of device memory",
    fix: PYTORCH_FIX,
    // The phrase followed by a closing quote is code that looks for the error
    // (`if "CUDA out of memory" in str(e)`), not the error.
    match: new RegExp(
      String.raw`\b${DEVICE} out of memory(?!\.?["'\x60])|Tried to allocate \d[\d.]*\s*[A-Za-z]+ \((?:GPU|${DEVICE}) \d+;`,
      'i'
    ),
    clauses: PYTORCH_CLAUSES
  },
  {
    id: 'pytorch-mps',
    kind: 'gpu-oom',
    framework: 'mps',
    basis: 'message',
    title: "PyTorch's MPS allocator reached its limit of Apple unified memory",
    fix: 'lower the batch size or image size; PYTORCH_MPS_HIGH_WATERMARK_RATIO raises the limit at the risk of swapping the whole machine',
    match: /MPS backend out of memory/i,
    // "max allowed" is the allocator's ceiling (the high-watermark ratio of unified memory).
    clauses: [
      label`Tried to allocate ${size('triedToAllocateBytes')}`,
      label`MPS allocated: ${size('allocatedBytes')}`,
      label`max allowed: ${size('totalCapacityBytes')}`
    ],
    // Older releases print binary values labelled GB/MB/KB.
    sizeOptions: { legacyBinaryLabels: true }
  },
  {
    id: 'pytorch-oom-type',
    kind: 'gpu-oom',
    framework: 'pytorch',
    basis: 'message',
    title: "PyTorch's caching allocator ran out of device memory",
    fix: PYTORCH_FIX,
    // The exception type alone (its message on another line or cut off).
    match: /^\s*torch\.(?:cuda\.)?OutOfMemoryError\b(?::|\s*$)/,
    clauses: PYTORCH_CLAUSES
  },
  {
    id: 'tensorflow',
    kind: 'gpu-oom',
    hostWhen: /device:CPU:\d+|by allocator cpu\b/,
    framework: 'tensorflow',
    basis: 'message',
    title: "TensorFlow's allocator could not fit a tensor",
    fix: 'lower the batch size; tf.config.experimental.set_memory_growth stops TensorFlow from taking the whole card up front',
    match: /\bOOM when allocating tensor (?:with|of) shape/,
    // The failing node often names the device on the next line (`_device=".../device:GPU:0"`).
    clauses: [label`${tensor('triedToAllocateBytes')}`, label`device:GPU:${integer('gpuIndex')}`],
    following: 2
  },
  {
    id: 'xla',
    kind: 'gpu-oom',
    framework: 'jax',
    basis: 'message',
    title: 'XLA could not allocate device memory',
    fix: 'lower the batch size; when another process holds the memory, set XLA_PYTHON_CLIENT_PREALLOCATE=false or XLA_PYTHON_CLIENT_MEM_FRACTION',
    // jaxlib's XlaRuntimeError, older jaxlib's "Resource exhausted", XLA:TPU out of HBM at compile time.
    // gRPC's RESOURCE_EXHAUSTED ("Received message larger than max") is a message size, not memory.
    // Newer XLA puts an error code between (`RESOURCE_EXHAUSTED: E1000: CompileTimeHbmOom: XLA:TPU ...`).
    match:
      /\bRESOURCE_EXHAUSTED: (?:Out of memory|Failed to allocate request for)|\bXLA:\w+ compile permanent error\. Ran out of memory|\bResource exhausted: Out of memory/i,
    clauses: [
      // `Used 21.95G of 15.48G hbm`: what the program needs, then the memory space's capacity.
      label`Used ${bareSize('triedToAllocateBytes')} of ${bareSize('totalCapacityBytes')} hbm`,
      label`Out of memory (?:while trying to allocate|allocating) ${integer('triedToAllocateBytes')} bytes`,
      label`Failed to allocate request for [^(]*\(${integer('triedToAllocateBytes')}B\)`,
      label`device ordinal ${integer('gpuIndex')}`
    ],
    sizeOptions: { bareBinaryUnits: true }
  },
  {
    id: 'xla-tpu-runtime',
    kind: 'gpu-oom',
    framework: 'xla',
    basis: 'message',
    title: "the TPU runtime could not allocate HBM (XLA's device memory)",
    fix: 'lower the batch size per core; when more is free than asked for, the memory is fragmented: fewer live buffers between steps help',
    // torch_xla and TF on TPU: `Attempting to reserve 6.48G at the bottom of memory. That was not possible.`
    match:
      /\bAttempting to (?:reserve|allocate) \d[\d.]{0,30}[A-Za-z]{0,5}(?: at the bottom of memory)?\. That was not possible/,
    clauses: [
      label`Attempting to (?:reserve|allocate) ${bareSize('triedToAllocateBytes')}`,
      label`There are ${bareSize('freeBytes')} free`
    ],
    sizeOptions: { bareBinaryUnits: true }
  },
  {
    id: 'cublas',
    kind: 'gpu-oom',
    framework: 'cublas',
    basis: 'message',
    title: 'cuBLAS could not allocate its workspace',
    fix: PYTORCH_FIX,
    match: /CUBLAS_STATUS_ALLOC_FAILED/i,
    clauses: [label`\bGPU=${integer('gpuIndex')}`]
  },
  {
    id: 'cudnn',
    kind: 'gpu-oom',
    framework: 'cudnn',
    basis: 'message',
    title: 'cuDNN could not allocate its workspace',
    fix: PYTORCH_FIX,
    // NOT_ENOUGH_WORKSPACE: PyTorch shrinks the workspace it asks for when that allocation fails,
    // so in a training run this is a shortage of device memory too, not a wrong argument.
    match: /CUDNN_STATUS_(?:ALLOC_FAILED|NOT_ENOUGH_WORKSPACE)/i,
    clauses: [label`\bGPU=${integer('gpuIndex')}`]
  },
  {
    id: 'nccl',
    kind: 'gpu-oom',
    framework: 'nccl',
    basis: 'message',
    title: 'NCCL could not allocate its communication buffers',
    fix: 'leave room on the card for NCCL (lower the batch size), or shrink its buffers with NCCL_BUFFSIZE',
    // NCCL's log prefix is `host:pid:tid [cudaDev]`; the size it failed to get follows on its own line.
    match: /\bCuda failure (?:\d+ )?'out of memory'/i,
    clauses: [
      label`:\d+:\d+ \[${integer('gpuIndex')}\] `,
      label`Failed to CUDA [cm]alloc(?:Async)? ${integer('triedToAllocateBytes')} bytes`
    ],
    following: 3
  },
  {
    id: 'onnxruntime-bfc-arena',
    kind: 'gpu-oom',
    // The arena does not name its device; an NCHWc node (a layout only the CPU execution provider
    // creates) or the CPU arena's own log lines do.
    hostWhen: /_nchwc\b|BFCArena for Cpu\b|CPUExecutionProvider/,
    framework: 'onnxruntime',
    basis: 'message',
    title: "ONNX Runtime's memory arena (BFCArena) could not allocate a buffer",
    fix: 'lower the batch size or input shape; arena_extend_strategy=kSameAsRequested and a gpu_mem_limit that leaves room for other processes help on CUDA',
    match: /\bFailed to allocate memory for requested buffer of size \d/,
    clauses: [label`requested buffer of size ${integer('triedToAllocateBytes')}`]
  },
  {
    id: 'tensorrt',
    kind: 'gpu-oom',
    framework: 'tensorrt',
    basis: 'message',
    title: 'TensorRT could not allocate the GPU memory an engine needs',
    fix: "lower the batch size or the optimization profile's max shapes, or the workspace limit (IBuilderConfig::setMemoryPoolLimit)",
    // At ERROR level only: the same words at WARNING level, and "Skipping tactic ... insufficient
    // memory", are the builder trying tactics whose workspace does not fit, which is normal.
    // TensorRT 7's own allocator words it `Cuda Error in allocate: 2 (out of memory)` (2 is the
    // CUDA error code); as an ERROR, the build fails.
    match:
      /(?:\bERROR\b|\[E\])[^\n]{0,40}?Requested amount of (?:GPU )?memory \(\d{1,20} bytes\) could not be allocated|(?:\bERROR\b|\[E\])[^\n]{0,160}?\bCuda Error in [\w:]{0,80}allocate: 2 \(out of memory\)/,
    clauses: [label`Requested amount of (?:GPU )?memory \(${integer('triedToAllocateBytes')} bytes\)`]
  },
  {
    id: 'bitsandbytes',
    kind: 'gpu-oom',
    framework: 'bitsandbytes',
    basis: 'message',
    title: "bitsandbytes' CUDA kernels could not allocate device memory",
    fix: 'lower the batch size or sequence length, or turn on gradient checkpointing; paged optimizers (paged_adamw_8bit) move optimizer state out of the way',
    // Its CUDA_CHECK_RETURN: "Error <cudaGetErrorString> at line N in file .../csrc/ops.cu".
    match: /\bError out of memory at line \d+ in file /
  },
  {
    id: 'paddle-allocator',
    kind: 'gpu-oom',
    framework: 'paddle',
    basis: 'message',
    title: "PaddlePaddle's allocator could not get device memory",
    fix: 'lower the batch size, or stop other processes on that GPU; FLAGS_fraction_of_gpu_memory_to_use sets how much Paddle takes up front',
    match: /\bOut of memory error on GPU \d+\. Cannot allocate|\(External\) CUDA error\(2\), out of memory/,
    clauses: [
      label`Out of memory error on GPU ${integer('gpuIndex')}`,
      label`Cannot allocate ${size('triedToAllocateBytes')}`,
      label`${size('allocatedBytes')} memory has been allocated`,
      label`available memory is only\s*${size('freeBytes')}`
    ],
    // Paddle divides by 1024 and prints MB/GB (string::HumanReadableSize).
    sizeOptions: { legacyBinaryLabels: true }
  },
  {
    id: 'cuda-runtime',
    kind: 'gpu-oom',
    framework: 'cuda',
    basis: 'message',
    title: 'the CUDA runtime could not allocate device memory',
    fix: PYTORCH_FIX,
    // The runtime/driver error without a caching allocator's report: raised by kernels, cuBLAS
    // setup, NCCL through PyTorch, or an allocator (TensorFlow's stream executor, JAX) that logs it.
    // C++ frameworks print the runtime's words their own way: TurboMind's `CUDA runtime error: out of
    // memory`, Caffe's glog `Check failed: error == cudaSuccess (2 vs. 0)  out of memory`, THC's
    // `THCudaCheck FAIL ... error=2 : out of memory` (2 is cudaErrorMemoryAllocation).
    match:
      /\bCUDA error: out of memory|\bcuda runtime error(?: \(2\) :|:) out of memory|\bCUDA driver error: out of memory|\bCUDA_ERROR_OUT_OF_MEMORY\b|\bcudaErrorMemoryAllocation\b|\bcudaSuccess \(2 vs\. 0\)\s+out of memory|\bTHCudaCheck FAIL\b[^\n]{0,200}?\berror=2 : out of memory/i,
    clauses: [label`failed to alloc(?:ate)?\s+(?:\S+\s+\()?${integer('triedToAllocateBytes')} bytes`]
  },
  {
    id: 'pytorch-cpu',
    kind: 'host-oom',
    framework: 'pytorch',
    basis: 'message',
    title: "PyTorch's CPU allocator could not get host memory",
    fix: 'lower the batch size or the data kept in host memory, or give the job more RAM',
    // Old releases said "you tried to allocate 5GB" (whole GiB rounded down): no exact size.
    match: /DefaultCPUAllocator: (?:can't allocate memory|not enough memory)/,
    clauses: [label`you tried to allocate ${integer('triedToAllocateBytes')} bytes`]
  },
  {
    id: 'enomem',
    kind: 'host-oom',
    framework: 'kernel',
    basis: 'message',
    title: 'the kernel refused the run host memory (ENOMEM: fork, mmap or operator new failed)',
    fix: 'lower DataLoader num_workers (each worker is a fork of the training process) and the data kept in host memory, or give the job more RAM; vm.overcommit_memory=2 refuses forks that would fit',
    // errno 12 in Python's OSError (os.fork for DataLoader workers, mmap), in Rust's io::Error and
    // from the shell's fork; C++'s operator new (`std::bad_alloc`, with or without libstdc++'s
    // terminate message). RDMA's `ibv_reg_mr ... Cannot allocate memory` is a locked-memory limit.
    match:
      /\[Errno 12\] Cannot allocate memory|\bCannot allocate memory \(os error 12\)|\b(?:fork|vfork|clone|posix_spawnp?|mmap):? (?:failed:? )?Cannot allocate memory|\bterminate called after throwing an instance of 'std::bad_alloc'|\bwhat\(\):\s+std::bad_alloc|^\s*(?:[\w.]+(?:Error|Exception): )?std::bad_alloc\s*$/
  },
  {
    id: 'numpy',
    kind: 'host-oom',
    framework: 'numpy',
    basis: 'message',
    title: 'numpy could not allocate an array in host memory',
    fix: 'load the data in chunks (or memory-map it), or give the job more RAM',
    match: /Unable to allocate \d[\d.]*\s*[A-Za-z]+ for an array with shape/,
    // The shape and dtype give the exact size; the printed size is rounded to three digits.
    clauses: [
      label`for an array with shape \((?<triedToAllocateBytesShape>[^)]*)\) and data type (?<triedToAllocateBytesDtype>\w+)`,
      label`Unable to allocate ${size('triedToAllocateBytes')}`
    ]
  },
  {
    id: 'windows-paging-file',
    kind: 'host-oom',
    framework: 'windows',
    basis: 'message',
    title: 'Windows ran out of virtual memory: the paging file is too small',
    fix: 'let Windows manage the paging file size (or enlarge it), or lower DataLoader num_workers: each worker maps the CUDA libraries again',
    // Matched by the error number, so localized texts match too. The DLL named on the line (even a
    // `*_gpu.dll` or cuDNN) is what Windows was loading when it ran out: host memory, not GPU.
    match: /\[WinError 1455\]|\(\s*os error 1455\s*\)|\bpaging file is too? small\b/i
  },
  {
    id: 'kernel-oom-killer',
    kind: 'host-oom',
    framework: 'kernel',
    basis: 'message',
    title: 'the kernel OOM killer killed a process of the run',
    fix: 'give the job more host memory (or a larger cgroup or container limit), or lower DataLoader workers and host-side caching',
    // The kernel's own report (dmesg, journal, a cgroup's memory.events dump) names the OOM killer.
    match:
      /\bOut of memory: Kill(?:ed)? process \d+|\boom-kill:|\binvoked oom-killer\b|Memory cgroup out of memory|\boom_reaper: reaped process \d+/
  },
  {
    id: 'container-oom-killed',
    kind: 'host-oom',
    framework: 'kubernetes',
    basis: 'message',
    title: 'the container was OOM-killed at its memory limit',
    fix: "raise the container's memory limit (resources.limits.memory, docker --memory), or lower host-side memory use",
    // `Reason: OOMKilled` (kubectl describe), `"OOMKilled": true` (docker inspect); `false` says the opposite.
    match: /\bReason:\s*OOMKilled\b|"?\bOOMKilled"?\s*:\s*true\b/
  },
  {
    id: 'kubelet-eviction',
    kind: 'host-oom',
    framework: 'kubernetes',
    basis: 'message',
    title: 'Kubernetes evicted the pod: its node ran low on memory',
    fix: 'set memory requests and limits that match the job, or run it on a node with more memory',
    match: /The node was low on resource: memory\b/
  },
  {
    id: 'slurm-oom-kill',
    kind: 'host-oom',
    framework: 'slurm',
    basis: 'message',
    title: "Slurm's cgroup OOM handler killed a task of the job step",
    fix: SLURM_FIX,
    // The kernel's OOM kill in the step's cgroup, as slurmstepd and srun report it: evidence that a
    // SIGKILL of the run (bash's `Killed`) was an OOM.
    match:
      /\bslurmstepd(?:-[\w.-]{1,64})?: error: Detected \d+ oom[-_]kill events?\b|\bsrun: error: [^:\s]+: tasks? [\d,-]+: Out Of Memory\b/
  },
  {
    id: 'caught-oom',
    kind: 'gpu-oom',
    framework: null,
    basis: 'message',
    title: 'the training loop caught an out-of-memory error and skipped the batch',
    fix: 'lower the batch size (or the longest sequences in a batch) until no batch is skipped',
    // fairseq's `WARNING: ran out of memory on GPU #2, skipping batch`, and loops that say they
    // skip a batch because of an OOM; the framework's own message, where printed, is matched first.
    match: new RegExp(
      String.raw`\b${OOM_WORDS}\b[^\n]{0,60}\bskipp(?:ing|ed)\b|\bskipp(?:ing|ed)\b[^\n]{0,60}\b(?:due to|because of|after) (?:an? )?(?:CUDA )?${OOM_WORDS}`,
      'i'
    ),
    clauses: [label`\bon GPU #?${integer('gpuIndex')}`]
  },
  {
    id: 'python-memoryerror',
    kind: 'host-oom',
    framework: 'python',
    basis: 'message',
    title: 'Python raised MemoryError',
    fix: 'lower what the job keeps in host memory, or give it more RAM',
    match: /^\s*MemoryError\b(?::|\s*$)/
  },
  {
    id: 'dataloader-killed',
    kind: 'host-oom',
    framework: 'dataloader',
    basis: 'kill',
    title: 'a DataLoader worker was killed by SIGKILL, most likely by the kernel OOM killer',
    fix: 'lower DataLoader num_workers or prefetch_factor, or give the job more host memory',
    // Only SIGKILL ("Killed"): a worker that dies of "Segmentation fault" or "Terminated" did not run out.
    match: /DataLoader worker \(pid\(?s?\)? ?[\d, ]+\) is killed by signal: Killed\b/
  },
  {
    id: 'sigkill',
    kind: 'host-oom',
    framework: 'kernel',
    basis: 'kill',
    title: 'a process of the run was killed by SIGKILL, the signal the kernel OOM killer sends',
    fix: KILL_FIX,
    // bash: `script: line 3: 1234 Killed  cmd`, an interactive shell's bare `Killed` (after a
    // timestamp, too); exit status 137 = 128 + SIGKILL as CI runners, kubectl and IDEs print it;
    // torch.distributed.elastic's `exitcode: -9`; DeepSpeed's launcher; subprocess; uWSGI; supervisord;
    // torch.multiprocessing.spawn's "process 0 terminated with signal SIGKILL".
    match: new RegExp(
      [
        String.raw`\bline \d+:\s+\d+\s+Killed\b`,
        String.raw`^\s*(?:\[?\d[\d:.,/TZ-]*(?: \d[\d:.,Z-]*)?\]?\s+)?Killed\s*$`,
        String.raw`\bexit(?:ed)?(?: with)?(?: error)? (?:code|status)[ :=]*137\b`,
        String.raw`\bexitcode\s*:\s*-9\b`,
        String.raw`\bSignal 9 \(SIGKILL\) received by PID\b`,
        String.raw`\bexits with return code = -9\b`,
        String.raw`died with <Signals\.SIGKILL: 9>`,
        String.raw`\bkilled by signal 9\b`,
        String.raw`\bterminated (?:by|with signal) SIGKILL\b`
      ].join('|'),
      'i'
    )
  }
]

/**
 * The honest fallback: out-of-memory words no family above knows (`java.lang.OutOfMemoryError`,
 * `cuda failed with error 2 out of memory`), in the last lines of a run that did not exit 0. Never
 * on exit 0, never on a look-alike, a warning, or words in quotes (code that looks for them). Its
 * kind is gpu-oom when the line names a device (GPU, CUDA, HIP, TPU, HBM...), else host-oom.
 */
export const FALLBACK_FAMILY: OomFamily = {
  id: 'unrecognised',
  kind: 'host-oom',
  framework: null,
  basis: 'message',
  title: 'an out-of-memory error of a kind oom-gate does not know (the quoted line)',
  fix: 'read the quoted line: lower the batch size or the data held in memory, or give the job a larger card or more RAM; please report the message so oom-gate learns it',
  match:
    /(?<!["'\x60])\b(?:out of memory|not enough memory|could not be allocated|alloc(?:ation)? failed)\b(?!\.?["'\x60])|(?<!["'\x60])OutOfMemory|(?<!StatusCode\.)\bRESOURCE_EXHAUSTED\b/i
}

/** A device named on a fallback line: its OOM is of device memory. */
export const DEVICE_WORDS = /\b(?:GPU|CUDA|cuda\w*|HIP|ROCm|VRAM|HBM|NPU|XPU|TPU|MPS|device memory)\b/i

/** How many of a log's last lines the fallback reads: the error that ended the run, and its stack. */
export const FALLBACK_LINES = 50

const BY_ID = new Map([...OOM_FAMILIES, FALLBACK_FAMILY].map(f => [f.id, f]))

/** The family an OomReport's `family` names, or undefined for an id this version does not know. */
export function familyById(id: string | null | undefined): OomFamily | undefined {
  return id == null ? undefined : BY_ID.get(id)
}
