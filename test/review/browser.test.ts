/**
 * The review pages in a real browser (Debian's Chromium driven by playwright-core), opened from
 * disk like an editor would. Screenshots go to test-artifacts/ (git-ignored) for a human to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyDecisions, parseDecisionFile } from '../../pipeline/review/decisions.js'
import { renderArticleReport } from '../../pipeline/review/render-article.js'
import {
  type BatchSummary,
  renderBatchIndex,
  summarizeArticle,
} from '../../pipeline/review/render-index.js'
import { hostileReport } from './hostile-report.js'
import type { BuiltReport } from './make-report.js'
import { MT_TERM, PAYWALL, referenceReport } from './reference-report.js'

// The callbacks given to page.evaluate run in the page; the project's TypeScript lib has no DOM,
// so the little of it they use is declared here, for this module only.
interface PageElement {
  id: string
  textContent: string | null
  getAttribute(name: string): string | null
  getClientRects(): { length: number }
}
interface PageDocument {
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>
  addEventListener(type: string, listener: (event: PolicyViolation) => void): void
  activeElement: PageElement | null
  scripts: { length: number }
}
interface PolicyViolation {
  violatedDirective: string
  blockedURI: string
}
declare const document: PageDocument
declare const window: { scrollTo(x: number, y: number): void; __pwned?: unknown }
declare const localStorage: { clear(): void }
declare function getComputedStyle(element: PageElement): { boxShadow: string }

const CHROMIUM = '/usr/bin/chromium'
const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts')
const TIMEOUT = 60_000

let browser: Browser
let directory: string
const reference = referenceReport()
const hostile = hostileReport()

interface Watched {
  page: Page
  problems: string[]
  dialogs: string[]
}

// One page serves every test: a fresh renderer per test costs seconds on a loaded 2-core machine.
// Each test starts from a new navigation with empty storage and empty problem lists.
let shared: { context: BrowserContext; watched: Watched } | undefined

async function sharedPage(): Promise<Watched> {
  if (shared) return shared.watched
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    acceptDownloads: true,
  })
  const page = await context.newPage()
  const watched: Watched = { page, problems: [], dialogs: [] }
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      watched.problems.push(`console: ${message.text()}`)
    }
  })
  page.on('pageerror', (error) => watched.problems.push(`page error: ${error.message}`))
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`)
    })
  })
  shared = { context, watched }
  return watched
}

async function open(file: string): Promise<Watched> {
  const watched = await sharedPage()
  if (watched.page.url().startsWith('file:'))
    await watched.page.evaluate(() => localStorage.clear())
  watched.problems.length = 0
  watched.dialogs.length = 0
  await watched.page.goto(pathToFileURL(join(directory, file)).href)
  await watched.page.waitForSelector('html[data-review-ready="true"]')
  return watched
}

function writeReport(name: string, built: BuiltReport): string {
  writeFileSync(join(directory, name), renderArticleReport(built))
  return name
}

async function exportDecisions(page: Page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#export-decisions'),
  ])
  const path = await download.path()
  return {
    name: download.suggestedFilename(),
    json: JSON.parse(readFileSync(path, 'utf8')) as unknown,
  }
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}; the browser tests need it (apt-get install -y chromium).`,
    )
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  })
  directory = mkdtempSync(join(tmpdir(), 'mt-tidy-review-'))
  mkdirSync(ARTIFACTS, { recursive: true })
  writeReport('reference.html', reference)
  writeReport('hostile.html', hostile)
}, TIMEOUT)

afterAll(async () => {
  await shared?.context.close()
  await browser?.close()
  if (directory) rmSync(directory, { recursive: true, force: true })
})

describe('article review page', () => {
  it(
    'shows every edit of the report, without console errors or CSP violations',
    async () => {
      const { page, problems } = await open('reference.html')
      const shown = await page.evaluate(() => {
        const cards = Array.from(document.querySelectorAll('.edit-card'))
        return cards.map((card) => {
          const index = card.getAttribute('data-card')
          const pieces = document.querySelectorAll(
            `.orig del[data-edit="${index}"], .orig .keep[data-edit="${index}"]`,
          )
          return {
            id: card.id,
            visible: card.getClientRects().length > 0,
            before: Array.from(pieces, (piece) => piece.textContent).join(''),
          }
        })
      })
      // Rows drop the blank lines that end them, so text is compared without whitespace.
      expect(shown).toEqual(
        reference.report.edits.map((edit) => ({
          id: `edit-${edit.id}`,
          visible: true,
          before: expect.toSatisfy(
            (text: string) => text.replace(/\s+/g, '') === edit.before.replace(/\s+/g, ''),
          ),
        })),
      )
      const finding = reference.report.findings[0]
      await page.click(`a[href="#finding-${finding?.id}"]`)
      await expect(page.locator(`[id="finding-${finding?.id}"]:target`).isVisible()).resolves.toBe(
        true,
      )
      await page.evaluate(() => window.scrollTo(0, 0))
      await page.screenshot({ path: join(ARTIFACTS, 'review-reference-top.png') })
      await page.keyboard.press('j')
      await page.keyboard.press('j')
      await page.screenshot({ path: join(ARTIFACTS, 'review-reference-change.png') })
      await page.locator('.row.removed').last().scrollIntoViewIfNeeded()
      await page.screenshot({ path: join(ARTIFACTS, 'review-reference-removed.png') })
      expect(problems).toEqual([])
    },
    TIMEOUT,
  )

  it(
    'updates the view at once when an edit is accepted or rejected with the mouse',
    async () => {
      const { page, problems } = await open('reference.html')
      const index = reference.report.edits.findIndex(
        (edit) => edit.rule === 'terms/internet-plus-related',
      )
      const card = page.locator(`[data-card="${index}"]`)
      const cleanDeleted = page.locator(`.clean del[data-edit="${index}"]`)
      const cleanInserted = page.locator(`.clean ins[data-edit="${index}"]`)
      await expect(cleanDeleted.isVisible()).resolves.toBe(false)
      await expect(cleanInserted.isVisible()).resolves.toBe(true)

      await card.locator('button[data-action="reject"]').click()
      await expect(card.getAttribute('class')).resolves.toContain('is-rejected')
      await expect(card.locator('.decision').textContent()).resolves.toContain('rejected')
      await expect(cleanDeleted.isVisible()).resolves.toBe(true)
      await expect(cleanInserted.isVisible()).resolves.toBe(false)
      await expect(page.locator('#review-status').textContent()).resolves.toContain('1 rejected')

      await card.locator('button[data-action="accept"]').click()
      await expect(
        card.locator('button[data-action="accept"]').getAttribute('aria-pressed'),
      ).resolves.toBe('true')
      await expect(
        card.locator('button[data-action="reject"]').getAttribute('aria-pressed'),
      ).resolves.toBe('false')
      await expect(cleanInserted.isVisible()).resolves.toBe(true)
      // Pressing the pressed button again withdraws the decision.
      await card.locator('button[data-action="accept"]').click()
      await expect(card.locator('.decision').textContent()).resolves.toContain('pending')

      await page.click('button[data-view="inline"]')
      await expect(page.locator('.clean').first().isVisible()).resolves.toBe(false)
      await expect(page.locator(`.orig ins[data-edit="${index}"]`).isVisible()).resolves.toBe(true)
      await page.screenshot({ path: join(ARTIFACTS, 'review-reference-inline.png') })
      expect(problems).toEqual([])
    },
    TIMEOUT,
  )

  it(
    'is usable from the keyboard with a visible focus',
    async () => {
      const { page, problems } = await open('reference.html')
      const ids = reference.report.edits.map((edit) => edit.id)
      const focusedCard = () =>
        page.evaluate(() => document.activeElement?.getAttribute('data-card'))
      await page.keyboard.press('j')
      await expect(focusedCard()).resolves.toBe('0')
      const ring = await page.evaluate(() => {
        const active = document.activeElement
        return active ? getComputedStyle(active).boxShadow : 'none'
      })
      expect(ring).not.toBe('none')
      await page.keyboard.press('r')
      await expect(focusedCard()).resolves.toBe('1')
      await page.keyboard.press('a')
      await page.keyboard.press('k')
      await expect(focusedCard()).resolves.toBe('1')
      await page.keyboard.press('n')
      await page.keyboard.press('p')
      await page.keyboard.press('p')
      await expect(focusedCard()).resolves.toBe('0')
      await expect(page.locator(`[id="edit-${ids[0]}"]`).getAttribute('class')).resolves.toContain(
        'is-rejected',
      )
      await expect(page.locator(`[id="edit-${ids[1]}"]`).getAttribute('class')).resolves.toContain(
        'is-accepted',
      )
      await expect(
        page.locator('.orig del.is-rejected[data-edit="0"]').count(),
      ).resolves.toBeGreaterThan(0)
      // Decisions survive a reload of the page (kept in localStorage under the input's hash).
      await page.reload()
      await page.waitForSelector('html[data-review-ready="true"]')
      await expect(page.locator(`[id="edit-${ids[1]}"]`).getAttribute('class')).resolves.toContain(
        'is-accepted',
      )
      await page.keyboard.press('j')
      await page.keyboard.press('u')
      await expect(
        page.locator(`[id="edit-${ids[0]}"]`).getAttribute('class'),
      ).resolves.not.toMatch(/is-(accepted|rejected)/)
      expect(problems).toEqual([])
    },
    TIMEOUT,
  )

  it(
    'exports decisions that apply to the input as reviewed',
    async () => {
      const { page, problems } = await open('reference.html')
      const edits = reference.report.edits
      for (const [index, edit] of edits.entries()) {
        const action = edit.rule === 'terms/internet-plus-related' ? 'reject' : 'accept'
        if (edit.rule !== 'chrome/footer-disclaimer') {
          await page.click(`[data-card="${index}"] button[data-action="${action}"]`)
        }
      }
      const { name, json } = await exportDecisions(page)
      expect(name).toBe('000_d23a17e316fadb1a.decisions.json')
      const decisions = parseDecisionFile(json)
      expect(decisions.inputSha256).toBe(reference.report.inputSha256)
      expect(decisions.decisions).toHaveLength(edits.length - 1)
      expect(decisions.decisions.filter((decision) => decision.decision === 'reject')).toHaveLength(
        3,
      )
      const applied = applyDecisions(reference.report, reference.inputText, decisions)
      expect(applied).toBe(referenceReport(['terms/internet-plus-related']).outputText)
      expect(applied.split(MT_TERM)).toHaveLength(4)
      expect(applied).not.toContain(PAYWALL)
      expect(problems).toEqual([])
    },
    TIMEOUT,
  )
})

describe('hostile article', () => {
  it(
    'renders markup, handlers and javascript: links as text and runs none of them',
    async () => {
      const { page, problems, dialogs } = await open('hostile.html')
      await page.click('button[data-view="inline"]')
      await page.hover('.orig')
      await page.mouse.move(300, 400)
      const state = await page.evaluate(() => ({
        pwned: window.__pwned,
        images: document.querySelectorAll('img, svg, iframe, textarea, object, embed').length,
        scripts: document.scripts.length,
        javascriptLinks: document.querySelectorAll('a[href^="javascript" i]').length,
        text: Array.from(document.querySelectorAll('.orig'), (cell) => cell.textContent).join('\n'),
      }))
      expect(state.pwned).toBeUndefined()
      expect(dialogs).toEqual([])
      expect(state.images).toBe(0)
      expect(state.scripts).toBe(2)
      expect(state.javascriptLinks).toBe(0)
      expect(state.text).toContain('<img src=x onerror="window.__pwned = \'img\'; alert(1)">')
      expect(state.text).toContain('[here](javascript:alert(document.domain))')
      expect(state.text).toContain("</textarea><script>window.__pwned = 'textarea'</script>")
      await page.screenshot({ path: join(ARTIFACTS, 'review-hostile.png') })

      // Rejecting everything from the keyboard and exporting restores the hostile input exactly.
      for (const _ of hostile.report.edits) {
        await page.keyboard.press('j')
        await page.keyboard.press('r')
        await page.keyboard.press('k')
      }
      const { json } = await exportDecisions(page)
      const decisions = parseDecisionFile(json)
      expect(decisions.decisions.map((decision) => decision.decision)).toEqual(
        hostile.report.edits.map(() => 'reject'),
      )
      expect(applyDecisions(hostile.report, hostile.inputText, decisions)).toBe(hostile.inputText)
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined()
      expect(problems).toEqual([])
    },
    TIMEOUT,
  )
})

describe('batch index page', () => {
  it(
    'sorts, filters and links to each article',
    async () => {
      const empty = { info: 0, minor: 0, major: 0, critical: 0 }
      const summary: BatchSummary = {
        schema: 1,
        tool: { name: 'mt-tidy', version: '0.1.0' },
        articles: [
          summarizeArticle({
            report: hostile.report,
            reportPath: 'hostile.json',
            htmlPath: 'hostile.html',
          }),
          summarizeArticle({
            report: reference.report,
            reportPath: 'reference.json',
            htmlPath: 'reference.html',
            duplicatesAcrossBatch: 1,
          }),
          {
            file: 'input/unreadable.txt',
            report: 'unreadable.json',
            html: 'unreadable.html',
            edits: 0,
            findingsBySeverity: empty,
            duplicatesAcrossBatch: 0,
            error: 'invalid UTF-8 at byte 17',
          },
        ],
      }
      writeFileSync(join(directory, 'index.html'), renderBatchIndex(summary))
      const { page, problems } = await open('index.html')
      const order = () => page.locator('#articles tbody tr:not([hidden]) td.file').allTextContents()
      await page.click('th[data-key="edits"] button')
      await expect(order()).resolves.toEqual([
        reference.report.file,
        hostile.report.file,
        'input/unreadable.txt',
      ])
      await expect(page.locator('th[data-key="edits"]').getAttribute('aria-sort')).resolves.toBe(
        'descending',
      )
      await page.click('th[data-key="edits"] button')
      await expect(order()).resolves.toEqual([
        'input/unreadable.txt',
        hostile.report.file,
        reference.report.file,
      ])
      await page.click('th[data-key="file"] button')
      await expect(order()).resolves.toEqual(
        [reference.report.file, hostile.report.file, 'input/unreadable.txt'].sort((a, b) =>
          a.localeCompare(b),
        ),
      )

      await page.selectOption('#filter-kind', 'errors')
      await expect(order()).resolves.toEqual(['input/unreadable.txt'])
      await page.selectOption('#filter-kind', 'serious')
      await expect(order()).resolves.toEqual(
        [hostile.report.file, reference.report.file].sort((a, b) => a.localeCompare(b)),
      )
      await page.selectOption('#filter-kind', 'all')
      await page.fill('#filter-text', '000_d23')
      await expect(order()).resolves.toEqual([reference.report.file])
      await expect(page.locator('#filter-status').textContent()).resolves.toBe(
        'Showing 1 of 3 articles',
      )
      await page.screenshot({ path: join(ARTIFACTS, 'review-index.png') })

      await page.click(`a[href="./reference.html"]`)
      await page.waitForSelector('html[data-review-ready="true"]')
      await expect(page.locator('.edit-card').count()).resolves.toBe(reference.report.edits.length)
      expect(problems).toEqual([])
    },
    TIMEOUT,
  )
})
