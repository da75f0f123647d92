// Makes a report fit a size limit: 65,536 characters for a PR comment, 1 MiB for a job summary.
// Log excerpts go first (the report wraps each one in LOG_BLOCK_START/LOG_BLOCK_END around a
// fenced block): their oldest lines are cut, then whole excerpts. Only if the rest is still too
// big is the report cut at a line where no fence or <details> is left open.
import { COMMENT_FOOTER, LOG_BLOCK_END, LOG_BLOCK_START } from '../report/logBlocks.js'
import { fencedBlock } from '../report/markdownSafety.js'

export const COMMENT_MAX_CHARS = 65_536
export const SUMMARY_MAX_BYTES = 1024 * 1024

export interface FitOptions {
  /** The size the result must not exceed. */
  limit: number
  /** chars: UTF-16 code units (never fewer than GitHub's characters); bytes: UTF-8. */
  unit: 'chars' | 'bytes'
  /** Where the reader finds what was cut, e.g. "the job summary". */
  fullReportAt: string
}

export interface Fitted {
  text: string
  /** Log excerpts shortened or removed. */
  logsCut: boolean
  /** The report itself was cut short. */
  truncated: boolean
}

const BLOCK = new RegExp(
  `${escapeRegExp(LOG_BLOCK_START)}\\n([\\s\\S]*?)\\n${escapeRegExp(LOG_BLOCK_END)}`,
  'g'
)
const MIN_BUDGET = 256

export function fitMarkdown(markdown: string, options: FitOptions): Fitted {
  // The comment's footer (after COMMENT_FOOTER) is kept whole: what is above it is shortened.
  const footerAt = markdown.lastIndexOf(COMMENT_FOOTER)
  if (footerAt >= 0) {
    const footer = markdown.slice(footerAt)
    const footerSize = options.unit === 'bytes' ? Buffer.byteLength(footer, 'utf8') : footer.length
    // Two for the blank line between them.
    const head = fitMarkdown(markdown.slice(0, footerAt), {
      ...options,
      limit: options.limit - footerSize - 2
    })
    return { ...head, text: `${head.text.replace(/\n*$/, '\n\n')}${footer}` }
  }
  const size = (text: string) => (options.unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length)
  if (size(markdown) <= options.limit) return { text: markdown, logsCut: false, truncated: false }
  const limitText =
    options.unit === 'bytes'
      ? `${Math.round(options.limit / 1024)} KiB`
      : `${options.limit.toLocaleString('en-US')}-character`

  const blocks = Array.from(markdown.matchAll(BLOCK), m => m[1]!)
  if (blocks.length > 0) {
    let budget = Math.max(...blocks.map(b => b.length))
    while (budget >= MIN_BUDGET) {
      budget = Math.floor(budget / 2)
      const text = markdown.replace(BLOCK, (_m, inner: string) =>
        wrap(
          shortenBlock(inner, budget, `to fit the ${limitText} limit; ${options.fullReportAt} has the rest`)
        )
      )
      if (size(text) <= options.limit) return { text, logsCut: true, truncated: false }
    }
    const note = `_Log excerpt removed to fit the ${limitText} limit; see ${options.fullReportAt}._`
    markdown = markdown.replace(BLOCK, () => wrap(note))
    if (size(markdown) <= options.limit) return { text: markdown, logsCut: true, truncated: false }
  }
  return {
    text: truncateSafely(
      markdown,
      options.limit,
      size,
      `**Report cut to fit the ${limitText} limit; see ${options.fullReportAt}.**`
    ),
    logsCut: blocks.length > 0,
    truncated: true
  }
}

function wrap(inner: string): string {
  return `${LOG_BLOCK_START}\n${inner}\n${LOG_BLOCK_END}`
}

/** The last lines of a fenced log excerpt that fit in `budget` characters, re-fenced. */
function shortenBlock(inner: string, budget: number, why: string): string {
  const lines = inner.split('\n')
  // The report writes exactly one fenced block here: first and last lines are its fences.
  const fenceMatch = /^(`{3,}|~{3,})(.*)$/.exec(lines[0] ?? '')
  const body = fenceMatch ? lines.slice(1, -1) : lines
  const info = fenceMatch?.[2] ?? 'text'
  const kept: string[] = []
  let used = 0
  for (let i = body.length - 1; i >= 0; i--) {
    const line = body[i]!
    if (used + line.length + 1 > budget) {
      if (kept.length === 0)
        kept.unshift(
          `…${Array.from(line)
            .slice(-Math.max(1, budget - 1))
            .join('')}`
        )
      break
    }
    kept.unshift(line)
    used += line.length + 1
  }
  const cut = body.length - kept.length
  if (cut === 0) return inner
  return `_${cut} earlier line${cut === 1 ? '' : 's'} cut ${why}._\n${fencedBlock(kept.join('\n'), info)}`
}

/**
 * The longest prefix, ending at a line break outside any fenced block, that fits with the note and
 * the `</details>` needed to close what it opened.
 */
function truncateSafely(markdown: string, limit: number, size: (t: string) => number, note: string): string {
  const lines = markdown.split('\n')
  const tail = size(`\n${note}\n`)
  const closer = size('</details>\n')
  let fence: { char: string; length: number } | null = null
  let depth = 0
  let used = 0
  let best: { lines: number; depth: number } = { lines: 0, depth: 0 }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    used += size(line) + 1
    const marker = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line)
    if (fence) {
      const closes =
        marker &&
        marker[1]![0] === fence.char &&
        marker[1]!.length >= fence.length &&
        marker[2]!.trim() === ''
      if (closes) fence = null
    } else if (marker) {
      fence = { char: marker[1]![0]!, length: marker[1]!.length }
    } else {
      depth += (line.match(/<details\b/gi) ?? []).length - (line.match(/<\/details>/gi) ?? []).length
      depth = Math.max(0, depth)
    }
    if (fence) continue
    if (used + tail + depth * closer > limit) break
    best = { lines: i + 1, depth }
  }
  const kept = lines
    .slice(0, best.lines)
    .map(l => `${l}\n`)
    .join('')
  return `${kept}\n${note}\n${'</details>\n'.repeat(best.depth)}`
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
