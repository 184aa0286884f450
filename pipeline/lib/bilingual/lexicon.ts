/**
 * Lexical evidence for paragraph alignment from a Chinese–English word list (CC-CEDICT,
 * `rules/lexicon/`): the share of a pairing's words that the list says translate each other,
 * as hunalign does with its dictionary. Names, numbers and glossary terms anchor only some
 * paragraphs; ordinary words (经济 economy, 信用卡 credit card) anchor the rest.
 */
import { simplify } from './terms.js'

/** English words a lexicon gloss or a target paragraph carries no evidence in. */
export const STOPWORDS = new Set(
  (
    'a an the of to in on at by for from with as and or but not no nor be is are was were been ' +
    'being am it its this that these those sb sth one oneself etc eg ie lit fig esp also into ' +
    'out up down over off per than so such very more most much many some any all each every ' +
    'other another can may will would should could must shall have has had do does did make ' +
    'made get got take give put go come way kind sort thing things something someone usu like ' +
    'about who whom which what where when how why there here their them they he she his her ' +
    'him we us our you your my me own if then just only even still yet both either neither ' +
    'again once too well said say says'
  ).split(' '),
)

/** How many leading letters of an English word decide a match: economy ~ economic. */
const KEY_LENGTH = 5

/** Compares English words by their first letters, which is enough to join a word's forms. */
export function wordKey(word: string): string {
  return word.toLowerCase().slice(0, KEY_LENGTH)
}

/** The content words of English text, as keys; stopwords and single letters carry nothing. */
export function englishKeys(text: string): string[] {
  const keys: string[] = []
  for (const word of text.toLowerCase().match(/[a-z][a-z'-]*[a-z]/g) ?? []) {
    const bare = word.replace(/'s$/, '')
    if (!STOPWORDS.has(bare)) keys.push(wordKey(bare))
  }
  return keys
}

/**
 * Chinese headwords and the English words that gloss them. A lexicon has some 100,000 entries
 * and a document looks up a few hundred, so glosses are turned into keys on first lookup.
 */
export class Lexicon {
  readonly #glosses = new Map<string, string>()
  readonly #keys = new Map<string, readonly string[]>()
  /** Longest headword, in UTF-16 code units: the segmenter's window. */
  maxLength = 1

  constructor(entries: Iterable<readonly [string, string]> = []) {
    for (const [headword, glosses] of entries) this.add(headword, glosses)
  }

  add(headword: string, glosses: string): void {
    const before = this.#glosses.get(headword)
    this.#glosses.set(headword, before === undefined ? glosses : `${before} ${glosses}`)
    this.#keys.delete(headword)
    this.maxLength = Math.max(this.maxLength, headword.length)
  }

  get size(): number {
    return this.#glosses.size
  }

  /** The keys of a headword's glosses; undefined when the headword is not listed. */
  keysOf(headword: string): readonly string[] | undefined {
    let keys = this.#keys.get(headword)
    if (keys === undefined) {
      const glosses = this.#glosses.get(headword)
      if (glosses === undefined) return undefined
      keys = [...new Set(englishKeys(glosses))]
      this.#keys.set(headword, keys)
    }
    return keys
  }
}

/** A Chinese paragraph as the lexicon sees it. */
export interface ChineseLexical {
  /** The words the lexicon knows, each as its gloss keys, in text order. */
  words: (readonly string[])[]
  /** Every gloss key of those words. */
  glossed: ReadonlySet<string>
}

/** An English paragraph as the lexicon sees it. */
export interface EnglishLexical {
  /** Its content words as keys, in text order. */
  keys: string[]
  present: ReadonlySet<string>
}

/**
 * The Chinese words of a text that the lexicon knows, by forward maximum matching: at each place
 * the longest headword wins, so 信用卡 is one word, not three. Traditional text is read as
 * Simplified.
 */
export function chineseLexical(text: string, lexicon: Lexicon): ChineseLexical {
  const simplified = simplify(text)
  const words: (readonly string[])[] = []
  const glossed = new Set<string>()
  let at = 0
  while (at < simplified.length) {
    if (!/\p{Script=Han}/u.test(simplified[at] ?? '')) {
      at++
      continue
    }
    let length = Math.min(lexicon.maxLength, simplified.length - at)
    let keys: readonly string[] | undefined
    for (; length > 0; length--) {
      keys = lexicon.keysOf(simplified.slice(at, at + length))
      if (keys) break
    }
    // A headword whose glosses are all stopwords (的 of) is a word, but no evidence.
    if (keys && keys.length > 0) {
      words.push(keys)
      for (const key of keys) glossed.add(key)
    }
    at += Math.max(length, 1)
  }
  return { words, glossed }
}

export function englishLexical(text: string): EnglishLexical {
  const keys = englishKeys(text)
  return { keys, present: new Set(keys) }
}

/**
 * How much of a pairing the lexicon explains, in [0, 1]: Chinese words with a gloss in the
 * English, plus English words that gloss one of the Chinese words, over all of both. Either side
 * may be several paragraphs (a 2-1 pairing).
 */
export function lexicalOverlap(
  zh: readonly ChineseLexical[],
  en: readonly EnglishLexical[],
): number {
  let covered = 0
  let zhTotal = 0
  let enTotal = 0
  for (const paragraph of zh) {
    zhTotal += paragraph.words.length
    for (const keys of paragraph.words) {
      if (keys.some((key) => en.some((other) => other.present.has(key)))) covered++
    }
  }
  for (const paragraph of en) {
    enTotal += paragraph.keys.length
    for (const key of paragraph.keys) {
      if (zh.some((other) => other.glossed.has(key))) covered++
    }
  }
  return zhTotal === 0 || enTotal === 0 ? 0 : covered / (zhTotal + enTotal)
}
