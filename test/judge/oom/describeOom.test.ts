import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeOom, familyAdvice } from '../../../src/judge/oom/describeOom.js'
import { parseOomMessage } from '../../../src/judge/oom/parseOomMessage.js'
import type { OomReport } from '../../../src/results.js'

const GiB = 2 ** 30

const report = (over: Partial<OomReport>): OomReport => ({
  kind: 'gpu-oom',
  framework: 'pytorch',
  gpuIndex: null,
  triedToAllocateBytes: null,
  totalCapacityBytes: null,
  freeBytes: null,
  allocatedBytes: null,
  reservedBytes: null,
  evidence: null,
  ...over
})

const fixture = (id: string): OomReport =>
  parseOomMessage(readFileSync(join(import.meta.dirname, '../../fixtures/oom', `${id}.txt`), 'utf8'))!

describe('describeOom: GPU', () => {
  it('says how far short the card was, and what PyTorch held', () => {
    const r = report({
      gpuIndex: 0,
      triedToAllocateBytes: 2469606195, // 2.30 GiB
      freeBytes: 429496730, // 0.40 GiB
      totalCapacityBytes: 85201413734, // 79.35 GiB
      allocatedBytes: Math.round(76.8 * GiB),
      reservedBytes: Math.round(78.1 * GiB)
    })
    expect(describeOom(r)).toBe(
      'tried to allocate 2.30 GiB with 0.40 GiB free: at least 1.90 GiB short; GPU 0 has 79.35 GiB in total; PyTorch had 76.80 GiB allocated and 78.10 GiB reserved'
    )
  })

  it('keeps one unit for the shortfall even when the free memory is in another', () => {
    expect(describeOom(fixture('pytorch-old-hint-ipassr'))).toBe(
      'tried to allocate 10.73 GiB with 0.00 GiB free: at least 10.73 GiB short; GPU 0 has 8.00 GiB in total; PyTorch had 17.20 GiB allocated and 19.15 GiB reserved'
    )
  })

  it('does not claim a shortfall when more was free than requested', () => {
    expect(describeOom(fixture('pytorch-new-free-exceeds-request-taggui'))).toBe(
      'tried to allocate 20.00 MiB with 2.35 GiB free, yet the allocation failed; GPU 0 has 4.00 GiB in total; PyTorch had 825.15 MiB allocated and 850.00 MiB reserved'
    )
  })

  it("names the MPS allocator's ceiling", () => {
    expect(describeOom(fixture('mps-gib-comfyui-7440'))).toBe(
      'tried to allocate 292.50 MiB; the MPS allocator allows 27.20 GiB at most; MPS had 9.57 GiB allocated'
    )
  })

  it('says only what the message states', () => {
    expect(describeOom(fixture('jax-alphafold-1023'))).toBe('tried to allocate 6.90 GiB')
    expect(describeOom(fixture('cublas-cntk-1688'))).toBe('on GPU 0; the message states no sizes')
    expect(describeOom(fixture('cudnn-keras-frcnn-97'))).toBe('the message states no sizes')
  })
})

describe('describeOom: host', () => {
  it('says what killed the run, and how sure that is', () => {
    expect(
      describeOom(
        report({ kind: 'host-oom', framework: 'kernel', evidence: 'exit code 137 (128 + SIGKILL)' })
      )
    ).toBe('killed by SIGKILL, most likely from the kernel OOM killer')
    expect(describeOom(fixture('kernel-dmesg-tranx-41'))).toBe(
      'the kernel OOM killer killed a process of the run'
    )
    expect(describeOom(fixture('dataloader-killed-dcpdn-12'))).toBe(
      'a DataLoader worker was killed by SIGKILL, most likely by the kernel OOM killer'
    )
  })

  it('names the allocator that failed and the size it asked for', () => {
    expect(describeOom(fixture('cpu-allocator-mxfold2-20'))).toBe(
      "PyTorch's CPU allocator could not allocate 123.33 GiB"
    )
    expect(describeOom(fixture('numpy-mmhuman3d-331'))).toBe('numpy could not allocate 7.91 GiB for an array')
    expect(describeOom(fixture('tf-cpu-models-6450'))).toBe(
      'TensorFlow could not allocate a 729.00 MiB tensor in host memory'
    )
    expect(describeOom(report({ kind: 'host-oom', framework: 'python' }))).toBe('Python raised MemoryError')
  })
})

describe('describeOom: host, the families of issue 10', () => {
  it('tells the kernel record from a bare kill by the basis', () => {
    expect(describeOom(fixture('kernel-reaper-openbmc-1887'))).toBe(
      'the kernel OOM killer killed a process of the run'
    )
    expect(describeOom(fixture('kill-argo-script-8981'))).toBe(
      'killed by SIGKILL, most likely from the kernel OOM killer'
    )
  })

  it('names an NPU an NPU, not a GPU', () => {
    expect(describeOom(fixture('npu-ray-vllm-ascend-1127'))).toContain('NPU 3 has 60.96 GiB in total')
  })

  it('names the Windows paging file, Ollama and Kubernetes in words', () => {
    expect(describeOom(fixture('win-1455-cudnn-dll-diff-svc-24'))).toBe(
      'WinError 1455: the paging file could not back the memory a process asked for'
    )
    expect(describeOom(fixture('ollama-system-memory-10920'))).toBe(
      'the model needs 164.80 GiB of system memory, 13.40 GiB is available'
    )
    expect(describeOom(fixture('kube-oomkilled-reason-131530'))).toBe(
      'the container hit its memory limit and was killed (OOMKilled)'
    )
  })

  it('gives each family its words and fix, and nothing for not-oom or an unknown family', () => {
    expect(familyAdvice(fixture('ggml-cudamalloc-20431'))).toEqual({
      title: 'llama.cpp (ggml) could not allocate a buffer on the GPU',
      fix: expect.stringContaining('--n-gpu-layers')
    })
    expect(familyAdvice(report({ kind: 'not-oom', framework: null }))).toBeNull()
    expect(familyAdvice(report({ family: 'from-a-newer-version' }))).toBeNull()
  })
})

describe('describeOom: not-oom', () => {
  it('says no OOM was found', () => {
    expect(describeOom(report({ kind: 'not-oom', framework: null }))).toBe('no out-of-memory error found')
  })
})
