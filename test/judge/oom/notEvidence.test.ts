// Issue 22 follow-up: out-of-memory words are not an OOM when the log says otherwise. The fallback
// (and a family's match) skips words at info level, denied, given as a hint or a handler's name; the
// run's own last error record decides; a cancellation explains a kill; ENOMEM is a host OOM.
// The first two logs are a new user's (the tester's report); the Slurm lines are real (links below).
import { describe, expect, it } from 'vitest'
import { classifyOom, type OomEvidence } from '../../../src/judge/oom/classifyOom.js'

const classify = (lines: readonly string[], over: Partial<OomEvidence> = {}) =>
  classifyOom({
    log: lines.join('\n'),
    exitCode: 1,
    signal: null,
    probeException: null,
    killedByGate: false,
    ...over
  })

describe('out-of-memory words that are not the failure', () => {
  it('a handler installed at info level, then the real error: not-oom, the KeyError is the evidence', () => {
    const r = classify([
      'checking GPU...',
      '[INFO] torch.cuda.OutOfMemoryError handler installed',
      'KeyError: "lr"'
    ])
    expect(r).toMatchObject({ kind: 'not-oom', evidence: 'KeyError: "lr"' })
  })

  it('a denied OOM in a summary line: not-oom', () => {
    const r = classify([
      'INFO: cache memory: 1024 MiB (no out of memory conditions detected)',
      'ValueError: config key foo is invalid'
    ])
    expect(r).toMatchObject({ kind: 'not-oom', evidence: 'ValueError: config key foo is invalid' })
    expect(classify(['Validation: checking free disk space... out of memory? no.']).kind).toBe('not-oom')
  })

  it('denials, hints and handlers, each alone on a failed run, without an exception after them', () => {
    for (const line of [
      'note: ran 400 steps without out of memory errors',
      'hint: reduce the batch size to avoid OutOfMemoryError',
      'scheduler: if you run out of memory, lower micro_batch_size',
      'registered OutOfMemoryError handler: dump_snapshot',
      'torch.cuda.OutOfMemoryError hook installed',
      '2024-05-05 12:33:52,875 - trainer - INFO - tracking out of memory events',
      'I1207 10:00:00.123456  1234 pool.cc:88] alloc failed count=0'
    ]) {
      expect(classify([line]).kind, line).toBe('not-oom')
    }
  })

  it("a family's words denied or hinted are not its error either", () => {
    expect(classify(['INFO: no CUDA out of memory errors in 100 steps']).kind).toBe('not-oom')
    expect(classify(['summary: 0 CUDA out of memory events, 3 retries']).kind).toBe('not-oom')
    expect(classify(['Tip: to avoid CUDA out of memory, lower the batch size']).kind).toBe('not-oom')
    // The error itself is still read, on the same kind of line.
    expect(classify(['RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB']).kind).toBe('gpu-oom')
  })

  it("the run's last error record decides: a specific non-memory error after the words", () => {
    const words = 'ERROR pool.cc:187] alloc failed: pool exhausted'
    expect(classify([words]).kind).toBe('host-oom')
    expect(classify([words, 'Traceback (most recent call last):', 'FileNotFoundError: ckpt.pt']).kind).toBe(
      'not-oom'
    )
    expect(classify([words, "terminate called after throwing an instance of 'std::out_of_range'"]).kind).toBe(
      'not-oom'
    )
  })

  it('a wrapper after the words does not decide: the words are its cause', () => {
    const words = 'FATAL: HBM out of memory on device 3'
    for (const wrapper of [
      'RuntimeError: worker 3 failed',
      'torch.distributed.elastic.multiprocessing.errors.ChildFailedError:',
      'subprocess.CalledProcessError: Command returned non-zero exit status 1.'
    ]) {
      expect(classify([words, wrapper]), wrapper).toMatchObject({ kind: 'gpu-oom', family: 'unrecognised' })
    }
    // Words after the last record (its message's next line) are read too.
    expect(
      classify([
        'RuntimeError: TensorStorage /io/include/tensorview/tensor.h 168',
        'cuda failed with error 2 out of memory'
      ])
    ).toMatchObject({ kind: 'gpu-oom', family: 'unrecognised' })
  })
})

describe('a kill someone ordered is not the OOM killer', () => {
  // Real lines: marbl/canu#1067 (older wording), Nextomics/NextDenovo#114, ZettaAI/zetta_utils#671.
  const cancellations = [
    'slurmstepd: *** JOB 830329 CANCELLED AT 2018-08-06T17:21:44 DUE TO TIME LIMIT on n447 ***',
    'slurmstepd: error: *** JOB 867816 ON c0700a-s1 CANCELLED AT 2021-05-11T12:06:17 DUE TO TIME LIMIT ***',
    'slurmstepd: error: *** STEP 494583.0 ON ... CANCELLED AT 2024-04-20T09:09:37 DUE TO TIME LIMIT ***',
    'slurmstepd: error: *** JOB 123 ON node01 CANCELLED AT 2026-12-01T10:00:00 ***',
    'Warning  DeadlineExceeded  Reason: DeadlineExceeded',
    'Message: The node was low on resource: ephemeral-storage.',
    "timeout: sending signal KILL to command 'python'",
    'torch.distributed.elastic.multiprocessing.api.SignalException: Process 1786 got signal: 15',
    '##[error]The operation was canceled.'
  ]

  it.each(cancellations)('%s, then Killed: not-oom, the cancellation is the evidence', line => {
    const r = classify(['Epoch 3 done', line, 'Killed'], { exitCode: null })
    expect(r).toMatchObject({ kind: 'not-oom', evidence: line.trim() })
    expect(classify([line], { exitCode: 137 }).kind).toBe('not-oom')
    expect(classify([line], { exitCode: null, signal: 'SIGKILL' }).kind).toBe('not-oom')
  })

  it('a bare kill with no cancellation keeps its kill basis; an OOM record beside a cancellation still decides', () => {
    expect(classify(['Killed'], { exitCode: null })).toMatchObject({ family: 'sigkill', basis: 'kill' })
    const r = classify(
      [
        cancellations[0]!,
        'slurmstepd: error: Detected 1 oom-kill event(s) in StepId=123456.batch. Some of your processes may have been killed by the cgroup out-of-memory handler.'
      ],
      { exitCode: null }
    )
    expect(r).toMatchObject({ kind: 'host-oom', family: 'slurm-oom-kill', basis: 'message' })
  })
})

describe('ENOMEM: the kernel refused host memory', () => {
  it.each([
    'OSError: [Errno 12] Cannot allocate memory',
    '/bin/sh: fork: Cannot allocate memory',
    'Error: Cannot allocate memory (os error 12)',
    'posix_spawn failed: Cannot allocate memory',
    "terminate called after throwing an instance of 'std::bad_alloc'",
    'RuntimeError: std::bad_alloc'
  ])('%s is host-oom (enomem)', line => {
    expect(classify([line])).toMatchObject({ kind: 'host-oom', family: 'enomem', basis: 'message' })
  })

  it('not an RDMA locked-memory limit (ibv_reg_mr), which is not the machine running out', () => {
    expect(classify(['NET/IB : ibv_reg_mr failed: Cannot allocate memory']).kind).toBe('not-oom')
  })
})

describe('the evidence is the message itself, not the line above it', () => {
  it("a program's own error line is not joined to a command line that ends in a number", () => {
    const r = classify(
      [
        '/var/spool/slurmd/job123456/slurm_script: line 22: 45678 Killed                  python finetune.py --bs 8',
        'slurmstepd: error: Detected 1 oom-kill event(s) in StepId=123456.batch. Some of your processes may have been killed by the cgroup out-of-memory handler.'
      ],
      { exitCode: null }
    )
    expect(r).toMatchObject({ family: 'slurm-oom-kill' })
    expect(r.evidence).toMatch(/^slurmstepd: error: Detected 1 oom-kill event/)
  })
})
