// Issue 22's rules that rest on how a run ended, not on one line: an OOM the run caught and
// survived, the honest fallback for out-of-memory words no family knows, and numbers a terminal
// wrapped away from their labels. The lines are the issue's own (invented) examples of each kind;
// real ones are in test/fixtures/oom/ (recovered-*, caught-then-fatal-*, fallback-*, slurm-*).
import { describe, expect, it } from 'vitest'
import { classifyOom, type OomEvidence } from '../../../src/judge/oom/classifyOom.js'
import { sizeToBytes } from '../../../src/judge/oom/sizes.js'

const GiB = 2 ** 30
const bytes = (value: string, unit: string): number => sizeToBytes(value, unit)!

const classify = (lines: readonly string[], over: Partial<OomEvidence> = {}) =>
  classifyOom({
    log: lines.join('\n'),
    exitCode: null,
    signal: null,
    probeException: null,
    killedByGate: false,
    ...over
  })

describe('an OOM the run caught', () => {
  const caught = [
    'Epoch 3: 811/2000 loss=0.412',
    'WARNING: CUDA out of memory during batch 812, skipping batch',
    'Epoch 3: 813/2000 loss=0.409',
    'Epoch 3: 2000/2000 loss=0.398'
  ]

  it('and survived (exit 0): keeps its kind, and says recovered', () => {
    expect(classify(caught, { exitCode: 0 })).toMatchObject({
      kind: 'gpu-oom',
      framework: 'pytorch',
      recovered: true,
      evidence: 'WARNING: CUDA out of memory during batch 812, skipping batch'
    })
  })

  it('exit status unknown: survived when no traceback follows the catch, not when one does', () => {
    expect(classify(caught).recovered).toBe(true)
    const died = [
      ...caught,
      'Traceback (most recent call last):',
      'RuntimeError: NCCL communicator was aborted'
    ]
    expect(classify(died)).toMatchObject({ kind: 'gpu-oom', recovered: false })
  })

  it('and then exited non-zero: the catch did not save it', () => {
    expect(classify(caught, { exitCode: 1 })).toMatchObject({ kind: 'gpu-oom', recovered: false })
  })

  it('an uncaught OOM after caught ones decides, and is not recovered', () => {
    const r = classify(
      [
        ...caught.slice(0, 2),
        'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 1 has a total capacity of 79.15 GiB of which 1.02 GiB is free.'
      ],
      { exitCode: 0 }
    )
    expect(r.recovered).toBeUndefined()
    expect(r).toMatchObject({ kind: 'gpu-oom', gpuIndex: 1, triedToAllocateBytes: 2 * GiB })
  })

  it('an OOM printed without a catch on exit 0 is still an OOM (| tee hides the status), not recovered', () => {
    const r = classify(['torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.30 GiB.'], {
      exitCode: 0
    })
    expect(r.kind).toBe('gpu-oom')
    expect(r.recovered).toBeUndefined()
  })
})

describe('the fallback: out-of-memory words no family knows', () => {
  const unknown = ['step 10 loss 3.1', '[XX][ERROR] alloc failed: pool /src/memory/pool.h:187']

  it('on a non-zero exit: an OOM of the unrecognised family, quoting the line', () => {
    expect(classify(unknown, { exitCode: 1 })).toMatchObject({
      kind: 'host-oom',
      framework: null,
      family: 'unrecognised',
      basis: 'message',
      evidence: '[XX][ERROR] alloc failed: pool /src/memory/pool.h:187'
    })
  })

  it('gpu-oom when the line names a device', () => {
    const r = classify(['FATAL: HBM out of memory on device 3'], { exitCode: 1 })
    expect(r).toMatchObject({ kind: 'gpu-oom', family: 'unrecognised' })
  })

  it('never on exit 0, never when the gate killed the run, never on a warning', () => {
    expect(classify(unknown, { exitCode: 0 }).kind).toBe('not-oom')
    expect(classify(unknown, { exitCode: null, signal: 'SIGKILL', killedByGate: true }).kind).toBe('not-oom')
    expect(classify(['[W] pool: not enough memory for the cache, using less'], { exitCode: 1 }).kind).toBe(
      'not-oom'
    )
  })

  it('only in the last lines: an old mention far above the end is not the failure', () => {
    const log = ['note: not enough memory for the prefetch cache, disabled', ...Array(60).fill('step ok')]
    expect(classify([...log, 'ValueError: bad shape'], { exitCode: 1 }).kind).toBe('not-oom')
  })

  it("a kill's explanation does not turn the kill into a message", () => {
    const r = classify(['Exited with code 137', 'Hint: exit code 137 usually means it ran out of memory'], {
      exitCode: 1
    })
    expect(r).toMatchObject({ family: 'sigkill', basis: 'kill' })
  })
})

describe('numbers wrapped away from their labels', () => {
  it('a number cut from its unit by the terminal: read by its own label', () => {
    const r = classify([
      'RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 23.69 GiB total capacity; 20.51 GiB already allocated; 3.06 MiB free; 21.07',
      'GiB reserved in total by PyTorch)'
    ])
    expect(r).toMatchObject({ kind: 'gpu-oom', gpuIndex: 0, reservedBytes: bytes('21.07', 'GiB') })
    expect(r.allocatedBytes).toBe(bytes('20.51', 'GiB'))
  })

  it('cut at "by": the clause is anchored on "reserved in total"', () => {
    const r = classify([
      'RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 23.69 GiB total capacity; 20.51 GiB already allocated; 3.06 MiB free; 21.07 GiB reserved in total',
      'by PyTorch)'
    ])
    expect(r.reservedBytes).toBe(bytes('21.07', 'GiB'))
    expect(r.freeBytes).toBe(bytes('3.06', 'MiB'))
  })
})
