/**
 * Metadata stage: reads the top of a scraped article — headline, byline (source and publication
 * time, kept as written), an optional Chinese headline above the English one, furniture lines
 * such as `share_log` — into `meta`, and replaces that header with a `# Title` heading. The
 * front-matter stage writes the metadata out at the end.
 *
 * Layouts read (time formats, separators and furniture come from `rules/metadata/`):
 *   Title ·  Sep 4 21:01                    (headline with the byline time glued on)
 *   Title⏎Breakings · 12/07/2023 19:17      (byline on its own line, after or before the title)
 *   Zhitong Finance · Mar 18 08:43           (byline alone: no headline in the page)
 *   share_log⏎中文标题⏎English title · ...   (furniture and a Chinese headline first)
 * A first line is only taken for a headline when a byline or a Chinese headline marks it as one.
 */
import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import { articleOf } from '../core/article.js'
import { leafBlockSpans } from '../core/structure.js'
import type { RuleInfo } from '../core/types.js'
import { escapeRegExp } from '../lib/regexp.js'
import type { HeaderRule, HeaderRules } from '../rules/metadata.js'

export const STAGE = 'metadata'

export interface MetadataOptions {
  rules: HeaderRules
  /** Longest line taken for a headline. */
  maxTitleLength?: number
}

interface Line {
  start: number
  end: number
  text: string
}

const HAN = /\p{Script=Han}/gu

function hanShare(text: string): number {
  const letters = text.replace(/[\s\p{P}\p{S}\d]/gu, '')
  return letters.length ? (text.match(HAN)?.length ?? 0) / letters.length : 0
}

/** The first `count` non-blank lines of the text, with offsets. */
function leadingLines(text: string, from: number, count: number): Line[] {
  const lines: Line[] = []
  const pattern = /([^\r\n]*)(\r\n|\r|\n|$)/gy
  pattern.lastIndex = from
  while (lines.length < count && pattern.lastIndex < text.length) {
    const at = pattern.lastIndex
    const match = pattern.exec(text)
    if (!match) break
    const raw = match[1] ?? ''
    if (raw.trim()) {
      const lead = raw.length - raw.trimStart().length
      lines.push({ start: at + lead, end: at + raw.trimEnd().length, text: raw.trim() })
    }
    if (match[0].length === 0) break
  }
  return lines
}

export const metadata: Plugin<[MetadataOptions], Root> = (options) => {
  const times = options.rules.rules.filter((rule) => rule.kind === 'time')
  const furniture = options.rules.rules.filter((rule) => rule.kind === 'furniture')
  const separators = options.rules.separators.map(escapeRegExp).join('|') || '·'
  const time = times.map((rule) => `(?:${rule.source})`).join('|')
  const sources = new Set(options.rules.sources.map((name) => name.toLowerCase()))
  const maxTitle = options.maxTitleLength ?? 250
  // "<source?> <sep> <time>" at the end of a line; the source part is short and sentence-free.
  const byline = time ? new RegExp(`^(.*?)\\s*(?:${separators})\\s*(${time})$`, 'iu') : undefined

  const timeRule = (value: string): HeaderRule | undefined =>
    times.find((rule) => rule.regex.test(value))
  const note = (rule: HeaderRule | undefined, fallback: string): RuleInfo => ({
    stage: STAGE,
    rule: rule?.id ?? fallback,
    category: 'Design and markup',
    severity: 'info',
    reason: rule?.reason ?? 'page header',
  })

  return (tree, file) => {
    const state = articleOf(file)
    const { draft, meta } = state
    // An article that already has front matter or opens with a heading was cleaned before.
    const first = tree.children[0]
    if (!first || first.type === 'yaml' || first.type === 'heading') return
    const text = draft.text
    const from = draft.toCurrent(first.position?.start.offset ?? 0, 'after')
    const lines = leadingLines(text, from, 5)

    let index = 0
    const dropped: HeaderRule[] = []
    while (index < lines.length) {
      const rule = furniture.find((candidate) => candidate.regex.test((lines[index] as Line).text))
      if (!rule) break
      dropped.push(rule)
      index++
    }
    let titleZh: string | undefined
    let title: string | undefined
    let source: string | undefined
    let published: string | undefined
    let used = index
    let titleAt: number | undefined
    const bylineOf = (line: Line | undefined) => {
      const match = line && byline?.exec(line.text)
      return match ? { before: (match[1] ?? '').trim(), time: match[2] ?? '' } : undefined
    }
    const isSource = (value: string) =>
      value === '' ||
      sources.has(value.toLowerCase()) ||
      (value.split(/\s+/u).length <= 2 && !/[.!?。]$/u.test(value))
    const sameBlock = (a: Line, b: Line | undefined) =>
      b !== undefined && !/\n[ \t]*\r?\n/u.test(text.slice(a.end, b.start))
    const titleLike = (line: Line | undefined) =>
      line !== undefined &&
      !bylineOf(line) &&
      line.text.length <= maxTitle &&
      hanShare(line.text) < 0.2

    const zh = lines[index]
    const english = lines[index + 1]
    // A short Chinese line right above an English headline (with or without its byline), in
    // the same block: a Chinese paragraph of its own is text (as mixed-script splits one off).
    if (
      zh &&
      english &&
      sameBlock(zh, english) &&
      zh.text.length <= 80 &&
      hanShare(zh.text) > 0.6 &&
      hanShare(english.text) < 0.2 &&
      english.text.length <= maxTitle + 40
    ) {
      titleZh = zh.text
      index++
    }
    const line = lines[index]
    const own = bylineOf(line)
    const next = lines[index + 1]
    const nextByline = bylineOf(next)
    if (line && own && isSource(own.before)) {
      // "Source · time", with the headline on the next line of the same block, if any.
      source = own.before || undefined
      published = own.time
      used = index + 1
      if (next && sameBlock(line, next) && titleLike(next)) {
        title = next.text
        titleAt = next.start
        used = index + 2
      }
    } else if (line && own) {
      // "Title · time": the headline with the byline time glued on.
      title = own.before
      titleAt = line.start
      published = own.time
      used = index + 1
    } else if (line && nextByline && isSource(nextByline.before) && titleLike(line)) {
      // "Title⏎Source · time".
      title = line.text
      titleAt = line.start
      source = nextByline.before || undefined
      published = nextByline.time
      used = index + 2
    } else if (line && titleZh && titleLike(line)) {
      title = line.text
      titleAt = line.start
      used = index + 1
    }
    if (used === 0 || (!title && !published && !titleZh && dropped.length === 0)) return
    // Header lines are prose: never a line of a code block, HTML or a table.
    const paragraphs = leafBlockSpans(tree)
      .filter((span) => span.type === 'paragraph')
      .map((span) => ({
        start: draft.toCurrent(span.start, 'after'),
        end: draft.toCurrent(span.end, 'before'),
      }))
    const inParagraph = (line: Line) =>
      paragraphs.some((span) => span.start <= line.start && line.end <= span.end)
    if (!lines.slice(0, used).every(inParagraph)) return
    const last = lines[used - 1] as Line
    const headerEnd = last.end
    const publishedRule = published ? timeRule(published) : undefined
    const info = title
      ? note(publishedRule, 'metadata/headline')
      : note(publishedRule ?? dropped[0], 'metadata/header')
    const reasonParts = [
      title ? `headline → "# ${title}"` : undefined,
      source ? `source "${source}"` : undefined,
      published ? `published "${published}"` : undefined,
      titleZh ? `Chinese headline "${titleZh}"` : undefined,
      ...dropped.map((rule) => `furniture line (${rule.reason})`),
    ].filter(Boolean)
    const bom = text.startsWith('\uFEFF') ? 1 : 0
    const reason = `page header moved to metadata: ${reasonParts.join('; ')}`
    if (title && titleAt !== undefined) {
      // The headline's own words stay untouched (later stages may still correct them): only
      // what surrounds it goes, and "# " marks it as the title.
      const titleEnd = titleAt + title.length
      draft.applyAll([
        { start: bom, end: titleAt, after: '# ', info: { ...info, reason } },
        ...(headerEnd > titleEnd
          ? [{ start: titleEnd, end: headerEnd, after: '', info: { ...info, reason } }]
          : []),
      ])
      meta.titleSpan = [
        draft.toInput(bom + 2, 'after'),
        draft.toInput(bom + 2 + title.length, 'before'),
      ]
    } else {
      // No headline: the byline and furniture go, with the blank lines around them.
      draft.replace({
        start: bom,
        end: Math.min(text.length, skipBlank(text, headerEnd)),
        after: '',
        info: { ...info, reason },
      })
    }
    if (title) meta.title = title
    if (titleZh) meta.titleZh = titleZh
    if (source) meta.source = source
    if (published) meta.published = published
  }
}

function skipBlank(text: string, at: number): number {
  while (at < text.length && /\s/u.test(text[at] as string)) at++
  return at
}
