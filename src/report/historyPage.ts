// index.html on the data branch: each model's peak over the recorded commits, with the card and
// the limit as lines. Self-contained (served by GitHub Pages or opened from disk): the data is
// embedded as JSON and drawn as SVG by the inlined script in historyChartScript.ts; no CDN.
// Pure: the same history renders the same page.
import { HISTORY_CHART_SCRIPT } from './historyChartScript.js'

/** The history as the page needs it (a structural subset of history.json). */
export interface PageHistory {
  entries: readonly {
    commit: string
    date: string
    message: string
    models: Readonly<Record<string, { peakBytes: number | null; status: string; reusedFrom?: string }>>
    /** Set when an alert was raised for the commit (a regression): its point is always drawn. */
    alert?: string
    memoryBytes?: number | null
    limitBytes?: number | null
    gpuName?: string | null
  }[]
}

export interface HistoryPageOptions {
  /** owner/name */
  repository: string
  /** https://github.com, or the GitHub Enterprise server: commit links point there. */
  serverUrl: string
  /** When the page was written (ISO 8601); shown in the header. */
  generatedAt?: string
}

export function renderHistoryPage(history: PageHistory, options: HistoryPageOptions): string {
  const models = modelOrder(history)
  const data = {
    repository: options.repository,
    commitUrl: `${options.serverUrl.replace(/\/+$/, '')}/${options.repository}/commit/`,
    generatedAt: options.generatedAt ?? null,
    models,
    entries: history.entries
  }
  const title = `GPU memory history · ${options.repository}`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="oom-gate">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>GPU memory history</h1>
<p id="summary">${escapeHtml(options.repository)} · ${history.entries.length} commits</p>
<label>Commits: <select id="range"><option value="all" selected>all</option></select></label>
</header>
<main id="charts"></main>
<div id="tooltip" role="tooltip" hidden></div>
<noscript><p>The charts are drawn by JavaScript; the data is in <a href="history.json">history.json</a>.</p></noscript>
<footer><a href="history.json">history.json</a> · written by oom-gate</footer>
<script type="application/json" id="oom-gate-history">${jsonForScript(data)}</script>
<script>${HISTORY_CHART_SCRIPT}</script>
</body>
</html>
`
}

/** Models in the order they were first seen, newest config's order winning for the rest. */
function modelOrder(history: PageHistory): string[] {
  const seen: string[] = []
  const newest = history.entries[history.entries.length - 1]
  for (const name of Object.keys(newest?.models ?? {})) seen.push(name)
  for (const entry of history.entries) {
    for (const name of Object.keys(entry.models)) if (!seen.includes(name)) seen.push(name)
  }
  return seen
}

/** JSON that cannot end the script element or start a comment: `<` and line separators escaped. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --grid: #d1d9e0; --bg: #fff;
  --line: #0969da; --ok: #1a7f37; --risk: #bf8700; --oom: #cf222e; --card: #cf222e; --limit: #bf8700; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --grid: #3d444d; --bg: #0d1117;
  --line: #4493f8; --ok: #3fb950; --risk: #d29922; --oom: #f85149; --card: #f85149; --limit: #d29922; } }
body { font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
  color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 1040px; padding: 16px 24px; }
h1 { font-size: 22px; margin: 8px 0 0; }
h2 { font-size: 16px; margin: 24px 0 4px; }
header p, .latest, footer { color: var(--muted); margin: 0; }
footer { margin-top: 24px; font-size: 12px; }
a { color: var(--line); }
svg.chart { width: 100%; height: auto; display: block; overflow: visible; }
.grid { stroke: var(--grid); stroke-width: 1; }
.axis-label { fill: var(--muted); font-size: 11px; }
.peak-line { fill: none; stroke: var(--line); stroke-width: 2; }
.card-line { stroke: var(--card); stroke-width: 1.5; stroke-dasharray: 6 4; }
.limit-line { stroke: var(--limit); stroke-width: 1.5; stroke-dasharray: 2 3; }
.line-label { font-size: 11px; }
.card-label { fill: var(--card); }
.limit-label { fill: var(--limit); }
.point { stroke: var(--bg); stroke-width: 1.5; cursor: pointer; }
.point.status-ok { fill: var(--ok); }
.point.status-at-risk { fill: var(--risk); }
.point.status-oom { fill: var(--oom); }
.point.reused { fill-opacity: .45; }
.hover-marker { pointer-events: none; fill: var(--line); }
header label { color: var(--muted); font-size: 12px; }
svg.chart a { outline: none; }
a:focus .point, .point:hover { stroke: var(--fg); stroke-width: 2; }
#tooltip { position: absolute; pointer-events: none; background: var(--bg); color: var(--fg);
  border: 1px solid var(--grid); border-radius: 6px; padding: 6px 8px; font-size: 12px; max-width: 360px;
  box-shadow: 0 4px 12px rgba(0,0,0,.15); }
#tooltip code { font-size: 12px; }
#tooltip .msg { display: block; margin: 2px 0; }
`
