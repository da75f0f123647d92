// One model's share of the gate's log while several models run at once. Live lines (start,
// progress, verdict) go out as they happen, each prefixed by the model's name. The command's
// output goes into a collapsible group of its own where the caller has groups (the Actions
// log); groups cannot nest or interleave, so while other models may be printing, the output
// is kept and printed as one group when the model ends. Run alone, it streams inside an open group.
// Without groups (the CLI) every line goes out live, already prefixed `  name | line`.

export interface LogGroups {
  start: (title: string) => void
  end: () => void
}

/** Most output lines kept for a deferred group; earlier ones are dropped (results.json keeps the tail). */
export const MAX_GROUP_LINES = 20_000
/** Most characters kept for a deferred group: long lines must not grow the gate either. */
export const MAX_GROUP_CHARS = 8 * 1024 * 1024

export class ModelLog {
  private readonly kept: string[] = []
  private keptChars = 0
  private dropped = 0
  private open = false

  constructor(
    private readonly name: string,
    private readonly log: (line: string) => void,
    private readonly groups: LogGroups | null,
    /** Other models may print while this one runs. */
    private readonly parallel: boolean
  ) {}

  private get title(): string {
    return `${this.name}: output`
  }

  begin(line: string): void {
    this.log(line)
    if (this.groups && !this.parallel) {
      this.groups.start(this.title)
      this.open = true
    }
  }

  /** Lines of the command's output, one or several joined by newlines (a batch is one write). */
  output(text: string): void {
    if (!this.groups || !this.parallel) {
      this.log(text)
      return
    }
    const lines = text.split('\n')
    for (const line of lines) this.kept.push(line)
    this.keptChars += text.length - (lines.length - 1)
    // Trimmed in batches: shifting one line at a time would cost O(n) per line.
    if (this.kept.length >= 2 * MAX_GROUP_LINES || this.keptChars >= 2 * MAX_GROUP_CHARS) this.trim()
  }

  private trim(): void {
    let excess = Math.max(0, this.kept.length - MAX_GROUP_LINES)
    let chars = this.keptChars
    for (let i = 0; i < excess; i++) chars -= this.kept[i]!.length
    while (chars > MAX_GROUP_CHARS && excess < this.kept.length - 1) chars -= this.kept[excess++]!.length
    if (excess <= 0) return
    this.kept.splice(0, excess)
    this.keptChars = chars
    this.dropped += excess
  }

  /** A progress line: live, also while the output is being kept. */
  progress(line: string): void {
    this.log(line)
  }

  /** Prints the kept output as one group (or closes the open one), then the verdict. */
  finish(verdict: string): void {
    if (this.open) {
      this.groups?.end()
      this.open = false
    } else if (this.groups && this.parallel) {
      this.trim()
      this.groups.start(`${this.title} (${this.dropped + this.kept.length} lines)`)
      if (this.dropped > 0) this.log(`  … ${this.dropped} earlier lines not shown`)
      for (const line of this.kept) this.log(line)
      this.groups.end()
      this.kept.length = 0
      this.keptChars = 0
    }
    this.log(verdict)
  }
}
