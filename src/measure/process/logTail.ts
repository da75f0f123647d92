// The last lines of a run's output, kept for the report and the OOM classifier. Bounded three
// ways, so that no output can grow the gate: lines, UTF-8 bytes per line (a progress bar or a
// tensor dump printed on one line), and UTF-8 bytes in total. Terminal escape codes (colours,
// cursor moves) are removed: they mean nothing in a PR comment or results.json.
import { stripVTControlCharacters } from 'node:util'

export const LOG_TAIL_LINES = 200
/** Longest line kept, in UTF-8 bytes; longer ones are cut in the middle. */
export const LOG_TAIL_LINE_BYTES = 2000
/** Most UTF-8 bytes kept over all lines. */
export const LOG_TAIL_TOTAL_BYTES = 64 * 1024

export class LogTail {
  private readonly lines: { text: string; bytes: number }[] = []
  private bytes = 0

  constructor(
    private readonly maxLines = LOG_TAIL_LINES,
    private readonly maxLineBytes = LOG_TAIL_LINE_BYTES,
    private readonly maxTotalBytes = LOG_TAIL_TOTAL_BYTES
  ) {}

  push(raw: string): void {
    const text = cutMiddle(stripVTControlCharacters(raw), this.maxLineBytes)
    const bytes = Buffer.byteLength(text)
    this.lines.push({ text, bytes })
    this.bytes += bytes
    while (this.lines.length > this.maxLines || (this.bytes > this.maxTotalBytes && this.lines.length > 1)) {
      this.bytes -= this.lines.shift()!.bytes
    }
  }

  get(): string[] {
    return this.lines.map(l => l.text)
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
