// The gate's own log line, written to standard output as @actions/core's info() writes it (the
// text, then a newline; the Actions runner reads the step's stdout), for the Action and the CLI.
// A chatty run's echo passes here, 60 MB for 55 MB of training log, so the encoding matters: text
// that is all ASCII, as nearly every block of a training log is, is written as latin1, whose
// bytes are the same for ASCII. V8 copies a latin1 string's characters, even out of a string
// still in pieces (the text and its newline), where UTF-8 first joins the pieces into a new
// string and then encodes it (about 25 ms of the gate's CPU less per 55 MB). Whether a text is
// all ASCII is one SIMD count: its UTF-8 length equals its length only then.

/**
 * Writes `text` and a newline to process.stdout. Several lines may come joined by newlines.
 * Synchronous for a file or a pipe on Linux, as process.stdout is; never throws for a closed
 * stdout (the stream reports that as an 'error' event, which Node leaves to its handlers).
 */
export function stdoutLine(text: string): void {
  process.stdout.write(`${text}\n`, Buffer.byteLength(text) === text.length ? 'latin1' : 'utf8')
}
