import { describe, expect, it } from 'vitest'
import { classifyOom, type OomEvidence } from '../../../src/judge/oom/classifyOom.js'
import { parseOomMessage } from '../../../src/judge/oom/parseOomMessage.js'

const ran = (over: Partial<OomEvidence>): OomEvidence => ({
  log: '',
  exitCode: 1,
  signal: null,
  probeException: null,
  killedByGate: false,
  ...over
})

const NO_NUMBERS = {
  gpuIndex: null,
  triedToAllocateBytes: null,
  totalCapacityBytes: null,
  freeBytes: null,
  allocatedBytes: null,
  reservedBytes: null
}

// Messages in PyTorch's current format. GPU 0's is the issue's example (an 80 GiB card, 79.35 GiB
// visible); GPU 3's is the torchtune one from test/fixtures/oom with its GPU number changed.
const OOM_GPU0 =
  'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 79.35 GiB of which 5.19 MiB is free. Including non-PyTorch memory, this process has 79.34 GiB memory in use. Of the allocated memory 77.50 GiB is allocated by PyTorch, and 1.20 GiB is reserved by PyTorch but unallocated.'
const OOM_GPU3 =
  'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.96 GiB. GPU 3 has a total capacity of 23.43 GiB of which 210.06 MiB is free. Of the allocated memory 22.41 GiB is allocated by PyTorch, and 206.09 MiB is reserved by PyTorch but unallocated.'

const MiB = 2 ** 20
const GiB = 2 ** 30

describe('classifyOom: how the process ended', () => {
  it('exit 137 with nothing printed is the kernel OOM killer', () => {
    expect(classifyOom(ran({ exitCode: 137 }))).toEqual({
      kind: 'host-oom',
      framework: 'kernel',
      ...NO_NUMBERS,
      evidence: 'exit code 137 (128 + SIGKILL)',
      family: 'sigkill',
      basis: 'kill'
    })
  })

  it('exit 137 after the gate killed the tree is not an OOM', () => {
    const r = classifyOom(ran({ exitCode: 137, killedByGate: true }))
    expect(r.kind).toBe('not-oom')
    expect(r.evidence).toBe('exit code 137 (128 + SIGKILL), sent by the gate itself')
  })

  it('a shell ended by SIGKILL, or a child with exit code -9, is host-oom unless the gate did it', () => {
    expect(classifyOom(ran({ exitCode: null, signal: 'SIGKILL' }))).toMatchObject({
      kind: 'host-oom',
      framework: 'kernel',
      evidence: 'killed by SIGKILL'
    })
    expect(classifyOom(ran({ exitCode: -9 })).kind).toBe('host-oom')
    expect(classifyOom(ran({ exitCode: null, signal: 'SIGKILL', killedByGate: true })).kind).toBe('not-oom')
  })

  it('other signals and exit codes are not OOM', () => {
    expect(classifyOom(ran({ exitCode: null, signal: 'SIGSEGV' }))).toMatchObject({
      kind: 'not-oom',
      evidence: 'killed by SIGSEGV'
    })
    expect(classifyOom(ran({ exitCode: 1 }))).toMatchObject({ kind: 'not-oom', evidence: 'exit code 1' })
    expect(classifyOom(ran({ exitCode: 0 }))).toEqual({
      kind: 'not-oom',
      framework: null,
      ...NO_NUMBERS,
      evidence: null,
      family: null
    })
  })

  it('ignores SIGKILL signs in the log when the gate killed the tree, but not messages that say memory ran out', () => {
    const worker = 'RuntimeError: DataLoader worker (pid 22048) is killed by signal: Killed.'
    expect(classifyOom(ran({ log: worker })).framework).toBe('dataloader')
    expect(classifyOom(ran({ log: worker, exitCode: 137, killedByGate: true })).kind).toBe('not-oom')
    expect(
      classifyOom(ran({ log: 'bash: line 1:  7364 Killed    python train.py', killedByGate: true })).kind
    ).toBe('not-oom')
    expect(classifyOom(ran({ log: OOM_GPU0, killedByGate: true })).kind).toBe('gpu-oom')
    const dmesg = 'Out of memory: Killed process 7899 (python) total-vm:26184840kB, anon-rss:15370088kB'
    expect(classifyOom(ran({ log: dmesg, killedByGate: true })).framework).toBe('kernel')
  })

  it('a message in the log is more specific than the exit status', () => {
    expect(classifyOom(ran({ log: OOM_GPU0, exitCode: 137 })).kind).toBe('gpu-oom')
  })
})

describe('classifyOom: which message decides', () => {
  it("prefers the probe's exception over the log", () => {
    const r = classifyOom(ran({ log: `[rank3]: ${OOM_GPU3}`, probeException: OOM_GPU0 }))
    expect(r.gpuIndex).toBe(0)
    expect(r.triedToAllocateBytes).toBe(20 * MiB)
    expect(r.evidence).toBe(OOM_GPU0)
  })

  it("falls back to the log when the probe's exception is no OOM", () => {
    const r = classifyOom(ran({ log: OOM_GPU3, probeException: 'ValueError: bad batch' }))
    expect(r.gpuIndex).toBe(3)
  })

  it('takes the first GPU OOM of several ranks: the first to fail is the cause', () => {
    const log = [
      '[rank3]: Traceback (most recent call last):',
      `[rank3]: ${OOM_GPU3}`,
      '[rank0]: Traceback (most recent call last):',
      `[rank0]: ${OOM_GPU0}`,
      '[rank1]:[E621 10:00:00.000000000 ProcessGroupNCCL.cpp:607] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=5, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=600000) ran for 600013 milliseconds before timing out.'
    ].join('\n')
    const r = classifyOom(ran({ log }))
    expect(r).toMatchObject({ kind: 'gpu-oom', framework: 'pytorch', gpuIndex: 3 })
    expect(r.triedToAllocateBytes).toBe(parseOomMessage(OOM_GPU3)!.triedToAllocateBytes)
    expect(r.evidence).toBe(OOM_GPU3)
  })

  it('a message that says memory ran out beats an earlier SIGKILL sign', () => {
    const log = ['RuntimeError: DataLoader worker (pid 1817) is killed by signal: Killed.', OOM_GPU0].join(
      '\n'
    )
    expect(classifyOom(ran({ log })).kind).toBe('gpu-oom')
    const elastic = [
      OOM_GPU3,
      'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: -9) local_rank: 0'
    ].join('\n')
    expect(classifyOom(ran({ log: elastic })).gpuIndex).toBe(3)
  })

  it('removes colour codes and launcher prefixes before reading', () => {
    const log = [
      '\x1b[1m\x1b[31m[default0]:[rank0]: ' + OOM_GPU0 + '\x1b[0m',
      '\x1b]0;train\x07epoch 1'
    ].join('\n')
    const r = classifyOom(ran({ log }))
    expect(r).toEqual({
      kind: 'gpu-oom',
      framework: 'pytorch',
      gpuIndex: 0,
      triedToAllocateBytes: 20 * MiB,
      totalCapacityBytes: 85201413734,
      freeBytes: 5442109,
      allocatedBytes: 77.5 * GiB, // 83214991360
      reservedBytes: 77.5 * GiB + 1288490189, // + 1.20 GiB rounded half up
      evidence: OOM_GPU0,
      family: 'pytorch-caching-allocator',
      basis: 'message'
    })
    for (const prefix of ['0: ', '(RayTrainWorker pid=4242, ip=10.0.0.7) ', '[80746] [rank0]:']) {
      expect(classifyOom(ran({ log: prefix + OOM_GPU3 })).evidence, prefix).toBe(OOM_GPU3)
    }
  })

  it('reads a message after a progress bar redrawn with carriage returns, and CRLF logs', () => {
    const log = `epoch 1:  40%|████      | 4/10\repoch 1:  50%|█████     | 5/10\r${OOM_GPU3}\r\nTraceback`
    expect(classifyOom(ran({ log })).gpuIndex).toBe(3)
  })

  it('finds the message at the end of a long log', () => {
    const noise = Array.from({ length: 50_000 }, (_, i) => `step ${i}: loss 0.${i % 97} lr 1e-4 mem 71.2GiB`)
    expect(classifyOom(ran({ log: [...noise, OOM_GPU0].join('\n') })).gpuIndex).toBe(0)
  })

  it('caps the evidence line', () => {
    const r = classifyOom(ran({ log: OOM_GPU0 + ' ' + 'x'.repeat(5000) }))
    expect(r.evidence!.length).toBe(2000)
    expect(r.evidence!.endsWith('…')).toBe(true)
  })
})

describe('classifyOom: wordings without a fixture', () => {
  // Constructed from the wordings in PyTorch's and CUDA's sources, not quoted from an issue.
  it('reads the ROCm (HIP) spelling of the allocator message', () => {
    const r = classifyOom(
      ran({
        log: 'torch.OutOfMemoryError: HIP out of memory. Tried to allocate 2.00 GiB. GPU 1 has a total capacity of 63.98 GiB of which 0 bytes is free.'
      })
    )
    expect(r).toMatchObject({ kind: 'gpu-oom', framework: 'pytorch', gpuIndex: 1, freeBytes: 0 })
    expect(r.triedToAllocateBytes).toBe(2 * GiB)
    expect(r.totalCapacityBytes).toBe(Math.round(63.98 * GiB))
  })

  it('reads the CUDA driver error of expandable segments', () => {
    const r = classifyOom(ran({ log: 'RuntimeError: CUDA driver error: out of memory' }))
    expect(r).toEqual({
      kind: 'gpu-oom',
      framework: 'cuda',
      ...NO_NUMBERS,
      evidence: 'RuntimeError: CUDA driver error: out of memory',
      family: 'cuda-runtime',
      basis: 'message'
    })
  })

  it('reads cuDNN running short of workspace as a GPU OOM', () => {
    expect(
      classifyOom(ran({ log: 'RuntimeError: cuDNN error: CUDNN_STATUS_NOT_ENOUGH_WORKSPACE' })).framework
    ).toBe('cudnn')
  })

  it('reads a bare Python MemoryError as host memory', () => {
    expect(classifyOom(ran({ log: 'Traceback (most recent call last):\nMemoryError' }))).toMatchObject({
      kind: 'host-oom',
      framework: 'python'
    })
  })
})

describe('classifyOom: errors that only mention memory', () => {
  it('does not count source lines that name the error', () => {
    const log = [
      '  File "train.py", line 40, in step',
      '    if "CUDA out of memory" in str(e):',
      '  File "train.py", line 52, in step',
      '    except torch.cuda.OutOfMemoryError:',
      'ValueError: expected 3 channels'
    ].join('\n')
    expect(classifyOom(ran({ log }))).toMatchObject({
      kind: 'not-oom',
      evidence: 'ValueError: expected 3 channels'
    })
  })

  it('shows the look-alike as the evidence, even when other errors follow', () => {
    const log = [
      'RuntimeError: CUDA error: an illegal memory access was encountered',
      "terminate called after throwing an instance of 'c10::DistBackendError'",
      'RuntimeError: NCCL communicator was aborted'
    ].join('\n')
    expect(classifyOom(ran({ log }))).toMatchObject({
      kind: 'not-oom',
      evidence: 'RuntimeError: CUDA error: an illegal memory access was encountered'
    })
  })

  it('a memory hint in a failure that is no OOM does not make it one', () => {
    const log =
      'RuntimeError: Unrecognized CachingAllocator option: max_split_size_mb=8000\nSee documentation for Memory Management and PYTORCH_CUDA_ALLOC_CONF'
    expect(classifyOom(ran({ log })).kind).toBe('not-oom')
  })
})

describe('parseOomMessage', () => {
  it('returns null for text that reports no OOM', () => {
    expect(parseOomMessage('')).toBeNull()
    expect(parseOomMessage('RuntimeError: CUDA error: misaligned address')).toBeNull()
  })

  it('reads one message on its own', () => {
    expect(parseOomMessage(OOM_GPU3)).toMatchObject({ kind: 'gpu-oom', gpuIndex: 3, evidence: OOM_GPU3 })
  })
})

describe('classifyOom on UTF-16 output read as UTF-8', () => {
  it("finds the OOM in a PowerShell 5 child's stdout as the run's pipes decode it", () => {
    const message =
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 79.19 GiB of which 4.94 MiB is free.\r\n'
    // What stream.setEncoding('utf8') makes of UTF-16LE bytes: a NUL after every ASCII letter.
    const log = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`step 1\r\n${message}`, 'utf16le')
    ]).toString('utf8')
    const report = classifyOom({ log, exitCode: 1, signal: null, probeException: null, killedByGate: false })
    expect(report).toMatchObject({ kind: 'gpu-oom', family: 'pytorch-caching-allocator', gpuIndex: 0 })
    expect(report.triedToAllocateBytes).toBe(20 * 2 ** 20)
  })
})
