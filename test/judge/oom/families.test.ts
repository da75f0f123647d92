// Every example of issue 10, as a test: the kinds of message the classifier used to miss, the
// numbers it must read by their label, and the look-alikes that must stay not-oom. The lines are
// the issue's own (invented) examples of each kind; real ones are in test/fixtures/oom/.
import { describe, expect, it } from 'vitest'
import { classifyOom, type OomEvidence } from '../../../src/judge/oom/classifyOom.js'
import { readClauses, label, size } from '../../../src/judge/oom/clauses.js'
import { OOM_FAMILIES, familyById } from '../../../src/judge/oom/families.js'
import { sizeToBytes } from '../../../src/judge/oom/sizes.js'

const GiB = 2 ** 30
const MiB = 2 ** 20
const bytes = (s: string): number => {
  const [v, u] = s.split(' ')
  return sizeToBytes(v!, u!)!
}

const classify = (log: string, over: Partial<OomEvidence> = {}) =>
  classifyOom({ log, exitCode: 1, signal: null, probeException: null, killedByGate: false, ...over })

describe('serving engines (vLLM)', () => {
  it('no memory for the cache blocks: gpu-oom without numbers', () => {
    const r = classify(
      'ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine.'
    )
    expect(r).toMatchObject({
      kind: 'gpu-oom',
      framework: 'vllm',
      family: 'vllm-kv-cache',
      basis: 'message',
      gpuIndex: null,
      triedToAllocateBytes: null,
      freeBytes: null,
      totalCapacityBytes: null
    })
  })

  it('KV cache needed vs available: tried and free in bytes; the max seq len is tokens', () => {
    const r = classify(
      "ValueError: To serve at least one request with the models's max seq len (8192), (3.00 GiB KV cache is needed, which is larger than the available KV cache memory (1.25 GiB). Based on the available memory, the estimated maximum model length is 3408. Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine."
    )
    expect(r).toMatchObject({ kind: 'gpu-oom', framework: 'vllm', family: 'vllm-kv-cache' })
    expect(r.triedToAllocateBytes).toBe(3 * GiB)
    expect(r.freeBytes).toBe(1.25 * GiB)
    expect([r.totalCapacityBytes, r.allocatedBytes, r.reservedBytes, r.gpuIndex]).toEqual([
      null,
      null,
      null,
      null
    ])
  })

  it('free memory on startup below the utilization asked for: GPU, free, total and the budget', () => {
    const r = classify(
      'ValueError: Free memory on device cuda:1 (10.50/15.75 GiB) on startup is less than desired GPU memory utilization (0.9, 14.18 GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.'
    )
    expect(r).toMatchObject({ kind: 'gpu-oom', framework: 'vllm', family: 'vllm-startup-free', gpuIndex: 1 })
    expect(r.freeBytes).toBe(10.5 * GiB)
    expect(r.totalCapacityBytes).toBe(15.75 * GiB)
    expect(r.triedToAllocateBytes).toBe(bytes('14.18 GiB'))
  })

  it("vLLM's source line in the traceback is not the error", () => {
    const r = classify(
      '    raise ValueError("No available memory for the cache blocks. "\nValueError: bad config'
    )
    expect(r.kind).toBe('not-oom')
  })
})

describe('llama.cpp / ggml', () => {
  it('cudaMalloc failed while allocating N MiB on device K', () => {
    const r = classify(
      'ggml_backend_cuda_buffer_type_alloc_buffer: allocating 512.00 MiB on device 1: cudaMalloc failed: out of memory'
    )
    expect(r).toMatchObject({
      kind: 'gpu-oom',
      framework: 'llama.cpp',
      family: 'ggml-cuda-malloc',
      gpuIndex: 1
    })
    expect(r.triedToAllocateBytes).toBe(512 * MiB)
  })
})

describe("any accelerator's PyTorch-style message", () => {
  const oldFormat = (device: string) =>
    `${device} out of memory. Tried to allocate 1.00 GiB (${device} 2; 30.00 GiB total capacity; 27.50 GiB already allocated; 512.00 MiB free; 28.00 GiB reserved in total by PyTorch)`
  for (const device of ['NPU', 'XPU', 'MLU', 'MUSA', 'CUDA', 'HIP']) {
    for (const prefix of ['', 'RuntimeError: ', 'torch.OutOfMemoryError: ']) {
      it(`${prefix}${device} out of memory: gpu-oom on device 2 with every number`, () => {
        const r = classify(prefix + oldFormat(device))
        expect(r).toMatchObject({
          kind: 'gpu-oom',
          framework: 'pytorch',
          family: 'pytorch-caching-allocator',
          gpuIndex: 2,
          triedToAllocateBytes: GiB,
          totalCapacityBytes: 30 * GiB,
          allocatedBytes: 27.5 * GiB,
          freeBytes: 512 * MiB,
          reservedBytes: 28 * GiB
        })
      })
    }
  }

  it('the current format names the device index as GPU N on XPU too', () => {
    const r = classify(
      'torch.OutOfMemoryError: XPU out of memory. Tried to allocate 4.66 GiB. GPU 3 has a total capacity of 5.65 GiB of which 5.65 GiB is free. Of the allocated memory 195.50 KiB is allocated by PyTorch, and 1.81 MiB is reserved by PyTorch but unallocated.'
    )
    expect(r).toMatchObject({ kind: 'gpu-oom', gpuIndex: 3 })
    expect(r.reservedBytes).toBe(bytes('195.50 KiB') + bytes('1.81 MiB'))
  })
})

describe('stats read by label, not by position', () => {
  it('a message without a free clause has free = null, never the next number', () => {
    const r = classify(
      'CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 16.00 GiB total capacity; 3.00 GiB already allocated; 3.50 GiB reserved in total by PyTorch)'
    )
    expect(r).toMatchObject({
      gpuIndex: 0,
      triedToAllocateBytes: 2 * GiB,
      totalCapacityBytes: 16 * GiB,
      allocatedBytes: 3 * GiB,
      freeBytes: null,
      reservedBytes: 3.5 * GiB
    })
  })

  it('an unknown clause (current active) is skipped, whatever its position', () => {
    const r = classify(
      'RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 1; 10.00 GiB current active; 79.35 GiB total capacity; 70.00 GiB already allocated; 1.00 GiB free; 75.00 GiB reserved in total by PyTorch)'
    )
    expect(r).toMatchObject({
      gpuIndex: 1,
      totalCapacityBytes: bytes('79.35 GiB'),
      allocatedBytes: 70 * GiB,
      freeBytes: GiB,
      reservedBytes: 75 * GiB
    })
  })

  it('readClauses fills a field only from a clause whose label states it', () => {
    const parsers = [
      label`^\s*${size('freeBytes')} free\b`,
      label`^\s*${size('allocatedBytes')} already allocated`
    ]
    expect(readClauses(['(GPU 0; 3.00 GiB already allocated; 3.50 GiB reserved)'], parsers)).toMatchObject({
      allocatedBytes: 3 * GiB,
      freeBytes: null
    })
  })
})

describe('Windows paging file (host memory)', () => {
  const dll = (name: string) =>
    `OSError: [WinError 1455] The paging file is too small for this operation to complete. Error loading "C:\\env\\lib\\site-packages\\torch\\lib\\${name}" or one of its dependencies.`
  it('WinError 1455 is host-oom, even when the DLL is a GPU or cuDNN one', () => {
    for (const name of ['caffe2_detectron_ops_gpu.dll', 'cudnn_cnn_infer64_8.dll', 'torch_cpu.dll']) {
      expect(classify(dll(name)), name).toMatchObject({
        kind: 'host-oom',
        framework: 'windows',
        family: 'windows-paging-file',
        gpuIndex: null
      })
    }
  })

  it('localized texts are matched by the error number', () => {
    for (const line of [
      'OSError: [WinError 1455] 页面文件太小，无法完成操作。 Error loading "torch_cuda.dll"',
      'OSError: [WinError 1455] Die Auslagerungsdatei ist zu klein, um diesen Vorgang durchzuführen.',
      'OSError: [WinError 1455] El archivo de paginación es demasiado pequeño para completar esta operación.'
    ]) {
      expect(classify(line).kind, line).toBe('host-oom')
    }
  })

  it("Rust's (os error 1455) is host-oom", () => {
    expect(
      classify('Error: The paging file is too small for this operation to complete. (os error 1455)').family
    ).toBe('windows-paging-file')
    expect(classify('safetensors_rust.SafetensorError: Error while deserializing (os error 1455)').kind).toBe(
      'host-oom'
    )
  })
})

describe('host kills with a prefix or in another shape', () => {
  const kills = [
    'run.sh: line 9:  4242 Killed   python train.py',
    'trainer-1  | Killed',
    '2024-05-02 10:11:12 Killed',
    '[2024-05-02T10:11:12Z] Killed',
    'Job exited with error code 137',
    'command terminated with exit code 137',
    'Process finished with exit code 137 (interrupted by signal 9: SIGKILL)',
    "subprocess.CalledProcessError: Command '['python', 'train.py']' died with <Signals.SIGKILL: 9>.",
    "[ERROR] [launch.py:321:sigkill_handler] ['python', '-u', 'train.py'] exits with return code = -9",
    'torch.distributed.elastic.multiprocessing.api:failed (exitcode: -9) local_rank: 0 (pid: 4242)'
  ]
  for (const line of kills) {
    it(`${JSON.stringify(line)}: host-oom, resting on the kill only`, () => {
      expect(classify(line)).toMatchObject({
        kind: 'host-oom',
        framework: 'kernel',
        family: 'sigkill',
        basis: 'kill'
      })
    })
  }

  it("the kernel's and the orchestrator's records are messages, not kill shapes", () => {
    expect(classify('  Reason:       OOMKilled\n  Exit Code:    137')).toMatchObject({
      kind: 'host-oom',
      framework: 'kubernetes',
      family: 'container-oom-killed',
      basis: 'message'
    })
    expect(
      classify(
        '[1234.5678] Memory cgroup out of memory: Killed process 4242 (python) total-vm:123456kB, anon-rss:65432kB'
      )
    ).toMatchObject({ kind: 'host-oom', framework: 'kernel', family: 'kernel-oom-killer', basis: 'message' })
    expect(classify('Out of memory: Killed process 4242 (python)')).toMatchObject({ basis: 'message' })
  })

  it('a kill shape with the kernel record in the same log rests on the record', () => {
    const log = [
      'run.sh: line 9:  4242 Killed   python train.py',
      'Memory cgroup out of memory: Killed process 4242 (python)'
    ]
    expect(classify(log.join('\n'))).toMatchObject({ family: 'kernel-oom-killer', basis: 'message' })
  })

  it('an exit status of 137 with nothing printed rests on the kill', () => {
    expect(classify('', { exitCode: 137 })).toMatchObject({
      kind: 'host-oom',
      basis: 'kill',
      family: 'sigkill'
    })
  })

  it('docker inspect saying OOMKilled: false is no OOM record', () => {
    expect(classify('"OOMKilled": false,\n"ExitCode": 137,').kind).toBe('not-oom')
    expect(classify('"OOMKilled": true,\n"ExitCode": 137,')).toMatchObject({ family: 'container-oom-killed' })
  })

  it('a kill shape means nothing when the gate killed the tree itself', () => {
    expect(classify('trainer-1  | Killed', { killedByGate: true }).kind).toBe('not-oom')
  })
})

describe('look-alikes stay not-oom', () => {
  const lookalikes = [
    'triton.runtime.errors.OutOfResources: out of resource: shared memory, Required: 98304, Hardware limit: 65536. Reducing block sizes or `num_stages` may help.',
    'grpc._channel._InactiveRpcError: status = StatusCode.RESOURCE_EXHAUSTED details = "Received message larger than max (17777780 vs. 4194304)"',
    'Error: 8 RESOURCE_EXHAUSTED: Received message larger than max (2065853043 vs 67108864)',
    'Memory access fault by GPU node-2 (Agent handle: 0x56468ab3bb50) on address 0x7fe55fb03000. Reason: Page not present or supervisor privilege.',
    'RuntimeError: unable to open shared memory object </torch_30997_2076642173> in read-write mode\nOSError: [Errno 24] Too many open files',
    'RuntimeError: CUDA error: an illegal memory access was encountered',
    'RuntimeError: CUDA error: device-side assert triggered',
    '[Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=5, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=600000) ran for 600013 milliseconds before timing out.'
  ]
  for (const log of lookalikes) {
    it(log.slice(0, 60), () => {
      const r = classify(log)
      expect(r.kind).toBe('not-oom')
      expect(r.family).toBeNull()
      expect(r.evidence).not.toBeNull()
    })
  }
})

describe('the family table', () => {
  it('each family has a unique id, a title and a fix in words', () => {
    expect(new Set(OOM_FAMILIES.map(f => f.id)).size).toBe(OOM_FAMILIES.length)
    for (const f of OOM_FAMILIES) {
      expect(f.title.length, f.id).toBeGreaterThan(10)
      expect(f.fix.length, f.id).toBeGreaterThan(10)
      expect(familyById(f.id)).toBe(f)
    }
    expect(familyById('no-such-family')).toBeUndefined()
    expect(familyById(null)).toBeUndefined()
  })
})
