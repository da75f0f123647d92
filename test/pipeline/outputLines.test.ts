import { describe, expect, it } from 'vitest'
import { outputLineHandler } from '../../src/pipeline/outputLines.js'

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

  it('echoes and redacts what a terminal shows: a secret split by escape codes is masked on the console', async () => {
    const writes: string[] = []
    const h = outputLineHandler({ name: 'm', secrets: ['hunter2hunter2'], output: t => writes.push(t) })
    h.line('key in ansi: hunt\x1b[0mer2hunter2')
    h.line('\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ pw=hunter2\x07hunter2')
    h.line('\x1b[31mRED\x1b[0m nul\x00 bs\b bidi\u202e end')
    h.line('plain line stays as it is')
    await Promise.resolve()
    expect(writes[0]!.split('\n')).toEqual([
      '  m | key in ansi: ***',
      '  m | click pw=***',
      '  m | RED nul bs bidi end',
      '  m | plain line stays as it is'
    ])
  })

  it('reads an ::add-mask:: split by a colour code, as the runner would not but a reader would see it', async () => {
    const writes: string[] = []
    const secrets: string[] = []
    const h = outputLineHandler({ name: 'm', secrets, output: t => writes.push(t) })
    h.line('::add-mask::\x1b[1msekrit-value\x1b[0m-123456')
    h.line('value: sekrit-value-123456')
    await Promise.resolve()
    expect(secrets).toEqual(['sekrit-value-123456'])
    expect(writes[0]!.split('\n')[1]).toBe('  m | value: ***')
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
})
