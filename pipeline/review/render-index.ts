/**
 * `reports/index.html`: one row per article of a batch, sortable and filterable, linking to each
 * article's review page. `BatchSummary` is also what `reports/summary.json` holds.
 */
import type { Element } from 'hast'
import { h } from 'hastscript'
import { z } from 'zod'
import { type Report, SEVERITIES, type Severity } from '../core/types.js'
import { INDEX_SCRIPT, REVIEW_STYLE } from './assets.js'
import { renderPage } from './page.js'

const countSchema = z.number().int().nonnegative()

export const batchArticleSummarySchema = z.object({
  /** The input file, as the batch runner names it. */
  file: z.string(),
  /** Path of the article's report JSON, relative to the index page. */
  report: z.string(),
  /** Path of the article's review page, relative to the index page. */
  html: z.string(),
  edits: countSchema,
  findingsBySeverity: z.object({
    info: countSchema,
    minor: countSchema,
    major: countSchema,
    critical: countSchema,
  }),
  /** Paragraphs of this article that duplicate text of other articles in the batch. */
  duplicatesAcrossBatch: countSchema,
  /** Set when the article could not be processed; the other figures are then zero. */
  error: z.string().optional(),
})
export type BatchArticleSummary = z.infer<typeof batchArticleSummarySchema>

export const batchSummarySchema = z.object({
  schema: z.literal(1),
  tool: z.object({ name: z.literal('mt-tidy'), version: z.string() }).optional(),
  /** ISO 8601 time the batch finished; shown on the page, not used for anything else. */
  generatedAt: z.string().optional(),
  articles: z.array(batchArticleSummarySchema),
})
export type BatchSummary = z.infer<typeof batchSummarySchema>

/** The figures of one article's row, from its report. */
export function summarizeArticle(options: {
  report: Report
  reportPath: string
  htmlPath: string
  duplicatesAcrossBatch?: number
}): BatchArticleSummary {
  const findingsBySeverity: Record<Severity, number> = { info: 0, minor: 0, major: 0, critical: 0 }
  for (const finding of options.report.findings) findingsBySeverity[finding.severity]++
  return {
    file: options.report.file,
    report: options.reportPath,
    html: options.htmlPath,
    edits: options.report.edits.length,
    findingsBySeverity,
    duplicatesAcrossBatch: options.duplicatesAcrossBatch ?? 0,
  }
}

/**
 * A relative link that cannot turn into another scheme: a file named `javascript:x.html` must stay
 * a file. Each path segment is percent-encoded and the link starts with `./` or `../`.
 */
export function safeRelativeHref(path: string): string {
  const segments = path.split(/[\\/]/).map((segment) => encodeURIComponent(segment))
  const joined = segments.join('/')
  if (joined.startsWith('../') || joined.startsWith('./')) return joined
  return `./${joined.replace(/^\/+/, '')}`
}

const SEVERITY_COLUMNS: Severity[] = [...SEVERITIES].reverse()

function numberCell(key: string, value: number): Element {
  return h(
    'td',
    { className: value === 0 ? ['n', 'zero'] : ['n'], dataKey: key, dataValue: String(value) },
    String(value),
  )
}

function articleRow(article: BatchArticleSummary): Element {
  const serious = article.findingsBySeverity.critical + article.findingsBySeverity.major > 0
  const findings = SEVERITIES.reduce(
    (sum, severity) => sum + article.findingsBySeverity[severity],
    0,
  )
  return h(
    'tr',
    {
      className: article.error ? ['has-error'] : [],
      dataFile: article.file,
      dataErrors: String(article.error !== undefined),
      dataSerious: String(serious),
      dataEdited: String(article.edits > 0),
      dataFindings: String(findings > 0),
      dataDuplicates: String(article.duplicatesAcrossBatch > 0),
    },
    [
      h('td.file', { dataKey: 'file', dataValue: article.file }, [
        article.error
          ? h('span', article.file)
          : h('a', { href: safeRelativeHref(article.html) }, article.file),
      ]),
      numberCell('edits', article.edits),
      ...SEVERITY_COLUMNS.map((severity) =>
        numberCell(severity, article.findingsBySeverity[severity]),
      ),
      numberCell('duplicates', article.duplicatesAcrossBatch),
      h('td', { dataKey: 'error', dataValue: article.error ?? '' }, [
        article.error ? h('span.error', `⚠ error: ${article.error}`) : '',
      ]),
      h('td', [article.error ? '' : h('a', { href: safeRelativeHref(article.report) }, 'JSON')]),
    ],
  )
}

function header(key: string, label: string, type: 'number' | 'text', title?: string): Element {
  return h(
    'th',
    { dataKey: key, dataType: type, scope: 'col', className: type === 'number' ? ['n'] : [] },
    [h('button', { type: 'button', title: title ?? `Sort by ${label}` }, label)],
  )
}

export function renderBatchIndex(summary: BatchSummary): string {
  const articles = summary.articles
  const total = (pick: (article: BatchArticleSummary) => number) =>
    articles.reduce((sum, article) => sum + pick(article), 0)
  const errors = articles.filter((article) => article.error !== undefined).length
  const stat = (value: number, label: string) =>
    h('div.stat', [h('b', String(value)), h('span', label)])
  const metaParts: Element[] = [h('span', `${articles.length} articles`)]
  if (summary.tool) metaParts.push(h('span', `${summary.tool.name} ${summary.tool.version}`))
  if (summary.generatedAt) metaParts.push(h('span', `generated ${summary.generatedAt}`))

  const table = h('table.articles#articles', [
    h('thead', [
      h('tr', [
        header('file', 'Article', 'text'),
        header('edits', 'Edits', 'number'),
        ...SEVERITY_COLUMNS.map((severity) =>
          header(severity, severity, 'number', `Sort by ${severity} findings`),
        ),
        header('duplicates', 'Dupes across batch', 'number'),
        header('error', 'Error', 'text'),
        h('th', { scope: 'col' }, 'Report'),
      ]),
    ]),
    h('tbody', articles.map(articleRow)),
  ])

  const main = h('main', [
    h('div.overview', [
      stat(articles.length, 'articles'),
      stat(
        total((article) => article.edits),
        'edits',
      ),
      ...SEVERITY_COLUMNS.map((severity) =>
        stat(
          total((article) => article.findingsBySeverity[severity]),
          `${severity} findings`,
        ),
      ),
      stat(
        total((article) => article.duplicatesAcrossBatch),
        'duplicates across batch',
      ),
      stat(errors, 'errors'),
    ]),
    h('div.filters', [
      h('label', [
        'Filter by name ',
        h('input#filter-text', { type: 'search', placeholder: 'file name' }),
      ]),
      h('label', [
        'Show ',
        h('select#filter-kind', [
          h('option', { value: 'all' }, 'all articles'),
          h('option', { value: 'errors' }, 'with errors'),
          h('option', { value: 'serious' }, 'with critical or major findings'),
          h('option', { value: 'findings' }, 'with findings'),
          h('option', { value: 'edited' }, 'with edits'),
          h('option', { value: 'duplicates' }, 'with duplicates across the batch'),
        ]),
      ]),
      h(
        'output#filter-status',
        { ariaLive: 'polite' },
        `Showing ${articles.length} of ${articles.length} articles`,
      ),
    ]),
    table,
  ])

  return renderPage({
    title: 'mt-tidy batch review',
    style: REVIEW_STYLE,
    script: INDEX_SCRIPT,
    body: [h('header.page-head', [h('h1', 'Batch review'), h('p.meta', metaParts)]), main],
  })
}
