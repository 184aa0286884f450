/**
 * House-style stage: quote style, spacing around punctuation, full-width punctuation inside
 * English, whitespace (double and trailing spaces, stray indentation, extra blank lines) and
 * house casing. Which behaviours run, how they are reported and the word lists come from the
 * style rules (`rules/style/*.yml`); each rule's `kind` names one mechanic below.
 *
 * Every mechanic is conservative: it edits only English prose (never code, URLs, link targets or
 * Chinese text), and whatever it cannot decide (an unpaired quote, a `21 : 01` that may be a time
 * or a score) it leaves alone. Mechanics run one after another, each on the text the previous one
 * left, so no two edits of one `applyAll` overlap.
 */
import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import { articleOf } from '../core/article.js'
import type { Change, Draft } from '../core/draft.js'
import {
  type Block,
  currentBlocks,
  editableSpans,
  isBlank,
  type Span,
  within,
} from '../core/structure.js'
import type { RuleInfo } from '../core/types.js'
import { hanRuns, isCjkPunctuation, isHanCharacter } from '../lib/han.js'
import { escapeRegExp } from '../lib/regexp.js'
import type { Format } from '../parse/index.js'
import {
  type QuoteStyle,
  STYLE_KINDS,
  type StyleKind,
  type StyleRule,
  shippedStyleRules,
} from '../rules/style.js'

export const STAGE = 'style'

export interface StyleOptions {
  /** The style rules, usually `loadStyleRules(dir)`; by default the shipped ones. */
  rules?: readonly StyleRule[]
  /** Quote style; overrides the quotes rule's `style` (default `straight`). */
  quotes?: QuoteStyle
  /** Rule ids to switch off; `style/casing` switches off every `style/casing/...` rule. */
  disable?: readonly string[]
}

/** What every mechanic sees: the current text and where it may edit. */
interface Scene {
  text: string
  format: Format
  editable: Span[]
  /** Paragraphs and headings, in order. */
  prose: Block[]
  /** Every leaf block, in order (the gaps between them are inter-block whitespace). */
  blocks: Block[]
  /** Current spans of paragraphs and headings that are direct children of the root. */
  topLevel: Span[]
}

interface Flag {
  start: number
  end: number
  info: RuleInfo
}

interface Outcome {
  changes: Change[]
  flags: Flag[]
}

type Mechanic = (scene: Scene, rule: StyleRule, info: RuleInfo, quotes: QuoteStyle) => Outcome

export const style: Plugin<[StyleOptions?], Root> = (options = {}) => {
  const disabled = options.disable ?? []
  const isDisabled = (id: string) =>
    disabled.some((off) => id === off || id.startsWith(`${off.replace(/\/$/, '')}/`))
  const rules = [...(options.rules ?? shippedStyleRules())]
    .filter((rule) => rule.enabled && !isDisabled(rule.id))
    .sort((a, b) => STYLE_KINDS.indexOf(a.kind) - STYLE_KINDS.indexOf(b.kind))
  return (tree, file) => {
    const { draft, format } = articleOf(file)
    for (const rule of rules) {
      const scene = sceneOf(draft, tree, format)
      const quotes = options.quotes ?? rule.style ?? 'straight'
      const info: RuleInfo = {
        stage: STAGE,
        rule: rule.id,
        category: rule.category,
        severity: rule.severity,
        reason: rule.reason,
      }
      const outcome = MECHANICS[rule.kind](scene, rule, info, quotes)
      for (const flag of outcome.flags) draft.flag(flag.start, flag.end, flag.info)
      draft.applyAll(outcome.changes)
    }
  }
}

function sceneOf(draft: Draft, tree: Root, format: Format): Scene {
  const blocks = currentBlocks(draft, tree)
  const topLevel: Span[] = []
  for (const node of tree.children) {
    if (node.type !== 'paragraph' && node.type !== 'heading') continue
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if (start === undefined || end === undefined) continue
    topLevel.push({ start: draft.toCurrent(start, 'after'), end: draft.toCurrent(end, 'before') })
  }
  return {
    text: draft.text,
    format,
    editable: editableSpans(draft, tree),
    prose: blocks.filter((block) => block.type === 'paragraph' || block.type === 'heading'),
    blocks,
    topLevel,
  }
}

// ---------------------------------------------------------------------------------------------
// Characters

const WORD = /^[\p{L}\p{N}\p{M}]$/u
const LETTER = /^\p{L}$/u
const SPACE = /^[ \t]$/
const WHITESPACE = /^\s$/u
const QUOTE_GLYPHS = `"“”'‘’`
const OPENERS = '([{<'
const CLOSERS = ')]}>'

const isChinese = (ch: string) => ch !== '' && (isHanCharacter(ch) || isCjkPunctuation(ch))
/** A letter, digit or mark of an alphabetic script: Han is not a "word" for English quoting. */
const isWord = (ch: string) => WORD.test(ch) && !isChinese(ch)
const isWhite = (ch: string) => WHITESPACE.test(ch)

function charAt(text: string, at: number, span: Span): string {
  return at >= span.start && at < span.end ? (text[at] as string) : ''
}

/** The nearest letter or CJK mark before `at` (skipping digits, spaces, ASCII punctuation). */
function scriptBefore(text: string, at: number, span: Span, skip = ''): string {
  for (let i = at - 1; i >= span.start; i--) {
    const ch = text[i] as string
    if (skip.includes(ch)) continue
    if (LETTER.test(ch) || isChinese(ch)) return ch
  }
  return ''
}

/** The nearest letter or CJK mark at or after `at`. */
function scriptAfter(text: string, at: number, span: Span, skip = ''): string {
  for (let i = at; i < span.end; i++) {
    const ch = text[i] as string
    if (skip.includes(ch)) continue
    if (LETTER.test(ch) || isChinese(ch)) return ch
  }
  return ''
}

function blockAt(blocks: readonly Block[], at: number): Block | undefined {
  let low = 0
  let high = blocks.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const block = blocks[mid] as Block
    if (block.end <= at) low = mid + 1
    else if (block.start > at) high = mid - 1
    else return block
  }
  return undefined
}

const inside = (spans: readonly Span[], start: number, end: number) =>
  spans.some((span) => span.start <= start && end <= span.end)

const none = (): Outcome => ({ changes: [], flags: [] })

// ---------------------------------------------------------------------------------------------
// Full-width punctuation inside English

const FULLWIDTH: Record<string, string> = {
  '，': ',',
  '。': '.',
  '：': ':',
  '；': ';',
  '！': '!',
  '？': '?',
  '（': '(',
  '）': ')',
}
const FULLWIDTH_MARKS = Object.keys(FULLWIDTH).join('')
const FULLWIDTH_PATTERN = new RegExp(`[${escapeRegExp(FULLWIDTH_MARKS)}]`, 'u')
/** After these nothing needs a space: closing marks and other punctuation. */
const NO_SPACE_BEFORE = `${CLOSERS}"'”’,.;:!?…*_${FULLWIDTH_MARKS}`

/**
 * A full-width mark is in English when the nearest letters on both sides (within the paragraph)
 * are not Chinese and at least one is Latin; digits and ASCII punctuation say nothing.
 */
function englishAround(text: string, start: number, end: number, block: Span): boolean {
  const before = scriptBefore(text, start, block, FULLWIDTH_MARKS)
  const after = scriptAfter(text, end, block, FULLWIDTH_MARKS)
  if (isChinese(before) || isChinese(after)) return false
  return before !== '' || after !== ''
}

const fullwidthPunctuation: Mechanic = (scene, _rule, info) => {
  const { text } = scene
  const changes: Change[] = []
  for (const block of scene.prose) {
    if (!FULLWIDTH_PATTERN.test(block.text)) continue
    // A mark inside a Chinese run (`苹果发布了 iPhone 15。`) is Chinese punctuation, whatever its
    // nearest letters: the leftover-Chinese stage reads the same runs.
    const runs = hanRuns(block.text).map((run) => ({
      start: block.start + run.start,
      end: block.start + run.end,
    }))
    const inChineseRun = (at: number) => runs.some((run) => run.start <= at && at < run.end)
    const pairedParens = new Map<number, number>()
    for (let i = block.start; i < block.end; i++) {
      if (text[i] !== '（') continue
      const close = text.indexOf('）', i + 1)
      const nextOpen = text.indexOf('（', i + 1)
      if (close < 0 || close >= block.end || (nextOpen >= 0 && nextOpen < close)) continue
      pairedParens.set(i, close)
      pairedParens.set(close, i)
    }
    for (let i = block.start; i < block.end; i++) {
      const mark = text[i] as string
      const ascii = FULLWIDTH[mark]
      if (ascii === undefined || !within(scene.editable, i, i + 1) || inChineseRun(i)) continue
      if (mark === '（' || mark === '）') {
        const partner = pairedParens.get(i)
        if (partner === undefined) continue
        const [open, close] = mark === '（' ? [i, partner] : [partner, i]
        if (/[\p{Script=Han}]/u.test(text.slice(open + 1, close))) continue
        if (!englishAround(text, open, close + 1, block)) continue
        const before = charAt(text, i - 1, block)
        const after = charAt(text, i + 1, block)
        if (mark === '（') {
          const glued = before !== '' && !isWhite(before) && !OPENERS.includes(before)
          changes.push({ start: i, end: i + 1, after: glued ? ' (' : '(', info })
        } else {
          const glued = after !== '' && isWord(after)
          changes.push({ start: i, end: i + 1, after: glued ? ') ' : ')', info })
        }
        continue
      }
      if (!englishAround(text, i, i + 1, block)) continue
      let start = i
      while (start > block.start && SPACE.test(text[start - 1] as string)) start--
      // Spaces at the start of a line are indentation, not spacing before the mark.
      if (start === block.start || text[start - 1] === '\n') start = i
      const before = charAt(text, start - 1, block)
      const after = charAt(text, i + 1, block)
      const betweenDigits = /\d/.test(before) && /\d/.test(after) && mark !== '；'
      const needsSpace =
        after !== '' && !isWhite(after) && !NO_SPACE_BEFORE.includes(after) && !betweenDigits
      changes.push({ start, end: i + 1, after: ascii + (needsSpace ? ' ' : ''), info })
    }
  }
  return { changes, flags: [] }
}

// ---------------------------------------------------------------------------------------------
// No space before , . ; : ! ?

/** After the mark: the end, a space, or a closing mark; anything else (`.NET`, `:)`) is not prose. */
const AFTER_PUNCTUATION = /^(?:$|[\s"'”’)\]}*_])/u

const spaceBeforePunctuation: Mechanic = (scene, _rule, info) => {
  const { text } = scene
  const changes: Change[] = []
  for (const match of text.matchAll(/([^\s])([ \t]+)([,.;:!?])/gu)) {
    const previous = match[1] as string
    const spaces = match[2] as string
    const mark = match[3] as string
    const start = match.index + previous.length
    const markAt = start + spaces.length
    if (!within(scene.editable, start, markAt + 1)) continue
    const block = blockAt(scene.prose, markAt)
    if (!block) continue
    const rest = text.slice(markAt + 1, Math.min(block.end, markAt + 8))
    if (!AFTER_PUNCTUATION.test(rest)) continue
    if (isChinese(previous) || `${OPENERS}“‘-–—/&`.includes(previous)) continue
    // `smile. .`, `?" ?`: doubled punctuation is another defect; moving the space hides it.
    let back = start - 1
    while (back > block.start && `"'”’)]}*_`.includes(text[back] as string)) back--
    if (/[,.;:!?]/.test(text[back] as string)) continue
    // An ellipsis may stand after a space: `wait ...`, `wait . . .`.
    if (mark === '.' && /^[ \t]?\./.test(rest)) continue
    // `21 : 01`, `3 : 1`: a time, a ratio or a score; not ours to guess.
    if (mark === ':' && /\d/.test(previous) && /^[ \t]*\d/.test(rest)) continue
    changes.push({ start, end: markAt, after: '', info })
  }
  return { changes, flags: [] }
}

// ---------------------------------------------------------------------------------------------
// Quotes

type Role = 'open' | 'close' | 'apostrophe' | 'unknown'

interface Mark {
  at: number
  glyph: string
  double: boolean
  role: Role
}

/** Before an opening quote: nothing, a space, an opening bracket, a dash or another quote. */
const opensAfter = (ch: string) =>
  ch === '' || isWhite(ch) || `${OPENERS}-–—/${QUOTE_GLYPHS}*_`.includes(ch)
/** After a closing quote: nothing, a space, punctuation or a closing bracket. */
const closesBefore = (ch: string) =>
  ch === '' || isWhite(ch) || `${CLOSERS},.;:!?…-–—/${QUOTE_GLYPHS}*_`.includes(ch)

/** Words after a plural possessive (`companies' shares`) are nouns, never these. */
const NOT_AFTER_POSSESSIVE = new Set(
  [
    'a an and are as at be but by for from has have in is it of on or so than that the their',
    'then these they this to was were which while who will with also again here now only',
    'still there today too yet',
  ]
    .join(' ')
    .split(' '),
)

function markRoles(text: string, block: Span, editable: Span[], elisions: string[]): Mark[] {
  const marks: Mark[] = []
  const forcedApostrophes = new Set<number>()
  for (let at = block.start; at < block.end; at++) {
    const glyph = text[at] as string
    if (!QUOTE_GLYPHS.includes(glyph) || !within(editable, at, at + 1)) continue
    const double = `"“”`.includes(glyph)
    const before = charAt(text, at - 1, block)
    const after = charAt(text, at + 1, block)
    const byGlyph: Role =
      glyph === '“' || glyph === '‘' ? 'open' : glyph === '”' ? 'close' : 'unknown'
    let role: Role
    if (forcedApostrophes.has(at)) role = 'apostrophe'
    else if (!double && isWord(before) && isWord(after)) role = 'apostrophe'
    else if (
      !double &&
      opensAfter(before) &&
      elisionAt(text, at, block, elisions, forcedApostrophes)
    )
      role = 'apostrophe'
    else if (
      !double &&
      opensAfter(before) &&
      /^\d\d(?:s)?(?![\p{L}\p{N}])/u.test(text.slice(at + 1, at + 5))
    )
      role = 'apostrophe'
    else if (isChinese(before) || isChinese(after)) role = byGlyph
    else {
      const canOpen = opensAfter(before) && after !== '' && !isWhite(after)
      const canClose =
        before !== '' && !isWhite(before) && !OPENERS.includes(before) && closesBefore(after)
      if (canOpen && !canClose) role = 'open'
      else if (canClose && !canOpen) role = 'close'
      else role = glyph === '’' && !canOpen ? 'apostrophe' : byGlyph
    }
    marks.push({ at, glyph, double, role })
  }
  return marks
}

/** Whether an elision (`'n'`, `'em`) starts at `at`; its inner quote marks become apostrophes. */
function elisionAt(
  text: string,
  at: number,
  block: Span,
  elisions: string[],
  forced: Set<number>,
): boolean {
  const straight = (s: string) => s.replace(/[‘’]/g, "'").toLowerCase()
  for (const elision of elisions) {
    const end = at + elision.length
    if (end > block.end || straight(text.slice(at, end)) !== straight(elision)) continue
    if (isWord(charAt(text, end, block))) continue
    for (let i = at + 1; i < end; i++) if (`'‘’`.includes(text[i] as string)) forced.add(i)
    return true
  }
  return false
}

interface QuotePair {
  open: Mark
  close: Mark
}

function pairDoubles(marks: Mark[]): QuotePair[] | undefined {
  const pairs: QuotePair[] = []
  let open: Mark | undefined
  for (const mark of marks) {
    if (!mark.double) continue
    if (mark.role === 'open' && !open) open = mark
    else if (mark.role === 'close' && open) {
      pairs.push({ open, close: mark })
      open = undefined
    } else return undefined
  }
  return open ? undefined : pairs
}

function isPossessive(text: string, mark: Mark, block: Span): boolean {
  // Plurals end in s, but not in ss, us or is (`openness'`, `bonus'`, `crisis'` close a quote).
  if (!/(?<![sui])s$/.test(text.slice(Math.max(block.start, mark.at - 3), mark.at))) return false
  const next = /^[ \t]+(\p{Ll}[\p{L}-]*)/u.exec(text.slice(mark.at + 1, block.end))
  return next !== null && !NOT_AFTER_POSSESSIVE.has(next[1] as string)
}

/** Single-quote pairs, and the openers that could not be paired with certainty. */
function pairSingles(
  text: string,
  marks: Mark[],
  block: Span,
): { pairs: QuotePair[]; unpaired: Mark[] } {
  const pairs: QuotePair[] = []
  const unpaired: Mark[] = []
  const used = new Set<Mark>()
  marks.forEach((open, index) => {
    if (open.double || open.role !== 'open' || used.has(open)) return
    const sentenceEnd = /[.!?](?=\s)/g
    sentenceEnd.lastIndex = open.at
    const limit = sentenceEnd.exec(text)?.index ?? block.end
    const candidates: Mark[] = []
    for (const mark of marks.slice(index + 1)) {
      if (mark.at > limit || mark.double) break
      if (mark.role === 'open') break
      if (mark.role === 'close') candidates.push(mark)
    }
    // A straight mark closing after a plural (`companies' shares`) may be a possessive: the
    // pair holds only when the first candidate is an unambiguous closer and every later one is
    // such a possessive (`a 'win-win' for the platforms' merchants`). A curly opening mark is
    // never an apostrophe, so its single candidate closes it whatever its shape.
    const close = candidates[0]
    const possessive = (mark: Mark) => open.glyph === "'" && isPossessive(text, mark, block)
    const certain =
      close !== undefined &&
      !possessive(close) &&
      (candidates.length === 1 || candidates.slice(1).every(possessive))
    if (!close || !certain) {
      unpaired.push(open)
      return
    }
    used.add(close)
    pairs.push({ open, close })
  })
  return { pairs, unpaired }
}

/** Chinese quotes (`“淘宝星任务”`, `的“618”大促`) belong to the Chinese text. */
function chinesePair(text: string, pair: QuotePair, block: Span): boolean {
  if (/\p{Script=Han}/u.test(text.slice(pair.open.at + 1, pair.close.at))) return true
  const before = charAt(text, pair.open.at - 1, block)
  const after = charAt(text, pair.close.at + 1, block)
  return isChinese(before) || isChinese(after)
}

const quotesMechanic: Mechanic = (scene, rule, info, quoteStyle) => {
  const { text } = scene
  const changes: Change[] = []
  const flags: Flag[] = []
  const elisions = rule.elisions ?? []
  const curly = quoteStyle === 'curly'
  for (const block of scene.prose) {
    const marks = markRoles(text, block, scene.editable, elisions)
    if (marks.length === 0) continue
    const target = new Map<Mark, string>()
    const doubles = pairDoubles(marks)
    const skip = new Set<Mark>()
    if (doubles) {
      for (const pair of doubles) {
        if (chinesePair(text, pair, block)) {
          skip.add(pair.open)
          skip.add(pair.close)
        } else if (curly) {
          target.set(pair.open, '“')
          target.set(pair.close, '”')
        }
      }
      const { pairs, unpaired } = pairSingles(text, marks, block)
      for (const pair of pairs) {
        if (chinesePair(text, pair, block)) continue
        const nested = doubles.some((d) => d.open.at < pair.open.at && pair.close.at < d.close.at)
        const [open, close] = nested
          ? curly
            ? ['‘', '’']
            : ["'", "'"]
          : curly
            ? ['“', '”']
            : ['"', '"']
        target.set(pair.open, open)
        target.set(pair.close, close)
      }
      for (const mark of unpaired) {
        const near = `${charAt(text, mark.at - 1, block)}${charAt(text, mark.at + 1, block)}`
        if ([...near].some(isChinese)) continue
        flags.push({
          start: mark.at,
          end: Math.min(block.end, mark.at + 24),
          info: {
            ...info,
            category: 'Linguistic conventions/Punctuation',
            severity: 'info',
            reason:
              'A single quote mark that is not clearly paired (or may be an apostrophe); left as is for an editor.',
          },
        })
      }
    }
    for (const mark of marks) {
      if (skip.has(mark) || target.has(mark)) continue
      if (mark.role === 'apostrophe') {
        target.set(mark, curly ? '’' : "'")
        continue
      }
      // Without a trusted pairing, straight style still maps curly glyphs one to one; curly style
      // cannot tell an opening straight quote from a closing one, so it leaves them.
      if (curly) continue
      const near = `${charAt(text, mark.at - 1, block)}${charAt(text, mark.at + 1, block)}`
      if ([...near].some(isChinese)) continue
      if (mark.glyph === '“' || mark.glyph === '”') target.set(mark, '"')
      else if (mark.glyph === '‘' || mark.glyph === '’') target.set(mark, "'")
    }
    for (const [mark, glyph] of target) {
      if (glyph !== mark.glyph)
        changes.push({ start: mark.at, end: mark.at + 1, after: glyph, info })
    }
  }
  return { changes, flags }
}

// ---------------------------------------------------------------------------------------------
// Casing

/** A line in Title Case (a headline): most longer words capitalised. */
function titleCase(line: string): boolean {
  const words = (line.match(/\p{L}[\p{L}'’-]*/gu) ?? []).filter((word) => word.length >= 4)
  if (words.length < 3) return false
  const capitalised = words.filter((word) => /^\p{Lu}/u.test(word)).length
  return capitalised / words.length >= 0.8
}

/** At a sentence start (or after an opening quote), a capital is right whatever the house case. */
function sentenceStart(text: string, at: number, block: Span): boolean {
  const lineStart = Math.max(block.start, text.lastIndexOf('\n', at - 1) + 1)
  // A line start, behind at most a bullet or a number and opening marks.
  if (/^[ \t]*(?:[-*•·]|\d{1,2}[.)])?[ \t]*["'“‘(*_]*$/u.test(text.slice(lineStart, at)))
    return true
  let i = at - 1
  while (i >= block.start && /[\s*_([]/u.test(text[i] as string)) i--
  if (i < block.start) return true
  const ch = text[i] as string
  return `.!?:…"“'‘`.includes(ch) && !(`"'`.includes(ch) && isWord(charAt(text, i - 1, block)))
}

const casingMechanic: Mechanic = (scene, rule, info) => {
  const { text } = scene
  const changes: Change[] = []
  const exceptions = rule.exceptions ?? []
  for (const { from, to } of rule.replace ?? []) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(from)}(?![\\p{L}\\p{N}_])`, 'gu')
    for (const match of text.matchAll(pattern)) {
      const start = match.index
      const end = start + from.length
      if (!within(scene.editable, start, end)) continue
      const block = blockAt(scene.prose, start)
      if (!block) continue
      const lineStart = Math.max(block.start, text.lastIndexOf('\n', start - 1) + 1)
      const newline = text.indexOf('\n', end)
      const lineEnd = newline < 0 || newline > block.end ? block.end : newline
      if (titleCase(text.slice(lineStart, lineEnd))) continue
      let back = start - 1
      while (back >= block.start && SPACE.test(text[back] as string)) back--
      let ahead = end
      while (ahead < block.end && SPACE.test(text[ahead] as string)) ahead++
      const before = charAt(text, back, block)
      const after = charAt(text, ahead, block)
      if (isChinese(before) || isChinese(after)) continue
      if (rule.keepBeforeCapitalised && /^[ \t]+\p{Lu}/u.test(text.slice(end, block.end))) continue
      if (exceptionCovers(text, block, start, end, exceptions)) continue
      const house = sentenceStart(text, start, block)
        ? to.charAt(0).toUpperCase() + to.slice(1)
        : to
      if (house !== from) changes.push({ start, end, after: house, info })
    }
  }
  return { changes: dropOverlaps(changes), flags: [] }
}

function exceptionCovers(
  text: string,
  block: Span,
  start: number,
  end: number,
  exceptions: readonly string[],
): boolean {
  for (const phrase of exceptions) {
    const from = Math.max(block.start, end - phrase.length)
    const to = Math.min(block.end, start + phrase.length)
    for (
      let at = text.indexOf(phrase, from);
      at >= 0 && at < to;
      at = text.indexOf(phrase, at + 1)
    ) {
      if (at <= start && end <= at + phrase.length) return true
    }
  }
  return false
}

function dropOverlaps(changes: Change[]): Change[] {
  const sorted = [...changes].sort((a, b) => a.start - b.start || b.end - a.end)
  const kept: Change[] = []
  for (const change of sorted) {
    const last = kept[kept.length - 1]
    if (!last || last.end <= change.start) kept.push(change)
  }
  return kept
}

// ---------------------------------------------------------------------------------------------
// Whitespace

/** Lines that look like aligned columns keep their runs of spaces. */
const TABULAR = /(?: {3,}\S+){2,}/

const doubleSpace: Mechanic = (scene, _rule, info) => {
  const { text } = scene
  const changes: Change[] = []
  for (const match of text.matchAll(/(?<=[^\s])( {2,})(?=[^\s])/gu)) {
    const start = match.index
    const end = start + (match[1] as string).length
    if (!within(scene.editable, start, end)) continue
    if (isChinese(text[start - 1] as string) || isChinese(text[end] as string)) continue
    const lineStart = text.lastIndexOf('\n', start) + 1
    const newline = text.indexOf('\n', end)
    // Leading indentation is not a column (and the indentation rule removes it in the same run).
    if (TABULAR.test(text.slice(lineStart, newline < 0 ? text.length : newline).trimStart()))
      continue
    changes.push({ start, end, after: ' ', info })
  }
  return { changes, flags: [] }
}

/**
 * Spaces at line ends inside prose, and after the last line of a paragraph or heading. In
 * markdown two trailing spaces inside a paragraph are a hard break: that is a `break` node, never
 * an editable span, so it is not touched.
 */
const trailingSpace: Mechanic = (scene, _rule, info) => {
  const { text } = scene
  const changes: Change[] = []
  for (const match of text.matchAll(/[ \t]+(?=\r?\n|$)/g)) {
    const start = match.index
    const end = start + match[0].length
    if (start === end) continue
    if (!within(scene.editable, start, end) && !trailsProse(scene, start, end)) continue
    changes.push({ start, end, after: '', info })
  }
  return { changes, flags: [] }
}

/**
 * Whether the run [start, end) (followed by a line end) trails prose: the end of a paragraph's or
 * heading's last line, or a whitespace-only line between blocks.
 */
function trailsProse(scene: Scene, start: number, end: number): boolean {
  const previous = scene.text[start - 1]
  if (previous === undefined || previous === '\n' || previous === '\r') {
    return blockAt(scene.blocks, start) === undefined
  }
  const block = blockAt(scene.blocks, start - 1)
  if (!block || (block.type !== 'paragraph' && block.type !== 'heading')) return false
  // Inside a markdown paragraph, spaces before a line end are a hard break (never editable):
  // only the paragraph's very end qualifies.
  return block.end <= end
}

/**
 * Stray indentation: at the start of a top-level paragraph or heading and on its continuation
 * lines. Markdown indentation that means something (code, list and quote content) is never in a
 * top-level paragraph; in .txt nothing is code, so indentation is only layout.
 */
/**
 * Where a removal from the start of the document should end: past a U+FEFF it would otherwise
 * bring to the front (with the blank lines and spaces after it), since a U+FEFF there is read as a
 * byte-order mark and what follows it as the first line.
 */
function pastStrayBom(text: string, start: number, end: number): number {
  const documentStart = text.startsWith('\uFEFF') ? 1 : 0
  if (start !== documentStart || text[end] !== '\uFEFF') return end
  return end + (/^\uFEFF(?:[ \t]*(?:\r\n|\n|\r))*[ \t]*/.exec(text.slice(end))?.[0].length ?? 0)
}

const indentation: Mechanic = (scene, _rule, info) => {
  const { text } = scene
  const changes: Change[] = []
  for (const block of scene.prose) {
    if (!inside(scene.topLevel, block.start, block.end)) continue
    let lineStart = text.lastIndexOf('\n', block.start - 1) + 1
    // The BOM is not part of the first line's indentation.
    if (lineStart === 0 && text.startsWith('\uFEFF')) lineStart = 1
    if (lineStart < block.start && /^[ \t]+$/.test(text.slice(lineStart, block.start))) {
      changes.push({
        start: lineStart,
        end: pastStrayBom(text, lineStart, block.start),
        info,
        after: '',
      })
    }
    for (const match of text.slice(block.start, block.end).matchAll(/\n([ \t]+)/g)) {
      const start = block.start + match.index + 1
      const end = start + (match[1] as string).length
      if (scene.format === 'md' && !within(scene.editable, start, end)) continue
      changes.push({ start, end, after: '', info })
    }
  }
  return { changes, flags: [] }
}

/**
 * More than one blank line between blocks becomes one; blank lines before the first block and
 * after the last go. Only the gaps between blocks are looked at, so code blocks keep theirs.
 */
const blankLines: Mechanic = (scene, _rule, info) => {
  const { text, blocks } = scene
  const changes: Change[] = []
  const first = blocks[0]
  const last = blocks[blocks.length - 1]
  if (!first || !last) return none()
  const head = /^(?:[ \t]*\r?\n)+/.exec(text.slice(0, first.start))
  // A `---` on the first line would open front matter: the blank line keeps it a rule.
  const opensFrontMatter = /^---[ \t]*(?:\r?\n|$)/.test(text.slice(head?.[0].length ?? 0))
  let headEnd = 0
  if (head && !opensFrontMatter) {
    headEnd = pastStrayBom(text, 0, head[0].length)
    changes.push({ start: 0, end: headEnd, after: '', info })
  }
  for (let i = 0; i + 1 < blocks.length; i++) {
    const from = (blocks[i] as Block).end
    const to = (blocks[i + 1] as Block).start
    // A gap holding more than blank lines (an empty list item `- `) is structure, not spacing.
    if (to <= from || !isBlank(text.slice(from, to))) continue
    // A gap the head removal already took (past a stray U+FEFF) is not collapsed again.
    if (from < headEnd) continue
    for (const match of text.slice(from, to).matchAll(/\r?\n(?:[ \t]*\r?\n){2,}/g)) {
      const newline = match[0].startsWith('\r') ? '\r\n' : '\n'
      changes.push({
        start: from + match.index,
        end: from + match.index + match[0].length,
        after: newline + newline,
        info,
      })
    }
  }
  const after = text.slice(last.end)
  const tail = /\r?\n(?:[ \t]*\r?\n)+[ \t]*$/.exec(after)
  // As between blocks: what follows the last block is trimmed only when it is all blank.
  if (tail && isBlank(after)) {
    const start = last.end + tail.index
    changes.push({ start, end: text.length, after: tail[0].startsWith('\r') ? '\r\n' : '\n', info })
  }
  return { changes, flags: [] }
}

const MECHANICS: Record<StyleKind, Mechanic> = {
  'fullwidth-punctuation': fullwidthPunctuation,
  'space-before-punctuation': spaceBeforePunctuation,
  quotes: quotesMechanic,
  casing: casingMechanic,
  'double-space': doubleSpace,
  'trailing-space': trailingSpace,
  indentation,
  'blank-lines': blankLines,
}
