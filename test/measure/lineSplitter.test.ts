import { describe, expect, it } from 'vitest'
import { LineBlock, LineSplitter } from '../../src/measure/process/lineSplitter.js'

function split(chunks: string[], maxLength?: number): string[] {
  const lines: string[] = []
  const splitter = new LineSplitter(block => lines.push(...block.lines), maxLength)
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

  it('hands each chunk on as a block whose lines are parts of its text, split from it only when asked', () => {
    const chunks = ['alpha\nbe', 'ta\ngam\rGAMMA\ndel', 'ta', '\n', 'x'.repeat(25), 'tail']
    const blocks: LineBlock[] = []
    const splitter = new LineSplitter(block => blocks.push(block), 10)
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
