// The last lines of a run's output, kept for the report and the OOM classifier. Bounded three
// ways, so that no output can grow the gate: lines, UTF-8 bytes per line (a progress bar or a
// tensor dump printed on one line), and UTF-8 bytes in total. Lines come as a terminal shows them
// (runCommand.ts passes terminalText's: no escape codes, control bytes or bidi overrides, which
// mean nothing in a PR comment or results.json). Every line of a run passes here, so a line costs
// one slot in a ring; the byte counts and the total are worked out in get(), for the few lines
// still kept. The longest suffix of the last lines that fits the total is what dropping the
// oldest line after each push would have left. A line that could be longer than the per-line cap
// is cut as it enters the ring, so the ring never holds more than lines x the per-line cap.
// Blocks of lines (lineSplitter.ts) are kept whole, unsplit, until they hold a megabyte of text;
// then only their last lines enter the ring. Only the newest blocks that hold the last maxLines
// lines are kept: an older block cannot reach the tail, and keeping its text alive would have
// the garbage collector copy a chatty run's megabytes into the old generation (a third of the
// log path's time over 55 MB of training log, before this).
import type { LineBlock } from './lineSplitter.js'

export const LOG_TAIL_LINES = 200
/** Longest line kept, in UTF-8 bytes; longer ones are cut in the middle. */
export const LOG_TAIL_LINE_BYTES = 2000
/** Most UTF-8 bytes kept over all lines. */
export const LOG_TAIL_TOTAL_BYTES = 64 * 1024

/** UTF-8 bytes per UTF-16 code unit, at most (a surrogate pair is 4 bytes for 2 units). */
const MAX_BYTES_PER_UNIT = 3

/** Characters of blocks kept unsplit before their last lines are moved into the ring. */
const BLOCK_CHARS = 1 << 20

export class LogTail {
  private readonly ring: string[]
  /** Index of the oldest line kept, and how many are kept. */
  private first = 0
  private count = 0
  /** Blocks not yet in the ring, oldest first, and their characters. */
  private blocks: LineBlock[] = []
  private blockChars = 0
  /** The lines of each kept block, counted up to maxLines, and their sum. */
  private blockLines: number[] = []
  private keptLines = 0

  /**
   * @param redact what a line becomes before it is cut in the middle (the caller's redaction: a
   *   secret cut in two would be kept as two halves no redaction finds); default none.
   */
  constructor(
    private readonly maxLines = LOG_TAIL_LINES,
    private readonly maxLineBytes = LOG_TAIL_LINE_BYTES,
    private readonly maxTotalBytes = LOG_TAIL_TOTAL_BYTES,
    private readonly redact: (line: string) => string = line => line
  ) {
    this.ring = new Array<string>(Math.max(0, maxLines))
  }

  /** Characters of the blocks held unsplit: what the tail keeps alive besides its ring. */
  get heldChars(): number {
    return this.blockChars
  }

  /** The lines of a block, in order; cheap: most blocks of a long run are never split. */
  pushBlock(block: LineBlock): void {
    if (this.maxLines <= 0) return
    const lines = block.lineCount(this.maxLines)
    this.blocks.push(block)
    this.blockLines.push(lines)
    this.blockChars += block.text.length
    this.keptLines += lines
    // Older blocks, and the ring, hold nothing of the tail once the newer blocks fill it.
    while (this.keptLines - this.blockLines[0]! >= this.maxLines) {
      this.keptLines -= this.blockLines.shift()!
      this.blockChars -= this.blocks.shift()!.text.length
    }
    if (this.keptLines >= this.maxLines) this.count = 0
    if (this.blockChars > BLOCK_CHARS) this.settle()
  }

  push(text: string): void {
    if (this.maxLines <= 0) return
    this.settle()
    // Cut now what may be too long (at 1 byte a unit it already is), so the ring stays bounded.
    const line = text.length > this.maxLineBytes ? this.clean(text) : text
    if (this.count === this.maxLines) {
      this.ring[this.first] = line
      this.first = (this.first + 1) % this.maxLines
    } else {
      this.ring[(this.first + this.count) % this.maxLines] = line
      this.count++
    }
  }

  /** Moves the last lines of the kept blocks into the ring. */
  private settle(): void {
    if (this.blocks.length === 0) return
    const blocks = this.blocks
    this.blocks = []
    this.blockChars = 0
    this.blockLines = []
    this.keptLines = 0
    const newest: (readonly string[])[] = []
    for (let i = blocks.length - 1, need = this.maxLines; i >= 0 && need > 0; i--) {
      const lines = blocks[i]!.last(need)
      newest.push(lines)
      need -= lines.length
    }
    for (const lines of newest.reverse()) for (const line of lines) this.push(line)
  }

  get(): string[] {
    this.settle()
    const out: string[] = []
    let bytes = 0
    for (let i = this.count - 1; i >= 0; i--) {
      const text = this.clean(this.ring[(this.first + i) % this.maxLines]!)
      const size = Buffer.byteLength(text)
      if (out.length > 0 && bytes + size > this.maxTotalBytes) break
      bytes += size
      out.push(text)
    }
    return out.reverse()
  }

  /** The line cut in the middle to the per-line cap, redacted first where it may be cut. */
  private clean(line: string): string {
    return line.length * MAX_BYTES_PER_UNIT <= this.maxLineBytes
      ? line
      : cutMiddle(this.redact(line), this.maxLineBytes)
  }
}
/** The start and the end of a line longer than `maxBytes` UTF-8 bytes (an error's message is at one end or the other). */
export function cutMiddle(line: string, maxBytes: number): string {
  const total = Buffer.byteLength(line)
  if (total <= maxBytes) return line
  const marker = ` … [${total - maxBytes} bytes cut] … `
  const points = Array.from(line) // whole code points: never half a surrogate pair
  // Code points to keep, shrunk until the result fits (multi-byte characters take more than one byte).
  let keep = Math.max(0, Math.floor(((maxBytes - Buffer.byteLength(marker)) * points.length) / total))
  for (;;) {
    const head = Math.ceil(keep / 2)
    const cut = points.slice(0, head).join('') + marker + points.slice(points.length - (keep - head)).join('')
    if (Buffer.byteLength(cut) <= maxBytes || keep === 0) return cut
    keep = Math.floor(keep * 0.9)
  }
}
