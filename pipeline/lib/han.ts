/**
 * Finding Chinese inside English text.
 *
 * "Chinese" here is `\p{Script=Han}` plus the CJK punctuation blocks (U+3000–303F CJK Symbols and
 * Punctuation, U+FF00–FFEF Halfwidth and Fullwidth Forms, U+FE30–FE4F CJK Compatibility Forms).
 * `\p{Script_Extensions=Han}` is deliberately not used: it also matches the middle dot `·` of
 * English bylines (`Zhitong Finance · Mar 18`), which would turn every byline into "Chinese".
 *
 * Offsets are UTF-16 code units, like `String.prototype.slice` and the `Edit` offsets of the report.
 */

const HAN = /\p{Script=Han}/u
const HAN_GLOBAL = /\p{Script=Han}/gu
const CJK_PUNCTUATION = /[\u3000-\u303F\uFF00-\uFFEF\uFE30-\uFE4F]/u
/** Han characters and CJK punctuation, the "core" of a Chinese stretch. */
const CHINESE_CORE = /[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF\uFE30-\uFE4F]+/gu
const LATIN_WORD = /[A-Za-z]+/g
const LETTER_GLOBAL = /\p{L}/gu

/**
 * The longest stretch of non-Chinese text (UTF-16 units) that may sit between two Chinese stretches
 * and still be part of one Chinese sentence: long enough for `2024`, `Tmall Global`, `(PDD.US)` or
 * `iPhone 15 Pro`, short enough that a clause of English between two Chinese names is not swallowed.
 */
export const MAX_BRIDGE_LENGTH = 40
/** A bridge with more Latin words than this is English, not a brand name inside Chinese. */
export const MAX_BRIDGE_LATIN_WORDS = 4
/**
 * A translation turns one Chinese character into roughly this many English words' worth of
 * content (about 1.5 characters per word in parallel news text), so mixed text is weighed by content,
 * not by raw character counts in which English letters always win.
 */
export const HAN_CHARACTERS_PER_ENGLISH_WORD = 1.5

export interface HanRun {
  /** UTF-16 offset of the first character of the run. */
  start: number
  /** UTF-16 offset just past the run: `text.slice(start, end) === run.text`. */
  end: number
  text: string
}

/** True for one character (code point) that is Han script. */
export function isHanCharacter(character: string): boolean {
  return HAN.test(character)
}

/** True for one character that is CJK punctuation or a full-width form (not Han itself). */
export function isCjkPunctuation(character: string): boolean {
  return CJK_PUNCTUATION.test(character)
}

/**
 * True when the text has at least one Han character. CJK punctuation alone (a full-width
 * parenthesis in English text) does not count: it is not Chinese that needs translating.
 */
export function hasHan(text: string): boolean {
  return HAN.test(text)
}

/** Number of Han characters (code points) in the text. */
export function countHan(text: string): number {
  return text.match(HAN_GLOBAL)?.length ?? 0
}

/** Number of Latin words (runs of A–Z letters) in the text. */
export function countLatinWords(text: string): number {
  return text.match(LATIN_WORD)?.length ?? 0
}

/**
 * Share of the text's letters (`\p{L}` code points: Han, Latin, any script) that are Han, 0..1.
 * Digits, punctuation and spaces are ignored; text without letters has ratio 0.
 */
export function hanRatio(text: string): number {
  const letters = text.match(LETTER_GLOBAL)?.length ?? 0
  if (letters === 0) return 0
  return countHan(text) / letters
}

/**
 * True when most of the text's content is Chinese: Han characters outweigh the Latin words once
 * both are put on the same content scale ({@link HAN_CHARACTERS_PER_ENGLISH_WORD}). A Chinese
 * paragraph full of brand names (`阿里巴巴旗下的Tmall Global推出了新的AI功能`) is Chinese; an English
 * sentence quoting two Chinese names (`Alibaba's 淘宝 and JD's 京东 are rivals`) is not.
 */
export function isMostlyChinese(text: string): boolean {
  const han = countHan(text)
  if (han === 0) return false
  return han >= countLatinWords(text) * HAN_CHARACTERS_PER_ENGLISH_WORD
}

/**
 * Whether the non-Chinese text between two Chinese stretches belongs to the same Chinese sentence.
 * Numbers, ASCII punctuation (scraped Chinese often uses `,` and `.`), spaces and a few capitalised
 * Latin brand names do, and so does an English gloss in brackets (`“实体名单”（entity list），`).
 * A line break, a `$` (the delimiter of platform ticker chips like `$BABA-W (09988.HK)$`, which sit
 * between Chinese names in scraped pages), a free-standing lower-case English word (`淘宝 and 京东`)
 * or a long stretch of Latin words does not.
 */
function isBridge(gap: string, before: string, after: string): boolean {
  if (gap.length > MAX_BRIDGE_LENGTH) return false
  if (/[\r\n$]/.test(gap)) return false
  if (countLatinWords(gap) > MAX_BRIDGE_LATIN_WORDS) return false
  const glossedInBrackets = /[（(]$/.test(before) && /^[）)]/.test(after)
  if (glossedInBrackets) return true
  return !hasFreeStandingLowerCaseWord(gap.replace(/\([^()]*\)/g, ''))
}

/**
 * A lower-case word with a space on either side is English prose (`and`, `the`); one glued to
 * Chinese on both sides (`下载app后`) is a loanword inside the Chinese sentence.
 */
function hasFreeStandingLowerCaseWord(gap: string): boolean {
  for (const word of gap.matchAll(LATIN_WORD)) {
    if (word[0].length < 2 || word[0] !== word[0].toLowerCase()) continue
    const before = gap[word.index - 1]
    const after = gap[word.index + word[0].length]
    if ((before !== undefined && /\s/.test(before)) || (after !== undefined && /\s/.test(after))) {
      return true
    }
  }
  return false
}

/**
 * At most this many numbers or capitalised Latin words are taken in front of a run
 * (`Google AI聊天机器人`): more is an English sentence that happens to end on a Chinese name.
 */
export const MAX_LEADING_TOKENS = 3

/** A number (`2024`, `17,000`, `8.9%`) or a Latin name that is not an all-lower-case English word. */
const EDGE_TOKEN_BEFORE = /(?:[0-9]+(?:[.,][0-9]+)*%?|[A-Za-z0-9](?:[A-Za-z0-9.&+-]*[A-Za-z0-9])?)$/
const EDGE_TOKEN_AFTER = /^(?:[0-9]+(?:[.,][0-9]+)*%?|[A-Za-z0-9][A-Za-z0-9.&+-]*[A-Za-z0-9])/
const NUMBER = /^[0-9]+(?:[.,][0-9]+)*%?$/

function isEdgeToken(token: string): boolean {
  return NUMBER.test(token) || token !== token.toLowerCase()
}

/**
 * Chinese quotes and marks that open a Chinese sentence, taken when glued to its first character.
 * `”` is here too: a quotation split over paragraphs leaves `”里奥斯说，...` at a paragraph start.
 * ASCII quotes and brackets are only taken in pairs ({@link widenOverPairedQuotes}).
 */
const LEADING_GLUE = new Set(['“', '”', '‘', '「', '『', '《', '〈', '【', '—', '–'])
/** Closing marks taken when glued to the last character. `’` is left out: it is also an apostrophe. */
const TRAILING_GLUE = new Set(['”', '」', '』', '》', '〉', '】', '…'])
/** ASCII sentence end glued to a run: `...效果跟踪.` ends the Chinese sentence, not the English one. */
const TRAILING_SENTENCE_END = new Set(['.', '!', '?'])

/**
 * Move a run's start left over numbers and Latin names that belong to the Chinese sentence: the
 * first must touch the run (`Google新推出`, `2024年`) or be a number one space away that does not
 * end an English phrase (`1989 年` and `September. 22 岁` yes, `From 2021 新加坡` no), as some
 * Chinese typesetting spaces numbers. A name may be preceded by more names one space apart
 * (`Google AI聊天机器人`); a number ends the chain, since words before it are English
 * (`Times From 2021年`). Then over Chinese opening quotes glued to it. Never past `limit`.
 */
function extendStart(text: string, start: number, limit: number): number {
  let from = start
  for (let taken = 0; taken < MAX_LEADING_TOKENS; taken += 1) {
    const spaced = text[from - 1] === ' '
    const tokenEnd = spaced ? from - 1 : from
    const token = EDGE_TOKEN_BEFORE.exec(text.slice(limit, tokenEnd))?.[0]
    if (token === undefined || !isEdgeToken(token)) break
    const tokenStart = tokenEnd - token.length
    const isNumber = NUMBER.test(token)
    if (spaced && taken === 0) {
      if (!isNumber) break
      if (/[A-Za-z]\s$/.test(text.slice(limit, tokenStart))) break
    }
    from = tokenStart
    if (isNumber) break
  }
  while (from > limit && LEADING_GLUE.has(text[from - 1] ?? '')) from -= 1
  return from
}

/**
 * Move a run's end right over a number or Latin name glued to it (`增长12.5%`, `推出了iPhone`),
 * then over Chinese closing marks. Never past `limit` (the start of the next run).
 */
function extendEnd(text: string, end: number, limit: number): number {
  let to = end
  const token = EDGE_TOKEN_AFTER.exec(text.slice(to, limit))?.[0]
  if (token !== undefined && isEdgeToken(token)) to += token.length
  while (to < limit && TRAILING_GLUE.has(text[to] ?? '')) to += 1
  return to
}

const CLOSER_OF: Record<string, string> = {
  '“': '”',
  '‘': '’',
  '"': '"',
  "'": "'",
  '(': ')',
  '[': ']',
}

/**
 * Widen a run over ASCII quotes or brackets that wrap it (`"淘宝"`, `(淘宝)`), or that open just
 * before it and close inside it, or close just after it and open inside it; the `(` of
 * `拼多多(PDD.US)` stays out because nothing closes it at or inside the run.
 */
function widenOverPairedQuotes(
  text: string,
  start: number,
  end: number,
  limits: [number, number],
): [number, number] {
  let from = start
  let to = end
  const before = text[from - 1]
  const beforeCloser = before === undefined ? undefined : CLOSER_OF[before]
  const wrapped = beforeCloser !== undefined && text[to] === beforeCloser
  if (wrapped && from > limits[0] && to < limits[1]) return [from - 1, to + 1]
  if (from > limits[0] && before !== undefined && beforeCloser !== undefined) {
    if (isUnbalanced(text.slice(from, to), before, beforeCloser, 'needs opener')) from -= 1
  }
  const after = text[to]
  if (to < limits[1] && after !== undefined) {
    const inside = text.slice(from, to)
    for (const [opener, closer] of Object.entries(CLOSER_OF)) {
      if (closer === after && isUnbalanced(inside, opener, closer, 'needs closer')) {
        to += 1
        break
      }
    }
  }
  return [from, to]
}

/**
 * Whether `inside` has a closer without its opener (`needs opener`) or an opener without its closer
 * (`needs closer`). Symmetric quotes (`"`) are unbalanced when there is an odd number of them.
 */
function isUnbalanced(
  inside: string,
  opener: string,
  closer: string,
  need: 'needs opener' | 'needs closer',
): boolean {
  const openers = inside.split(opener).length - 1
  if (opener === closer) return openers % 2 === 1
  const closers = inside.split(closer).length - 1
  return need === 'needs opener' ? closers > openers : openers > closers
}

/**
 * The Chinese stretches of a text, each a whole Chinese sentence (or name) as it sits inside
 * English. A run is built from Han characters and CJK punctuation, joined over the numbers, ASCII
 * punctuation, spaces and short capitalised Latin names between them ({@link isBridge}), then
 * widened over numbers and Latin names glued to either edge (`2024年618前` starts at `2024`,
 * `Google新推出` at `Google`), Chinese quotes glued to the edges, ASCII quotes and brackets whose
 * partner is inside the run, and an ASCII `.`, `!` or `?` right after it. The English before and
 * after a run is left out, and a run holds at least one Han character (a lone full-width bracket
 * in English text is not Chinese).
 */
/**
 * Whether full-width punctuation with no Han of its own stands in English: the nearest letters on
 * both sides are not Han and one of them exists (`program。Internet`). Such a mark does not start
 * a Chinese run: the style stage turns it into ASCII, and the run would change on a second pass.
 */
function isEnglishPunctuation(text: string, start: number, end: number): boolean {
  const before = /(\p{L})[^\p{L}]*$/u.exec(text.slice(0, start))?.[1]
  const after = /\p{L}/u.exec(text.slice(end))?.[0]
  if ((before !== undefined && HAN.test(before)) || (after !== undefined && HAN.test(after)))
    return false
  return before !== undefined || after !== undefined
}

export function hanRuns(text: string): HanRun[] {
  const cores: Array<[number, number]> = []
  for (const match of text.matchAll(CHINESE_CORE)) {
    const start = match.index
    const end = start + match[0].length
    const last = cores[cores.length - 1]
    const gap = last === undefined ? '' : text.slice(last[1], start)
    if (last !== undefined && isBridge(gap, text.slice(0, last[1]), text.slice(start))) {
      last[1] = end
    } else if (hasHan(match[0]) || !isEnglishPunctuation(text, start, end)) {
      // A stretch does not start on full-width punctuation that stands in English.
      cores.push([start, end])
    }
  }
  const chinese = cores.filter(([start, end]) => hasHan(text.slice(start, end)))
  const runs: HanRun[] = []
  chinese.forEach(([coreStart, coreEnd], index) => {
    const lowerLimit = runs[runs.length - 1]?.end ?? 0
    const upperLimit = chinese[index + 1]?.[0] ?? text.length
    let start = coreStart
    let end = coreEnd
    // An ideographic space (U+3000) at either edge of a core is layout, not part of the sentence.
    while (start < end && /\s/.test(text[start] ?? '')) start += 1
    while (end > start && /\s/.test(text[end - 1] ?? '')) end -= 1
    start = extendStart(text, start, lowerLimit)
    end = extendEnd(text, end, upperLimit)
    ;[start, end] = widenOverPairedQuotes(text, start, end, [lowerLimit, upperLimit])
    // After a bracket or quote that wraps the run, a full stop ends the English sentence around it.
    const wrappedInAscii = /["')\]]/.test(text[end - 1] ?? '')
    if (!wrappedInAscii && end < upperLimit && TRAILING_SENTENCE_END.has(text[end] ?? '')) end += 1
    runs.push({ start, end, text: text.slice(start, end) })
  })
  return runs
}
