// `npm run docs:comment`: regenerates the README's "The PR comment" example, docs/example-comment.md
// and docs/images/pr-comment.png from the last real `npm run demo` (oom-gate-out/demo), so the
// docs can be redone after other branches change the comment. The picture is the comment's markdown
// rendered as GitHub does (marked, GitHub-flavoured, with github-markdown-css) in headless chromium.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { marked } from 'marked'
import { chromium } from 'playwright-core'
import { renderComment } from '../src/report/renderComment.js'
import { readResults } from '../src/store/resultsFile.js'
import { CHROMIUM_PATH } from './systemPackages.js'

const DEMO = process.argv[2] ?? 'oom-gate-out/demo'
const START = '<!-- docs:comment:start -->'
const END = '<!-- docs:comment:end -->'
// An example run link: the demo runs off GitHub, so it has none of its own.
const RUN_URL = 'https://github.com/acme-ml/vision/actions/runs/7001'

const results = readResults(`${DEMO}/results.json`)
const comment = renderComment(results, { runUrl: RUN_URL })
const demoReport = readFileSync(`${DEMO}/report.md`, 'utf8')
// The demo's own report.md is the same but for the link (no GITHUB_RUN_ID off a runner).
if (renderComment(results) !== demoReport)
  throw new Error(`${DEMO}/report.md is not what this code renders: run \`npm run demo\` again first`)
const when = (results.finishedAt ?? '').slice(0, 10)

writeFileSync(
  'docs/example-comment.md',
  `# The PR comment, from a real run\n\nWhat the demo (\`examples/tiny-normal\`, \`npm run demo\`) wrote as \`${DEMO}/report.md\` on ${when}` +
    ` (a 2-CPU machine without a GPU, so host memory was measured), with an example run link added.` +
    ` Regenerate with \`npm run docs:comment\`. The full report (\`summary.md\`, the job summary) has every section unfolded.\n\n---\n\n${comment}`
)

const readme = readFileSync('README.md', 'utf8')
const a = readme.indexOf(START)
const b = readme.indexOf(END)
if (a < 0 || b < a) throw new Error(`README.md: the markers ${START} and ${END} are missing`)
const quoted = comment
  .trimEnd()
  .split('\n')
  .map(l => (l === '' ? '>' : `> ${l}`))
  .join('\n')
const section = [
  START,
  `![The PR comment for the demo, rendered](docs/images/pr-comment.png)`,
  '',
  `The markdown, verbatim (the demo's \`report.md\`, ${when}; regenerate with \`npm run docs:comment\`):`,
  '',
  quoted,
  END
].join('\n')
writeFileSync('README.md', readme.slice(0, a) + section + readme.slice(b + END.length))

const css = readFileSync('node_modules/github-markdown-css/github-markdown-light.css', 'utf8')
const html = `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; width: 760px; padding: 16px 20px; font-size: 14px; border: 1px solid #d0d7de; border-radius: 6px; }
</style></head><body><article class="markdown-body">${await marked.parse(comment, { gfm: true })}</article></body></html>`
mkdirSync('docs/images', { recursive: true })
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: ['--no-sandbox', '--disable-gpu']
})
try {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 })
  await page.setContent(html)
  await page.locator('article').screenshot({ path: 'docs/images/pr-comment.png' })
} finally {
  await browser.close()
}
console.log(
  'docs:comment: wrote docs/example-comment.md, README.md (The PR comment), docs/images/pr-comment.png'
)
