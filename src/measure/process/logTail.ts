// The last lines of a run's output, kept for the report and the OOM classifier. Bounded three
// ways, so that no output can grow the gate: lines, UTF-8 bytes per line (a progress bar or a
// tensor dump printed on one line), and UTF-8 bytes in total. Lines come as a terminal shows them
// (runCommand.ts passes terminalText's: no escape codes, control bytes or bidi overrides, which
// mean nothing in a PR comment or results.json). Every line of a run passes here: the lines live
// in a ring, so dropping the oldest costs nothing.

export const LOG_TAIL_LINES = 200
/** Longest line kept, in UTF-8 bytes; longer ones are cut in the middle. */
export const LOG_TAIL_LINE_BYTES = 2000
/** Most UTF-8 bytes kept over all lines. */
export const LOG_TAIL_TOTAL_BYTES = 64 * 1024

/** UTF-8 bytes per UTF-16 code unit, at most (a surrogate pair is 4 bytes for 2 units). */
const MAX_BYTES_PER_UNIT = 3

export class LogTail {
  private readonly texts: string[]
  private readonly sizes: number[]
  /** Index of the oldest line kept, and how many are kept. */
  private first = 0
  private count = 0
  private bytes = 0

  constructor(
    private readonly maxLines = LOG_TAIL_LINES,
    private readonly maxLineBytes = LOG_TAIL_LINE_BYTES,
    private readonly maxTotalBytes = LOG_TAIL_TOTAL_BYTES
  ) {
    this.texts = new Array<string>(maxLines)
    this.sizes = new Array<number>(maxLines).fill(0)
  }

  push(line: string): void {
    if (this.maxLines <= 0) return
    const text =
      line.length * MAX_BYTES_PER_UNIT <= this.maxLineBytes ? line : cutMiddle(line, this.maxLineBytes)
    const bytes = Buffer.byteLength(text)
    if (this.count === this.maxLines) this.dropOldest()
    const at = (this.first + this.count) % this.maxLines
    this.texts[at] = text
    this.sizes[at] = bytes
    this.count++
    this.bytes += bytes
    while (this.bytes > this.maxTotalBytes && this.count > 1) this.dropOldest()
  }

  get(): string[] {
    const out: string[] = []
    for (let i = 0; i < this.count; i++) out.push(this.texts[(this.first + i) % this.maxLines]!)
    return out
  }

  private dropOldest(): void {
    this.bytes -= this.sizes[this.first]!
    this.texts[this.first] = ''
    this.first = (this.first + 1) % this.maxLines
    this.count--
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
