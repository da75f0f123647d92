// The gate's own log line, written to standard output as @actions/core's info() writes it (the
// text, then a newline; the Actions runner reads the step's stdout), for the Action and the CLI.
//
// Nothing written here is a workflow command. The runner reads `::command::` only at the start of
// a line (after blanks), which the gate's lines never are: each starts with the gate's own words
// or a model's echo prefix (`  name | `, names are letters, digits, `.`, `_`, `-`). But it still
// reads the older `##[command]` form anywhere in a line (actions/runner ActionCommand.TryParse):
// `##[stop-commands]TOKEN` printed by a smoke command would switch off the gate's own commands,
// `##[set-output name=x;]` set an output. So `##[` goes out with a word joiner (U+2060, which
// shows as nothing) between `##` and `[`. Where the runner's IndexOf compares as ICU does and
// skips the joiner, it still finds no command: it takes the name from 3 characters after the
// match, which is the `[` (or the joiner), never a command's name.
// stderrLine does the same for the CLI's messages (a workflow step's stderr is read too), and
// keeps each message on one line: a config error quoting a key with a newline in it must not
// start a line of its own.
//
// A chatty run's echo passes here, 60 MB for 55 MB of training log, so the encoding matters: text
// that is all ASCII, as nearly every block of a training log is, is written as latin1, whose
// bytes are the same for ASCII. V8 copies a latin1 string's characters, even out of a string
// still in pieces (the text and its newline), where UTF-8 first joins the pieces into a new
// string and then encodes it (about 25 ms of the gate's CPU less per 55 MB). Whether a text is
// all ASCII is one SIMD count: its UTF-8 length equals its length only then.

/** The runner's older command form, read anywhere in a line. */
const LEGACY_COMMAND = '##['
/** The same to a reader, and no command to the runner. */
const LEGACY_COMMAND_SHOWN = '##\u2060['

/**
 * Writes `text` and a newline to process.stdout, `##[` defused. Several lines may come joined by
 * newlines. Synchronous for a file or a pipe on Linux, as process.stdout is. A closed stdout
 * (`| head`) is reported by the stream as an 'error' event: the CLI and the Action handle it
 * (commands/closedStdout.ts), so the run and its report go on.
 */
export function stdoutLine(text: string): void {
  const safe = defused(text)
  process.stdout.write(`${safe}\n`, Buffer.byteLength(safe) === safe.length ? 'latin1' : 'utf8')
}

/**
 * Writes `message` to process.stderr as one line, `##[` defused and line breaks shown as `\n` and
 * `\r` (a message quoting the user's text, e.g. a YAML key, keeps to its line).
 */
export function stderrLine(message: string): void {
  process.stderr.write(`${defused(message.replace(/\r/g, '\\r').replace(/\n/g, '\\n'))}\n`)
}

function defused(text: string): string {
  return text.includes(LEGACY_COMMAND) ? text.replaceAll(LEGACY_COMMAND, LEGACY_COMMAND_SHOWN) : text
}
