import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'
import { terminalText } from '../../src/terminalText.js'

const ESC = '\x1b'
const BEL = '\x07'
const ST = `${ESC}\\`

describe('terminalText: a line as a terminal shows it', () => {
  it('returns a plain line itself (the fast path), tabs and non-ASCII text included', () => {
    const line = 'Epoch 1\tloss 0.93  ✓ 進捗 100%|██████████|'
    expect(terminalText(line)).toBe(line)
  })

  it('removes CSI sequences: colours, 24-bit colours, cursor moves, private modes, the 8-bit CSI', () => {
    expect(terminalText(`${ESC}[31mRED${ESC}[0m`)).toBe('RED')
    expect(terminalText(`${ESC}[38;2;255;0;0mrgb${ESC}[m`)).toBe('rgb')
    expect(terminalText(`${ESC}[2K${ESC}[1G${ESC}[?25lbar`)).toBe('bar')
    expect(terminalText('\x9b31mC1')).toBe('C1')
  })

  it('joins a secret split by a colour code, as the terminal shows it', () => {
    expect(terminalText(`key in ansi: hunt${ESC}[0mer2hunter2`)).toBe('key in ansi: hunter2hunter2')
  })

  it('removes OSC 8 hyperlinks ended by ST or BEL, with parameters, keeping the link text', () => {
    expect(terminalText(`${ESC}]8;;http://evil.example${ST}click${ESC}]8;;${ST} end`)).toBe('click end')
    expect(terminalText(`${ESC}]8;id=1;https://e.x/a b${BEL}click${ESC}]8;;${BEL}`)).toBe('click')
  })

  it('removes window titles with spaces (node’s stripVTControlCharacters leaves part of them)', () => {
    const line = `${ESC}]0;my title${BEL}after`
    expect(terminalText(line)).toBe('after')
    expect(stripVTControlCharacters(line)).not.toBe('after') // why the project has its own pattern
  })

  it('an unterminated OSC runs to the next ESC or the end of the line, as a terminal swallows it', () => {
    expect(terminalText(`ok ${ESC}]0;title never ended`)).toBe('ok ')
    expect(terminalText(`${ESC}]0;t${ESC}[31mred`)).toBe('red')
  })

  it('removes DCS strings, charset selection, other two-byte escapes and a lone ESC', () => {
    expect(terminalText(`${ESC}P1$r0m${ST}dcs`)).toBe('dcs')
    expect(terminalText(`${ESC}(Bcs${ESC}7${ESC}8`)).toBe('cs')
    expect(terminalText(`lone${ESC}`)).toBe('lone')
  })

  it('drops control bytes but tab (NUL, BEL, BS, CR, DEL, C1) and bidi overrides and isolates', () => {
    expect(terminalText('nul\x00bel\x07bs\bcr\rdel\x7fc1\x85x\tend')).toBe('nulbelbscrdelc1x\tend')
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']
    expect(terminalText(`a${bidi.join('')}b`)).toBe('ab')
    expect(terminalText('access = "user\u202e \u2066// admin\u2069\u2066"')).toBe('access = "user // admin"')
  })

  it('takes linear time on crafted lines (no backtracking blow-up)', () => {
    // Each is ~200 KB; a quadratic pattern would take tens of seconds. Counted, not timed: the
    // output must be right, and the test's own timeout (seconds) is the only clock.
    expect(terminalText(`${ESC}[`.repeat(100_000))).toBe('')
    expect(terminalText(`${ESC}]${';a'.repeat(100_000)}`)).toBe('')
    expect(terminalText(`${ESC}[${'1;'.repeat(100_000)}`)).toBe('1;'.repeat(100_000))
    expect(terminalText(`${ESC}]${'a'.repeat(100)}`.repeat(2000))).toBe('')
  })
})
