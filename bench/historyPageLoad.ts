// The history page at scale: how long headless Chromium takes to load and draw index.html at
// 3,000 commits × 4 models (target: under a second), against 100 commits in the same run (the
// ratio), and the page's size. The points are thinned to the pixels (historyChartScript.ts), so
// drawing grows with the pixels, not with the commits; parsing the embedded JSON still grows.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { CHROMIUM_PATH } from '../scripts/systemPackages.js'
import { formatBytes, formatDuration } from '../src/config/units.js'
import { renderHistoryPage } from '../src/report/historyPage.js'
import type { Bench } from './benchRow.js'
import { scaleHistory } from './historyScale.js'

const TRIES = 5

export const historyPageLoad: Bench = async () => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
  })
  const dir = mkdtempSync(join(tmpdir(), 'oom-gate-bench-page-'))
  const pages = new Map<number, { path: string; bytes: number }>()
  for (const commits of [100, 3000]) {
    const html = renderHistoryPage(scaleHistory(commits), {
      repository: 'acme-ml/vision',
      serverUrl: 'https://github.com'
    })
    const path = join(dir, `page-${commits}.html`)
    writeFileSync(path, html)
    pages.set(commits, { path, bytes: Buffer.byteLength(html) })
  }
  // Median of a few loads, as the browser times them: navigation start to the end of the load
  // event (the inline chart script has drawn every chart by then).
  const loadMs = async (path: string): Promise<number> => {
    const times: number[] = []
    for (let i = 0; i < TRIES; i++) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
      await page.goto(`file://${path}`, { waitUntil: 'load' })
      await page.waitForSelector('svg[data-model="sapiens_2b"] polyline.peak-line')
      // Runs in the page (a browser's Navigation Timing); typed here without the DOM library.
      const ms = await page.evaluate(() => {
        type Timing = { loadEventEnd: number; startTime: number }
        const perf = performance as unknown as { getEntriesByType(type: string): Timing[] }
        const nav = perf.getEntriesByType('navigation')[0]!
        return nav.loadEventEnd - nav.startTime
      })
      times.push(ms)
      await page.close()
    }
    return times.sort((a, b) => a - b)[Math.floor(TRIES / 2)]!
  }
  try {
    const small = await loadMs(pages.get(100)!.path)
    const large = await loadMs(pages.get(3000)!.path)
    const size = pages.get(3000)!.bytes
    return [
      {
        name: 'history page load, 3,000 commits × 4 models',
        value: formatDuration(large),
        target: 'under 1000 ms',
        met: large < 1000,
        detail: `median of ${TRIES} loads in headless Chromium, file:// (no network), navigation start to the end of the load event; ${Math.round(small)} ms at 100 commits`
      },
      {
        name: 'history page load ratio, 3,000 / 100 commits',
        value: `${(large / small).toFixed(2)}×`,
        // Thinned drawing: 30 times the commits must not cost more than twice the load.
        target: 'at most 2×',
        met: large / small <= 2,
        detail: `page size ${formatBytes(size)} at 3,000 commits (the history embedded as JSON), ${formatBytes(pages.get(100)!.bytes)} at 100`
      }
    ]
  } finally {
    await browser.close()
  }
}
