/**
 * Dedupe stage (within one article): paragraphs that say again what the article already says.
 *
 * - Exact duplicates: two paragraphs equal after `normalizeForMatching` (case, whitespace,
 *   punctuation, full-width forms, Traditional/Simplified script). The later copy is removed.
 * - Cross-lingual duplicates: a Chinese paragraph whose English translation stands in the article
 *   (a scraped page that kept the untranslated source next to its translation). It is removed, and
 *   the edit names the English paragraph and the evidence ({@link crossLingualEvidence}).
 * - Near duplicates: two wordings of one paragraph (an MT engine translating the same sentence
 *   twice, differently). Reported with their similarity; removed only above `near.remove`.
 * - Repetition loops inside one paragraph ("X, X, X" as MT systems produce them): flagged with
 *   the repeated span, the fix (one copy) offered in `expected`, applied only with `applyLoopFix`.
 *
 * Only paragraphs are compared (never headings or code), and only top-level paragraphs are
 * removed: a duplicate inside a list or quotation is flagged instead, as deleting it would leave
 * an empty list item or quote marker behind.
 */
import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import { articleOf } from '../core/article.js'
import type { Change, Draft } from '../core/draft.js'
import { type Block, currentBlocks, leafBlockSpans, type Span } from '../core/structure.js'
import type { Evidence, RuleInfo } from '../core/types.js'
import {
  extractEnNumbers,
  extractZhNumbers,
  type NumberMention,
  numberMatches,
} from '../lib/bilingual/numbers.js'
import { englishTermPattern } from '../lib/bilingual/terms.js'
import { countHan, countLatinWords, hanRuns, hasHan, isMostlyChinese } from '../lib/han.js'
import { toSimplified } from '../lib/opencc.js'
import { escapeRegExp } from '../lib/regexp.js'
import { jaccard, matchTokens, normalizeForMatching, shingles } from '../lib/similarity.js'
import type { GlossaryTerm } from '../rules/load.js'

export const STAGE = 'dedupe'

export interface NearDuplicateThresholds {
  /** Similarity at or above which the later paragraph is removed. */
  remove: number
  /** Similarity at or above which the later paragraph is flagged (below `remove`). */
  flag: number
}

export interface CrossLingualOptions {
  /** Score ({@link CrossLingualEvidence.score}) at or above which a Chinese paragraph is a twin. */
  threshold: number
  /** Weight of shared anchors a twin needs at least (a year counts half). */
  minShared?: number
}

export interface DedupeOptions {
  glossary: readonly GlossaryTerm[]
  near?: NearDuplicateThresholds
  crossLingual?: CrossLingualOptions
  /** Apply the repetition-loop fix (keep one copy) instead of only offering it. Default false. */
  applyLoopFix?: boolean
}

/**
 * Near-duplicate measure: Jaccard similarity of word 2-shingles ({@link nearDuplicateSimilarity}).
 *
 * Chosen on the WMT 2023 zh→en dev set (test/fixtures/zh-en-news-dev): two independent MT
 * systems' English for the same Chinese paragraph (316 real rewordings) against every pair of
 * different paragraphs of one document (4,071 pairs). At 0.4, word 2-shingles find 44 % of the
 * rewordings, and the only different-source pairs above it (3) are a headline repeated in the
 * lede, which an editor wants to see too; word 3-shingles find fewer rewordings for the same
 * count. The reference article's two "Since 2021 ..." wordings score 0.50 before the terms stage
 * makes "internet plus-related" "interconnection", and 0.63 after it (the stage order).
 * Removal needs 0.8: no two independent translations in the dev set come that close; only a copy
 * with a few words changed does.
 */
export const DEFAULT_NEAR: NearDuplicateThresholds = { remove: 0.8, flag: 0.4 }
export const NEAR_MEASURE = 'jaccard of word 2-shingles'
const NEAR_SHINGLES = { wordSize: 2, hanSize: 3 }
/** Paragraphs shorter than this many words (headings, datelines, "Read more") are never near duplicates. */
export const MIN_NEAR_WORDS = 8
/** Exact duplicates need at least this many tokens (words, or Han characters). */
export const MIN_EXACT_TOKENS = 3

/**
 * Cross-lingual twin rule, measured on the same dev set: true pairs (a Chinese paragraph and its
 * English) against hard non-pairs (the Chinese paragraph against every English paragraph of the
 * same document that translates a different, dissimilar Chinese paragraph: same topic, same
 * names, same year). A twin needs shared anchors of weight ≥ 3, a score ≥ 0.5 and a plausible
 * length. On 5,796 hard non-pairs none passes; of the 132 true pairs whose Chinese has anchors of
 * weight ≥ 3 (numbers, Latin words, glossary names), 71 % pass. A Chinese paragraph with fewer
 * anchors is never called a twin: it stays, flagged as untranslated.
 */
export const DEFAULT_CROSS_LINGUAL: Required<CrossLingualOptions> = { threshold: 0.5, minShared: 3 }
/**
 * English characters (without spaces) per Han character a translation has: 1st–99th percentile
 * of the dev set's true pairs is 2.3–6.3 (median 4.05); a little slack either side.
 */
export const TRANSLATION_LENGTH_RATIO: readonly [number, number] = [2, 7.5]
/** A year (2024) is shared by many paragraphs of one story: it counts half. */
const YEAR_WEIGHT = 0.5

const EXACT_INFO: RuleInfo = {
  stage: STAGE,
  rule: 'dedupe/exact',
  category: 'Duplicate',
  severity: 'minor',
  reason: 'The paragraph repeats an earlier paragraph word for word: the later copy is removed',
}

const CROSS_LINGUAL_INFO: RuleInfo = {
  stage: STAGE,
  rule: 'dedupe/cross-lingual',
  category: 'Duplicate/Untranslated',
  severity: 'minor',
  reason:
    'The Chinese paragraph is the untranslated source of an English paragraph of the same article (same numbers, names and terms): it is removed',
}

const NEAR_REMOVE_INFO: RuleInfo = {
  stage: STAGE,
  rule: 'dedupe/near-removed',
  category: 'Duplicate',
  severity: 'minor',
  reason:
    'The paragraph is a second wording of an earlier paragraph, almost word for word: it is removed',
}

const NEAR_FLAG_INFO: RuleInfo = {
  stage: STAGE,
  rule: 'dedupe/near',
  category: 'Duplicate',
  severity: 'minor',
  reason:
    'The paragraph says again what an earlier paragraph says, in other words (two translations of one sentence?): keep one',
}

const LOOP_INFO: RuleInfo = {
  stage: STAGE,
  rule: 'dedupe/repetition-loop',
  category: 'Accuracy/Addition',
  severity: 'major',
  reason: 'The same words repeat back to back, as MT systems do when they loop: keep one copy',
}

/** English words a Chinese paragraph may hold outside its Chinese runs (`下载 app 后`). */
export const MAX_ENGLISH_WORDS_IN_CHINESE_PARAGRAPH = 2

/**
 * Whether a paragraph is Chinese writing rather than English with Chinese names in it: its content
 * is mostly Chinese ({@link isMostlyChinese}) and next to nothing of it is English outside its
 * Chinese runs. `Traffic from 微信视频号 goes to 天猫.` weighs as mostly Chinese (seven Han
 * characters against four short words) but is an English sentence.
 */
export function isChineseParagraph(text: string): boolean {
  if (!isMostlyChinese(text)) return false
  let outside = ''
  let at = 0
  for (const run of hanRuns(text)) {
    outside += `${text.slice(at, run.start)} `
    at = run.end
  }
  outside += text.slice(at)
  return countLatinWords(outside) <= MAX_ENGLISH_WORDS_IN_CHINESE_PARAGRAPH
}

// ---------------------------------------------------------------------------------------------
// Glossary matching on Chinese text (shared with the leftover-Chinese stage)

export interface GlossaryMatch {
  /** UTF-16 offsets into the text as given. */
  start: number
  end: number
  /** The Chinese as written (any script). */
  text: string
  term: GlossaryTerm
}

interface GlossaryIndex {
  /** Keys in Simplified script by their first character, longest first. */
  byFirst: Map<string, { key: string; term: GlossaryTerm }[]>
  /** English renderings (approved first) of each term, as word-boundary patterns. */
  english: Map<GlossaryTerm, RegExp[]>
}

const indexes = new WeakMap<readonly GlossaryTerm[], GlossaryIndex>()

function glossaryIndex(glossary: readonly GlossaryTerm[]): GlossaryIndex {
  let index = indexes.get(glossary)
  if (index) return index
  index = { byFirst: new Map(), english: new Map() }
  const seen = new Set<string>()
  for (const term of glossary) {
    for (const zh of [term.zh, ...(term.zhVariants ?? [])]) {
      const key = toSimplified(zh)
      if (seen.has(key)) continue
      seen.add(key)
      const first = key[0] as string
      const list = index.byFirst.get(first) ?? []
      list.push({ key, term })
      index.byFirst.set(first, list)
    }
    index.english.set(
      term,
      [term.en, ...(term.enVariants ?? [])].map((english) => englishTermPattern(english)),
    )
  }
  for (const list of index.byFirst.values()) list.sort((a, b) => b.key.length - a.key.length)
  indexes.set(glossary, index)
  return index
}

/**
 * The text in Simplified script with the same length, so offsets carry over: converted as a whole
 * when OpenCC keeps the length (it nearly always does), else character by character.
 */
function simplifiedSameLength(text: string): string {
  const whole = toSimplified(text)
  if (whole.length === text.length) return whole
  let out = ''
  for (const character of text) {
    const converted = toSimplified(character)
    out += converted.length === character.length ? converted : character
  }
  return out
}

const LATIN_OR_DIGIT = /[A-Za-z0-9]/

/**
 * Glossary names and terms in a text, read left to right, the longest key at each position first
 * (阿里妈妈 is Alibaba Mama, not 阿里 + 妈妈; 京东方 is BOE, not 京东 + 方). Both sides are compared
 * in Simplified script, so 淘寶 finds 淘宝. A key with Latin letters at an edge (A股) must not
 * continue a Latin word.
 */
export function findGlossaryTerms(
  text: string,
  glossary: readonly GlossaryTerm[],
): GlossaryMatch[] {
  if (!hasHan(text)) return []
  const index = glossaryIndex(glossary)
  const simplified = simplifiedSameLength(text)
  const matches: GlossaryMatch[] = []
  let at = 0
  while (at < simplified.length) {
    const candidates = index.byFirst.get(simplified[at] as string)
    const hit = candidates?.find(
      ({ key }) =>
        simplified.startsWith(key, at) && latinEdgesFree(simplified, at, at + key.length),
    )
    if (hit) {
      const end = at + hit.key.length
      matches.push({ start: at, end, text: text.slice(at, end), term: hit.term })
      at = end
    } else {
      at += 1
    }
  }
  return matches
}

function latinEdgesFree(text: string, start: number, end: number): boolean {
  const first = text[start] as string
  const last = text[end - 1] as string
  if (LATIN_OR_DIGIT.test(first) && LATIN_OR_DIGIT.test(text[start - 1] ?? '')) return false
  if (LATIN_OR_DIGIT.test(last) && LATIN_OR_DIGIT.test(text[end] ?? '')) return false
  return true
}

/** Where a glossary entry is defined, `rules/glossary/platforms.yml:12`, for the report. */
export function glossaryRef(term: GlossaryTerm): string {
  return `${term.file}:${term.line}`
}

/** The first English rendering of `term` (approved, then accepted variants) found in `english`. */
function englishRenderingIn(
  term: GlossaryTerm,
  english: string,
  index: GlossaryIndex,
): string | undefined {
  for (const pattern of index.english.get(term) ?? []) {
    const match = pattern.exec(english)
    if (match) return match[0]
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Cross-lingual duplicates

export interface SharedGlossaryPair {
  zh: string
  en: string
  /** Where the glossary entry is defined. */
  source: string
}

export interface CrossLingualEvidence {
  /** Shared anchor weight / (shared + missing + extra), 0..1: a weighted Jaccard of anchors. */
  score: number
  /** Shared anchor weight / all the Chinese paragraph's anchor weight, 0..1. */
  coverage: number
  /** Weight of the anchors found on both sides (a year counts {@link YEAR_WEIGHT}). */
  sharedWeight: number
  /** English characters (without spaces) per Han character. */
  lengthRatio: number
  shared: { numbers: string[]; latin: string[]; glossary: SharedGlossaryPair[] }
  /** Anchors of the Chinese paragraph not found in the English. */
  missing: { numbers: string[]; latin: string[]; glossary: { zh: string; en: string }[] }
  /** Numbers and glossary names of the English paragraph the Chinese does not account for. */
  extra: { numbers: string[]; glossary: string[] }
  /** Whether the pair passes the twin rule with the options given. */
  isTwin: boolean
}

function isYear(mention: NumberMention): boolean {
  if (mention.kind === 'year') return true
  return (
    mention.kind === 'quantity' &&
    Number.isInteger(mention.value) &&
    mention.value >= 1900 &&
    mention.value <= 2100
  )
}

/** One key per number value, so `2022年` and `2022中国` are one anchor. */
function numberKey(mention: NumberMention): string {
  if (mention.kind === 'date') return `date:${mention.month}-${mention.day}`
  if (mention.kind === 'ticker') return `ticker:${mention.code}`
  if (mention.kind === 'time') return `time:${mention.time}`
  return `${mention.kind === 'percent' ? '%' : ''}${mention.value}`
}

const LATIN_TOKEN = /[A-Za-z][A-Za-z0-9.&+-]*[A-Za-z0-9]|[A-Za-z]{2,}/g

function hasWord(text: string, word: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'iu').test(text)
}

/** Visible length (no whitespace) of the Latin part of an English paragraph. */
function latinLength(text: string): number {
  return text.replace(/\s+/g, '').length - countHan(text)
}

/**
 * How strongly an English paragraph looks like the translation of a Chinese one, from what
 * passes unchanged through translation: numbers (read with their Chinese scales and dates, so
 * `1611亿` finds `161.1 billion` and `9月4日` finds `September 4`), Latin words written in the
 * Chinese (`UD`, `Tmall`), and glossary pairs (阿里妈妈 = Alibaba Mama). The score is a weighted
 * Jaccard of these anchors: shared / (shared + missing in the English + extra in the English).
 * The rule ({@link DEFAULT_CROSS_LINGUAL}): a twin shares anchors of weight ≥ `minShared` (at
 * least one not a year), scores ≥ `threshold`, and has a translation's length
 * ({@link TRANSLATION_LENGTH_RATIO}).
 */
export function crossLingualEvidence(
  zh: string,
  en: string,
  glossary: readonly GlossaryTerm[],
  options: CrossLingualOptions = DEFAULT_CROSS_LINGUAL,
): CrossLingualEvidence {
  const index = glossaryIndex(glossary)
  const evidence: CrossLingualEvidence = {
    score: 0,
    coverage: 0,
    sharedWeight: 0,
    lengthRatio: 0,
    shared: { numbers: [], latin: [], glossary: [] },
    missing: { numbers: [], latin: [], glossary: [] },
    extra: { numbers: [], glossary: [] },
    isTwin: false,
  }
  let shared = 0
  let missing = 0
  let extra = 0
  let sharedBeyondYears = 0

  const englishNumbers = writtenNumbersIn(en)
  const accounted = new Set<NumberMention>()
  const seenNumbers = new Set<string>()
  for (const mention of extractZhNumbers(zh)) {
    if (!mention.checked) continue
    const key = numberKey(mention)
    if (seenNumbers.has(key)) continue
    seenNumbers.add(key)
    const weight = isYear(mention) ? YEAR_WEIGHT : 1
    const found = englishNumbers.filter((target) => numberMatches(mention, target))
    if (found.length > 0) {
      for (const target of found) accounted.add(target)
      shared += weight
      if (weight === 1) sharedBeyondYears += 1
      evidence.shared.numbers.push(mention.text)
    } else {
      missing += weight
      evidence.missing.numbers.push(mention.text)
    }
  }
  const extraNumbers = new Map<string, NumberMention>()
  for (const target of englishNumbers) {
    if (!accounted.has(target)) extraNumbers.set(numberKey(target), target)
  }
  for (const target of extraNumbers.values()) {
    extra += isYear(target) ? YEAR_WEIGHT : 1
    evidence.extra.numbers.push(target.text)
  }

  const latinWords = new Set((zh.match(LATIN_TOKEN) ?? []).map((word) => word.toLowerCase()))
  for (const word of latinWords) {
    if (hasWord(en, word)) {
      shared += 1
      sharedBeyondYears += 1
      evidence.shared.latin.push(word)
    } else {
      missing += 1
      evidence.missing.latin.push(word)
    }
  }

  const zhTerms = new Map<GlossaryTerm, string>()
  for (const match of findGlossaryTerms(zh, glossary)) {
    if (!zhTerms.has(match.term)) zhTerms.set(match.term, match.text)
  }
  for (const [term, written] of zhTerms) {
    const rendering = englishRenderingIn(term, en, index)
    if (rendering !== undefined) {
      shared += 1
      sharedBeyondYears += 1
      evidence.shared.glossary.push({ zh: written, en: rendering, source: glossaryRef(term) })
    } else {
      missing += 1
      evidence.missing.glossary.push({ zh: written, en: term.en })
    }
  }
  // An English name inside a shared one (Alibaba in Alibaba Mama) is not extra.
  const hits = englishTermsIn(en, glossary)
  const sharedSpans = hits.filter((hit) => zhTerms.has(hit.term)).flatMap((hit) => hit.spans)
  for (const hit of hits) {
    if (zhTerms.has(hit.term)) continue
    const standsAlone = hit.spans.some(
      (span) => !sharedSpans.some((outer) => outer.start <= span.start && span.end <= outer.end),
    )
    if (!standsAlone) continue
    extra += 1
    evidence.extra.glossary.push(hit.term.en)
  }

  const total = shared + missing + extra
  evidence.sharedWeight = shared
  evidence.score = round2(total === 0 ? 0 : shared / total)
  evidence.coverage = round2(shared + missing === 0 ? 0 : shared / (shared + missing))
  const han = countHan(zh)
  evidence.lengthRatio = round2(han === 0 ? 0 : latinLength(en) / han)
  const [lowest, highest] = TRANSLATION_LENGTH_RATIO
  const minShared = options.minShared ?? DEFAULT_CROSS_LINGUAL.minShared
  evidence.isTwin =
    shared >= minShared &&
    sharedBeyondYears >= 1 &&
    total > 0 &&
    shared / total >= options.threshold &&
    evidence.lengthRatio >= lowest &&
    evidence.lengthRatio <= highest
  return evidence
}

const englishNumberCache = new Map<string, NumberMention[]>()

/** The numbers an English paragraph writes in digits (each English paragraph is read once). */
function writtenNumbersIn(en: string): NumberMention[] {
  const cached = englishNumberCache.get(en)
  if (cached) return cached
  const numbers = extractEnNumbers(en).filter(
    (mention) => mention.checked && /\d/.test(mention.text),
  )
  if (englishNumberCache.size > 2000) englishNumberCache.clear()
  englishNumberCache.set(en, numbers)
  return numbers
}

interface EnglishTermHit {
  term: GlossaryTerm
  /** Every place one of the term's renderings stands. */
  spans: Span[]
}

const englishTermCache = new WeakMap<readonly GlossaryTerm[], Map<string, EnglishTermHit[]>>()

/** Glossary entries whose English (or an accepted variant) stands in an English paragraph. */
function englishTermsIn(en: string, glossary: readonly GlossaryTerm[]): EnglishTermHit[] {
  let cache = englishTermCache.get(glossary)
  if (!cache) {
    cache = new Map()
    englishTermCache.set(glossary, cache)
  }
  const cached = cache.get(en)
  if (cached) return cached
  const index = glossaryIndex(glossary)
  const found: EnglishTermHit[] = []
  for (const term of glossary) {
    const spans: Span[] = []
    for (const pattern of index.english.get(term) ?? []) {
      const global = new RegExp(pattern.source, 'giu')
      for (const match of en.matchAll(global)) {
        spans.push({ start: match.index, end: match.index + match[0].length })
      }
    }
    if (spans.length > 0) found.push({ term, spans })
  }
  // Articles are processed one after another; a bounded cache is enough.
  if (cache.size > 2000) cache.clear()
  cache.set(en, found)
  return found
}

export interface EnglishTwin {
  /** Index into the candidates. */
  index: number
  evidence: CrossLingualEvidence
}

/**
 * The English paragraph of which `zh` is the untranslated source: the best-scoring candidate that
 * passes the twin rule, or undefined. Candidates that are themselves mostly Chinese are skipped.
 */
export function findEnglishTwin(
  zh: string,
  candidates: readonly string[],
  glossary: readonly GlossaryTerm[],
  options: CrossLingualOptions = DEFAULT_CROSS_LINGUAL,
): EnglishTwin | undefined {
  let best: EnglishTwin | undefined
  candidates.forEach((en, index) => {
    if (isChineseParagraph(en) || !/[A-Za-z]/.test(en)) return
    const evidence = crossLingualEvidence(zh, en, glossary, options)
    if (!evidence.isTwin) return
    if (!best || evidence.score > best.evidence.score) best = { index, evidence }
  })
  return best
}

// ---------------------------------------------------------------------------------------------
// Near duplicates and loops

/** {@link NEAR_MEASURE} of two paragraphs, 0..1. */
export function nearDuplicateSimilarity(a: string, b: string): number {
  return jaccard(shingles(a, NEAR_SHINGLES), shingles(b, NEAR_SHINGLES))
}

function wordCount(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0
}

export interface RepetitionLoop {
  /** Offsets of the whole repeated stretch (first copy to last copy), in the text given. */
  start: number
  end: number
  /** End of the first copy: keeping [start, firstEnd) is the fix. */
  firstEnd: number
  copies: number
  /** Words per copy. */
  words: number
}

/** Longest copy (in words) looked for; MT loops repeat a phrase or a clause. */
export const MAX_LOOP_WORDS = 20

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu

/**
 * Back-to-back repeats of the same words (case-insensitive, punctuation between them ignored):
 * a phrase of 3+ words twice or more, or of 2 words three times or more. Single repeated words
 * (`very very`, `more and more`) are ordinary English and are not looked for.
 */
export function repetitionLoops(text: string): RepetitionLoop[] {
  const words = [...text.matchAll(WORD)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    key: match[0].toLowerCase().replace('’', "'"),
  }))
  const loops: RepetitionLoop[] = []
  let at = 0
  while (at < words.length) {
    let found: RepetitionLoop | undefined
    const longest = Math.min(MAX_LOOP_WORDS, Math.floor((words.length - at) / 2))
    for (let size = 2; size <= longest && !found; size += 1) {
      let copies = 1
      while (sameWords(words, at, at + copies * size, size)) copies += 1
      if ((size >= 3 && copies >= 2) || copies >= 3) {
        const last = words[at + copies * size - 1] as { end: number }
        found = {
          start: (words[at] as { start: number }).start,
          end: last.end,
          firstEnd: (words[at + size - 1] as { end: number }).end,
          copies,
          words: size,
        }
        at += copies * size
      }
    }
    if (found) loops.push(found)
    else at += 1
  }
  return loops
}

function sameWords(
  words: readonly { key: string }[],
  first: number,
  second: number,
  size: number,
): boolean {
  if (second + size > words.length) return false
  for (let i = 0; i < size; i += 1) {
    if (words[first + i]?.key !== words[second + i]?.key) return false
  }
  return true
}

// ---------------------------------------------------------------------------------------------
// The stage

interface Paragraph extends Block {
  /** 1-based number of the block in the article (headings and code count too). */
  number: number
  topLevel: boolean
  chinese: boolean
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}

/** Current spans of the top-level paragraphs (children of the root), for removal. */
function topLevelSpans(draft: Draft, tree: Root): Span[] {
  const spans: Span[] = []
  for (const child of tree.children) {
    const start = child.position?.start.offset
    const end = child.position?.end.offset
    if (child.type !== 'paragraph' || start === undefined || end === undefined) continue
    spans.push({ start: draft.toCurrent(start, 'after'), end: draft.toCurrent(end, 'before') })
  }
  return spans
}

/**
 * The change deleting a paragraph and the blank line after it, or, for the last block of the
 * text or a line that ends a paragraph, the separator before it, so the blocks around it keep
 * their usual separation.
 */
function removal(text: string, block: Span): { start: number; end: number } {
  let end = block.end
  while (end < text.length && /\s/.test(text[end] as string)) end += 1
  let start = block.start
  while (start > 0 && /\s/.test(text[start - 1] as string)) start -= 1
  if (end >= text.length) return { start, end: block.end }
  // The stronger separator stays: a line removed from the end of a paragraph takes the line
  // break before it, not the blank line that ends the paragraph.
  const paragraphBreak = /\n[ \t]*\r?\n/
  const before = text.slice(start, block.start)
  if (start > 0 && !paragraphBreak.test(before) && paragraphBreak.test(text.slice(block.end, end)))
    return { start, end: block.end }
  return { start: block.start, end }
}

/**
 * Where a current paragraph stands in the input, for evidence links. A paragraph that is a whole
 * block of the parse maps to that block's input span. Mapping its offsets back through the draft
 * would be wrong where earlier stages deleted two neighbouring blocks right before it: all those
 * deletions sit at one current offset, and `toInput` answers with the end of the first.
 */
function inputRange(
  draft: Draft,
  leaves: readonly { input: Span; current: Span }[],
  paragraph: Span,
): [number, number] {
  const leaf = leaves.find(
    ({ current }) => current.start === paragraph.start && current.end === paragraph.end,
  )
  if (leaf) return [leaf.input.start, leaf.input.end]
  return [draft.toInput(paragraph.start, 'after'), draft.toInput(paragraph.end, 'before')]
}

export const dedupe: Plugin<[DedupeOptions], Root> = (options) => {
  const near = options.near ?? DEFAULT_NEAR
  const crossLingual = { ...DEFAULT_CROSS_LINGUAL, ...options.crossLingual }
  if (!(near.flag <= near.remove))
    throw new RangeError('dedupe: near.flag must not exceed near.remove')
  return (tree, file) => {
    const { draft } = articleOf(file)
    const text = draft.text
    const topLevel = topLevelSpans(draft, tree)
    const paragraphs: Paragraph[] = []
    currentBlocks(draft, tree).forEach((block, i) => {
      if (block.type !== 'paragraph') return
      paragraphs.push({
        ...block,
        number: i + 1,
        topLevel: topLevel.some((span) => span.start <= block.start && block.end <= span.end),
        chinese: isChineseParagraph(block.text),
      })
    })
    const leaves = leafBlockSpans(tree).map((span) => ({
      input: span,
      current: {
        start: draft.toCurrent(span.start, 'after'),
        end: draft.toCurrent(span.end, 'before'),
      },
    }))
    const link = (paragraph: Paragraph) => ({ input: inputRange(draft, leaves, paragraph) })
    const removed = new Set<Paragraph>()
    const changes: Change[] = []
    const flags: {
      paragraph: Paragraph
      info: RuleInfo
      evidence: Evidence
      expected?: string[]
    }[] = []
    const remove = (paragraph: Paragraph, info: RuleInfo, evidence: Evidence) => {
      removed.add(paragraph)
      if (paragraph.topLevel)
        changes.push({ ...removal(text, paragraph), after: '', info, evidence })
      else flags.push({ paragraph, info, evidence, expected: [''] })
    }

    // Exact duplicates: the first copy of each normalised text is the one kept.
    const firstCopy = new Map<string, Paragraph>()
    const exactOf = new Map<Paragraph, Paragraph>()
    for (const paragraph of paragraphs) {
      if (matchTokens(paragraph.text).length < MIN_EXACT_TOKENS) continue
      const key = normalizeForMatching(paragraph.text)
      const first = firstCopy.get(key)
      if (first) exactOf.set(paragraph, first)
      else firstCopy.set(key, paragraph)
    }

    // Cross-lingual twins, checked for every Chinese copy: each removal names its English twin.
    const english = paragraphs.filter((paragraph) => !paragraph.chinese && !exactOf.has(paragraph))
    for (const paragraph of paragraphs) {
      if (!paragraph.chinese) continue
      const twin = findEnglishTwin(
        paragraph.text,
        english.map((candidate) => candidate.text),
        options.glossary,
        crossLingual,
      )
      const repeats = exactOf.get(paragraph)
      if (twin) {
        const en = english[twin.index] as Paragraph
        remove(paragraph, CROSS_LINGUAL_INFO, {
          twinOf: link(en),
          paragraph: en.number,
          ...(repeats ? { duplicateOf: link(repeats), duplicateParagraph: repeats.number } : {}),
          ...twin.evidence,
        })
      } else if (repeats) {
        remove(paragraph, EXACT_INFO, { duplicateOf: link(repeats), paragraph: repeats.number })
      }
    }
    for (const [paragraph, first] of exactOf) {
      if (paragraph.chinese) continue
      remove(paragraph, EXACT_INFO, { duplicateOf: link(first), paragraph: first.number })
    }

    // Near duplicates among the paragraphs still standing, each against the earlier ones.
    const standing = paragraphs.filter(
      (paragraph) => !removed.has(paragraph) && wordCount(paragraph.text) >= MIN_NEAR_WORDS,
    )
    // Shingle each paragraph once: every pair below compares the same sets.
    const shingleSets = new Map(
      standing.map((paragraph) => [paragraph, new Set(shingles(paragraph.text, NEAR_SHINGLES))]),
    )
    standing.forEach((paragraph, i) => {
      let best: { earlier: Paragraph; similarity: number } | undefined
      for (const earlier of standing.slice(0, i)) {
        if (removed.has(earlier) || earlier.chinese !== paragraph.chinese) continue
        const similarity = jaccard(
          shingleSets.get(earlier) as Set<string>,
          shingleSets.get(paragraph) as Set<string>,
        )
        if (!best || similarity > best.similarity) best = { earlier, similarity }
      }
      if (!best || best.similarity < near.flag) return
      const evidence = {
        duplicateOf: link(best.earlier),
        paragraph: best.earlier.number,
        similarity: round2(best.similarity),
        measure: NEAR_MEASURE,
        thresholds: { remove: near.remove, flag: near.flag },
      }
      if (best.similarity >= near.remove) remove(paragraph, NEAR_REMOVE_INFO, evidence)
      else flags.push({ paragraph, info: NEAR_FLAG_INFO, evidence, expected: [''] })
    })

    // Repetition loops inside the paragraphs that stay.
    const loopFlags: { start: number; end: number; expected: string; evidence: Evidence }[] = []
    for (const paragraph of paragraphs) {
      if (removed.has(paragraph)) continue
      for (const loop of repetitionLoops(paragraph.text)) {
        const start = paragraph.start + loop.start
        const end = paragraph.start + loop.end
        const copy = text.slice(start, paragraph.start + loop.firstEnd)
        const evidence = { repeated: copy, copies: loop.copies, words: loop.words }
        if (options.applyLoopFix) {
          changes.push({
            start: paragraph.start + loop.firstEnd,
            end,
            after: '',
            info: LOOP_INFO,
            evidence,
          })
        } else {
          loopFlags.push({ start, end, expected: copy, evidence })
        }
      }
    }

    // Findings first, in the coordinates they were computed in; then the removals.
    for (const flag of flags) {
      draft.flag(flag.paragraph.start, flag.paragraph.end, flag.info, {
        evidence: flag.evidence,
        ...(flag.expected ? { expected: flag.expected } : {}),
      })
    }
    for (const loop of loopFlags) {
      draft.flag(loop.start, loop.end, LOOP_INFO, {
        expected: [loop.expected],
        evidence: loop.evidence,
      })
    }
    draft.applyAll(changes)
  }
}
