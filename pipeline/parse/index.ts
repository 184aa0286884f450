/**
 * Parsing: one parse per article, shared by every stage. Markdown goes through remark-parse
 * (with YAML front matter); plain text has no markdown meaning, so it becomes paragraphs split at
 * blank lines and nothing else: `*`, `#`, indentation and backticks in a .txt are just text.
 */
import type { Paragraph, Root, Text } from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'
import { lineStarts, pointAt } from '../core/draft.js'
import { trimSpan } from '../core/structure.js'

export type Format = 'md' | 'txt'

const markdown = unified().use(remarkParse).use(remarkFrontmatter, ['yaml'])

const BOM = '\uFEFF'

export function formatOf(path: string | undefined): Format {
  return path && /\.txt$/i.test(path) ? 'txt' : 'md'
}

export function parseArticle(text: string, format: Format): Root {
  // micromark drops a leading BOM from its offsets; parse without it and shift back, so that
  // node positions always index the text as read.
  const shift = text.startsWith(BOM) ? 1 : 0
  const body = shift ? text.slice(1) : text
  const tree = format === 'txt' ? parsePlainText(body) : markdown.parse(body)
  if (shift) {
    visit(tree, (node) => {
      if (node.position) {
        node.position.start.offset = (node.position.start.offset ?? 0) + shift
        node.position.end.offset = (node.position.end.offset ?? 0) + shift
      }
    })
  }
  return tree
}

const BLANK_LINE = /(?:\r?\n|\r)(?:[ \t]*(?:\r?\n|\r))+/g

function parsePlainText(text: string): Root {
  const lines = lineStarts(text)
  const span = (from: number, to: number) => ({
    start: pointAt(lines, from),
    end: pointAt(lines, to),
  })
  const children: Paragraph[] = []
  let start = 0
  const push = (from: number, to: number) => {
    // Keep leading indentation out of the paragraph but inside the document, as markdown does;
    // only what markdown calls whitespace counts (a stray U+FEFF or NBSP is text).
    const trimmed = trimSpan(text, from, to)
    if (!trimmed) return
    const { start, end } = trimmed
    // Each node gets its own position object: the BOM shift below moves every node once.
    const leaf: Text = { type: 'text', value: text.slice(start, end), position: span(start, end) }
    children.push({ type: 'paragraph', children: [leaf], position: span(start, end) })
  }
  for (const match of text.matchAll(BLANK_LINE)) {
    push(start, match.index)
    start = match.index + match[0].length
  }
  push(start, text.length)
  return { type: 'root', children, position: span(0, text.length) }
}
