/**
 * Mixed-script stage: a Chinese sentence glued into or onto an English paragraph (a scraped page
 * that lost the break between an untranslated paragraph and the English one) becomes its own
 * paragraph, so that later stages (leftover Chinese, dedupe) see it as a unit. An English fragment
 * the cut leaves without final punctuation is flagged as truncated.
 *
 * When a Chinese run is split off (all must hold):
 * - it is sentence-like: at least `minHan` Han characters with a Chinese clause or sentence mark,
 *   or at least `minHanWithoutMarks` Han characters. `users of 淘宝 can pay` is a name inside an
 *   English sentence (a later stage translates names) and stays.
 * - on each side that has English (Latin letters), it stands at a boundary: the English is glued
 *   to it with no space (scraping damage), or a line break separates them, or the English ends a
 *   sentence; or the run closes the paragraph (after an English clause that does not end in `:`,
 *   which introduces a quotation); on the right, the run ends a sentence and the English after it
 *   starts a new one. A Chinese slogan quoted mid-sentence stays.
 * Splitting repeats on the pieces until nothing changes, so a second run finds nothing to do.
 */
import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import { visit } from 'unist-util-visit'
import { articleOf } from '../core/article.js'
import type { Change, Draft } from '../core/draft.js'
import { currentBlocks, editableSpans, type Span, within } from '../core/structure.js'
import type { RuleInfo } from '../core/types.js'
import { countHan, type HanRun, hanRuns } from '../lib/han.js'

export const STAGE = 'mixed-script'

export interface MixedScriptOptions {
  /** Han characters a run with a Chinese clause or sentence mark needs to count as a sentence. */
  minHan?: number
  /** Han characters a run without such marks needs. */
  minHanWithoutMarks?: number
}

export const DEFAULT_MIN_HAN = 8
export const DEFAULT_MIN_HAN_WITHOUT_MARKS = 20

const SPLIT_INFO: RuleInfo = {
  stage: STAGE,
  rule: 'mixed-script/split-chinese',
  category: 'Design and markup',
  severity: 'minor',
  reason:
    'A Chinese sentence glued to English text is set apart as its own paragraph, so it can be handled as a unit',
}

const TRUNCATED_INFO: RuleInfo = {
  stage: STAGE,
  rule: 'mixed-script/truncated-english',
  category: 'Accuracy/Omission',
  severity: 'major',
  reason:
    'The English stops without final punctuation where Chinese text was glued on: its translation is probably cut short',
}

/** Chinese (and ASCII, which scraped Chinese often uses) clause and sentence marks between Han. */
const CLAUSE_MARK = /[。！？；，、：]|\p{Script=Han}[,;:.!?]\s?\p{Script=Han}/u
/** A run ending a Chinese sentence, with closing quotes or brackets after the mark. */
const SENTENCE_END_ZH = /[。！？!?.…][”’」』）)"']*$/u
/** English that ends a sentence (closing quotes or brackets may follow the mark). */
const SENTENCE_END_EN = /[.!?…]["'”’)\]]*$/u
/** A new English sentence starts with a capital, a digit or an opening quote or bracket. */
const SENTENCE_START_EN = /^["'“‘([]*[\p{Lu}\p{N}]/u
const LATIN = /[A-Za-z]/

export function isSentenceLike(
  run: string,
  minHan = DEFAULT_MIN_HAN,
  minHanWithoutMarks = DEFAULT_MIN_HAN_WITHOUT_MARKS,
): boolean {
  const han = countHan(run)
  if (han >= minHanWithoutMarks) return true
  return han >= minHan && (CLAUSE_MARK.test(run) || SENTENCE_END_ZH.test(run))
}

/** A Latin word glued after a Chinese full stop (`。Taobao`), which `hanRuns` takes as a loanword. */
const WORD_AFTER_SENTENCE_MARK = /(?<=[。！？][”’」』）]*)[A-Za-z0-9][A-Za-z0-9.&+-]*$/u

/**
 * A run ends at its Chinese sentence mark: a Latin word glued after `。` starts the next (English)
 * sentence, it is not a brand name inside the Chinese one.
 */
function endAtSentenceMark(run: HanRun): HanRun {
  const word = WORD_AFTER_SENTENCE_MARK.exec(run.text)
  if (!word) return run
  const text = run.text.slice(0, word.index)
  return { start: run.start, end: run.start + text.length, text }
}

interface Cut {
  /** The whitespace (possibly empty) replaced by the paragraph break. */
  start: number
  end: number
  /** For a cut with English on its left: that English, to check for truncation. */
  englishBefore?: Span
  /** The Chinese run the cut sets apart, for the finding's evidence. */
  run: HanRun
}

interface Piece {
  start: number
  end: number
}

/** A piece of text trimmed of whitespace at both ends, or undefined if nothing is left. */
function trimmed(text: string, start: number, end: number): Piece | undefined {
  while (start < end && /\s/u.test(text[start] as string)) start++
  while (end > start && /\s/u.test(text[end - 1] as string)) end--
  return end > start ? { start, end } : undefined
}

/**
 * The cuts that set the first splittable run of `piece` apart, in absolute offsets, or none.
 * `run` offsets from `hanRuns` are relative to the piece, as the next run sees the piece as a block.
 */
function cutsFor(
  text: string,
  piece: Piece,
  isSentence: (run: string) => boolean,
  canCut: (at: number, end: number) => boolean,
): Cut[] {
  const local = text.slice(piece.start, piece.end)
  for (const found of hanRuns(local)) {
    const relative = endAtSentenceMark(found)
    if (!isSentence(relative.text)) continue
    const run: HanRun = {
      start: piece.start + relative.start,
      end: piece.start + relative.end,
      text: relative.text,
    }
    // English on the run's own line decides by punctuation; English only on other lines of the
    // paragraph is cut off at the line break, which is a boundary in every format.
    const lineStart = Math.max(piece.start, lineStartOf(text, run.start))
    const lineEnd = Math.min(piece.end, lineEndOf(text, run.end))
    const sameLineBefore = LATIN.test(text.slice(lineStart, run.start))
    const sameLineAfter = LATIN.test(text.slice(run.end, lineEnd))
    const cuts: Cut[] = []
    const before = trimmed(text, piece.start, sameLineBefore ? run.start : lineStart)
    if (before && LATIN.test(text.slice(before.start, before.end))) {
      const englishText = text.slice(before.start, before.end)
      if (sameLineBefore) {
        const glued = before.end === run.start
        const endsSentence = SENTENCE_END_EN.test(englishText)
        const closesLine = !sameLineAfter && !/[:：]$/.test(englishText)
        if (!glued && !endsSentence && !closesLine) continue
        cuts.push({ start: before.end, end: run.start, englishBefore: before, run })
      } else {
        const lineContent = trimmed(text, lineStart, run.start)?.start ?? run.start
        cuts.push({ start: before.end, end: lineContent, englishBefore: before, run })
      }
    }
    const after = trimmed(text, sameLineAfter ? run.end : lineEnd, piece.end)
    if (after && LATIN.test(text.slice(after.start, after.end))) {
      if (sameLineAfter) {
        const newSentence =
          SENTENCE_END_ZH.test(run.text) &&
          SENTENCE_START_EN.test(text.slice(after.start, after.end))
        if (!newSentence) continue
        cuts.push({ start: run.end, end: after.start, run })
      } else {
        const lineContentEnd = trimmed(text, run.end, lineEnd)?.end ?? run.end
        cuts.push({ start: lineContentEnd, end: after.start, run })
      }
    }
    if (cuts.length === 0) continue
    if (cuts.every((cut) => canCut(cut.start, cut.end))) return cuts
  }
  return []
}

/** All cuts in a paragraph: split, then look again in each piece, until no piece splits. */
function paragraphCuts(
  text: string,
  paragraph: Piece,
  isSentence: (run: string) => boolean,
  canCut: (at: number, end: number) => boolean,
): Cut[] {
  const all: Cut[] = []
  const pending: Piece[] = [paragraph]
  for (let piece = pending.pop(); piece; piece = pending.pop()) {
    const cuts = cutsFor(text, piece, isSentence, canCut)
    if (cuts.length === 0) continue
    all.push(...cuts)
    let from = piece.start
    for (const cut of cuts) {
      const part = trimmed(text, from, cut.start)
      if (part) pending.push(part)
      from = cut.end
    }
    const rest = trimmed(text, from, piece.end)
    if (rest) pending.push(rest)
  }
  return all.sort((a, b) => a.start - b.start)
}

function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1
}

function lineEndOf(text: string, offset: number): number {
  const match = /\r|\n/.exec(text.slice(offset))
  return match ? offset + match.index : text.length
}

/** The document's line ending: the first one it uses, `\n` if it has none. */
export function lineEndingOf(text: string): string {
  const match = /\r\n|\n|\r/.exec(text)
  return match ? match[0] : '\n'
}

const LIST_MARKER = /(^|[\s>])(?:[-*+]|\d{1,9}[.)])(?=[ \t])/g

/**
 * What must follow the line break for text to stay in the paragraph's container: nothing at top
 * level, `> ` in a blockquote, the item's indentation in a list item.
 */
function containerPrefix(text: string, blockStart: number): string | undefined {
  const lineStart =
    Math.max(text.lastIndexOf('\n', blockStart - 1), text.lastIndexOf('\r', blockStart - 1)) + 1
  const prefix = text.slice(lineStart, blockStart)
  if (/^[ \t]*$/.test(prefix)) return ''
  if (!/^[ \t>\-*+.)0-9]*$/.test(prefix)) return undefined
  return prefix.replace(
    LIST_MARKER,
    (marker, lead: string) => lead + ' '.repeat(marker.length - lead.length),
  )
}

/** Current spans of inline markup a paragraph break must not fall into (links, emphasis, code). */
function inlineSpans(draft: Draft, tree: Root): Span[] {
  const spans: Span[] = []
  const inline = new Set([
    'link',
    'linkReference',
    'emphasis',
    'strong',
    'delete',
    'inlineCode',
    'html',
    'image',
    'imageReference',
    'footnoteReference',
  ])
  visit(tree, (node) => {
    if (!inline.has(node.type)) return
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if (start !== undefined && end !== undefined) {
      spans.push({ start: draft.toCurrent(start, 'after'), end: draft.toCurrent(end, 'before') })
    }
  })
  return spans
}

/** The English sentence a truncated fragment belongs to: from its last sentence end to the cut. */
function lastSentence(text: string, english: Span): Span {
  const slice = text.slice(english.start, english.end)
  let start = 0
  for (const match of slice.matchAll(/[.!?…]["'”’)\]]*\s+(?=\S)/gu))
    start = match.index + match[0].length
  return { start: english.start + start, end: english.end }
}

const CONTEXT = 80

export const mixedScript: Plugin<[MixedScriptOptions?], Root> = (options = {}) => {
  const minHan = options.minHan ?? DEFAULT_MIN_HAN
  const minHanWithoutMarks = options.minHanWithoutMarks ?? DEFAULT_MIN_HAN_WITHOUT_MARKS
  const isSentence = (run: string) => isSentenceLike(run, minHan, minHanWithoutMarks)
  return (tree, file) => {
    const { draft } = articleOf(file)
    const text = draft.text
    const editable = editableSpans(draft, tree)
    const inline = inlineSpans(draft, tree)
    const eol = lineEndingOf(text)
    const changes: Change[] = []
    for (const block of currentBlocks(draft, tree)) {
      if (block.type !== 'paragraph' || countHan(block.text) < minHan) continue
      const prefix = containerPrefix(text, block.start)
      if (prefix === undefined) continue
      // A break goes only into prose whitespace (or an empty point) outside inline markup.
      const canCut = (start: number, end: number) =>
        /^\s*$/.test(text.slice(start, end)) &&
        within(editable, start, end) &&
        !inline.some((span) => span.start < Math.max(end, start + 1) && start < span.end)
      for (const cut of paragraphCuts(text, block, isSentence, canCut)) {
        changes.push({
          start: cut.start,
          end: cut.end,
          after: `${eol}${prefix.trimEnd()}${eol}${prefix}`,
          info: SPLIT_INFO,
          evidence: { chinese: cut.run.text.slice(0, CONTEXT) },
        })
        const english = cut.englishBefore
        if (!english) continue
        const englishText = text.slice(english.start, english.end)
        if (SENTENCE_END_EN.test(englishText) || /[:：]$/.test(englishText)) continue
        const fragment = lastSentence(text, english)
        draft.flag(fragment.start, fragment.end, TRUNCATED_INFO, {
          evidence: {
            before: text.slice(Math.max(block.start, fragment.start - CONTEXT), fragment.start),
            fragment: text.slice(fragment.start, fragment.end),
            followedBy: cut.run.text.slice(0, CONTEXT),
          },
        })
      }
    }
    draft.applyAll(changes)
  }
}
