// What a reader of a GitHub comment sees without clicking: the text outside <details> blocks, with
// HTML comments and markdown syntax (headings, emphasis, table pipes and rules, links' targets,
// escapes, tags) removed. Counted as GitHub renders it, so a test can hold the comment's visible size.

/** The markdown outside every <details>…</details> block (nested ones included). */
export function outsideDetails(markdown: string): string {
  let depth = 0
  let out = ''
  for (const part of markdown.split(/(<details\b[^>]*>|<\/details>)/i)) {
    if (/^<details\b/i.test(part)) depth++
    else if (/^<\/details>$/i.test(part)) depth = Math.max(0, depth - 1)
    else if (depth === 0) out += part
  }
  return out
}

/** The visible text of a comment: outside <details>, markdown and HTML syntax stripped. */
export function visibleText(markdown: string): string {
  return outsideDetails(markdown)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, '')
    .split('\n')
    .filter(line => !/^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-{0,}:?\s*$/.test(line))
    .map(line =>
      line
        .replace(/^\s{0,3}#{1,6}\s+/, '')
        .replace(/^\s*[-*]\s+/, '')
        .replace(/^\|\s*|\s*\|\s*$/g, '')
        .replace(/\s*\|\s*/g, ' ')
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/(\*\*|__|`)/g, '')
        .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1')
        .replace(/\u200b/g, '')
        .trimEnd()
    )
    .filter(line => line.trim() !== '')
    .join('\n')
}
