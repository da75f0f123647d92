// The gate's log lines reach stdout as UTF-8, whichever encoding stdoutLine hands to the stream:
// latin1 for all-ASCII text (the same bytes, cheaper for V8), UTF-8 for anything else.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { stderrLine, stdoutLine } from '../../src/commands/stdoutLine.js'

describe('stdoutLine', () => {
  afterEach(() => vi.restoreAllMocks())

  const bytesWritten = (text: string): { bytes: Buffer; encoding: unknown } => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    stdoutLine(text)
    const [chunk, encoding] = write.mock.calls.at(-1)! as [string, BufferEncoding]
    return { bytes: Buffer.from(chunk, encoding), encoding }
  }

  it('writes the UTF-8 bytes of the text and a newline, for every kind of character', () => {
    for (const text of [
      '  a | Epoch(train) [1][10/20]  memory: 48213',
      '  a | loss ≈ 1.76 ✓ déjà vu',
      '  a | 🔥 surrogate pair',
      '  a | \u00e9 latin1 range alone',
      '  a | tab\tand DEL\u007f',
      ''
    ]) {
      expect(bytesWritten(text).bytes.equals(Buffer.from(`${text}\n`, 'utf8'))).toBe(true)
    }
  })

  it("defuses the runner's older command form, which it reads anywhere in a line", () => {
    // actions/runner ActionCommand.TryParse: `##[command]` at any index; a smoke command's
    // `##[stop-commands]TOKEN` would switch off the gate's own commands.
    for (const command of ['##[stop-commands]tok', '##[set-output name=x;]y', '##[error]boom']) {
      const text = `  m | step 3 ${command} ${command}`
      const written = bytesWritten(text).bytes.toString('utf8')
      expect(written).not.toContain('##[')
      // The same to a reader: only a word joiner (U+2060) between `##` and `[`.
      expect(written.replaceAll('\u2060', '')).toBe(`${text}\n`)
    }
  })

  it('hands all-ASCII text over as latin1 and the rest as UTF-8', () => {
    expect(bytesWritten('plain ascii\nsecond line').encoding).toBe('latin1')
    expect(bytesWritten('caf\u00e9').encoding).toBe('utf8')
  })

  it('stderrLine keeps a message quoting the user on one line, with no command in it', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    // A config error quoting a YAML key the pull request wrote.
    stderrLine(
      'cfg.yml: models[0]: unknown key "x\n::error::pwned\r::warning::w ##[set-output name=gate;]pass"'
    )
    const written = String(write.mock.calls.at(-1)![0])
    expect(written.split('\n')).toEqual([
      'cfg.yml: models[0]: unknown key "x\\n::error::pwned\\r::warning::w ##\u2060[set-output name=gate;]pass"',
      ''
    ])
    expect(written).not.toContain('\r')
  })
})
