// The last lines of a run's output, kept for the report and the OOM classifier. Bounded three
// ways, so that no output can grow the gate: lines, bytes per line (a progress bar or a tensor
// dump printed on one line), and bytes in total. Terminal escape codes (colours, cursor moves)
// are removed: they mean nothing in a PR comment or results.json.
import { stripVTControlCharacters } from 'node:util'

export const LOG_TAIL_LINES = 200
/** Longest line kept, in UTF-16 code units (about bytes for log text); longer ones are cut in the middle. */
export const LOG_TAIL_LINE_CHARS = 2000
/** Most characters kept over all lines. */
export const LOG_TAIL_TOTAL_CHARS = 64 * 1024

export class LogTail {
  private readonly lines: string[] = []
  private chars = 0

  constructor(
    private readonly maxLines = LOG_TAIL_LINES,
    private readonly maxLineChars = LOG_TAIL_LINE_CHARS,
    private readonly maxTotalChars = LOG_TAIL_TOTAL_CHARS
  ) {}

  push(raw: string): void {
    const line = cutMiddle(stripVTControlCharacters(raw), this.maxLineChars)
    this.lines.push(line)
    this.chars += line.length
    while (this.lines.length > this.maxLines || (this.chars > this.maxTotalChars && this.lines.length > 1)) {
      this.chars -= this.lines.shift()!.length
    }
  }

  get(): string[] {
    return [...this.lines]
  }
}

/** The start and the end of a long line (an error's message is at one end or the other). */
export function cutMiddle(line: string, max: number): string {
  if (line.length <= max) return line
  const marker = ` … [${line.length - max} characters cut] … `
  const keep = Math.max(0, max - marker.length)
  const head = Math.ceil(keep / 2)
  return line.slice(0, head) + marker + line.slice(line.length - (keep - head))
}
