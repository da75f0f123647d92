import { describe, expect, it } from 'vitest'
import { LineSplitter } from '../../src/measure/process/lineSplitter.js'

function split(chunks: string[], maxLength?: number): string[] {
  const lines: string[] = []
  const splitter = new LineSplitter(line => lines.push(line), maxLength)
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
})
