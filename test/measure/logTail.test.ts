// The kept tail of a run's output is bounded in lines, bytes per line and bytes in total, and
// free of terminal escape codes (issue 9 §5).
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import {
  cutMiddle,
  LOG_TAIL_LINE_BYTES,
  LOG_TAIL_LINES,
  LOG_TAIL_TOTAL_BYTES,
  LogTail
} from '../../src/measure/process/logTail.js'
import { MAX_GROUP_CHARS, ModelLog } from '../../src/measure/process/modelLog.js'
import { LineBlock } from '../../src/measure/process/lineSplitter.js'
import { startCommand } from '../../src/measure/process/runCommand.js'

describe('LogTail', () => {
  it('keeps the last lines', () => {
    const tail = new LogTail()
    for (let i = 0; i < 500; i++) tail.push(`line ${i}`)
    expect(tail.get()).toHaveLength(LOG_TAIL_LINES)
    expect(tail.get().at(-1)).toBe('line 499')
  })

  it('cuts a long line in the middle, keeping both ends', () => {
    const tail = new LogTail()
    tail.push(`START${'x'.repeat(1_000_000)}END`)
    const [line] = tail.get()
    expect(Buffer.byteLength(line!)).toBeLessThanOrEqual(LOG_TAIL_LINE_BYTES)
    expect(line).toMatch(/^START/)
    expect(line).toMatch(/END$/)
    expect(line).toMatch(/bytes cut/)
  })

  it('counts bytes, not characters: a line of multi-byte characters is cut to the byte cap', () => {
    const tail = new LogTail()
    tail.push('显存不足'.repeat(2000)) // 3 bytes a character
    const [line] = tail.get()
    expect(Buffer.byteLength(line!)).toBeLessThanOrEqual(LOG_TAIL_LINE_BYTES)
    expect(line!.length).toBeGreaterThan(LOG_TAIL_LINE_BYTES / 4)
  })

  it('caps the total, dropping the oldest lines first', () => {
    const tail = new LogTail()
    for (let i = 0; i < 200; i++) tail.push(`${i} ${'y'.repeat(1500)}`)
    const kept = tail.get()
    expect(Buffer.byteLength(kept.join(''))).toBeLessThanOrEqual(LOG_TAIL_TOTAL_BYTES)
    expect(kept.length).toBeLessThan(200)
    expect(kept.at(-1)).toMatch(/^199 /)
  })

  it('a run keeps its lines as a terminal shows them: no colours, cursor moves, control bytes or bidi overrides', async () => {
    // runCommand reads each line once through terminalText; the tail and the echo share that text.
    const started = await startCommand({
      run: String.raw`printf '\033[31mRuntimeError\033[0m: \033[1mCUDA out of memory\033[22m\033[K\n\033]0;title\007nul\000 bidi\342\200\256 x\ty\n'`,
      cwd: tmpdir(),
      env: { PATH: process.env.PATH },
      sink: null
    })
    if (!started.ok) throw new Error(started.error)
    await started.command.exited
    await started.command.drain(10_000)
    expect(started.command.tail()).toEqual(['RuntimeError: CUDA out of memory', 'nul bidi x\ty'])
  }, 30_000)

  it('keeps the same lines from blocks as from the lines pushed one by one, over megabytes', () => {
    const lines: string[] = []
    for (let i = 0; i < 30_000; i++) {
      lines.push(
        i % 997 === 0
          ? `\u001b[33m${i} ${'w'.repeat(3000)}\u001b[0m`
          : i % 13 === 0
            ? ''
            : `${i} ${'v'.repeat(i % 200)}`
      )
    }
    const byLine = new LogTail()
    for (const line of lines) byLine.push(line)
    const byBlock = new LogTail()
    for (let i = 0; i < lines.length; i += 250)
      byBlock.pushBlock(new LineBlock(lines.slice(i, i + 250).join('\n')))
    expect(byBlock.get()).toEqual(byLine.get())
    // A line pushed alone after blocks comes after their lines.
    byBlock.push('last')
    expect(byBlock.get().at(-1)).toBe('last')
    expect(byBlock.get().at(-2)).toBe(byLine.get().at(-1))
  })

  it('holds only the newest blocks that fill the tail, not a megabyte of older ones', () => {
    // 64 KiB blocks of 250-character lines, as a chatty run's pipe hands them on: each holds
    // more than LOG_TAIL_LINES lines, so only the newest is needed (and the one before it while
    // the newest is short).
    const line = 'x'.repeat(249)
    const block = (i: number) =>
      new LineBlock(Array.from({ length: 262 }, (_, k) => `${i}:${k} ${line}`).join('\n'))
    const tail = new LogTail()
    for (let i = 0; i < 40; i++) tail.pushBlock(block(i))
    expect(tail.heldChars).toBeLessThanOrEqual(2 * block(0).text.length)
    expect(tail.get().at(-1)).toBe(`39:261 ${line}`)
    expect(tail.get()[0]).toBe(`39:${262 - tail.get().length} ${line}`)
    // Short blocks are held until together they fill the tail.
    const short = new LogTail()
    for (let i = 0; i < 10; i++) short.pushBlock(new LineBlock(`${i}a\n${i}b`))
    expect(short.heldChars).toBe(10 * 5)
    expect(short.get()).toHaveLength(20)
  })

  it('redacts a long line before cutting it in the middle: a secret across the cut is not kept in halves', () => {
    const secret = 'hf_AbCdEfGhIjKlMnOpQrStUv'
    const redact = (line: string) => line.replaceAll(secret, '***')
    // 5000 bytes cut to 2000: the first ~988 are kept, and the secret spans that end.
    const line = `${'a'.repeat(980)}${secret}${'b'.repeat(3996)}`
    for (const pushed of ['push', 'pushBlock'] as const) {
      const tail = new LogTail(LOG_TAIL_LINES, LOG_TAIL_LINE_BYTES, LOG_TAIL_TOTAL_BYTES, redact)
      if (pushed === 'push') tail.push(line)
      else tail.pushBlock(new LineBlock(line))
      const [kept] = tail.get()
      expect(Buffer.byteLength(kept!)).toBeLessThanOrEqual(LOG_TAIL_LINE_BYTES)
      expect(kept).not.toMatch(/hf_AbCd|QrStUv/)
    }
    // Without it the cut leaves a piece of the value at each side.
    const bare = new LogTail()
    bare.push(line)
    expect(redact(bare.get()[0]!)).toMatch(/hf_AbCd|QrStUv/)
  })

  it('cutMiddle leaves short lines alone', () => {
    expect(cutMiddle('short', 10)).toBe('short')
  })
})

describe('ModelLog deferred group', () => {
  it('keeps at most MAX_GROUP_CHARS of a parallel model output', () => {
    const printed: string[] = []
    const log = new ModelLog('m', l => printed.push(l), { start: () => {}, end: () => {} }, true)
    const line = 'z'.repeat(64 * 1024)
    for (let i = 0; i < 600; i++) log.output(line) // 37.5 MiB of output
    log.finish('done')
    const chars = printed.filter(l => l === line).length * line.length
    expect(chars).toBeLessThanOrEqual(MAX_GROUP_CHARS)
    expect(printed.join('\n')).toMatch(/earlier lines not shown/)
  })
})
