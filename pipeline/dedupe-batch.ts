/**
 * Duplicates across a batch: paragraphs one article repeats from another (syndicated stories, the
 * same wire copy on two platforms, the same article scraped twice), found with MinHash + LSH and
 * verified with the exact Jaccard similarity. Keep-first by sorted path, so the answer does not
 * depend on completion order or --jobs. An optional LSH index file carries the signatures of
 * earlier runs, so today's scrape is deduplicated against last week's.
 */
import { estimateJaccard, type LshIndex, NearDuplicateFinder } from './lib/minhash.js'
import { shingleHashes } from './lib/similarity.js'

export interface BatchDedupeSettings {
  /** Jaccard similarity of word 3-shingles at or above which a paragraph is a duplicate. */
  threshold: number
  /** Paragraphs with fewer words (or, in Chinese, a third as many Han characters) are ignored. */
  minWords: number
  /** Share of an article's paragraphs repeating one earlier article that makes it a duplicate. */
  wholeArticleShare: number
  /** Remove repeated paragraphs from the later article (default) or only flag them. */
  action: 'remove' | 'flag'
}

export const DEFAULT_BATCH_DEDUPE: BatchDedupeSettings = {
  threshold: 0.8,
  minWords: 12,
  wholeArticleShare: 0.8,
  action: 'remove',
}

/** A paragraph of an article that an earlier article (or an earlier run) already has. */
export interface BatchDuplicate {
  /** Input offsets of the repeated paragraph in this article. */
  start: number
  end: number
  /** `file#paragraph` of the first copy (paragraphs count from 1). */
  duplicateOf: string
  similarity: number
  /** True when the first copy comes from the index of an earlier run. */
  fromIndex: boolean
}

export interface WholeArticleDuplicate {
  file: string
  duplicateOf: string
  share: number
}

export interface BatchDedupeResult {
  byFile: Map<string, BatchDuplicate[]>
  wholeArticles: WholeArticleDuplicate[]
  settings: BatchDedupeSettings
}

interface Paragraph {
  start: number
  end: number
  text: string
}

function paragraphs(text: string): Paragraph[] {
  const found: Paragraph[] = []
  const pattern = /[^\r\n](?:[\s\S]*?)(?=(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)|$)/gu
  for (const match of text.matchAll(pattern)) {
    const raw = match[0]
    const lead = raw.length - raw.trimStart().length
    const trimmed = raw.trim()
    if (trimmed)
      found.push({
        start: match.index + lead,
        end: match.index + lead + trimmed.length,
        text: trimmed,
      })
  }
  return found
}

function longEnough(text: string, minWords: number): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0
  const words = text.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word)).length
  return words >= minWords || han >= minWords * 3
}

/**
 * Finds the paragraphs each article repeats from an earlier one (in path order), and the
 * articles that are duplicates as a whole. With `index`, paragraphs are also checked against
 * (and then added to) the signatures of earlier runs.
 */
export function findBatchDuplicates(
  articles: readonly { file: string; text: string }[],
  settings: BatchDedupeSettings = DEFAULT_BATCH_DEDUPE,
  index?: LshIndex,
): BatchDedupeResult {
  const sorted = [...articles].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const finder = new NearDuplicateFinder({ threshold: settings.threshold })
  const hasher = index?.createHasher()
  const byFile = new Map<string, BatchDuplicate[]>()
  const wholeArticles: WholeArticleDuplicate[] = []
  for (const { file, text } of sorted) {
    const duplicates: BatchDuplicate[] = []
    let eligible = 0
    const kept: { id: string; hashes: Uint32Array }[] = []
    for (const [i, paragraph] of paragraphs(text).entries()) {
      if (!longEnough(paragraph.text, settings.minWords)) continue
      eligible++
      const id = `${file}#${i + 1}`
      const hashes = shingleHashes(paragraph.text)
      const earlier =
        hasher && index ? fromIndex(index, hasher.signature(hashes), settings.threshold) : undefined
      if (earlier) {
        duplicates.push({ ...paragraph, ...earlier, fromIndex: true })
        continue
      }
      const match = finder.offer(id, hashes)
      // A repeat inside one article is the article's own dedupe stage's business.
      if (match && !match.duplicateOf.startsWith(`${file}#`)) {
        duplicates.push({ start: paragraph.start, end: paragraph.end, ...match, fromIndex: false })
      } else if (!match) {
        kept.push({ id, hashes })
      }
    }
    if (index && hasher) for (const { id, hashes } of kept) index.add(id, hasher.signature(hashes))
    if (duplicates.length) byFile.set(file, duplicates)
    const whole = wholeArticle(file, duplicates, eligible, settings.wholeArticleShare)
    if (whole) wholeArticles.push(whole)
  }
  return { byFile, wholeArticles, settings }
}

function fromIndex(index: LshIndex, signature: Uint32Array, threshold: number) {
  // The texts of earlier runs are gone: their signatures estimate the similarity.
  for (const position of index.queryPositions(signature)) {
    const stored = index.signatureAt(position)
    if (!stored) continue
    const similarity = estimateJaccard(signature, stored)
    if (similarity >= threshold) return { duplicateOf: index.idAt(position), similarity }
  }
  return undefined
}

function wholeArticle(
  file: string,
  duplicates: readonly BatchDuplicate[],
  eligible: number,
  share: number,
): WholeArticleDuplicate | undefined {
  if (eligible === 0) return undefined
  const bySource = new Map<string, number>()
  for (const duplicate of duplicates) {
    const source = duplicate.duplicateOf.replace(/#\d+$/u, '')
    bySource.set(source, (bySource.get(source) ?? 0) + 1)
  }
  const [source, count] =
    [...bySource].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? []
  if (source === undefined || count === undefined || count / eligible < share) return undefined
  return { file, duplicateOf: source, share: Math.round((count / eligible) * 100) / 100 }
}
