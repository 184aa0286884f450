/**
 * `reports/<article>.html`: the article with every edit in place, word-level, beside its cleaned
 * version, each edit labelled and reviewable (accept / reject, exported as a decisions file).
 */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import {
  type Edit,
  type Evidence,
  type Finding,
  type Report,
  type RuleInfo,
  SEVERITIES,
  type Severity,
  severityRank,
} from '../core/types.js'
import { ARTICLE_SCRIPT, REVIEW_STYLE } from './assets.js'
import { type Layout, layoutArticle, type Piece, type Row, rowContaining } from './layout.js'
import { renderPage } from './page.js'

export interface ArticleReportInput {
  report: Report
  inputText: string
  outputText: string
}

const SEVERITY_ICON: Record<Severity, string> = {
  critical: '◆',
  major: '▲',
  minor: '●',
  info: 'ℹ',
}

const PREVIEW_CHARS = 160

function severityBadge(severity: Severity): Element {
  return h(
    'span',
    { className: ['badge', `sev-${severity}`] },
    `${SEVERITY_ICON[severity]} ${severity}`,
  )
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

/** `foo.txt` → `foo.decisions.json`. */
export function decisionsFileName(file: string): string {
  const name = baseName(file) || 'article'
  const dot = name.lastIndexOf('.')
  return `${dot > 0 ? name.slice(0, dot) : name}.decisions.json`
}

function humanKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
}

function isRange(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number'
  )
}

function paragraphLabel(rows: readonly Row[], offset: number): string {
  const row = rows[rowContaining(rows, offset)]
  return row && row.paragraph > 0 ? `¶${row.paragraph}` : `offset ${offset}`
}

function paragraphLink(rows: readonly Row[], offset: number): ElementContent {
  const row = rows[rowContaining(rows, offset)]
  if (!row || row.paragraph === 0) return { type: 'text', value: `offset ${offset}` }
  return h('a', { href: `#p-${row.paragraph}` }, `¶${row.paragraph}`)
}

/**
 * Evidence values are free-form; input ranges (`[s, e]` or `{input: [s, e]}`) become links to the
 * paragraph they point at, so "duplicate of ¶12" can be followed.
 */
function evidenceValue(value: unknown, rows: readonly Row[], inputText: string): ElementContent[] {
  if (typeof value === 'number') {
    return [{ type: 'text', value: Number.isInteger(value) ? String(value) : value.toFixed(2) }]
  }
  if (typeof value === 'string') return [{ type: 'text', value: truncate(value, 300) }]
  if (typeof value === 'boolean') return [{ type: 'text', value: value ? 'yes' : 'no' }]
  const range = isRange(value)
    ? value
    : value !== null && typeof value === 'object' && isRange((value as { input?: unknown }).input)
      ? (value as { input: [number, number] }).input
      : undefined
  if (range !== undefined && range[0] >= 0 && range[0] <= inputText.length) {
    const quoted = truncate(inputText.slice(range[0], range[1]).trim(), 80)
    return [paragraphLink(rows, range[0]), { type: 'text', value: quoted ? ` “${quoted}”` : '' }]
  }
  if (
    Array.isArray(value) &&
    value.every((item) => ['string', 'number', 'boolean'].includes(typeof item))
  ) {
    return [{ type: 'text', value: truncate(value.join(', '), 300) }]
  }
  return [{ type: 'text', value: truncate(JSON.stringify(value) ?? String(value), 300) }]
}

function evidenceList(
  evidence: Evidence | undefined,
  rows: readonly Row[],
  inputText: string,
): Element | undefined {
  if (evidence === undefined) return undefined
  const entries = Object.entries(evidence).filter(([, value]) => value !== undefined)
  if (entries.length === 0) return undefined
  return h(
    'dl',
    entries.flatMap(([key, value]) => [
      h('dt', humanKey(key)),
      h('dd', evidenceValue(value, rows, inputText)),
    ]),
  )
}

function editKind(edit: Edit, removedRows: number): { word: string; className: string } {
  if (edit.before === '') return { word: '+ inserted', className: 'inserted' }
  if (edit.after === '') {
    if (removedRows > 1)
      return { word: `− removed ${removedRows} paragraphs`, className: 'removed' }
    if (removedRows === 1) return { word: '− removed paragraph', className: 'removed' }
    return { word: '− removed', className: 'removed' }
  }
  return { word: '± replaced', className: 'replaced' }
}

function editCard(edit: Edit, index: number, layout: Layout, inputText: string): Element {
  const removedRows = layout.editRemovesRows[index]?.length ?? 0
  const kind = editKind(edit, removedRows)
  const children: ElementContent[] = [
    h('div.line', [
      h('span', { className: ['kind', kind.className] }, kind.word),
      severityBadge(edit.severity),
      h('span.category', edit.category),
      h('code', edit.rule),
    ]),
    h('p.reason', edit.reason),
  ]
  const evidence = evidenceList(edit.evidence, layout.rows, inputText)
  if (evidence) children.push(evidence)
  if (edit.merged && edit.merged.length > 0) {
    children.push(
      h(
        'p.reason',
        `Also folded in: ${edit.merged.map((info) => `${info.rule} (${info.reason})`).join('; ')}`,
      ),
    )
  }
  // The accept / reject controls work only with the page script, so the script adds them.
  return h(
    'article',
    {
      id: `edit-${edit.id}`,
      className: ['card', 'edit-card', `sev-${edit.severity}`],
      dataCard: index,
      tabIndex: -1,
    },
    children,
  )
}

function findingCard(finding: Finding): Element {
  const children: ElementContent[] = [
    h('div.line', [
      h('span.kind.finding', '⚑ finding'),
      severityBadge(finding.severity),
      h('span.category', finding.category),
      h('code', finding.rule),
    ]),
    h('p.reason', finding.reason),
  ]
  if (finding.expected.length > 0) {
    children.push(
      h('p.change', [
        h('span.category', 'Suggested: '),
        truncate(finding.expected.join(' | '), PREVIEW_CHARS),
      ]),
    )
  }
  children.push(
    h('p.category', `line ${finding.place.start.line}, column ${finding.place.start.column}`),
  )
  return h(
    'aside',
    { id: `finding-${finding.id}`, className: ['card', 'finding-card', `sev-${finding.severity}`] },
    children,
  )
}

function worstSeverity(indexes: readonly number[], findings: readonly Finding[]): Severity {
  let worst: Severity = 'info'
  for (const index of indexes) {
    const severity = findings[index]?.severity
    if (severity && severityRank(severity) > severityRank(worst)) worst = severity
  }
  return worst
}

/**
 * A hast element built directly: pieces are the most numerous nodes of a large article, and
 * `h`'s selector and property parsing would dominate the render time there.
 */
function element(
  tagName: string,
  properties: Element['properties'],
  children: ElementContent[],
): Element {
  return { type: 'element', tagName, properties, children }
}

/** Whitespace-only changes would be invisible; they show as a symbol instead. */
function whitespaceSymbol(text: string): string {
  return text.includes('\n') ? '↵' : '␣'
}

function pieceNode(
  piece: Piece,
  edits: readonly Edit[],
  findings: readonly Finding[],
): ElementContent {
  let content: ElementContent = { type: 'text', value: piece.text }
  if (piece.findings && piece.kind !== 'ins') {
    content = element(
      'mark',
      {
        className: ['finding', `sev-${worstSeverity(piece.findings, findings)}`],
        title: piece.findings.map((index) => findings[index]?.reason ?? '').join(' / '),
      },
      [content],
    )
  }
  if (piece.kind === 'same' || piece.edit === undefined) return content
  const edit = edits[piece.edit] as Edit
  const whitespaceEdit = !/\S/.test(edit.before) && !/\S/.test(edit.after)
  if (piece.kind === 'keep')
    return element('span', { className: ['keep'], dataEdit: piece.edit }, [content])
  const tag = piece.kind
  if (whitespaceEdit) {
    return h(
      tag,
      {
        className: ['ws'],
        dataEdit: piece.edit,
        title: tag === 'del' ? 'removed whitespace' : 'inserted whitespace',
      },
      whitespaceSymbol(piece.text),
    )
  }
  return element(tag, { dataEdit: piece.edit }, [content])
}

/** Pieces of a row without the blank lines that end it (rows are laid out as blocks). */
function visiblePieces(row: Row, edits: readonly Edit[]): Piece[] {
  const pieces = [...row.pieces]
  while (pieces.length > 0) {
    const last = pieces[pieces.length - 1] as Piece
    const whitespaceEdit =
      last.edit !== undefined &&
      !/\S/.test((edits[last.edit] as Edit).before) &&
      !/\S/.test((edits[last.edit] as Edit).after)
    if (whitespaceEdit) break
    const trimmed = last.text.replace(/\s+$/, '')
    if (trimmed === '') {
      pieces.pop()
      continue
    }
    if (trimmed !== last.text) pieces[pieces.length - 1] = { ...last, text: trimmed }
    break
  }
  return pieces
}

interface Counts {
  edits: number
  findings: number
}

function countBy(
  edits: readonly RuleInfo[],
  findings: readonly RuleInfo[],
  key: (item: RuleInfo) => string,
): Map<string, Counts> {
  const counts = new Map<string, Counts>()
  const entry = (name: string) => {
    let found = counts.get(name)
    if (!found) {
      found = { edits: 0, findings: 0 }
      counts.set(name, found)
    }
    return found
  }
  for (const item of edits) entry(key(item)).edits++
  for (const item of findings) entry(key(item)).findings++
  return counts
}

function countCell(value: number): Element {
  return h('td', { className: value === 0 ? ['n', 'zero'] : ['n'] }, String(value))
}

function countsTable(caption: string, counts: Map<string, Counts>, firstColumn: string): Element {
  const rows = [...counts.entries()].map(([name, count]) =>
    h('tr', [h('td', name), countCell(count.edits), countCell(count.findings)]),
  )
  return h('table.counts', [
    h('caption', caption),
    h('thead', h('tr', [h('th', firstColumn), h('th.n', 'edits'), h('th.n', 'findings')])),
    h('tbody', rows.length > 0 ? rows : [h('tr', h('td.none', { colSpan: 3 }, 'none'))]),
  ])
}

function summarySection(report: Report, inputText: string, outputText: string, layout: Layout) {
  const removedParagraphs = layout.rows.filter((row) => row.removed).length
  const severityCounts = new Map<string, Counts>()
  for (const severity of [...SEVERITIES].reverse())
    severityCounts.set(severity, { edits: 0, findings: 0 })
  for (const edit of report.edits) (severityCounts.get(edit.severity) as Counts).edits++
  for (const finding of report.findings) (severityCounts.get(finding.severity) as Counts).findings++
  const stat = (value: string, label: string) => h('div.stat', [h('b', value), h('span', label)])
  return h('section', { ariaLabel: 'Summary' }, [
    h('div.overview', [
      stat(String(report.edits.length), 'edits'),
      stat(String(report.findings.length), 'findings'),
      stat(String(removedParagraphs), 'paragraphs removed'),
      stat(
        `${inputText.length.toLocaleString('en')} → ${outputText.length.toLocaleString('en')}`,
        'characters, input → output',
      ),
    ]),
    h('div.breakdowns', [
      countsTable(
        'By stage',
        countBy(report.edits, report.findings, (item) => item.stage),
        'stage',
      ),
      countsTable(
        'By category',
        countBy(report.edits, report.findings, (item) => item.category),
        'category',
      ),
      countsTable('By severity', severityCounts, 'severity'),
    ]),
  ])
}

function findingsSection(report: Report, layout: Layout): Element {
  const order = report.findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        severityRank(b.finding.severity) - severityRank(a.finding.severity) ||
        a.finding.input[0] - b.finding.input[0],
    )
  const items = order.map(({ finding }) => {
    const parts: ElementContent[] = [
      severityBadge(finding.severity),
      h('span.category', finding.category),
      h('code', finding.rule),
      h('span', finding.reason),
    ]
    if (finding.actual !== '') {
      parts.push(
        h('span', [
          h('q', truncate(finding.actual, 80)),
          finding.expected.length > 0 ? ` → ${truncate(finding.expected.join(' | '), 80)}` : '',
        ]),
      )
    }
    parts.push(
      h(
        'a.where',
        { href: `#finding-${encodeURIComponent(finding.id)}` },
        `${paragraphLabel(layout.rows, finding.input[0])} · line ${finding.place.start.line}:${finding.place.start.column}`,
      ),
    )
    return h('li', parts)
  })
  return h('section', { ariaLabelledBy: 'findings-heading' }, [
    h('h2#findings-heading', `Findings (${report.findings.length})`),
    items.length > 0 ? h('ol.findings-list', items) : h('p.none', 'No findings.'),
  ])
}

function toolbar(editCount: number): Element {
  return h('div.toolbar', { role: 'toolbar', ariaLabel: 'Review' }, [
    h('span.group', { role: 'group', ariaLabel: 'View' }, [
      h('button', { type: 'button', dataView: 'split', ariaPressed: 'true' }, 'Side by side'),
      h('button', { type: 'button', dataView: 'inline', ariaPressed: 'false' }, 'Inline'),
    ]),
    h('button.primary#export-decisions', { type: 'button' }, 'Export decisions'),
    h('button#reset-decisions', { type: 'button' }, 'Reset'),
    h(
      'output#review-status',
      { ariaLive: 'polite', title: 'Pending edits count as accepted when decisions are applied' },
      `${editCount} edits`,
    ),
    h('span.keys', [
      h('kbd', 'j'),
      '/',
      h('kbd', 'k'),
      ' next/previous change · ',
      h('kbd', 'a'),
      ' accept · ',
      h('kbd', 'r'),
      ' reject · ',
      h('kbd', 'u'),
      ' undo',
    ]),
  ])
}

function articleRows(report: Report, inputText: string, layout: Layout): Element[] {
  const removerOfRow = new Map<number, number>()
  layout.editRemovesRows.forEach((rows, edit) => {
    for (const row of rows) removerOfRow.set(row, edit)
  })
  const elements: Element[] = [
    h('div.row.head', { ariaHidden: 'true' }, [
      h('span'),
      h('span.orig-head', 'Original'),
      h('span.clean', 'Cleaned'),
      h('span', 'Changes and findings'),
    ]),
  ]
  layout.rows.forEach((row, rowIndex) => {
    if (row.paragraph === 0 && row.edits.length === 0 && row.findings.length === 0) {
      if (!row.pieces.some((piece) => piece.kind !== 'same')) return
    }
    const nodes = visiblePieces(row, report.edits).map((piece) =>
      pieceNode(piece, report.edits, report.findings),
    )
    const remover = removerOfRow.get(rowIndex)
    const orig: ElementContent[] = [...nodes]
    const clean: ElementContent[] = [...nodes]
    if (remover !== undefined) {
      orig.unshift(h('span.row-flag', { dataEdit: remover }, '− paragraph removed'))
      clean.unshift(h('span.gone', { dataEdit: remover }, 'paragraph removed'))
    }
    const cards: Element[] = [
      ...row.edits.map((index) => editCard(report.edits[index] as Edit, index, layout, inputText)),
      ...row.findings.map((index) => findingCard(report.findings[index] as Finding)),
    ]
    const className = ['row']
    if (row.removed) className.push('removed')
    elements.push(
      h('div', { className, id: row.paragraph > 0 ? `p-${row.paragraph}` : undefined }, [
        row.paragraph > 0
          ? h('a.pnum', { href: `#p-${row.paragraph}` }, `¶${row.paragraph}`)
          : h('span.pnum'),
        h('div.text.orig', orig),
        h('div.text.clean', clean),
        h('div.notes', cards),
      ]),
    )
  })
  return elements
}

function checkOutput(report: Report, outputText: string): void {
  for (const edit of report.edits) {
    const [start, end] = edit.output
    if (outputText.slice(start, end) !== edit.after) {
      throw new Error(`edit ${edit.id}: output[${start}, ${end}] is not its after text`)
    }
  }
}

export function renderArticleReport({ report, inputText, outputText }: ArticleReportInput): string {
  checkOutput(report, outputText)
  const layout = layoutArticle(inputText, report.edits, report.findings)
  const title =
    typeof report.meta.title === 'string' && report.meta.title.trim() !== ''
      ? report.meta.title.trim()
      : baseName(report.file)
  const header = h('header.page-head', [
    h('h1', title),
    h('p.meta', [
      h('span', [h('code', report.file)]),
      h('span', `${report.tool.name} ${report.tool.version}`),
      h('span', { title: report.inputSha256 }, `input sha256 ${report.inputSha256.slice(0, 12)}…`),
    ]),
  ])
  const main = h('main', [
    summarySection(report, inputText, outputText, layout),
    findingsSection(report, layout),
    toolbar(report.edits.length),
    h(
      'section.article',
      { ariaLabel: 'Article with changes' },
      articleRows(report, inputText, layout),
    ),
  ])
  return renderPage({
    title: `Review: ${title} — mt-tidy`,
    style: REVIEW_STYLE,
    script: ARTICLE_SCRIPT,
    bodyClass: 'view-split',
    data: {
      file: report.file,
      inputSha256: report.inputSha256,
      downloadName: decisionsFileName(report.file),
      edits: report.edits.map((edit) => ({
        id: edit.id,
        rule: edit.rule,
        before: edit.before,
        after: edit.after,
      })),
    },
    body: [header, main],
  })
}
