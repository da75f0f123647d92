// The history page at 3,000 commits × 4 models in headless Chromium: the points are thinned to
// the pixels available, every at-risk, OOM and alerted point is still drawn, the line is visible
// (no dot per commit painting over it), hovering anywhere finds the nearest commit, and the range
// picker redraws for the newest N commits. With OOM_GATE_SCREENSHOT=1 it writes
// docs/images/history-3000.png, the README's picture.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_PATH } from '../../scripts/systemPackages.js'
import { renderHistoryPage } from '../../src/report/historyPage.js'
import { scaleHistory, specialCommits, SCALE_MODELS } from '../../bench/historyScale.js'

const SHOT = fileURLToPath(new URL('../../docs/images/history-3000.png', import.meta.url))
const COMMITS = 3000
const history = scaleHistory(COMMITS)
const html = renderHistoryPage(history, { repository: 'acme-ml/vision', serverUrl: 'https://github.com' })

let browser: Browser
let page: Page
const errors: string[] = []

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
  })
  page = await (await browser.newContext({ viewport: { width: 1100, height: 1300 } })).newPage()
  page.on('pageerror', e => errors.push(String(e)))
  const dir = mkdtempSync(join(tmpdir(), 'oom-gate-page-'))
  writeFileSync(join(dir, 'index.html'), html)
  await page.goto(`file://${join(dir, 'index.html')}`)
})
afterAll(async () => browser?.close())

describe('the history page with nothing recorded', () => {
  it('says so (the redraw cleared the line once)', async () => {
    const empty = renderHistoryPage(
      { entries: [] },
      { repository: 'acme-ml/vision', serverUrl: 'https://github.com' }
    )
    const dir = mkdtempSync(join(tmpdir(), 'oom-gate-page-empty-'))
    writeFileSync(join(dir, 'index.html'), empty)
    const other = await browser.newPage()
    await other.goto(`file://${join(dir, 'index.html')}`)
    expect(await other.locator('#charts').innerText()).toContain('Nothing recorded yet.')
    await other.close()
  })
})

describe('the history page at 3,000 commits × 4 models', () => {
  it('thins each chart to the pixels available and keeps the line visible', async () => {
    expect(errors).toEqual([])
    for (const name of SCALE_MODELS) {
      const chart = page.locator(`svg[data-model="${name}"]`)
      expect(await chart.getAttribute('data-commits')).toBe(String(COMMITS))
      const drawn = Number(await chart.getAttribute('data-points'))
      // 800 px of plot, a bucket per 3 px: at most two points per bucket plus the special ones.
      expect(drawn).toBeGreaterThan(200)
      expect(drawn).toBeLessThanOrEqual(2 * Math.floor(800 / 3) + 4)
      const vertices = (await chart.locator('polyline.peak-line').getAttribute('points'))!.split(' ')
      expect(vertices).toHaveLength(drawn)
    }
    // No dot per ok commit, only for the one commit with an alert: nothing paints over the line.
    expect(await page.locator('svg[data-model="sapiens_0_3b"] a circle.point.status-ok').count()).toBe(1)
  })

  it('keeps every at-risk, OOM and alerted point, each with its dot', async () => {
    const special = specialCommits(COMMITS)
    const chart = page.locator('svg[data-model="sapiens_1b"]')
    for (const i of special.atRisk) {
      expect(
        await chart.locator(`circle.status-at-risk[data-commit="${history.entries[i]!.commit}"]`).count()
      ).toBe(1)
    }
    for (const i of special.oom) {
      expect(
        await chart.locator(`circle.status-oom[data-commit="${history.entries[i]!.commit}"]`).count()
      ).toBe(1)
    }
    for (const i of special.alerted) {
      expect(await chart.locator(`circle[data-commit="${history.entries[i]!.commit}"]`).count()).toBe(1)
    }
  })

  it('keeps the lowest and highest peak of the whole history', async () => {
    const peaks = history.entries.map(e => e.models.sapiens_0_3b!.peakBytes!)
    const chart = page.locator('svg[data-model="sapiens_0_3b"]')
    const kept = (await chart.locator('polyline.peak-line').getAttribute('data-kept'))!.split(' ')
    const lowest = history.entries[peaks.indexOf(Math.min(...peaks))]!.commit.slice(0, 7)
    const highest = history.entries[peaks.indexOf(Math.max(...peaks))]!.commit.slice(0, 7)
    expect(kept).toContain(lowest)
    expect(kept).toContain(highest)
    // Hovering anywhere on the chart finds the nearest drawn commit.
    await page.hover('svg[data-model="sapiens_0_3b"]', { position: { x: 500, y: 100 } })
    expect(await page.locator('#tooltip').isVisible()).toBe(true)
    expect(kept).toContain(await page.locator('#tooltip code').textContent())
  })

  it('redraws for the newest N commits with the range picker', async () => {
    await page.selectOption('#range', '200')
    const chart = page.locator('svg[data-model="sapiens_2b"]')
    expect(await chart.getAttribute('data-commits')).toBe('200')
    // 200 commits fit the pixels: every point is drawn, each with its dot.
    expect(await chart.getAttribute('data-points')).toBe('200')
    expect(await chart.locator('circle.point').count()).toBe(200)
    await page.selectOption('#range', 'all')
    expect(await page.locator('svg[data-model="sapiens_2b"]').getAttribute('data-commits')).toBe(
      String(COMMITS)
    )
  })

  it('renders to a screenshot', async () => {
    const shot = await page.locator('main').screenshot({
      path:
        process.env.OOM_GATE_SCREENSHOT === '1' ? SHOT : join(mkdtempSync(join(tmpdir(), 'shot-')), 'p.png')
    })
    expect(shot.length).toBeGreaterThan(10_000)
  })
})
