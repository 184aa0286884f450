/**
 * What stages need to know of the article's structure, read from the one mdast parse and mapped
 * through the Draft to the current text: the blocks (paragraphs, headings, ...) and the prose
 * ranges a stage may edit. Code, inline code, HTML, front matter, link targets and bare URLs are
 * never prose.
 */
import type { Root } from 'mdast'
import { visit } from 'unist-util-visit'
import type { Change, DisabledRange, Draft } from './draft.js'
import type { RuleInfo } from './types.js'

export interface Span {
  start: number
  end: number
}

export interface Block extends Span {
  /** mdast type of the block the text came from (`paragraph`, `heading`, `code`, ...). */
  type: string
  text: string
}

const LEAF_BLOCKS = new Set([
  'paragraph',
  'heading',
  'code',
  'html',
  'yaml',
  'thematicBreak',
  'definition',
])

/** Bare URLs, `www.` hosts and e-mail addresses inside prose. */
export const URL_PATTERN =
  /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)(?:[^\s<>"'`()$）」]|\([^\s()]*\))*(?:[^\s<>"'`.,;:!?()$）」]|\([^\s()]*\))|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+/giu

function offsets(node: { position?: { start: { offset?: number }; end: { offset?: number } } }) {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  return start === undefined || end === undefined ? undefined : { start, end }
}

/** Input spans of the leaf blocks, in document order. */
export function leafBlockSpans(tree: Root): (Span & { type: string })[] {
  const spans: (Span & { type: string })[] = []
  visit(tree, (node) => {
    if (!LEAF_BLOCKS.has(node.type)) return
    const at = offsets(node)
    if (at) spans.push({ ...at, type: node.type })
    return 'skip'
  })
  return spans
}

/** Input spans of the text nodes: the prose of the article. */
export function proseSpans(tree: Root): Span[] {
  const spans: Span[] = []
  visit(tree, 'text', (node) => {
    const at = offsets(node)
    if (at && at.end > at.start) spans.push(at)
  })
  return spans
}

/**
 * The current blocks: each leaf block mapped to the current text and cut again at blank lines,
 * which earlier stages insert when they split a paragraph.
 */
export function currentBlocks(draft: Draft, tree: Root): Block[] {
  const text = draft.text
  const blocks: Block[] = []
  for (const span of leafBlockSpans(tree)) {
    const start = draft.toCurrent(span.start, 'after')
    const end = draft.toCurrent(span.end, 'before')
    if (end <= start) continue
    if (span.type !== 'paragraph') {
      blocks.push({ type: span.type, start, end, text: text.slice(start, end) })
      continue
    }
    const gap = /(?:\r?\n|\r)(?:[ \t]*(?:\r?\n|\r))+/g
    gap.lastIndex = start
    let from = start
    for (;;) {
      const match = gap.exec(text)
      const to = match && match.index < end ? match.index : end
      const trimmed = trimSpan(text, from, to)
      if (trimmed)
        blocks.push({ type: 'paragraph', ...trimmed, text: text.slice(trimmed.start, trimmed.end) })
      if (!match || match.index >= end) break
      from = match.index + match[0].length
    }
  }
  return blocks
}

/** Whether the text is only what markdown calls whitespace: spaces, tabs and line ends. */
export function isBlank(text: string): boolean {
  return /^[ \t\r\n]*$/.test(text)
}

/** Trims what markdown calls whitespace: a paragraph of only U+FEFF or NBSP is still one. */
export function trimSpan(text: string, start: number, end: number): Span | undefined {
  while (start < end && isBlank(text[start] as string)) start++
  while (end > start && isBlank(text[end - 1] as string)) end--
  return end > start ? { start, end } : undefined
}

/**
 * Current-text ranges a stage may edit: prose spans minus URLs and e-mail addresses, sorted
 * and disjoint.
 */
export function editableSpans(draft: Draft, tree: Root): Span[] {
  const text = draft.text
  const spans: Span[] = []
  for (const span of proseSpans(tree)) {
    const start = draft.toCurrent(span.start, 'after')
    const end = draft.toCurrent(span.end, 'before')
    if (end <= start) continue
    let from = start
    const slice = text.slice(start, end)
    // Most prose holds no address at all: skip the costly pattern then.
    const mayHoldUrl = slice.includes('://') || slice.includes('www.') || slice.includes('@')
    for (const match of mayHoldUrl ? slice.matchAll(URL_PATTERN) : []) {
      const urlStart = start + match.index
      if (urlStart > from) spans.push({ start: from, end: urlStart })
      from = urlStart + match[0].length
    }
    if (end > from) spans.push({ start: from, end })
  }
  return spans.sort((a, b) => a.start - b.start)
}

/** Whether [start, end) lies inside one of the sorted, disjoint `spans`. */
export function within(spans: readonly Span[], start: number, end: number): boolean {
  let low = 0
  let high = spans.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const span = spans[mid] as Span
    if (span.end < end) low = mid + 1
    else if (span.start > start) high = mid - 1
    else return true
  }
  return false
}

const DIRECTIVE = /^<!--\s*mt-tidy-(disable|enable)((?:\s+[a-z0-9][a-z0-9./-]*)*)\s*-->$/iu

/**
 * Ranges switched off by `<!-- mt-tidy-disable RULE ... -->` up to the matching
 * `<!-- mt-tidy-enable RULE ... -->` (or the end). Without rule ids, every rule.
 */
export function disabledRanges(tree: Root, length: number): DisabledRange[] {
  const open = new Map<string, number>()
  const ranges: DisabledRange[] = []
  const ALL = ''
  visit(tree, 'html', (node) => {
    const match = DIRECTIVE.exec(node.value.trim())
    const at = offsets(node)
    if (!match || !at) return
    const rules = (match[2] ?? '').trim().split(/\s+/u).filter(Boolean)
    for (const rule of rules.length ? rules : [ALL]) {
      if (match[1]?.toLowerCase() === 'disable') {
        if (!open.has(rule)) open.set(rule, at.end)
      } else {
        const start = open.get(rule)
        if (start === undefined) continue
        open.delete(rule)
        ranges.push({ ...(rule === ALL ? {} : { rule }), start, end: at.start })
      }
    }
  })
  for (const [rule, start] of open)
    ranges.push({ ...(rule === ALL ? {} : { rule }), start, end: length })
  return ranges
}

/**
 * Changes removing whole blocks (`doomed`: block index → why), each with its separator, never
 * overlapping each other: a block takes the gap after it, or before it at the article's end so
 * that no blank tail is left.
 */
export function blockRemovals(
  blocks: readonly Block[],
  doomed: ReadonlyMap<number, RuleInfo | { info: RuleInfo; evidence: Record<string, unknown> }>,
): Change[] {
  const changes: Change[] = []
  for (let i = 0; i < blocks.length; i++) {
    const why = doomed.get(i)
    if (!why) continue
    const block = blocks[i] as Block
    let nextKept = i + 1
    while (nextKept < blocks.length && doomed.has(nextKept)) nextKept++
    const start =
      nextKept < blocks.length ? block.start : i > 0 ? (blocks[i - 1] as Block).end : block.start
    const end = nextKept < blocks.length ? (blocks[i + 1] as Block).start : block.end
    changes.push(
      'info' in why ? { start, end, after: '', ...why } : { start, end, after: '', info: why },
    )
  }
  return changes
}
