/**
 * Chinese left in an English target: Han characters and CJK punctuation, and a target that is the
 * source copied unchanged.
 */

/**
 * Han script plus the CJK punctuation and full-width blocks. Not `Script_Extensions=Han`: that
 * also matches the middle dot of English bylines.
 */
const CHINESE_RUN =
  /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\ufe30-\ufe4f]+(?:[\s\d\p{P}]*[\p{Script=Han}\u3000-\u303f\uff00-\uffef\ufe30-\ufe4f]+)*/gu
const HAN = /\p{Script=Han}/u

export interface ChineseSpan {
  text: string
  start: number
  end: number
}

export interface UntranslatedResult {
  /** Runs of Chinese in the target, each with at least one Han character. */
  spans: ChineseSpan[]
  /** Share of the target's content that is Chinese, 0..1 (see `hanShare`). */
  hanShare: number
  /** Most of the target is Chinese: the paragraph as a whole was left untranslated. */
  wholeParagraph: boolean
  /** The target is the source, give or take whitespace and full-width forms. */
  identical: boolean
}

function comparable(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim()
}

/** English spends about three letters (3.9 characters with spaces) on one Chinese character. */
const LETTERS_PER_HAN = 3

/**
 * Han characters, weighted as the English letters they stand for, against all letters; digits
 * and punctuation count for neither.
 */
export function hanShare(text: string): number {
  let han = 0
  let latin = 0
  for (const char of text) {
    if (HAN.test(char)) han++
    else if (/\p{L}/u.test(char)) latin++
  }
  const weighted = han * LETTERS_PER_HAN
  return weighted + latin === 0 ? 0 : weighted / (weighted + latin)
}

/** Chinese runs in an English text. */
export function findChineseSpans(text: string): ChineseSpan[] {
  const spans: ChineseSpan[] = []
  for (const match of text.matchAll(CHINESE_RUN)) {
    if (!HAN.test(match[0])) continue
    spans.push({ text: match[0], start: match.index, end: match.index + match[0].length })
  }
  return spans
}

/**
 * Whether a target paragraph still holds Chinese, or is its source unchanged. A source without
 * Han (a byline such as `NEWS GOV-MO`, a number) may legitimately stand unchanged.
 */
export function checkUntranslated(zh: string, en: string, wholeShare = 0.5): UntranslatedResult {
  const spans = findChineseSpans(en)
  const share = hanShare(en)
  const identical = HAN.test(zh) && comparable(zh) === comparable(en)
  return { spans, hanShare: share, wholeParagraph: identical || share >= wholeShare, identical }
}
