// Log text and config strings end up in GitHub-flavoured markdown that GitHub renders:
// nothing from them may close our fences, open HTML, or ping people.

/**
 * A fenced block the text's own backticks cannot close: the fence is longer than any run inside.
 * CommonMark also ends lines at a lone `\r` (progress bars), so those become line breaks here
 * rather than hidden places where a fence could start.
 */
export function fencedBlock(text: string, info = 'text'): string {
  const body = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '')
  const longest = Math.max(0, ...Array.from(body.matchAll(/`+/g), m => m[0].length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}${info.replace(/[`\r\n]/g, '')}\n${body}\n${fence}`
}

/**
 * A string shown inline (model names, paths, parsed log facts): markdown and HTML metacharacters
 * escaped, no mentions, no #123 issue links. `.`, `-` and `+` only matter at the start of a line,
 * where inline strings never are, so numbers like 2.30 GiB stay readable in the raw report.
 */
export function escapeInline(text: string): string {
  return text
    .replace(/[\\`*_{}[\]#|~>]/g, ch => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/@/g, '@\u200b')
    .replace(/\r\n|\r|\n/g, ' ')
}

/**
 * A string shown inside raw HTML (`<summary>`, attributes): markdown is not parsed there, so
 * backslash escapes would show; entities are what work. Mentions are broken as in escapeInline.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/@/g, '@\u200b')
    .replace(/\r\n|\r|\n/g, ' ')
}
