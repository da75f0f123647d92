// Turns a stream of text chunks into lines, handed on a block at a time: the lines one chunk
// completed, with the text they were cut from. A carriage return without a newline (progress
// bars) overwrites the line like a terminal would; an endless line is cut at maxLength so that
// memory stays bounded (after the caller's redaction, with a margin held back, so that no secret
// is cut in two); end() flushes a last line that had no newline. Every line of a chatty run
// passes here, so a block's consumers may look at its text once (one scan of 64 KiB instead of
// hundreds of calls per line) and the lines are split only when somebody asks for them.

/** The lines one chunk of output completed. */
export class LineBlock {
  private split: string[] | null

  /**
   * @param text a text every line is a part of: a search that finds nothing in it finds nothing
   *   in any line.
   * @param lines the lines; omitted when they are exactly `text` split at its newlines.
   */
  constructor(
    readonly text: string,
    lines?: string[]
  ) {
    this.split = lines ?? null
    this.exact = lines === undefined
  }

  /** The lines are exactly `text` split at its newlines (no carriage return rewrote one, none was cut). */
  readonly exact: boolean

  /** One line as a block (a line holds no newline). */
  static of(line: string): LineBlock {
    return line.includes('\n') ? new LineBlock(line, [line]) : new LineBlock(line)
  }

  /** The lines, in order, without their newlines. */
  get lines(): readonly string[] {
    this.split ??= this.text.split('\n')
    return this.split
  }

  /**
   * How many lines the block has, counting no further than `atMost`, without splitting it.
   * Counted from the start: V8's indexOf runs memchr, seven times faster here than lastIndexOf.
   */
  lineCount(atMost: number): number {
    if (this.split !== null) return Math.min(this.split.length, atMost)
    let count = 1
    for (let at = 0; count < atMost; count++) {
      const newline = this.text.indexOf('\n', at)
      if (newline < 0) break
      at = newline + 1
    }
    return count
  }

  /** The last `count` lines (all when fewer), without splitting the whole text. */
  last(count: number): readonly string[] {
    if (count <= 0) return []
    if (this.split !== null) return this.split.slice(-count)
    const out: string[] = []
    let end = this.text.length
    while (out.length < count) {
      const newline = end > 0 ? this.text.lastIndexOf('\n', end - 1) : -1
      out.push(this.text.slice(newline + 1, end))
      if (newline < 0) break
      end = newline
    }
    return out.reverse()
  }
}

/**
 * Characters of an endless line held beyond the cut: a value up to this long (a token, a key's
 * line, a JWT with a 10 KB payload) that spans the cut is whole in the text `redact` sees before
 * the cut is made. A line then holds at most twice maxLength before it is cut.
 */
export const CUT_MARGIN = 64 * 1024

export class LineSplitter {
  private partial = ''

  private readonly redact: (text: string) => string
  private readonly margin: number

  /**
   * @param maxLength characters of the pieces an endless line is cut into.
   * @param options.redact what a line's text becomes before an endless line is cut (the caller's
   *   redaction: a secret cut in two would pass as two harmless halves); default none.
   * @param options.margin characters held back beyond a cut (default CUT_MARGIN).
   */
  constructor(
    private readonly onLines: (block: LineBlock) => void,
    private readonly maxLength = 64 * 1024,
    options: { redact?: (text: string) => string; margin?: number } = {}
  ) {
    this.redact = options.redact ?? (text => text)
    this.margin = options.margin ?? CUT_MARGIN
  }

  push(chunk: string): void {
    const text = this.partial === '' ? chunk : this.partial + chunk
    const lastNewline = text.lastIndexOf('\n')
    let rest = text
    if (lastNewline >= 0) {
      const done = text.slice(0, lastNewline)
      this.onLines(
        done.includes('\r') ? new LineBlock(done, done.split('\n').map(overwritten)) : new LineBlock(done)
      )
      rest = text.slice(lastNewline + 1)
    }
    if (rest.includes('\r')) {
      const lastReturn = rest.lastIndexOf('\r', rest.length - 2)
      if (lastReturn >= 0) rest = rest.slice(lastReturn + 1)
    }
    if (rest.length > this.maxLength + this.margin) {
      // Redacted first, and the block's text too: its lines stay parts of its text.
      rest = this.redact(rest)
      const whole = rest
      const cut: string[] = []
      while (rest.length > this.maxLength + this.margin) {
        cut.push(overwritten(rest.slice(0, this.maxLength)))
        rest = rest.slice(this.maxLength)
      }
      this.onLines(new LineBlock(whole, cut))
    }
    this.partial = rest
  }

  end(): void {
    if (this.partial !== '') this.onLines(new LineBlock(this.partial, [overwritten(this.partial)]))
    this.partial = ''
  }
}

/** What a terminal shows of a line with carriage returns: the text after the last one (a CRLF's CR aside). */
function overwritten(raw: string): string {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
  const lastReturn = line.lastIndexOf('\r')
  return lastReturn >= 0 ? line.slice(lastReturn + 1) : line
}
