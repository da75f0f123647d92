// The few CommonMark rules the safety tests need (spec 0.31, 4.5 fenced code blocks): where a
// fence closes, and which lines of a document are outside every fenced block.

export const splitLines = (text: string) => text.split(/\r\n|\r|\n/)

/** Index of the line that closes the fence opened on line `open`, or -1 if it never closes. */
export function closingLine(lines: string[], open: number): number {
  const opener = /^ {0,3}(`{3,}|~{3,})/.exec(lines[open]!)
  if (!opener) throw new Error(`line ${open} opens no fence: ${lines[open]}`)
  const char = opener[1]![0]!
  const length = opener[1]!.length
  for (let i = open + 1; i < lines.length; i++) {
    const m = /^ {0,3}(`+|~+)[ \t]*$/.exec(lines[i]!)
    if (m && m[1]![0] === char && m[1]!.length >= length) return i
  }
  return -1
}

/** Lines outside fenced blocks; throws when a fence is left open. */
export function linesOutsideFences(text: string): string[] {
  const lines = splitLines(text)
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    if (/^ {0,3}(`{3,}|~{3,})/.test(lines[i]!)) {
      const close = closingLine(lines, i)
      if (close < 0) throw new Error(`fence opened on line ${i} never closes`)
      i = close
      continue
    }
    out.push(lines[i]!)
  }
  return out
}

/** <details> opened minus closed outside fences: 0 for a balanced document. */
export function openDetails(text: string): number {
  const outside = linesOutsideFences(text).join('\n')
  return (outside.match(/<details\b/gi) ?? []).length - (outside.match(/<\/details>/gi) ?? []).length
}
