// The history page in a real browser (Debian's headless Chromium): one point per recorded peak,
// the card and limit lines, a tooltip with commit, message and date on hover, and a click that
// opens the commit on GitHub. Writes a screenshot (docs/history-page.png with
// OOM_GATE_SCREENSHOT=1, else a temporary file).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_PATH } from '../../scripts/systemPackages.js'
import { renderHistoryPage } from '../../src/report/historyPage.js'
import { historyFixture, MESSAGES } from './historyFixture.js'

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]
const DOCS_SHOT = fileURLToPath(new URL('../../docs/history-page.png', import.meta.url))

const history = historyFixture()
const html = renderHistoryPage(history, {
  repository: 'acme-ml/vision',
  serverUrl: 'https://github.com',
  generatedAt: '2025-03-30T12:00:00Z'
})

let browser: Browser
let page: Page
const external: string[] = []
const errors: string[] = []

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } })
  // Nothing may be fetched by the page itself; the commit pages a click opens are answered here.
  await context.route('**/*', route => {
    const url = route.request().url()
    if (url.startsWith('file:')) return route.continue()
    if (url.startsWith('https://github.com/')) {
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>commit</title>' })
    }
    external.push(url)
    return route.abort()
  })
  page = await context.newPage()
  page.on('pageerror', e => errors.push(String(e)))
  page.on('console', m => {
    if (m.type() === 'error') errors.push(m.text())
  })
  const dir = mkdtempSync(join(tmpdir(), 'oom-gate-page-'))
  writeFileSync(join(dir, 'index.html'), html)
  await page.goto(`file://${join(dir, 'index.html')}`)
})

afterAll(async () => {
  await browser?.close()
})

describe('history page', () => {
  it('is self-contained: no external script, style or font', () => {
    expect(html).not.toMatch(
      /<script[^>]+src=|<link[^>]+href=|@import|https?:\/\/(?!github\.com)[^"']*\.(js|css)/
    )
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })

  it('draws one point per recorded peak of each model', async () => {
    const counts = await page.$$eval('svg.chart', charts =>
      charts.map(c => [c.getAttribute('data-model'), c.querySelectorAll('circle.point').length])
    )
    expect(counts).toEqual([
      ['sapiens_0_3b', 12],
      ['sapiens_1b', 12],
      ['sapiens_2b', 6]
    ])
    // The status shows in the point: the at-risk and OOM commits stand out.
    expect(await page.locator('svg[data-model="sapiens_1b"] circle.status-at-risk').count()).toBe(1)
    expect(await page.locator('svg[data-model="sapiens_2b"] circle.status-oom').count()).toBe(1)
  })

  it('draws the card and the limit as lines, labelled', async () => {
    const chart = page.locator('svg[data-model="sapiens_1b"]')
    expect(await chart.locator('path.card-line').count()).toBe(1)
    expect(await chart.locator('path.limit-line').count()).toBe(1)
    expect(await chart.locator('text.card-label').textContent()).toBe('card 80.0 GiB')
    expect(await chart.locator('text.limit-label').textContent()).toBe('limit 77.6 GiB')
    // The point above the limit is drawn above the limit line.
    const limitY = await chart
      .locator('path.limit-line')
      .evaluate(p => Number(/M[\d.]+ ([\d.]+)/.exec(p.getAttribute('d')!)![1]))
    const riskY = Number(await chart.locator('circle.status-at-risk').getAttribute('cy'))
    expect(riskY).toBeLessThan(limitY)
  })

  it('shows commit, message and date when hovering a point', async () => {
    const tooltip = page.locator('#tooltip')
    expect(await tooltip.isHidden()).toBe(true)
    const entry = history.entries[8]!
    await page.hover(`svg[data-model="sapiens_1b"] circle[data-commit="${entry.commit}"]`)
    expect(await tooltip.isVisible()).toBe(true)
    const text = await tooltip.innerText()
    expect(text).toContain(entry.commit.slice(0, 7))
    expect(text).toContain(MESSAGES[8])
    expect(text).toContain('2025-03-19 17:30 UTC')
    expect(text).toMatch(/79\.10 GiB · 99% of 80 GiB · at-risk/)
    await page.mouse.move(5, 5)
    expect(await tooltip.isHidden()).toBe(true)
  })

  it('shows commit messages as text, whatever they contain', async () => {
    const entry = history.entries[7]!
    await page.hover(`svg[data-model="sapiens_0_3b"] circle[data-commit="${entry.commit}"]`)
    expect(await page.locator('#tooltip .msg').textContent()).toBe(
      'Fix <script> escaping in dataset names & "quotes"'
    )
    expect(await page.locator('#tooltip script').count()).toBe(0)
  })

  it('opens the commit on GitHub on a click', async () => {
    const entry = history.entries[3]!
    const point = page.locator(`svg[data-model="sapiens_1b"] circle[data-commit="${entry.commit}"]`)
    const link = point.locator('xpath=..')
    expect(await link.getAttribute('href')).toBe(`https://github.com/acme-ml/vision/commit/${entry.commit}`)
    const [popup] = await Promise.all([page.waitForEvent('popup'), point.click()])
    expect(popup.url()).toBe(`https://github.com/acme-ml/vision/commit/${entry.commit}`)
    await popup.close()
  })

  it('renders to a screenshot', async () => {
    await page.bringToFront()
    // The link clicked above keeps the focus ring: drop it (an expression, as the tests have no DOM types).
    await page.evaluate('document.activeElement && document.activeElement.blur()')
    await page.mouse.move(5, 5)
    await page.hover(`svg[data-model="sapiens_1b"] circle[data-commit="${history.entries[8]!.commit}"]`)
    const path =
      process.env.OOM_GATE_SCREENSHOT === '1'
        ? DOCS_SHOT
        : join(tmpdir(), `oom-gate-history-${process.pid}.png`)
    await page.screenshot({ path, fullPage: true })
    const png = readFileSync(path)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    // Width and height from the IHDR chunk: the whole page, not an empty viewport.
    expect(png.readUInt32BE(16)).toBe(1100)
    expect(png.readUInt32BE(20)).toBeGreaterThan(900)
  })
})

describe('history page data', () => {
  it('embeds the history so that no message can end the script element', () => {
    const hostile = historyFixture()
    hostile.entries[0]!.message = '</script><script>alert(1)</script>'
    const out = renderHistoryPage(hostile, { repository: 'o/r', serverUrl: 'https://github.com' })
    expect(out.match(/<\/script>/g)).toHaveLength(2)
    expect(out).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)')
  })
})
