/**
 * Text similarity for duplicate matching: normalisation, shingles, exact Jaccard and containment.
 *
 * Two paragraphs are compared as sets of shingles (overlapping runs of tokens). Latin text is
 * split into words and shingled by words; Han text has no spaces between words, so it is shingled
 * by characters. All functions are pure.
 */
import { hasHan } from './han.js'
import { toSimplified } from './opencc.js'

/**
 * The form of a text used for matching, so that differences no reader would call a difference
 * do not count: full-width forms become ASCII (Unicode NFKC: `２０２４` → `2024`, `，` → `,`),
 * Traditional/Taiwan/Hong Kong script becomes Simplified (`淘寶` → `淘宝`), letters are lower-cased,
 * punctuation and symbols become spaces, and runs of whitespace become one space.
 */
export function normalizeForMatching(text: string): string {
  const halfWidth = text.normalize('NFKC')
  // OpenCC walks its dictionary trie at every character; text without Han has nothing to convert.
  return (hasHan(halfWidth) ? toSimplified(halfWidth) : halfWidth)
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Shingle sizes: consecutive words for Latin text, consecutive characters for Han text. */
export interface ShingleOptions {
  /** Words per shingle in Latin (non-Han) stretches. Default 3. */
  wordSize?: number
  /** Characters per shingle in Han stretches. Default 3 (about two Chinese words). */
  hanSize?: number
}

export const DEFAULT_WORD_SHINGLE_SIZE = 3
export const DEFAULT_HAN_SHINGLE_SIZE = 3

const TOKEN = /\p{Script=Han}|[^\s\p{Script=Han}]+/gu
const HAN = /\p{Script=Han}/u

/**
 * The tokens of a text after {@link normalizeForMatching}: each Han character is a token, and so
 * is each word or number between spaces.
 */
export function matchTokens(text: string): string[] {
  const normalized = normalizeForMatching(text)
  if (normalized === '') return []
  // Text without Han is already one space between tokens; the regex is only needed for Han.
  if (!hasHan(normalized)) return normalized.split(' ')
  return Array.from(normalized.matchAll(TOKEN), (match) => match[0])
}

/**
 * Call `visit(start, end, isHan)` for each shingle of a token list: the list is cut into stretches
 * of Han tokens and stretches of other tokens, and each stretch is covered by windows of its
 * shingle size, or by one window if it is shorter.
 */
function forEachShingle(
  tokens: readonly string[],
  options: ShingleOptions,
  visit: (start: number, end: number, isHan: boolean) => void,
): void {
  const wordSize = options.wordSize ?? DEFAULT_WORD_SHINGLE_SIZE
  const hanSize = options.hanSize ?? DEFAULT_HAN_SHINGLE_SIZE
  if (!(wordSize >= 1 && hanSize >= 1)) throw new RangeError('Shingle sizes must be at least 1')
  let stretchStart = 0
  while (stretchStart < tokens.length) {
    const isHan = HAN.test(tokens[stretchStart] as string)
    let stretchEnd = stretchStart + 1
    while (stretchEnd < tokens.length && HAN.test(tokens[stretchEnd] as string) === isHan) {
      stretchEnd += 1
    }
    const size = isHan ? hanSize : wordSize
    if (stretchEnd - stretchStart <= size) visit(stretchStart, stretchEnd, isHan)
    else {
      for (let start = stretchStart; start + size <= stretchEnd; start += 1) {
        visit(start, start + size, isHan)
      }
    }
    stretchStart = stretchEnd
  }
}

/**
 * The shingles of a text, after {@link normalizeForMatching}, each once. The text is cut into
 * stretches of Han characters and stretches of words (numbers and Latin words); each stretch gives
 * its own shingles (Han characters joined without a space, words with one), so `2024年618前`
 * yields the numbers and the Han n-grams. A stretch shorter than its shingle size gives one
 * shingle of the whole stretch, so short texts and short names still count.
 */
export function shingles(text: string, options: ShingleOptions = {}): string[] {
  const tokens = matchTokens(text)
  const result = new Set<string>()
  forEachShingle(tokens, options, (start, end, isHan) => {
    result.add(tokens.slice(start, end).join(isHan ? '' : ' '))
  })
  return [...result]
}

/**
 * 32-bit MurmurHash3 of a string's UTF-16 code units, with a seed. Integer arithmetic only
 * (`Math.imul`, shifts), so it is exact on every platform and never goes through floating point.
 */
export function hashString32(text: string, seed = 0): number {
  let hash = seed >>> 0
  const length = text.length
  let i = 0
  // Two UTF-16 units make one 32-bit block.
  for (; i + 1 < length; i += 2) {
    let block = (text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16)) >>> 0
    block = Math.imul(block, 0xcc9e2d51)
    block = (block << 15) | (block >>> 17)
    block = Math.imul(block, 0x1b873593)
    hash ^= block
    hash = (hash << 13) | (hash >>> 19)
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0
  }
  if (i < length) {
    let block = text.charCodeAt(i)
    block = Math.imul(block, 0xcc9e2d51)
    block = (block << 15) | (block >>> 17)
    block = Math.imul(block, 0x1b873593)
    hash ^= block
  }
  hash ^= length * 2
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b)
  hash ^= hash >>> 13
  hash = Math.imul(hash, 0xc2b2ae35)
  hash ^= hash >>> 16
  return hash >>> 0
}

/** Seed of the shingle hash; changing it changes every stored signature. */
export const SHINGLE_HASH_SEED = 0x6d742d74

/**
 * The shingle set of {@link shingles} as sorted, distinct 32-bit hashes: the compact form kept for
 * many paragraphs and fed to MinHash. Each token is hashed once and a shingle's hash combines its
 * tokens' hashes in order (no shingle strings are built: this runs on every paragraph of a batch).
 * Two distinct shingles of one pair of paragraphs share a hash with probability about n²/2³³
 * (n shingles; under 10⁻⁵ for paragraphs), so Jaccard on hashes equals Jaccard on the strings for
 * all practical purposes.
 */
export function shingleHashes(text: string, options: ShingleOptions = {}): Uint32Array {
  const tokens = matchTokens(text)
  const tokenHashes = new Int32Array(tokens.length)
  for (let i = 0; i < tokens.length; i += 1) {
    tokenHashes[i] = hashString32(tokens[i] as string, SHINGLE_HASH_SEED)
  }
  const hashes: number[] = []
  forEachShingle(tokens, options, (start, end, isHan) => {
    // The kind is mixed in so a one-token word stretch and a one-character Han one never agree.
    let hash = isHan ? 0x2f6b1a3d : 0x71c3e5a9
    for (let i = start; i < end; i += 1) {
      hash = Math.imul(hash ^ (tokenHashes[i] as number), 0x01000193)
      hash ^= hash >>> 15
      hash = Math.imul(hash, 0x85ebca6b)
    }
    hash ^= hash >>> 13
    hashes.push(hash >>> 0)
  })
  return sortedDistinct(hashes)
}

/** Sorted copy without repeats. */
export function sortedDistinct(values: Iterable<number>): Uint32Array {
  const sorted = Uint32Array.from(values).sort()
  let write = 0
  for (let read = 0; read < sorted.length; read += 1) {
    const value = sorted[read] as number
    if (write === 0 || sorted[write - 1] !== value) sorted[write++] = value
  }
  return sorted.slice(0, write)
}

type SetLike<T> = ReadonlySet<T> | readonly T[]

function asSet<T>(values: SetLike<T>): ReadonlySet<T> {
  return values instanceof Set ? values : new Set(values as readonly T[])
}

function intersectionSize<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let shared = 0
  for (const value of small) if (large.has(value)) shared += 1
  return shared
}

/**
 * Exact Jaccard similarity |A ∩ B| / |A ∪ B|, 0..1. Two empty sets have nothing in common to
 * compare and give 0, so empty paragraphs never count as duplicates of each other.
 */
export function jaccard<T>(a: SetLike<T>, b: SetLike<T>): number {
  const setA = asSet(a)
  const setB = asSet(b)
  const shared = intersectionSize(setA, setB)
  const union = setA.size + setB.size - shared
  return union === 0 ? 0 : shared / union
}

/**
 * Containment |A ∩ B| / |A|: how much of A is found in B, 0..1 (0 for an empty A). Unlike Jaccard
 * it is not symmetric: a short paragraph repeated inside a longer one has containment 1 in it.
 */
export function containment<T>(a: SetLike<T>, b: SetLike<T>): number {
  const setA = asSet(a)
  if (setA.size === 0) return 0
  return intersectionSize(setA, asSet(b)) / setA.size
}

/** |A ∩ B| of two sorted, distinct arrays, by one merge pass. */
export function sortedIntersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0
  let j = 0
  let shared = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) {
      shared += 1
      i += 1
      j += 1
    } else if (x < y) i += 1
    else j += 1
  }
  return shared
}

/** {@link jaccard} of two sorted, distinct hash arrays (as from {@link shingleHashes}). */
export function jaccardSorted(a: Uint32Array, b: Uint32Array): number {
  const shared = sortedIntersectionSize(a, b)
  const union = a.length + b.length - shared
  return union === 0 ? 0 : shared / union
}

/** {@link containment} of two sorted, distinct hash arrays. */
export function containmentSorted(a: Uint32Array, b: Uint32Array): number {
  return a.length === 0 ? 0 : sortedIntersectionSize(a, b) / a.length
}
