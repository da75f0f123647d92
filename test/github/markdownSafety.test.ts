// GitHub renders CommonMark + GFM: a fenced block ends only at a line that holds, after at most
// 3 spaces, a run of the opening fence's character at least as long, and nothing else; lines end
// at \n, \r\n or a lone \r (see commonmark.ts).
import { describe, expect, it } from 'vitest'
import { escapeHtml, escapeInline, fencedBlock } from '../../src/report/markdownSafety.js'
import { LOG_BLOCK_END, LOG_BLOCK_START } from '../../src/report/logBlocks.js'
import { closingLine, splitLines } from './commonmark.js'

describe('fencedBlock', () => {
  const hostile = [
    'normal line',
    '```',
    '````````````',
    '   ```',
    '``` python',
    '~~~',
    'progress 10%\r```\rprogress 20%',
    '</details>',
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '@everyone please look'
  ].join('\n')

  it("cannot be closed by the log's own backtick runs, wherever they are", () => {
    const block = fencedBlock(hostile)
    const lines = splitLines(block)
    expect(closingLine(lines, 0)).toBe(lines.length - 1)
  })

  it('keeps every log line inside the fence, HTML included', () => {
    const block = fencedBlock(hostile)
    const lines = splitLines(block)
    const inside = lines.slice(1, -1)
    expect(inside).toContain('<img src=x onerror=alert(1)>')
    expect(inside).toContain('</details>')
    expect(lines[0]).toMatch(/^`{13}text$/)
  })

  it('a report section with a hostile log: the </details> and <img> of the log stay code', () => {
    const section = [
      '<details><summary>m: last 3 lines of output</summary>',
      '',
      LOG_BLOCK_START,
      fencedBlock('ok\n</details>\n<img src=x onerror=alert(1)>\n```'),
      LOG_BLOCK_END,
      '</details>',
      '',
      'after the log'
    ].join('\n')
    const lines = splitLines(section)
    const open = lines.findIndex(l => /^`{3,}/.test(l))
    const close = closingLine(lines, open)
    const htmlLines = lines.map((l, i) => ({ l, i })).filter(({ l }) => /<img|<\/details>/.test(l))
    // The only </details> outside the fence is ours, after it closed.
    const outside = htmlLines.filter(({ i }) => i < open || i > close)
    expect(outside.map(o => o.l)).toEqual(['</details>'])
    expect(outside[0]!.i).toBeGreaterThan(close)
  })

  it('uses the shortest safe fence and drops trailing blank lines', () => {
    expect(fencedBlock('plain\n\n')).toBe('```text\nplain\n```')
    expect(fencedBlock('a ``` b', 'log')).toBe('````log\na ``` b\n````')
  })
})

describe('escapeInline', () => {
  it('leaves no markdown, HTML or mention active and stays on one line', () => {
    const out = escapeInline('a_b*c <img src=x> [x](javascript:1) @octocat `code`\rnext\nline')
    expect(out).not.toMatch(/<img/)
    expect(out).not.toMatch(/(?<!\\)[*_[\]`]/)
    expect(out).toContain('@\u200boctocat')
    expect(out).not.toMatch(/[\r\n]/)
  })
})

describe('escapeHtml', () => {
  it('escapes for raw HTML (a <summary>) without backslashes that would show', () => {
    expect(escapeHtml(`sapiens_1b <b>"x"</b> 'y' & @team`)).toBe(
      'sapiens_1b &lt;b&gt;&quot;x&quot;&lt;/b&gt; &#39;y&#39; &amp; @\u200bteam'
    )
  })
})
