import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { explainCommand } from '../../../src/commands/explain.js'
import { UsageError } from '../../../src/config/load.js'

const FIXTURES = join(import.meta.dirname, '../../fixtures/oom')
const REPO = join(import.meta.dirname, '../../..')

function run(argv: string[]): { code: number; text: string } {
  const printed: string[] = []
  const code = explainCommand(argv, t => printed.push(t))
  return { code, text: printed.join('\n') }
}

/** A log file with `text`, in a fresh directory. */
function writeLog(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'oom-explain-')), 'train.txt')
  writeFileSync(file, text)
  return file
}

function usageProblem(argv: string[]): string {
  try {
    run(argv)
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    const problems = (error as UsageError).problems
    expect(problems).toHaveLength(1)
    expect(problems[0]).not.toContain('\n')
    return problems[0]!
  }
  throw new Error(`explain ${argv.join(' ')} did not fail`)
}

describe('oom-gate explain --json', () => {
  it("prints contract 4's fields in order, in bytes, plus the evidence, and exits 0", () => {
    const { code, text } = run([join(FIXTURES, 'pytorch-new-cads.txt'), '--json'])
    expect(code).toBe(0)
    const json = JSON.parse(text) as Record<string, unknown>
    expect(Object.keys(json)).toEqual([
      'kind',
      'framework',
      'gpuIndex',
      'triedToAllocateBytes',
      'totalCapacityBytes',
      'freeBytes',
      'allocatedBytes',
      'reservedBytes',
      'evidence',
      'family',
      'basis',
      'recovered'
    ])
    expect(json).toMatchObject({
      kind: 'gpu-oom',
      framework: 'pytorch',
      gpuIndex: 0,
      triedToAllocateBytes: 24459838751, // 22.78 GiB
      totalCapacityBytes: 33790655201, // 31.47 GiB
      freeBytes: 13668733420, // 12.73 GiB
      allocatedBytes: 9749575762, // 9.08 GiB
      reservedBytes: 9749575762 + 10039486054 // + 9.35 GiB
    })
    expect(json.evidence).toMatch(
      /^torch\.OutOfMemoryError: CUDA out of memory\. Tried to allocate 22\.78 GiB\./
    )
  })

  it('prints nulls, not zeros, for what a message does not state; the flag may come first', () => {
    const json = JSON.parse(run(['--json', join(FIXTURES, 'enomem-fork-flownet-85.txt')]).text)
    expect(json).toMatchObject({
      kind: 'host-oom',
      framework: 'kernel',
      gpuIndex: null,
      triedToAllocateBytes: null,
      totalCapacityBytes: null,
      freeBytes: null,
      allocatedBytes: null,
      reservedBytes: null,
      family: 'enomem',
      basis: 'message',
      recovered: false
    })
  })

  it('a log that shows only a kill: not-oom, as the gate judges a kill the kernel did not record, with basis kill', () => {
    const json = JSON.parse(run(['--json', join(FIXTURES, 'dataloader-killed-kraken-266.txt')]).text)
    expect(json).toEqual({
      kind: 'not-oom',
      framework: null,
      gpuIndex: null,
      triedToAllocateBytes: null,
      totalCapacityBytes: null,
      freeBytes: null,
      allocatedBytes: null,
      reservedBytes: null,
      evidence: 'RuntimeError: DataLoader worker (pid 22048) is killed by signal: Killed.',
      family: 'dataloader-killed',
      basis: 'kill',
      recovered: false
    })
  })

  it('exits 0 for a log that did not run out of memory: the classification is the output', () => {
    const { code, text } = run([join(FIXTURES, 'notoom-misaligned-deepspeed-530.txt'), '--json'])
    expect(code).toBe(0)
    expect(JSON.parse(text)).toMatchObject({
      kind: 'not-oom',
      framework: null,
      evidence: 'CUDA error: misaligned address'
    })
  })
})

describe('oom-gate explain: recovered OOMs and the fallback (issue 22)', () => {
  it('says recovered: true for an OOM the run caught and survived (real fairseq log), false when it then died', () => {
    const survived = JSON.parse(run([join(FIXTURES, 'recovered-ray-fairseq-5755.txt'), '--json']).text)
    expect(survived).toMatchObject({ kind: 'gpu-oom', framework: 'pytorch', recovered: true })
    const died = JSON.parse(run([join(FIXTURES, 'caught-then-fatal-fairseq-1164.txt'), '--json']).text)
    expect(died).toMatchObject({ kind: 'gpu-oom', recovered: false })
    // The caller knows the run exited 1: the catch did not save it.
    const failed = run([join(FIXTURES, 'recovered-ray-fairseq-5755.txt'), '--json', '--exit-code', '1'])
    expect(JSON.parse(failed.text)).toMatchObject({ kind: 'gpu-oom', recovered: false })
    const text = run([join(FIXTURES, 'recovered-ray-fairseq-5755.txt')]).text
    expect(text).toContain('recovered: the run caught this OOM, skipped the batch and went on')
  })

  it('reports out-of-memory words no family knows as unrecognised, but never with --exit-code 0', () => {
    const log = join(FIXTURES, 'fallback-java-heap-gatk-8264.txt')
    expect(JSON.parse(run([log, '--json']).text)).toMatchObject({
      kind: 'host-oom',
      framework: null,
      family: 'unrecognised',
      basis: 'message',
      recovered: false
    })
    expect(run([log]).text).toContain(
      'what it means: an out-of-memory error of a kind oom-gate does not know'
    )
    expect(JSON.parse(run([log, '--json', '--exit-code', '0']).text)).toMatchObject({ kind: 'not-oom' })
  })

  it('rejects an --exit-code that is not an integer, in one line', () => {
    expect(usageProblem([join(FIXTURES, 'fallback-java-heap-gatk-8264.txt'), '--exit-code', 'oops'])).toMatch(
      /--exit-code oops is not an exit status/
    )
  })
})

describe('oom-gate explain (text)', () => {
  it('says what ran out, the numbers in words, and the line it rests on', () => {
    const { code, text } = run([join(FIXTURES, 'pytorch-old-59778.txt')])
    expect(code).toBe(0)
    expect(text.split('\n')).toEqual([
      'gpu-oom: ran out of GPU memory (pytorch)',
      'tried to allocate 2.26 GiB with 3.03 GiB free, yet the allocation failed; GPU 0 has 6.00 GiB in total; PyTorch had 781.59 MiB allocated and 1.24 GiB reserved',
      "what it means: PyTorch's caching allocator ran out of device memory",
      expect.stringMatching(/^usual fix: lower the batch size .*expandable_segments:True$/),
      'evidence: CUDA out of memory. Tried to allocate 2.26 GiB (GPU 0; 6.00 GiB total capacity; 781.59 MiB already allocated; 3.03 GiB free; 1.24 GiB reserved in total by PyTorch)'
    ])
  })

  it('names the family in words and its fix (vLLM), and says when only a kill shape was seen', () => {
    const lines = run([join(FIXTURES, 'vllm-kv-needed-gptoss-27508.txt')]).text.split('\n')
    expect(lines[0]).toBe('gpu-oom: ran out of GPU memory (vllm)')
    expect(lines[1]).toBe('tried to allocate 4.54 GiB with 1.71 GiB free: at least 2.83 GiB short')
    expect(lines[2]).toBe('what it means: vLLM could not fit its KV cache in gpu_memory_utilization')
    expect(lines[3]).toBe('usual fix: raise gpu_memory_utilization, or lower max_model_len or max_num_seqs')
    const kill = run([join(FIXTURES, 'kill-argo-script-8981.txt')]).text
    expect(kill.split('\n')[0]).toBe('not-oom: killed by SIGKILL; the log holds no out-of-memory message')
    expect(kill).toMatch(/^basis: only the shape of a SIGKILL/m)
    expect(kill).toMatch(/^if it was the OOM killer: /m)
    expect(run([join(FIXTURES, 'kernel-cgroup-python3-efs-1218.txt')]).text).not.toMatch(/^basis:/m)
  })

  it('says not-oom and shows the error it found instead', () => {
    expect(run([join(FIXTURES, 'notoom-nccl-watchdog-basicsr-737.txt')]).text.split('\n')[0]).toBe(
      'not-oom: no out-of-memory error found'
    )
  })

  it('prints its usage for --help', () => {
    expect(run(['--help'])).toEqual({
      code: 0,
      text: expect.stringContaining('Usage: oom-gate explain LOGFILE [--json] [--exit-code N]')
    })
    expect(run(['--help']).text).toMatch(/^Exit codes: 0 classified \(whatever the kind\), 2 usage error/m)
  })

  it('evidence is the exception line itself, not joined to the traceback source line above it', () => {
    const log = writeLog(
      [
        '  File "/opt/conda/lib/python3.10/site-packages/torch/autograd/__init__.py", line 200, in backward',
        '    Variable._execution_engine.run_backward(  # Calls into the C++ engine to run the backward pass',
        'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.50 GiB (GPU 0; 79.15 GiB total capacity; 74.21 GiB already allocated; 1.23 GiB free; 76.02 GiB reserved in total by PyTorch)'
      ].join('\n')
    )
    expect(run([log]).text).toMatch(/^evidence: torch\.cuda\.OutOfMemoryError: CUDA out of memory\. Tried/m)
  })
})

describe('oom-gate explain: usage errors name the problem and the fix', () => {
  it('without a log file', () => {
    expect(usageProblem([])).toMatch(/^explain: missing LOGFILE.*usage: oom-gate explain LOGFILE \[--json\]/)
    expect(usageProblem(['--json'])).toMatch(/missing LOGFILE/)
  })

  it('with an unknown option', () => {
    expect(usageProblem(['--jsn', join(FIXTURES, 'pytorch-old-59778.txt')])).toMatch(
      /^oom-gate explain: Unknown option '--jsn'.*; see oom-gate explain --help$/
    )
  })

  it('with two log files', () => {
    expect(usageProblem(['a.log', 'b.log'])).toMatch(/^explain: takes one LOGFILE, got 2 \(a\.log, b\.log\)/)
  })

  it('with a file that cannot be read', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'oom-explain-')), 'train.txt')
    expect(usageProblem([missing])).toBe(
      `explain: ${missing}: no such file; pass the path of a training log, or - to read standard input`
    )
    expect(usageProblem([FIXTURES])).toMatch(/: is a directory, not a log file;/)
  })

  it('reads a file named like an option after --', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oom-explain-'))
    writeFileSync(join(dir, '--json'), 'Could not create cudnn handle: CUDNN_STATUS_ALLOC_FAILED\n')
    const printed: string[] = []
    const cwd = process.cwd()
    try {
      process.chdir(dir)
      expect(explainCommand(['--', '--json'], t => printed.push(t))).toBe(0)
    } finally {
      process.chdir(cwd)
    }
    expect(printed.join('\n').split('\n')[0]).toBe('gpu-oom: ran out of GPU memory (cudnn)')
  })
})

describe('oom-gate explain -', () => {
  it('reads the log from standard input', () => {
    // A separate process: standard input is the point of this test.
    const script = [
      `import { explainCommand } from ${JSON.stringify(join(REPO, 'src/commands/explain.ts'))}`,
      `process.exitCode = explainCommand(['-', '--json'], t => console.log(t))`
    ].join('\n')
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO,
      input: readFileSync(join(FIXTURES, 'tf-gpu-42617.txt'), 'utf8'),
      encoding: 'utf8'
    })
    expect(child.stderr).toBe('')
    expect(child.status).toBe(0)
    expect(JSON.parse(child.stdout)).toMatchObject({ kind: 'gpu-oom', framework: 'tensorflow', gpuIndex: 0 })
  })
})

describe('oom-gate explain: the log file encoding', () => {
  // PowerShell 5's `>` writes UTF-16LE with a BOM and CRLF line ends; `iconv -t UTF-16BE` gives no BOM.
  const log = readFileSync(join(FIXTURES, 'pytorch-new-cads.txt'), 'utf8').replaceAll('\n', '\r\n')
  const le = Buffer.from(log, 'utf16le')
  const be = Buffer.from(le).swap16()
  const encodings: [string, Buffer][] = [
    ['UTF-16LE with a BOM (PowerShell 5 redirection)', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
    ['UTF-16BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
    ['UTF-16LE without a BOM', le],
    ['UTF-16BE without a BOM', be],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(log, 'utf8')])]
  ]
  for (const [name, bytes] of encodings) {
    it(`finds the OOM in ${name}`, () => {
      const file = join(mkdtempSync(join(tmpdir(), 'oom-explain-')), 'train.log')
      writeFileSync(file, bytes)
      const json = JSON.parse(run([file, '--json']).text) as Record<string, unknown>
      expect(json).toMatchObject({ kind: 'gpu-oom', family: 'pytorch-caching-allocator', gpuIndex: 0 })
      expect(json.triedToAllocateBytes).toBe(24459838751)
      expect(json.evidence).toMatch(/^torch\.OutOfMemoryError: CUDA out of memory\./)
    })
  }

  it('says in one line that a binary file is not a text log', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'oom-explain-')), 'model.pt.gz')
    writeFileSync(file, gzipSync(readFileSync(join(FIXTURES, 'pytorch-new-cads.txt'))))
    expect(usageProblem([file])).toMatch(
      new RegExp(
        `^explain: ${file.replaceAll('.', '\\.')}: is not a text log \\(\\d+% of its start is undecodable`
      )
    )
    const zeros = join(mkdtempSync(join(tmpdir(), 'oom-explain-')), 'zeros.log')
    writeFileSync(zeros, Buffer.alloc(4096))
    expect(usageProblem([zeros])).toBe(`explain: ${zeros}: holds only NUL bytes, no text`)
  })

  it('decodes UTF-16 from standard input too', () => {
    const script = [
      `import { explainCommand } from ${JSON.stringify(join(REPO, 'src/commands/explain.ts'))}`,
      `process.exitCode = explainCommand(['-', '--json'], t => console.log(t))`
    ].join('\n')
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO,
      input: Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      encoding: 'utf8'
    })
    expect(child.stderr).toBe('')
    expect(JSON.parse(child.stdout)).toMatchObject({ kind: 'gpu-oom', framework: 'pytorch' })
  })
})

describe('oom-gate explain: what a new user tried (issue 22 follow-up)', () => {
  it('an info line naming an OOM, then the real error: not-oom, the error is the evidence', () => {
    const handler = writeLog(
      'checking GPU...\n[INFO] torch.cuda.OutOfMemoryError handler installed\nKeyError: "lr"\n'
    )
    expect(run([handler, '--exit-code', '1']).text.split('\n')).toEqual([
      'not-oom: no out-of-memory error found',
      'evidence: KeyError: "lr"'
    ])
    const denied = writeLog(
      'Validation: checking free disk space... out of memory? no.\nINFO: cache memory: 1024 MiB (no out of memory conditions detected)\nTraining finished successfully.\n'
    )
    expect(JSON.parse(run([denied, '--json', '--exit-code', '1']).text)).toMatchObject({ kind: 'not-oom' })
  })

  it('a bare Killed beside a Slurm time limit: not-oom, resting on the cancellation', () => {
    const log = writeLog(
      'Epoch 3 done\nslurmstepd: error: *** JOB 123 ON node01 CANCELLED AT 2026-12-01T10:00:00 DUE TO TIME LIMIT ***\nKilled\n'
    )
    const json = JSON.parse(run([log, '--json']).text)
    expect(json).toMatchObject({
      kind: 'not-oom',
      family: null,
      evidence: expect.stringContaining('DUE TO TIME LIMIT')
    })
    expect(json.basis).toBeUndefined()
  })

  it('a bare Killed alone: kind not-oom with basis kill in --json, as the gate judges it', () => {
    const json = JSON.parse(
      run([writeLog('[2026-12-01 10:00:00] epoch 3 step 400\nKilled\n'), '--json']).text
    )
    expect(json).toMatchObject({ kind: 'not-oom', family: 'sigkill', basis: 'kill', evidence: 'Killed' })
  })

  it('takes a signal as a negative exit status (torchrun, Python): --exit-code -9 is a kill', () => {
    const empty = writeLog('step 10 loss 2.1\n')
    expect(JSON.parse(run([empty, '--json', '--exit-code', '-9']).text)).toMatchObject({
      kind: 'not-oom',
      basis: 'kill',
      evidence: 'exit code -9 (SIGKILL)'
    })
    expect(JSON.parse(run([empty, '--json', '--exit-code=-9']).text)).toMatchObject({ basis: 'kill' })
  })

  it('ENOMEM is a host OOM', () => {
    const text = run([writeLog('OSError: [Errno 12] Cannot allocate memory\n'), '--exit-code', '1']).text
    expect(text.split('\n').slice(0, 2)).toEqual([
      'host-oom: ran out of host memory (kernel)',
      'the kernel refused host memory (ENOMEM): a fork or mmap failed'
    ])
  })
})
