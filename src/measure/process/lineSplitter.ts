// Turns a stream of text chunks into lines. A carriage return without a newline (progress bars)
// overwrites the line like a terminal would; an endless line is cut at maxLength so that memory
// stays bounded; end() flushes a last line that had no newline.
export class LineSplitter {
  private partial = ''

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLength = 64 * 1024
  ) {}

  push(chunk: string): void {
    let text = this.partial + chunk
    let newline = text.indexOf('\n')
    while (newline >= 0) {
      this.emit(text.slice(0, newline))
      text = text.slice(newline + 1)
      newline = text.indexOf('\n')
    }
    const lastReturn = text.lastIndexOf('\r', text.length - 2)
    if (lastReturn >= 0) text = text.slice(lastReturn + 1)
    while (text.length > this.maxLength) {
      this.emit(text.slice(0, this.maxLength))
      text = text.slice(this.maxLength)
    }
    this.partial = text
  }

  end(): void {
    if (this.partial !== '') this.emit(this.partial)
    this.partial = ''
  }

  private emit(raw: string): void {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    const lastReturn = line.lastIndexOf('\r')
    if (lastReturn >= 0) line = line.slice(lastReturn + 1)
    this.onLine(line)
  }
}
