// Turns a stream of text chunks into lines. A carriage return without a newline (progress bars)
// overwrites the line like a terminal would; an endless line is cut at maxLength so that memory
// stays bounded; end() flushes a last line that had no newline. Every line of a chatty run passes
// here: lines are cut out of the chunk by index (no copy of the rest per line), and the
// carriage-return rules are applied only to chunks that hold one.
export class LineSplitter {
  private partial = ''

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLength = 64 * 1024
  ) {}

  push(chunk: string): void {
    const text = this.partial === '' ? chunk : this.partial + chunk
    const returns = text.includes('\r')
    let start = 0
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      const line = text.slice(start, newline)
      this.onLine(returns ? overwritten(line) : line)
      start = newline + 1
    }
    let rest = start === 0 ? text : text.slice(start)
    if (returns) {
      const lastReturn = rest.lastIndexOf('\r', rest.length - 2)
      if (lastReturn >= 0) rest = rest.slice(lastReturn + 1)
    }
    while (rest.length > this.maxLength) {
      this.onLine(overwritten(rest.slice(0, this.maxLength)))
      rest = rest.slice(this.maxLength)
    }
    this.partial = rest
  }

  end(): void {
    if (this.partial !== '') this.onLine(overwritten(this.partial))
    this.partial = ''
  }
}

/** What a terminal shows of a line with carriage returns: the text after the last one (a CRLF's CR aside). */
function overwritten(raw: string): string {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
  const lastReturn = line.lastIndexOf('\r')
  return lastReturn >= 0 ? line.slice(lastReturn + 1) : line
}
