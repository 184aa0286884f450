import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { jsonForScript } from '../../pipeline/review/page.js'
import { decisionsFileName, renderArticleReport } from '../../pipeline/review/render-article.js'
import {
  type BatchSummary,
  batchSummarySchema,
  renderBatchIndex,
  safeRelativeHref,
  summarizeArticle,
} from '../../pipeline/review/render-index.js'
import { hostileReport } from './hostile-report.js'
import { decodeAttribute, startTags } from './html-tokens.js'
import { referenceReport } from './reference-report.js'

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

const ALLOWED_TAGS = new Set(
  (
    'html head meta title link style body header main section div span p b h1 h2 code table caption ' +
    'thead tbody tr th td ol li a q dl dt dd del ins mark kbd output button article aside script ' +
    'label input select option'
  ).split(' '),
)

/** Checks the page's structure and CSP; returns its script elements. */
function checkPageSafety(html: string) {
  const tags = startTags(html)
  for (const tag of tags) {
    expect(ALLOWED_TAGS, `unexpected <${tag.name}>`).toContain(tag.name)
    for (const name of tag.attributes.keys()) {
      expect(name.startsWith('on') || name === 'style', `attribute ${name}`).toBe(false)
    }
    const href = decodeAttribute(tag.attributes.get('href') ?? '')
    expect(href).toMatch(/^(|#.*|\.\.?\/.*|data:,)$/)
  }
  const csp = decodeAttribute(
    tags
      .find((tag) => tag.attributes.get('http-equiv') === 'Content-Security-Policy')
      ?.attributes.get('content') ?? '',
  )
  expect(csp).toMatch(/^default-src 'none'; /)
  const styles = tags.filter((tag) => tag.name === 'style')
  expect(styles).toHaveLength(1)
  expect(csp).toContain(`style-src ${sha(styles[0]?.rawText ?? '')};`)
  const scripts = tags.filter((tag) => tag.name === 'script')
  const code = scripts.filter((tag) => tag.attributes.get('type') !== 'application/json')
  expect(code).toHaveLength(1)
  expect(csp).toContain(`script-src ${sha(code[0]?.rawText ?? '')};`)
  return scripts
}

describe('renderArticleReport', () => {
  it('allows by hash exactly the inline style and script it contains', () => {
    checkPageSafety(renderArticleReport(referenceReport()))
  })

  it('shows every edit with its rule, reason and controls, and every finding with a link', () => {
    const built = referenceReport()
    const html = renderArticleReport(built)
    for (const [index, edit] of built.report.edits.entries()) {
      expect(html).toContain(`id="edit-${edit.id}"`)
      expect(html).toContain(`data-card="${index}"`)
      expect(html).toContain(`<code>${edit.rule}</code>`)
    }
    for (const finding of built.report.findings) {
      expect(html).toContain(`href="#finding-${finding.id}"`)
      expect(html).toContain(`id="finding-${finding.id}"`)
    }
    expect(html).toContain('similarity</dt><dd>1</dd>')
    expect(html).toMatch(/duplicate of<\/dt><dd><a href="#p-\d+">¶\d+<\/a>/)
    expect(html.match(/class="row-flag"/g)).toHaveLength(3)
  })

  it('renders a hostile article and hostile report fields as text only', () => {
    const built = hostileReport()
    const html = renderArticleReport(built)
    const scripts = checkPageSafety(html)
    // The page's own two scripts and nothing else: no tag from the article became an element.
    expect(scripts).toHaveLength(2)
    expect(html).not.toContain('<!--')
    const data =
      scripts.find((script) => script.attributes.get('type') === 'application/json')?.rawText ?? ''
    expect(data).not.toContain('<')
    expect(JSON.parse(data).edits.map((edit: { before: string }) => edit.before)).toEqual(
      built.report.edits.map((edit) => edit.before),
    )
    expect(html).toContain(`&#x3C;img src=x onerror="window.__pwned = 'img'; alert(1)">`)
  })

  it('refuses an output text that does not match the edits', () => {
    const built = referenceReport()
    expect(() => renderArticleReport({ ...built, outputText: `x${built.outputText}` })).toThrow(
      /after text/,
    )
  })

  it('names the decisions download after the article', () => {
    expect(decisionsFileName('input/000_abc.txt')).toBe('000_abc.decisions.json')
    expect(decisionsFileName('C:\\news\\a.b.md')).toBe('a.b.decisions.json')
    expect(decisionsFileName('noext')).toBe('noext.decisions.json')
  })
})

describe('jsonForScript', () => {
  it('cannot close its script element and still parses to the same value', () => {
    const value = { text: '</script><script>alert(1)</script><!-- \u2028 \u2029 &' }
    const json = jsonForScript(value)
    expect(json).not.toMatch(/[<\u2028\u2029]/)
    expect(JSON.parse(json)).toEqual(value)
  })
})

describe('renderBatchIndex', () => {
  const built = referenceReport()
  const summary: BatchSummary = {
    schema: 1,
    tool: { name: 'mt-tidy', version: '0.1.0' },
    articles: [
      summarizeArticle({
        report: built.report,
        reportPath: '000_d23a17e316fadb1a.json',
        htmlPath: '000_d23a17e316fadb1a.html',
        duplicatesAcrossBatch: 2,
      }),
      {
        file: 'input/javascript:alert(1).txt',
        report: 'javascript:alert(1).json',
        html: 'javascript:alert(1).html',
        edits: 0,
        findingsBySeverity: { info: 0, minor: 0, major: 0, critical: 0 },
        duplicatesAcrossBatch: 0,
      },
      {
        file: 'input/<b>broken</b>.txt',
        report: 'broken.json',
        html: 'broken.html',
        edits: 0,
        findingsBySeverity: { info: 0, minor: 0, major: 0, critical: 0 },
        duplicatesAcrossBatch: 0,
        error: '<script>alert(1)</script> could not be read',
      },
    ],
  }

  it('summarises an article from its report', () => {
    const row = summary.articles[0]
    expect(row?.edits).toBe(7)
    expect(row?.findingsBySeverity).toEqual({ info: 1, minor: 2, major: 1, critical: 1 })
    expect(batchSummarySchema.parse(summary)).toEqual(summary)
  })

  it('links each article safely and shows errors as text', () => {
    const html = renderBatchIndex(summary)
    const scripts = checkPageSafety(html)
    expect(scripts).toHaveLength(1)
    expect(html).toContain('href="./000_d23a17e316fadb1a.html"')
    expect(html).toContain('href="./javascript%3Aalert(1).html"')
    expect(html).not.toContain('href="javascript')
    expect(html).toContain('⚠ error: &#x3C;script>alert(1)&#x3C;/script> could not be read')
    expect(html).toContain('data-errors="true"')
    expect(html.match(/<tr /g)).toHaveLength(3)
  })

  it('keeps parent-relative links and encodes each segment', () => {
    expect(safeRelativeHref('../reports/a b.html')).toBe('../reports/a%20b.html')
    expect(safeRelativeHref('/etc/passwd')).toBe('./etc/passwd')
    expect(safeRelativeHref('sub\\x#y.html')).toBe('./sub/x%23y.html')
  })
})
