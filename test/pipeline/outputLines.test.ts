import { describe, expect, it } from 'vitest'
import { outputLineHandler } from '../../src/pipeline/outputLines.js'
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
