// What a terminal would show of one line of a smoke command's output. Redaction must run on this
// text, not on the raw bytes: `hunt\e[0mer2` shows as `hunter2` in a terminal and in the Actions
// log viewer, so a mask looking for `hunter2` in the raw line misses it. The job log (the
// console), the log tail (report.md, summary.md, results.json) and the OOM classifier all take
// their lines from here. Every line of a run passes: a line with no control character (nearly
// every line of a training log) costs one scan and is returned as it is.

/**
 * Escape sequences (ECMA-48), each matched in one left-to-right pass (linear time: no part can
 * scan past the next ESC, so an unterminated sequence costs one scan, not one per start):
 * - CSI `ESC [ params intermediates final` (colours, cursor moves), also with the 8-bit CSI U+009B
 *   (as node's stripVTControlCharacters reads it; the other 8-bit introducers are left to the
 *   control-character pass, which drops the introducer alone: a stray U+0090 in UTF-8 text must
 *   not swallow the rest of a line);
 * - OSC `ESC ] ... BEL|ESC \|U+009C` (window titles, OSC 8 hyperlinks, whose URL a terminal
 *   hides), and DCS/SOS/PM/APC `ESC P|X|^|_ ... ST`; unterminated, they run to the next ESC (which
 *   aborts them, as in xterm) or the end of the line, as a terminal swallows them;
 * - any other `ESC intermediates final` (charset selection `ESC ( B`, `ESC 7`, `ESC =`).
 */
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex -- matching escape characters is the point
  /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c|$|(?=\x1b))|\x1b[ -/]*[0-~]/g

/**
 * Characters that do not print: C0 controls but tab (NUL, BEL, BS, CR, a lone ESC...), DEL, C1
 * controls, and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
 * reorder what a reader sees ("Trojan Source", CVE-2021-42574).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_PRINTED = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g
/** The same set, unanchored and without `g`: the fast path's one test. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HAS_NOT_PRINTED = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/

/**
 * `line` as a terminal shows it: escape sequences removed, then every character that does not
 * print (see NOT_PRINTED; tab stays). Returns `line` itself when it holds none of them.
 */
export function terminalText(line: string): string {
  if (!HAS_NOT_PRINTED.test(line)) return line
  return line.replace(ESCAPE_SEQUENCE, '').replace(NOT_PRINTED, '')
}

/** NOT_PRINTED but the newline: what a text of several lines may hold without any line changing. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HAS_NOT_PRINTED_BUT_NEWLINE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/

/**
 * Whether terminalText would change any line of `text`, lines joined by newlines (a block of
 * output, lineSplitter.ts): one scan of the block instead of one call a line, for the blocks of a
 * chatty run that hold no control character at all.
 */
export function changesInTerminal(text: string): boolean {
  return HAS_NOT_PRINTED_BUT_NEWLINE.test(text)
}
