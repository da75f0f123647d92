// A log file's bytes as text. Most logs are UTF-8, but Windows PowerShell 5 redirection (`>`,
// Out-File) writes UTF-16LE with a byte order mark, and a UTF-16 log read as UTF-8 is a NUL between
// every letter: no pattern matches and an OOM is silently missed. So the encoding is read from the
// BOM, else from where the NUL bytes fall, and a file that is no text at all is said to be so.

export type LogEncoding = 'utf-8' | 'utf-16le' | 'utf-16be'

export type DecodedLog = { ok: true; text: string; encoding: LogEncoding } | { ok: false; problem: string }

/** Bytes looked at to tell UTF-16 without a BOM and binary data apart from text. */
const SAMPLE_BYTES = 64 * 1024
/** UTF-16 text of Latin script has a NUL in nearly every other byte, and almost none in between. */
const UTF16_NUL_SHARE = 0.5
const UTF16_OTHER_NUL_SHARE = 0.05
/** More than this share of undecodable bytes or control characters: not a text log. */
const BINARY_SHARE = 0.1

/**
 * The text of a log file's `bytes`: UTF-8 (a UTF-8 BOM is dropped), UTF-16LE/BE by their BOM, or
 * UTF-16 without a BOM when NUL bytes fill every other position. NUL bytes left in UTF-8 text are
 * dropped (a crash leaves zero-filled blocks at a log's end); stray invalid bytes become U+FFFD.
 * `ok: false` with a one-phrase `problem` when the bytes are not text (a checkpoint, an archive).
 */
export function decodeLog(bytes: Uint8Array): DecodedLog {
  const encoding = detectEncoding(bytes)
  if (encoding !== 'utf-8') return { ok: true, text: decodeUtf16(bytes, encoding), encoding }
  const text = new TextDecoder('utf-8').decode(bytes).replaceAll('\0', '')
  if (bytes.length > 0 && text === '') return { ok: false, problem: 'holds only NUL bytes, no text' }
  const sample = text.slice(0, SAMPLE_BYTES)
  const bad = countNotText(sample)
  if (bad > BINARY_SHARE * sample.length) {
    return {
      ok: false,
      problem: `is not a text log (${Math.round((100 * bad) / sample.length)}% of its start is undecodable bytes or control characters); give the log as UTF-8 or UTF-16 text`
    }
  }
  return { ok: true, text, encoding }
}

function detectEncoding(bytes: Uint8Array): LogEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8'
  const pairs = Math.floor(Math.min(bytes.length, SAMPLE_BYTES) / 2)
  if (pairs === 0) return 'utf-8'
  let evenNuls = 0
  let oddNuls = 0
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenNuls++
    if (bytes[2 * i + 1] === 0) oddNuls++
  }
  // ASCII in UTF-16LE is `A\0`: the NUL is the odd (high) byte; in UTF-16BE, `\0A`.
  if (oddNuls >= UTF16_NUL_SHARE * pairs && evenNuls <= UTF16_OTHER_NUL_SHARE * pairs) return 'utf-16le'
  if (evenNuls >= UTF16_NUL_SHARE * pairs && oddNuls <= UTF16_OTHER_NUL_SHARE * pairs) return 'utf-16be'
  return 'utf-8'
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): string {
  // Node's TextDecoder knows utf-16le everywhere; big-endian is swapped to little first.
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2))
  const le = encoding === 'utf-16le' ? even : Buffer.from(even).swap16()
  return new TextDecoder('utf-16le').decode(le).replaceAll('\0', '')
}

/** U+FFFD (bytes UTF-8 could not decode) and C0 controls a log does not print. */
function countNotText(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // Tab, newline, vertical tab, form feed, carriage return, bell, backspace and escape are printed.
    if (c === 0xfffd || (c < 0x20 && !(c >= 0x07 && c <= 0x0d) && c !== 0x1b)) n++
  }
  return n
}
