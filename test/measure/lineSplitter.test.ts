import { describe, expect, it } from 'vitest'
import { LineBlock, LineSplitter } from '../../src/measure/process/lineSplitter.js'

function split(chunks: string[], maxLength?: number): string[] {
  const lines: string[] = []
  const splitter = new LineSplitter(block => lines.push(...block.lines), maxLength, { margin: 0 })
  for (const chunk of chunks) splitter.push(chunk)
  splitter.end()
  return lines
}

describe('LineSplitter', () => {
  it('joins lines across chunks and flushes a partial last line', () => {
    expect(split(['a', 'b\nc', 'd\n', 'e'])).toEqual(['ab', 'cd', 'e'])
  })

  it('handles CRLF split across chunks and keeps empty lines', () => {
    expect(split(['one\r', '\n\ntwo\r\n'])).toEqual(['one', '', 'two'])
  })

  it('keeps what a terminal shows for carriage-return progress bars', () => {
    expect(split(['10%\r50%', '\r100%\n'])).toEqual(['100%'])
  })

  it('cuts an endless line to bound memory', () => {
    expect(split(['x'.repeat(25)], 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)])
  })

  it('cuts an endless line only after redacting it, holding a margin back: no secret is cut in two', () => {
    const secret = 'hunter2-is-a-secret-value'
    const redact = (text: string) => text.replaceAll(secret, '***')
    // The secret spans the first cut (at 100); the margin keeps its end in the text redacted.
    const line = `${'a'.repeat(90)}${secret}${'b'.repeat(200)}`
    const lines: string[] = []
    const splitter = new LineSplitter(block => lines.push(...block.lines), 100, { redact, margin: 64 })
    for (let i = 0; i < line.length; i += 7) splitter.push(line.slice(i, i + 7))
    splitter.end()
    expect(lines.length).toBeGreaterThan(1)
    expect(lines.join('')).toBe(redact(line))
    for (const piece of lines) expect(piece).not.toMatch(/hunter|secret-value/)
    // Without the redaction the same cut leaves two halves that no redaction of a piece finds.
    const bare: string[] = []
    const plain = new LineSplitter(block => bare.push(...block.lines), 100, { margin: 0 })
    plain.push(line)
    plain.end()
    expect(bare.map(redact).join('')).toContain('hunter2-is')
  })

  it('hands each chunk on as a block whose lines are parts of its text, split from it only when asked', () => {
    const chunks = ['alpha\nbe', 'ta\ngam\rGAMMA\ndel', 'ta', '\n', 'x'.repeat(25), 'tail']
    const blocks: LineBlock[] = []
    const splitter = new LineSplitter(block => blocks.push(block), 10, { margin: 0 })
    for (const chunk of chunks) splitter.push(chunk)
    splitter.end()
    expect(blocks.flatMap(b => b.lines)).toEqual([
      'alpha',
      'beta',
      'GAMMA',
      'delta',
      ...['x'.repeat(10), 'x'.repeat(10)],
      'xxxxxtail'
    ])
    for (const block of blocks) {
      for (const line of block.lines) expect(block.text).toContain(line)
      if (block.exact) expect(block.lines).toEqual(block.text.split('\n'))
    }
    // The carriage return's block is not its text split; the plain ones are.
    expect(blocks.map(b => b.exact)).toEqual([true, false, true, false, false])
  })

  it('gives the last lines of a block without splitting it', () => {
    const block = new LineBlock('a\n\nb\nc')
    expect(block.last(2)).toEqual(['b', 'c'])
    expect(block.last(9)).toEqual(['a', '', 'b', 'c'])
    expect(block.last(0)).toEqual([])
    expect(new LineBlock('', ['']).last(3)).toEqual([''])
    expect(LineBlock.of('one line').lines).toEqual(['one line'])
  })

  it('counts its lines up to a limit', () => {
    const block = new LineBlock('a\n\nb\nc')
    expect(block.lineCount(9)).toBe(4)
    expect(block.lineCount(2)).toBe(2)
    expect(block.lineCount(1)).toBe(1)
    expect(new LineBlock('').lineCount(5)).toBe(1)
    expect(new LineBlock('x\n').lineCount(5)).toBe(2)
    expect(new LineBlock('a\rb\nc', ['b', 'c']).lineCount(5)).toBe(2)
  })
})
