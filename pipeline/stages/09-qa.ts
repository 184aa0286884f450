/**
 * Translation-QA stage: checks that FLAG what an editor should look at in the finished English
 * (truncated and glued sentences, repeated words, unbalanced quotes and brackets, a/an, a stray
 * comma before a list, one source term rendered several ways, MT calques) and, when the Chinese
 * original is given (`file.data.mtTidySource`, set by the input reader), what the bilingual checks find (omissions,
 * additions, numbers, key terms, untranslated text). The one change it makes is certain: a doubled
 * function word (`the the`) loses its repeat.
 *
 * Every check is a rule with an id, an MQM category and a default severity (`QA_CHECKS`); options
 * change severities and disable rules (an id, or a prefix such as `qa/calque`). A check stays
 * quiet where another stage already reported the same span under the same category (the
 * mixed-script stage's truncated fragment, the dedupe stage's loops), so nothing is said twice.
 */
import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import { type ArticleSource, articleOf } from '../core/article.js'
import type { Change, Draft } from '../core/draft.js'
import { type Block, currentBlocks, editableSpans, type Span, within } from '../core/structure.js'
import type { Category, Evidence, RuleInfo, Severity } from '../core/types.js'
import { type BilingualFinding, checkBilingual } from '../lib/bilingual/check.js'
import type { Lexicon } from '../lib/bilingual/lexicon.js'
import { type BilingualTerm, englishTermPattern } from '../lib/bilingual/terms.js'
import { repeatedRuns } from '../lib/repeats.js'
import type { GlossaryTerm } from '../rules/load.js'
import { TermMatcher } from '../rules/matcher.js'
import { type ArticleWord, type CalqueRule, type QaRules, shippedQaRules } from '../rules/qa.js'

export const STAGE = 'qa'

// The Chinese original arrives as `file.data.mtTidySource` (declared in core/article.ts).
export type { ArticleSource }

interface CheckInfo {
  category: Category
  severity: Severity
  reason: string
}

/** The built-in checks: their ids, MQM categories, default severities and what they mean. */
export const QA_CHECKS = {
  'qa/truncated-sentence': {
    category: 'Accuracy/Omission',
    severity: 'major',
    reason:
      'The English sentence stops without final punctuation where Chinese text follows: its translation is probably cut short',
  },
  'qa/split-sentence': {
    category: 'Design and markup',
    severity: 'minor',
    reason:
      'The paragraph ends without final punctuation and the next one starts in lower case: one sentence broken in two',
  },
  'qa/missing-space': {
    category: 'Linguistic conventions/Punctuation',
    severity: 'minor',
    reason: 'Two sentences are glued together without a space after the full stop',
  },
  'qa/repeated-word': {
    category: 'Linguistic conventions/Grammar',
    severity: 'minor',
    reason: 'A word is repeated',
  },
  'qa/repeated-phrase': {
    category: 'Linguistic conventions/Grammar',
    severity: 'minor',
    reason: 'A phrase is repeated: an MT loop',
  },
  'qa/unbalanced-bracket': {
    category: 'Linguistic conventions/Punctuation',
    severity: 'minor',
    reason: 'A bracket is opened and never closed, or closed and never opened',
  },
  'qa/unbalanced-quote': {
    category: 'Linguistic conventions/Punctuation',
    severity: 'minor',
    reason: 'A quotation mark is opened and never closed, or closed and never opened',
  },
  'qa/article-a-an': {
    category: 'Linguistic conventions/Grammar',
    severity: 'minor',
    reason: 'The indefinite article does not match the sound of the next word',
  },
  'qa/comma-before-list': {
    category: 'Linguistic conventions/Punctuation',
    severity: 'minor',
    reason: 'A comma stands between "like" / "such as" / "including" and the list it introduces',
  },
  'qa/inconsistent-term': {
    category: 'Terminology/Inconsistent',
    severity: 'minor',
    reason: 'One source term is rendered several ways in this article',
  },
  'qa/omission': {
    category: 'Accuracy/Omission',
    severity: 'major',
    reason: 'A source paragraph has no translation',
  },
  'qa/addition': {
    category: 'Accuracy/Addition',
    severity: 'major',
    reason: 'A paragraph of the translation matches no source paragraph',
  },
  'qa/number-mismatch': {
    category: 'Accuracy/Mistranslation',
    severity: 'major',
    reason: 'A number of the source is not in the translation in any correct form',
  },
  'qa/key-term': {
    category: 'Terminology',
    severity: 'minor',
    reason: "A glossary term of the source is not rendered with the glossary's English",
  },
  'qa/untranslated': {
    category: 'Accuracy/Untranslated',
    severity: 'major',
    reason: 'Chinese is left in the translation',
  },
} as const satisfies Record<string, CheckInfo>
export type QaCheckId = keyof typeof QA_CHECKS

export interface QaOptions {
  /** The zh→en glossary (`loadRules(dir).glossary`). */
  glossary: readonly GlossaryTerm[]
  /** The QA data (`loadQa(dir)`); by default the shipped `rules/qa/`. */
  rules?: QaRules
  /** Severity per rule id or id prefix (`qa/calque`), overriding the defaults. */
  severity?: Record<string, Severity>
  /** Rule ids or id prefixes to switch off. */
  disable?: string[]
  /**
   * The zh→en word list that helps align an article with its Chinese original; called on the
   * first article that has one, so runs without originals never read it.
   */
  lexicon?: () => Lexicon
}

/** A finding a check proposes, in current-text coordinates. */
interface Proposal {
  rule: string
  start: number
  end: number
  reason?: string
  expected?: string[]
  evidence?: Evidence
}

// ---------------------------------------------------------------------------------------------
// Shared text helpers

const SENTENCE_END = /[.!?…。！？][)\]"'”’」』]*$/u
const LATIN = /[A-Za-z\u00c0-\u024f]/u
const HAN_OR_CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\ufe30-\ufe4f]/u
const HAN = /\p{Script=Han}/gu
/** Chinese runs with short Latin, digit or punctuation gaps (`2024年618前,阿里妈妈`). */
const CHINESE_RUN =
  /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\ufe30-\ufe4f]+(?:[\s\p{N}\p{P}A-Za-z]{0,3}[\p{Script=Han}\u3000-\u303f\uff00-\uffef\ufe30-\ufe4f]+)*/gu
const CHINESE_CLAUSE_MARK = /[，。！？；、：]|\p{Script=Han}[,;:.!?]\s?\p{Script=Han}/u

function hanCount(text: string): number {
  return text.match(HAN)?.length ?? 0
}

/** A Chinese sentence rather than a name inside English: long, or with a clause mark. */
function isChineseSentence(run: string): boolean {
  const han = hanCount(run)
  return han >= 20 || (han >= 8 && CHINESE_CLAUSE_MARK.test(run))
}

/** Where the sentence containing `end` starts: after the last sentence end before it. */
function sentenceStart(text: string, from: number, end: number): number {
  const before = text.slice(from, end)
  let start = 0
  for (const match of before.matchAll(/[.!?…][)\]"'”’]*\s+(?=\S)/gu))
    start = match.index + match[0].length
  return from + start
}

/** Where the sentence containing `start` ends (its final punctuation included), within a block. */
function sentenceEnd(text: string, start: number, blockEnd: number): number {
  const match = /[.!?…][)\]"'”’]*(?=\s|$)/u.exec(text.slice(start, blockEnd))
  return match ? start + match.index + match[0].length : blockEnd
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end
}

// ---------------------------------------------------------------------------------------------
// Truncated and glued sentences

/** The point where Chinese begins, pulled back over digits glued to it (`…$2024年618前`). */
function chineseCut(text: string, run: { index: number }): number {
  let cut = run.index
  while (cut > 0 && /[0-9]/.test(text[cut - 1] as string)) cut--
  return cut
}

function truncatedSentences(text: string, blocks: readonly Block[]): Proposal[] {
  const proposals: Proposal[] = []
  const paragraphs = blocks.filter((block) => block.type === 'paragraph')
  paragraphs.forEach((block, i) => {
    const body = text.slice(block.start, block.end)
    // Chinese glued into the paragraph after English.
    for (const run of body.matchAll(CHINESE_RUN)) {
      if (!isChineseSentence(run[0])) continue
      const cut = block.start + chineseCut(body, run)
      const english = text.slice(block.start, cut).trimEnd()
      if (!LATIN.test(english) || SENTENCE_END.test(english)) break
      const start = sentenceStart(text, block.start, block.start + english.length)
      proposals.push({ rule: 'qa/truncated-sentence', start, end: block.start + english.length })
      break
    }
    if (HAN_OR_CJK.test(body.slice(-1))) return
    if (SENTENCE_END.test(body) || !LATIN.test(body)) return
    const next = paragraphs[i + 1]
    if (!next) return
    const first = next.text.trimStart()
    const start = sentenceStart(text, block.start, block.end)
    const words = text.slice(start, block.end).split(/\s+/).length
    // The Chinese may open with digits (`2024年618前`).
    const firstRun = /^[\p{N}\s]*([\p{Script=Han}\u3000-\u303f\uff00-\uffef].*)/su.exec(first)
    const chineseRun = firstRun?.[1]?.match(CHINESE_RUN)?.[0]
    if (chineseRun && isChineseSentence(chineseRun)) {
      // A heading-like line above a Chinese subtitle is not a cut sentence.
      if (words >= 6) proposals.push({ rule: 'qa/truncated-sentence', start, end: block.end })
    } else if (/^\p{Ll}/u.test(first)) {
      proposals.push({ rule: 'qa/split-sentence', start, end: block.end })
    }
  })
  return proposals
}

/** Words after a glued full stop that are a domain or a file name, not a new sentence. */
const DOMAIN_LIKE = new Set(['com', 'net', 'org', 'cn', 'hk', 'io', 'js', 'co', 'gov', 'edu'])

function missingSpaces(text: string, blocks: readonly Block[], editable: Span[]): Proposal[] {
  const proposals: Proposal[] = []
  for (const block of blocks) {
    const body = text.slice(block.start, block.end)
    for (const match of body.matchAll(
      /(\S*?)([.!?])(\p{Lu}\p{Ll}+)(?=([\p{L}\p{N}]*[./@:]\p{L})?)/gu,
    )) {
      const [, token = '', , word = '', continued] = match
      if (continued) continue
      const bare = token.replace(/[)\]"”’']+$/u, '')
      // Abbreviations (e.g., U.S., Mr.), tickers, URLs and cashtags have dots or capitals inside.
      if (!/(?:^|[^\p{L}])\p{L}*\p{Ll}{2}$/u.test(bare) || /[./@:$]/.test(bare)) continue
      if (DOMAIN_LIKE.has(word.toLowerCase())) continue
      const lastWord = /[\p{L}\p{N}'’]*[)\]"”’']*$/u.exec(token)?.[0] ?? token
      const start = block.start + match.index + token.length - lastWord.length
      const end = block.start + match.index + match[0].length
      if (!within(editable, start, end)) continue
      const glued = text.slice(start, end)
      const at = lastWord.length + 1
      proposals.push({
        rule: 'qa/missing-space',
        start,
        end,
        expected: [`${glued.slice(0, at)} ${glued.slice(at)}`],
      })
    }
  }
  return proposals
}

// ---------------------------------------------------------------------------------------------
// Repeated words and phrases

/** Words whose doubling is grammatical (`that that`, `had had`, `what it is is`) or idiomatic. */
const LEGITIMATE_DOUBLES = new Set(['that', 'had', 'is', 'do', 'so', 'no', 'bye', 'ha', 'knock'])
/** Function words that never stand twice in a row: the repeat can be deleted with certainty. */
const DELETABLE_DOUBLES = new Set([
  'the',
  'a',
  'an',
  'of',
  'to',
  'in',
  'on',
  'at',
  'by',
  'for',
  'with',
  'from',
  'and',
  'or',
  'its',
  'their',
  'our',
  'will',
  'has',
  'have',
  'was',
  'were',
  'are',
])

interface Repeat {
  first: string
  start: number
  /** End of the first occurrence: the repeats follow. */
  firstEnd: number
  end: number
  words: number
}

function repeats(text: string, blocks: readonly Block[], editable: Span[]): Repeat[] {
  const found: Repeat[] = []
  for (const block of blocks) {
    const body = text.slice(block.start, block.end)
    for (const match of repeatedRuns(body)) {
      const first = match[1] as string
      const start = block.start + match.index
      const end = start + match[0].length
      const words = first.split(/\s+/).length
      const second = (match[2] as string).trimStart()
      // Both capitalised: a name (Bing Bing, Duo Duo), not a slip.
      if (/^\p{Lu}/u.test(first) && /^\p{Lu}/u.test(second)) continue
      if (words === 1 && LEGITIMATE_DOUBLES.has(first.toLowerCase())) continue
      if (!within(editable, start, end)) continue
      found.push({ first, start, firstEnd: start + first.length, end, words })
    }
  }
  return found
}

// ---------------------------------------------------------------------------------------------
// Brackets and quotes

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '（': '）', '【': '】', '{': '}' }
const CLOSERS = new Set(Object.values(OPENERS))

function unbalanced(text: string, blocks: readonly Block[], editable: Span[]): Proposal[] {
  const proposals: Proposal[] = []
  blocks.forEach((block, b) => {
    const stack: { char: string; at: number }[] = []
    const strays: number[] = []
    const quotes: { char: string; at: number }[] = []
    for (let at = block.start; at < block.end; at++) {
      const char = text[at] as string
      if (!(char in OPENERS) && !CLOSERS.has(char) && !'"“”'.includes(char)) continue
      if (!within(editable, at, at + 1)) continue
      if (char in OPENERS) stack.push({ char, at })
      else if (CLOSERS.has(char)) {
        const open = stack[stack.length - 1]
        if (open && OPENERS[open.char] === char) stack.pop()
        // `a)`, `2)`, `iv)`: list markers close nothing.
        else if (!/(?:^|\s)(?:\p{L}|\d{1,2}|[ivx]{1,4})$/u.test(text.slice(block.start, at)))
          strays.push(at)
      } else if (char === '"' && /\d/.test(text[at - 1] ?? '')) {
        // 6.5" screen: inches, not a quotation mark.
      } else quotes.push({ char, at })
    }
    for (const { at } of stack)
      proposals.push({
        rule: 'qa/unbalanced-bracket',
        start: at,
        end: sentenceEnd(text, at + 1, block.end),
      })
    for (const at of strays)
      proposals.push({
        rule: 'qa/unbalanced-bracket',
        start: sentenceStart(text, block.start, at),
        end: at + 1,
      })
    const straight = quotes.filter((quote) => quote.char === '"')
    const curlyOpen: number[] = []
    const curlyStray: number[] = []
    for (const quote of quotes) {
      if (quote.char === '“') curlyOpen.push(quote.at)
      else if (quote.char === '”' && curlyOpen.pop() === undefined) curlyStray.push(quote.at)
    }
    // A quotation running on into the next paragraph is closed only at its end.
    const next = blocks[b + 1]
    const continues = next !== undefined && /^["“]/u.test(next.text)
    const lastStraight = straight[straight.length - 1]
    if (straight.length % 2 === 1 && lastStraight && !continues)
      proposals.push(quoteProposal(text, block, lastStraight.at))
    if (!continues) for (const at of curlyOpen) proposals.push(quoteProposal(text, block, at))
    for (const at of curlyStray) proposals.push(quoteProposal(text, block, at))
  })
  return proposals
}

function quoteProposal(text: string, block: Block, at: number): Proposal {
  const opening = /[\s(“]|^$/u.test(text.slice(Math.max(block.start, at - 1), at))
  return opening
    ? { rule: 'qa/unbalanced-quote', start: at, end: sentenceEnd(text, at + 1, block.end) }
    : { rule: 'qa/unbalanced-quote', start: sentenceStart(text, block.start, at), end: at + 1 }
}

// ---------------------------------------------------------------------------------------------
// a / an

type Article = 'a' | 'an' | 'either'

/** Letters whose names start with a vowel sound: an F, an H, an M, an S, an X. */
const VOWEL_SOUND_LETTERS = 'aefhilmnorsx'

class ArticleLexicon {
  private readonly exact = new Map<string, Article>()
  private readonly prefixes: [string, Article][] = []

  constructor(words: readonly ArticleWord[]) {
    for (const entry of words) {
      if (entry.word.endsWith('*')) this.prefixes.push([entry.word.slice(0, -1), entry.article])
      else this.exact.set(entry.word, entry.article)
    }
    this.prefixes.sort((a, b) => b[0].length - a[0].length)
  }

  lookup(word: string): Article | undefined {
    const lower = word.toLowerCase()
    const exact = this.exact.get(lower)
    if (exact) return exact
    return this.prefixes.find(([prefix]) => lower.startsWith(prefix))?.[1]
  }

  /** The article the word takes, or `either` where pronunciation is uncertain. */
  expected(token: string): Article {
    const whole = token.replace(/(?:['’]s)?[.,;:]*$/u, '')
    const segment = whole.split(/[-–/]/)[0] ?? whole
    const listed = this.lookup(whole) ?? this.lookup(segment)
    if (listed) return listed
    if (/^\d/.test(segment)) {
      if (segment.startsWith('8')) return 'an'
      if (/^1[18](?:\d{3}|,\d{3})?(?![\d,])/.test(segment) || /^1[18]\.\d/.test(segment))
        return 'an'
      if (/^1[18]\d/.test(segment)) return 'either'
      return 'a'
    }
    const letters = segment.replace(/[^\p{L}]/gu, '')
    if (letters === '') return 'either'
    const first = (letters[0] as string).toLowerCase()
    const byLetterName: Article = VOWEL_SOUND_LETTERS.includes(first) ? 'an' : 'a'
    if (letters.length === 1) return byLetterName
    const isAcronym = letters === letters.toUpperCase() && letters !== letters.toLowerCase()
    const byVowel: Article = 'aeiou'.includes(first) ? 'an' : 'a'
    if (isAcronym) {
      if (letters.length <= 3 || !/[AEIOU]/.test(letters.slice(1))) return byLetterName
      // NASA, XPENG: read as a word or as letters? Only flag when both readings agree.
      return byLetterName === byVowel ? byVowel : 'either'
    }
    // Xbox, Xpeng: an X before a consonant is the letter "ex" (Xiaomi, Xinhua: "sh").
    if (first === 'x' && !/[aeiou]/i.test(letters[1] as string)) return 'an'
    // mRNA, eVTOL: a lower-case letter before capitals is spelt out.
    if (/^\p{Ll}\p{Lu}{2}/u.test(letters)) return byLetterName
    return byVowel
  }
}

const ARTICLE_BEFORE_WORD =
  /(?<![\p{L}\p{N}_'’\-./$])(a|an|A|An|AN)(\s+)(["“‘'([]?)([\p{L}\p{N}][\p{L}\p{N}$&%.'’+–/-]*)/gu

function articleMismatches(
  text: string,
  blocks: readonly Block[],
  editable: Span[],
  lexicon: ArticleLexicon,
): Proposal[] {
  const proposals: Proposal[] = []
  for (const block of blocks) {
    const body = text.slice(block.start, block.end)
    for (const match of body.matchAll(ARTICLE_BEFORE_WORD)) {
      const [, article = '', space = '', quote = ''] = match
      // A full stop or comma after the word ends the sentence; it is not part of the word.
      const word = (match[4] ?? '').replace(/[.,]+$/u, '')
      const whole = `${article}${space}${quote}${word}`
      const capital = article !== article.toLowerCase()
      if (capital && block.type !== 'heading') {
        // A capital A/An is an article only where a sentence starts (else: Series A, Li An).
        const before = body.slice(0, match.index).replace(/[\s"“‘'([]+$/u, '')
        if (before !== '' && !/[.!?:;][)\]"'”’]*$/u.test(before)) continue
        if (article === 'An' && /^\p{Lu}/u.test(word) && quote === '') continue
      }
      const expected = lexicon.expected(word)
      const given = article.toLowerCase() as 'a' | 'an'
      if (expected === 'either' || expected === given) continue
      const start = block.start + match.index
      const end = start + whole.length
      if (!within(editable, start, end)) continue
      const replacement =
        expected === 'an'
          ? capital
            ? article === 'AN'
              ? 'AN'
              : 'An'
            : 'an'
          : capital
            ? 'A'
            : 'a'
      proposals.push({
        rule: 'qa/article-a-an',
        start,
        end,
        reason: `"${given}" before "${word}": ${expected === 'an' ? 'the word starts with a vowel sound' : 'the word starts with a consonant sound'}; write "${expected}"`,
        expected: [`${replacement}${space}${quote}${word}`],
      })
    }
  }
  return proposals
}

// ---------------------------------------------------------------------------------------------
// Stray comma before a list

const LIST_ITEM = String.raw`[\p{Lu}\d][\p{L}\p{N}&.'’-]*(?:[ ][\p{Lu}\d][\p{L}\p{N}&.'’-]*){0,3}`
const COMMA_BEFORE_LIST = new RegExp(
  String.raw`(?<![\p{L}\p{N}])([Ll]ike|[Ss]uch as|[Ii]ncluding)([ \t]*,)(?=[ \t]+${LIST_ITEM}(?:[ \t]*,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or)[ \t]+)${LIST_ITEM})`,
  'gu',
)

function commasBeforeLists(text: string, blocks: readonly Block[], editable: Span[]): Proposal[] {
  const proposals: Proposal[] = []
  for (const block of blocks) {
    const body = text.slice(block.start, block.end)
    for (const match of body.matchAll(COMMA_BEFORE_LIST)) {
      const start = block.start + match.index
      const end = start + match[0].length
      if (!within(editable, start, end)) continue
      proposals.push({ rule: 'qa/comma-before-list', start, end, expected: [match[1] as string] })
    }
  }
  return proposals
}

// ---------------------------------------------------------------------------------------------
// Inconsistent terminology

interface Occurrence extends Span {
  family: number
  text: string
}

/**
 * Renderings of one glossary term, grouped into families: a rendering inside another
 * (`revenue` in `operating revenue`) or differing only in case is the same choice of word.
 */
const familiesOf = new WeakMap<GlossaryTerm, string[][]>()
const memberPatterns = new Map<string, RegExp>()

/** A rendering's pattern, compiled once per process (the flags make it safe to reuse). */
function memberPattern(member: string): RegExp {
  let pattern = memberPatterns.get(member)
  if (!pattern) {
    pattern = new RegExp(englishTermPattern(member).source, 'giu')
    memberPatterns.set(member, pattern)
  }
  return pattern
}

const memberWordLists = new Map<string, string[]>()

/**
 * The letter-and-digit runs a rendering's pattern needs, lower-cased: what separates them may
 * vary (space, hyphen), and the last may take a plural ending.
 */
function memberWords(member: string): string[] {
  let words = memberWordLists.get(member)
  if (!words) {
    words = member.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
    memberWordLists.set(member, words)
  }
  return words
}

/** The renderings of a term grouped into families; computed once per glossary entry. */
function renderingFamilies(term: GlossaryTerm): string[][] {
  let families = familiesOf.get(term)
  if (!families) {
    families = groupRenderings(term)
    familiesOf.set(term, families)
  }
  return families
}

/** A term's English, accepted and avoided, each spelling once whatever its case. */
function renderingsOf(term: GlossaryTerm): string[] {
  const renderings: string[] = []
  for (const rendering of [term.en, ...(term.enVariants ?? []), ...(term.avoid ?? [])]) {
    if (!renderings.some((known) => known.toLowerCase() === rendering.toLowerCase()))
      renderings.push(rendering)
  }
  return renderings
}

function groupRenderings(term: GlossaryTerm): string[][] {
  const families: string[][] = []
  for (const rendering of renderingsOf(term)) {
    const family = families.find((members) =>
      members.some(
        (member) =>
          englishTermPattern(member).test(rendering) || englishTermPattern(rendering).test(member),
      ),
    )
    if (family) family.push(rendering)
    else families.push([rendering])
  }
  return families
}

function inconsistentTerms(
  blocks: readonly Block[],
  editable: Span[],
  glossary: readonly GlossaryTerm[],
  exempt: ReadonlySet<string>,
  draft: Draft,
): Proposal[] {
  const proposals: Proposal[] = []
  // Most renderings are absent from a given article: looking their words up in the article's
  // words skips their patterns, which cost a Unicode-aware scan of every paragraph each.
  const words = new Set<string>()
  for (const block of blocks)
    for (const word of block.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) words.add(word)
  const present = (word: string, last: boolean): boolean =>
    words.has(word) || (last && (words.has(`${word}s`) || words.has(`${word}es`)))
  const mayStand = (member: string): boolean => {
    const needed = memberWords(member)
    return needed.every((word, k) => present(word, k === needed.length - 1))
  }
  for (const term of glossary) {
    // Names vary legitimately (Alibaba, Alibaba Group, BABA-W); terms should not.
    if (term.kind !== 'term' || exempt.has(term.zh)) continue
    // Two families need two renderings in the text: most terms stop here, before grouping.
    if (renderingsOf(term).filter(mayStand).length < 2) continue
    const families = renderingFamilies(term)
    if (families.length < 2) continue
    const found: Occurrence[] = []
    families.forEach((members, family) => {
      for (const member of members) {
        if (!mayStand(member)) continue
        const pattern = memberPattern(member)
        for (const block of blocks) {
          for (const match of block.text.matchAll(pattern)) {
            const start = block.start + match.index
            const end = start + match[0].length
            if (within(editable, start, end)) found.push({ start, end, family, text: match[0] })
          }
        }
      }
    })
    // Longer renderings first: `operating revenue` is not also a `revenue`.
    found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
    const kept: Occurrence[] = []
    for (const occurrence of found)
      if (!kept.some((other) => overlaps(other, occurrence))) kept.push(occurrence)
    kept.sort((a, b) => a.start - b.start)
    const counts = families.map((_, family) => kept.filter((o) => o.family === family).length)
    const used = counts.filter((count) => count > 0).length
    if (used < 2) continue
    const dominant =
      (counts[0] ?? 0) > 0 ? 0 : counts.indexOf(Math.max(...counts.filter((c) => c > 0)))
    const odd = kept.find((occurrence) => occurrence.family !== dominant) as Occurrence
    const renderings = families
      .map((members, family) => ({
        rendering: kept.find((o) => o.family === family)?.text.toLowerCase() ?? members[0],
        count: counts[family] ?? 0,
        avoid: members.some((member) => term.avoid?.includes(member) ?? false),
      }))
      .filter((entry) => entry.count > 0)
    const summary = renderings.map((entry) => `"${entry.rendering}" ×${entry.count}`).join(', ')
    proposals.push({
      rule: 'qa/inconsistent-term',
      start: odd.start,
      end: odd.end,
      reason: `${term.zh} is rendered ${used} ways in this article: ${summary}; the glossary's term is "${term.en}". Choose one.`,
      expected: [term.en],
      evidence: {
        term: term.zh,
        approved: term.en,
        renderings,
        places: kept.map((occurrence) => ({
          text: occurrence.text,
          input: [
            draft.toInput(occurrence.start, 'before'),
            draft.toInput(occurrence.end, 'after'),
          ],
        })),
      },
    })
  }
  return proposals
}

// ---------------------------------------------------------------------------------------------
// Calques

const calqueMatchers = new WeakMap<readonly CalqueRule[], TermMatcher>()

function calqueMatcher(calques: readonly CalqueRule[]): TermMatcher {
  let matcher = calqueMatchers.get(calques)
  if (!matcher) {
    matcher = new TermMatcher(calques.map((calque, index) => ({ ...calque.term, index })))
    calqueMatchers.set(calques, matcher)
  }
  return matcher
}

function calques(
  text: string,
  blocks: readonly Block[],
  editable: Span[],
  rules: readonly CalqueRule[],
): Proposal[] {
  if (rules.length === 0) return []
  const byId = new Map(rules.map((rule) => [rule.id, rule]))
  const inBlock = (start: number, end: number) =>
    within(editable, start, end) && blocks.some((block) => block.start <= start && end <= block.end)
  return calqueMatcher(rules)
    .match(text, inBlock)
    .map((match) => {
      const rule = byId.get(match.rule.id) as CalqueRule
      return {
        rule: rule.id,
        start: match.start,
        end: match.end,
        reason: rule.message,
        expected: rule.expected,
        evidence: { note: rule.note },
      }
    })
}

// ---------------------------------------------------------------------------------------------
// Bilingual checks

function bilingualGlossary(glossary: readonly GlossaryTerm[]): BilingualTerm[] {
  return glossary.map((term) => {
    const entry: BilingualTerm = { zh: term.zh, en: [term.en, ...(term.enVariants ?? [])] }
    if (term.zhVariants) entry.zhVariants = term.zhVariants
    if (term.avoid) entry.avoid = term.avoid
    return entry
  })
}

const bilingualGlossaries = new WeakMap<readonly GlossaryTerm[], BilingualTerm[]>()

function indexIn(paragraph: Block, needle: string | undefined): Span | undefined {
  if (!needle) return undefined
  const at = paragraph.text.toLowerCase().indexOf(needle.toLowerCase())
  return at < 0
    ? undefined
    : { start: paragraph.start + at, end: paragraph.start + at + needle.length }
}

function bilingualProposals(
  source: ArticleSource,
  paragraphs: readonly Block[],
  glossary: readonly GlossaryTerm[],
  lexicon: Lexicon | undefined,
): Proposal[] {
  if (paragraphs.length === 0 || source.paragraphs.length === 0) return []
  let terms = bilingualGlossaries.get(glossary)
  if (!terms) {
    terms = bilingualGlossary(glossary)
    bilingualGlossaries.set(glossary, terms)
  }
  const { alignment, findings } = checkBilingual(
    source.paragraphs,
    paragraphs.map((paragraph) => paragraph.text),
    { glossary: terms, ...(lexicon ? { lexicon } : {}) },
  )
  const whole = (index: number | null): Span => {
    const paragraph = paragraphs[index ?? 0] as Block
    return { start: paragraph.start, end: paragraph.end }
  }
  // Paragraphs are numbered from 1, as editors count them; null where there is none.
  const sourceEvidence = (finding: BilingualFinding): Evidence => ({
    origin: source.origin,
    sourceParagraph: finding.zhIndex === null ? null : finding.zhIndex + 1,
    targetParagraph: finding.enIndex === null ? null : finding.enIndex + 1,
    ...(finding.zhIndex === null ? {} : { source: source.paragraphs[finding.zhIndex] }),
  })
  return findings.map((finding): Proposal => {
    const evidence = sourceEvidence(finding)
    switch (finding.kind) {
      case 'omission': {
        // Placed on the translation of the source paragraph before the missing one.
        const before = alignment.pairs
          .filter((pair) => Math.max(...pair.zh) < (finding.zhIndex ?? 0))
          .flatMap((pair) => pair.en)
        const neighbour = before.length > 0 ? Math.max(...before) : 0
        return {
          rule: 'qa/omission',
          ...whole(neighbour),
          reason: `${finding.message} (it belongs ${before.length > 0 ? 'after' : 'before'} this paragraph)`,
          evidence,
        }
      }
      case 'addition':
        return { rule: 'qa/addition', ...whole(finding.enIndex), reason: finding.message, evidence }
      case 'number': {
        const paragraph = paragraphs[finding.enIndex ?? 0] as Block
        const missing = finding.number
        const at =
          indexIn(paragraph, missing?.likelyScaleError) ??
          indexIn(paragraph, missing?.candidates[0]) ??
          whole(finding.enIndex)
        return {
          rule: 'qa/number-mismatch',
          ...at,
          reason: finding.message,
          expected: missing?.triedForms.slice(0, 3) ?? [],
          evidence: {
            ...evidence,
            number: missing?.zh,
            numberKind: missing?.kind,
            triedForms: missing?.triedForms,
            candidates: missing?.candidates,
            ...(missing?.likelyScaleError ? { likelyScaleError: missing.likelyScaleError } : {}),
          },
        }
      }
      case 'term': {
        const paragraph = paragraphs[finding.enIndex ?? 0] as Block
        const at = indexIn(paragraph, finding.term?.found) ?? whole(finding.enIndex)
        return {
          rule: 'qa/key-term',
          ...at,
          reason: finding.message,
          expected: finding.term?.expected ?? [],
          evidence: { ...evidence, term: finding.term?.term, found: finding.term?.found ?? null },
        }
      }
      default: {
        // 'untranslated'
        const paragraph = paragraphs[finding.enIndex ?? 0] as Block
        const spans = finding.chinese ?? []
        const first = spans[0]
        const last = spans[spans.length - 1]
        const at =
          first && last
            ? { start: paragraph.start + first.start, end: paragraph.start + last.end }
            : whole(finding.enIndex)
        return { rule: 'qa/untranslated', ...at, reason: finding.message, evidence }
      }
    }
  })
}

// ---------------------------------------------------------------------------------------------
// The stage

function matchesRule(id: string, entry: string): boolean {
  return id === entry || id.startsWith(`${entry}/`)
}

/** The setting for `id`: the entry naming it exactly, else the longest prefix. */
function settingFor<T>(settings: Record<string, T> | undefined, id: string): T | undefined {
  if (!settings) return undefined
  let best: string | undefined
  for (const key of Object.keys(settings))
    if (matchesRule(id, key) && (best === undefined || key.length > best.length)) best = key
  return best === undefined ? undefined : settings[best]
}

/** Categories under which other stages report what a QA rule would report again. */
const REPORTED_ELSEWHERE_AS: Record<string, string[]> = {
  // The dedupe stage reports MT loops as duplicates.
  'qa/repeated-word': ['Duplicate'],
  'qa/repeated-phrase': ['Duplicate'],
  // A Chinese twin paragraph the dedupe stage already reported.
  'qa/untranslated': ['Duplicate'],
}

/** Whether an earlier stage already reported this span under the same kind of error. */
function coveredBy(
  earlier: ReturnType<Draft['findingsSoFar']>,
  proposal: Proposal,
  category: Category,
): boolean {
  const kinds = [category, ...(REPORTED_ELSEWHERE_AS[proposal.rule] ?? [])]
  return earlier.some(
    (finding) =>
      finding.stage !== STAGE &&
      kinds.some((kind) => finding.category === kind || finding.category.startsWith(`${kind}/`)) &&
      overlaps({ start: finding.output[0], end: finding.output[1] }, proposal),
  )
}

const lexicons = new WeakMap<readonly ArticleWord[], ArticleLexicon>()

export const qa: Plugin<[QaOptions], Root> = (options) => {
  const rules = options.rules ?? shippedQaRules()
  const disabled = options.disable ?? []
  const enabled = (id: string) => !disabled.some((entry) => matchesRule(id, entry))
  let lexicon = lexicons.get(rules.articles)
  if (!lexicon) {
    lexicon = new ArticleLexicon(rules.articles)
    lexicons.set(rules.articles, lexicon)
  }
  const words = lexicon
  const calqueRules = rules.calques.filter((calque) => enabled(calque.id))
  const calqueById = new Map(rules.calques.map((calque) => [calque.id, calque]))
  const exempt = new Set(rules.consistencyExempt ?? [])

  const infoFor = (id: string, reason?: string): RuleInfo => {
    const base: CheckInfo =
      (QA_CHECKS as Record<string, CheckInfo>)[id] ??
      (() => {
        const calque = calqueById.get(id) as CalqueRule
        return { category: calque.category, severity: calque.severity, reason: calque.message }
      })()
    return {
      stage: STAGE,
      rule: id,
      category: base.category,
      severity: settingFor(options.severity, id) ?? base.severity,
      reason: reason ?? base.reason,
    }
  }

  return (tree, file) => {
    const { draft } = articleOf(file)

    if (enabled('qa/repeated-word')) {
      const text = draft.text
      const blocks = currentBlocks(draft, tree).filter(isProse)
      const changes: Change[] = repeats(text, blocks, editableSpans(draft, tree))
        .filter((repeat) => repeat.words === 1 && DELETABLE_DOUBLES.has(repeat.first.toLowerCase()))
        .map((repeat) => ({
          start: repeat.firstEnd,
          end: repeat.end,
          after: '',
          info: infoFor(
            'qa/repeated-word',
            `"${repeat.first}" is doubled; a repeated "${repeat.first.toLowerCase()}" is never meant`,
          ),
        }))
      draft.applyAll(changes)
    }

    const text = draft.text
    const blocks = currentBlocks(draft, tree).filter(isProse)
    const editable = editableSpans(draft, tree)
    const proposals: Proposal[] = [
      ...truncatedSentences(text, blocks),
      ...missingSpaces(text, blocks, editable),
      ...repeats(text, blocks, editable)
        .filter(
          (repeat) => !(repeat.words === 1 && DELETABLE_DOUBLES.has(repeat.first.toLowerCase())),
        )
        .map((repeat) => ({
          rule: repeat.words === 1 ? 'qa/repeated-word' : 'qa/repeated-phrase',
          start: repeat.start,
          end: repeat.end,
          reason: `"${repeat.first}" is repeated`,
          expected: [repeat.first],
        })),
      ...unbalanced(text, blocks, editable),
      ...articleMismatches(text, blocks, editable, words),
      ...commasBeforeLists(text, blocks, editable),
      ...inconsistentTerms(blocks, editable, options.glossary, exempt, draft),
      ...calques(text, blocks, editable, calqueRules),
    ]
    const source = file.data.mtTidySource
    if (source)
      proposals.push(
        ...bilingualProposals(
          source,
          blocks.filter((block) => block.type === 'paragraph'),
          options.glossary,
          options.lexicon?.(),
        ),
      )

    const earlier = draft.findingsSoFar()
    const seen = new Set<string>()
    for (const proposal of proposals) {
      if (!enabled(proposal.rule) || proposal.end <= proposal.start) continue
      const key = `${proposal.rule}|${proposal.start}|${proposal.end}`
      if (seen.has(key)) continue
      seen.add(key)
      const info = infoFor(proposal.rule, proposal.reason)
      if (coveredBy(earlier, proposal, info.category)) continue
      draft.flag(proposal.start, proposal.end, info, {
        ...(proposal.expected ? { expected: proposal.expected } : {}),
        ...(proposal.evidence ? { evidence: proposal.evidence } : {}),
      })
    }
  }
}

function isProse(block: Block): boolean {
  return block.type === 'paragraph' || block.type === 'heading'
}
