import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { startCommand } from '../../src/measure/process/runCommand.js'
import { outputLineHandler } from '../../src/pipeline/outputLines.js'
import { redactSecrets } from '../../src/report/redact.js'
import { LineBlock } from '../../src/measure/process/lineSplitter.js'

describe('outputLineHandler: the echo of a run output, on the fly', () => {
  it('writes the lines of one chunk (one task) as one batch, in order, with the model prefix', async () => {
    const writes: string[] = []
    const h = outputLineHandler({ name: 'm', secrets: [], output: t => writes.push(t) })
    h.line('one')
    h.line('two')
    expect(writes).toEqual([]) // not yet: the batch goes out when the chunk's task ends
    await Promise.resolve()
    expect(writes).toEqual(['  m | one\n  m | two'])
    h.line('three')
    await Promise.resolve()
    expect(writes).toEqual(['  m | one\n  m | two', '  m | three'])
  })

  it('flush() writes what is pending at once, and only once', async () => {
    const writes: string[] = []
    const h = outputLineHandler({ name: 'm', secrets: [], output: t => writes.push(t) })
    h.line('last')
    h.flush()
    await Promise.resolve()
    expect(writes).toEqual(['  m | last'])
  })

  it('a value announced with ::add-mask:: is redacted from that line on, in the same batch too', async () => {
    const writes: string[] = []
    const secrets: string[] = []
    const h = outputLineHandler({ name: 'm', secrets, output: t => writes.push(t) })
    h.line('token is hunter2hunter2 before the mask')
    h.line('::add-mask::hunter2hunter2')
    h.line('token is hunter2hunter2 after the mask')
    await Promise.resolve()
    expect(writes[0]!.split('\n')).toEqual([
      '  m | token is hunter2hunter2 before the mask',
      '  m | ::add-mask::***',
      '  m | token is *** after the mask'
    ])
    expect(secrets).toEqual(['hunter2hunter2'])
  })

  it('a real command: the console echoes and redacts what a terminal shows, the tail keeps the same text', async () => {
    // runCommand hands each line on as terminalText reads it: a secret split by escape codes is
    // whole on screen, so it is masked on the console and in the tail alike.
    const writes: string[] = []
    const secrets = ['hunter2hunter2']
    const h = outputLineHandler({ name: 'm', secrets, output: t => writes.push(t) })
    const started = await startCommand({
      run: [
        String.raw`printf 'key in ansi: hunt\033[0mer2hunter2\n'`,
        String.raw`printf '\033]8;;http://evil.example\033\\click\033]8;;\033\\ pw=hunter2\007hunter2\n'`,
        String.raw`printf '\033[31mRED\033[0m nul\000 bs\b bidi\342\200\256 end\tx\n'`,
        String.raw`printf '::add-mask::\033[1msekrit-value\033[0m-123456\n'`,
        'echo "value: sekrit-value-123456"',
        'echo plain line stays as it is'
      ].join('; '),
      cwd: tmpdir(),
      env: { PATH: process.env.PATH },
      sink: null,
      onLine: h.line
    })
    if (!started.ok) throw new Error(started.error)
    await started.command.exited
    await started.command.drain(10_000)
    h.flush()
    expect(writes.join('\n').split('\n')).toEqual([
      '  m | key in ansi: ***',
      '  m | click pw=***',
      '  m | RED nul bs bidi end\tx',
      '  m | ::add-mask::***',
      '  m | value: ***',
      '  m | plain line stays as it is'
    ])
    expect(secrets).toContain('sekrit-value-123456')
    expect(started.command.tail().slice(0, 3)).toEqual([
      'key in ansi: hunter2hunter2', // redacted after the run (pipeline/measureAndJudge.ts), as plain text
      'click pw=hunter2hunter2',
      'RED nul bs bidi end\tx'
    ])
  }, 30_000)

  it('a real command: a secret across the cut of an endless line or of a long tail line stays whole', async () => {
    // 64 KiB pieces for the echo and 2000-byte lines in the tail: both cuts come after the
    // redaction (startCommand's redact), so neither keeps a half of the value.
    const secret = 'ghp_' + 'Zq7Vd2LmX9pRtK4w'.repeat(2)
    const writes: string[] = []
    const secrets = [secret]
    const h = outputLineHandler({ name: 'm', secrets, output: t => writes.push(t) })
    const script = [
      `const s = ${JSON.stringify(secret)}`,
      // An endless line with the value across 65536; then a 5000-byte line with it across 988.
      "process.stdout.write('x'.repeat(65530) + s + 'y'.repeat(150000) + '\\n')",
      "process.stdout.write('a'.repeat(980) + s + 'b'.repeat(3988) + '\\n')"
    ].join('; ')
    const started = await startCommand({
      run: `${JSON.stringify(process.execPath)} -e ${JSON.stringify(script)}`,
      cwd: tmpdir(),
      env: { PATH: process.env.PATH },
      sink: null,
      onLines: h.lines,
      redact: text => redactSecrets(text, secrets)
    })
    if (!started.ok) throw new Error(started.error)
    await started.command.exited
    await started.command.drain(10_000)
    h.flush()
    const fragments = [secret.slice(0, 6), secret.slice(-6)]
    const echoed = writes.join('\n')
    expect(echoed.length).toBeGreaterThan(215_000)
    for (const part of fragments) expect(echoed).not.toContain(part)
    const tail = started.command.tail()
    expect(tail.length).toBeGreaterThanOrEqual(2)
    for (const line of tail) for (const part of fragments) expect(line).not.toContain(part)
  }, 30_000)

  it('a private key printed line by line, in chunks of its own, is not echoed', async () => {
    const writes: string[] = []
    const h = outputLineHandler({ name: 'm', secrets: [], output: t => writes.push(t) })
    const body = ['MIIEowIBAAKCAQEAq7Vd2LmX9pRtK4wZq7Vd2LmX9pRtK4wZq7Vd2LmX9pRtK4wZ', 'Zq7Vd2LmX9pRtK4w==']
    h.line('epoch 1')
    h.line('-----BEGIN RSA PRIVATE KEY-----')
    await Promise.resolve()
    for (const line of body) {
      h.line(line)
      await Promise.resolve()
    }
    h.line('-----END RSA PRIVATE KEY-----')
    h.line('epoch 2')
    h.flush()
    expect(writes.join('\n').split('\n')).toEqual([
      '  m | epoch 1',
      '  m | ***',
      '  m | ***',
      '  m | ***',
      '  m | ***',
      '  m | epoch 2'
    ])
  })

  it('a mask announced again and again is learned once (the redaction stays linear)', () => {
    const secrets: string[] = ['known-secret-0']
    const h = outputLineHandler({ name: 'm', secrets, output: () => {} })
    for (let i = 0; i < 2000; i++) h.line('::add-mask::same-mask-value')
    h.line('##[add-mask]other-mask-value')
    h.line('::add-mask::known-secret-0')
    h.flush()
    expect(secrets).toEqual(['known-secret-0', 'same-mask-value', 'other-mask-value'])
  })

  it("reads the training framework's memory: values as the lines pass", () => {
    const h = outputLineHandler({ name: 'm', secrets: [], output: () => {} })
    h.line(
      '04/21 21:03:53 - mmengine - INFO - Epoch(train) [1][10/90]  lr: 1.000e-02  time: 0.010  memory: 300  loss: 1.5'
    )
    h.line(
      '04/21 21:03:54 - mmengine - INFO - Epoch(train) [1][20/90]  lr: 1.000e-02  time: 0.010  memory: 512  loss: 1.4'
    )
    expect(h.trainingLog()).toMatchObject({ peakAllocatedBytes: 512 * 2 ** 20, source: 'mmengine', lines: 2 })
  })

  it('a block of lines is echoed, redacted and read exactly as its lines one by one', async () => {
    const lines = [
      '04/21 21:03:53 - mmengine - INFO - Epoch(train) [1][10/90]  lr: 1.000e-02  memory: 300  loss: 1.5',
      'plain progress line',
      'cloning https://user:hunter2hunter2@example.com/repo.git',
      'using my-known-value-123 here',
      '::add-mask::announced-value-77',
      'and announced-value-77 again',
      '',
      '04/21 21:03:54 - mmengine - INFO - Epoch(train) [1][20/90]  lr: 1.000e-02  memory: 512  loss: 1.4'
    ]
    const run = async (
      feed: (h: ReturnType<typeof outputLineHandler>, part: string[]) => void,
      parts: string[][]
    ) => {
      const writes: string[] = []
      const secrets = ['my-known-value-123']
      const h = outputLineHandler({ name: 'm', secrets, output: t => writes.push(t) })
      for (const part of parts) feed(h, part)
      await Promise.resolve()
      return { echo: writes.join('\n'), secrets, trainingLog: h.trainingLog() }
    }
    const oneByOne = await run((h, part) => part.forEach(l => h.line(l)), [lines])
    expect(oneByOne.echo).not.toMatch(/hunter2|my-known-value|announced-value/)
    expect(oneByOne.trainingLog).toMatchObject({ peakAllocatedBytes: 512 * 2 ** 20, lines: 2 })
    // As one block, as blocks that split the secrets from the rest, and as inexact blocks.
    const asBlocks = [[lines], [lines.slice(0, 2), lines.slice(2, 5), lines.slice(5)], lines.map(l => [l])]
    for (const parts of asBlocks) {
      expect(await run((h, part) => h.lines(new LineBlock(part.join('\n'))), parts)).toEqual(oneByOne)
      expect(await run((h, part) => h.lines(new LineBlock(part.join('\n'), part)), parts)).toEqual(oneByOne)
    }
  })
})
