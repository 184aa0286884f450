import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  candidateProbability,
  chooseBanding,
  estimateJaccard,
  findNearDuplicates,
  LshIndex,
  MinHasher,
  type NearDuplicate,
  similarPairs,
} from '../../pipeline/lib/minhash.js'
import { convertConfig } from '../../pipeline/lib/opencc.js'
import { jaccardSorted, shingleHashes } from '../../pipeline/lib/similarity.js'
import { chineseParagraphs, englishParagraphs, translationPairs } from './dev-data.js'

const english = englishParagraphs('GPT4-5shot').filter((p) => p.split(' ').length >= 40)
const vocabulary = englishParagraphs('ONLINE-B').join(' ').split(' ')

/**
 * A rewording: `edits` words, evenly spaced, replaced by words from elsewhere in the corpus. With
 * 3-word shingles one edit in a 40-word paragraph leaves Jaccard about 0.86, two about 0.75.
 */
function reword(paragraph: string, edits: number, salt: number): string {
  const words = paragraph.split(' ')
  const step = Math.floor(words.length / (edits + 1))
  for (let edit = 1; edit <= edits; edit += 1) {
    words[edit * step] = vocabulary[(edit * 7919 + salt * 104729) % vocabulary.length] ?? ''
  }
  return words.join(' ')
}

/** Keep-first by comparing every pair: what findNearDuplicates must reproduce. */
function keepFirstByAllPairs(
  items: Array<{ id: string; text: string }>,
  threshold: number,
): NearDuplicate[] {
  const sets = items.map((item) => shingleHashes(item.text))
  const kept: number[] = []
  const duplicates: NearDuplicate[] = []
  sets.forEach((set, i) => {
    const earlier = kept.find((k) => jaccardSorted(sets[k] as Uint32Array, set) >= threshold)
    const item = items[i] as { id: string }
    if (earlier === undefined || set.length === 0) kept.push(i)
    else {
      duplicates.push({
        id: item.id,
        duplicateOf: (items[earlier] as { id: string }).id,
        similarity: jaccardSorted(sets[earlier] as Uint32Array, set),
      })
    }
  })
  return duplicates
}

describe('chooseBanding', () => {
  it('catches pairs at the threshold with probability ≥ 0.95 for any threshold', () => {
    for (const threshold of [0.5, 0.6, 0.7, 0.8, 0.9, 0.95]) {
      const { bands, rows } = chooseBanding(128, threshold)
      expect(bands * rows).toBeLessThanOrEqual(128)
      expect(candidateProbability(threshold, bands, rows)).toBeGreaterThanOrEqual(0.95)
    }
  })

  it('is steeper below 0.8 than any other split that keeps that recall', () => {
    const chosen = chooseBanding(128, 0.8)
    expect(chosen).toEqual({ bands: 18, rows: 7 })
    // One more row per band loses the recall; one fewer makes more false candidates.
    expect(candidateProbability(0.8, Math.floor(128 / 8), 8)).toBeLessThan(0.95)
    expect(candidateProbability(0.5, Math.floor(128 / 6), 6)).toBeGreaterThan(
      candidateProbability(0.5, chosen.bands, chosen.rows),
    )
    // datasketch's 9 × 13 centres its curve on the threshold and misses most pairs at 0.8.
    expect(candidateProbability(0.8, 9, 13)).toBeLessThan(0.5)
  })
})

describe('MinHasher', () => {
  it('estimates the exact Jaccard of real translation pairs without bias', () => {
    const hasher = new MinHasher()
    const errors = translationPairs().map(({ first, second }) => {
      const a = shingleHashes(first)
      const b = shingleHashes(second)
      return estimateJaccard(hasher.signature(a), hasher.signature(b)) - jaccardSorted(a, b)
    })
    const bias = errors.reduce((sum, e) => sum + e, 0) / errors.length
    const rmse = Math.sqrt(errors.reduce((sum, e) => sum + e * e, 0) / errors.length)
    // A 128-value estimate has a standard error of at most √(0.25/128) ≈ 0.044.
    expect(Math.abs(bias)).toBeLessThan(0.01)
    expect(rmse).toBeLessThan(0.045)
  })

  it('is deterministic for a seed and differs between seeds', () => {
    const set = shingleHashes(english[0] ?? '')
    expect(new MinHasher({ seed: 7 }).signature(set)).toEqual(
      new MinHasher({ seed: 7 }).signature(set),
    )
    expect(new MinHasher({ seed: 8 }).signature(set)).not.toEqual(
      new MinHasher({ seed: 7 }).signature(set),
    )
  })

  it('gives empty sets a signature that agrees with nothing', () => {
    const hasher = new MinHasher()
    const empty = hasher.signature(new Uint32Array(0))
    expect(estimateJaccard(empty, empty)).toBe(0)
    expect(estimateJaccard(empty, hasher.signature(shingleHashes(english[0] ?? '')))).toBe(0)
  })
})

describe('LshIndex', () => {
  const hasher = new MinHasher()
  const signatures = english.map((p) => hasher.signature(shingleHashes(p)))

  it('finds a reworded paragraph and few unrelated ones', () => {
    const index = new LshIndex()
    signatures.forEach((signature, i) => {
      index.add(`en-${i}`, signature)
    })
    let unrelated = 0
    english.forEach((paragraph, i) => {
      const variant = reword(paragraph, 1, i)
      const found = index.query(hasher.signature(shingleHashes(variant)))
      expect(found).toContain(`en-${i}`)
      unrelated += found.length - 1
    })
    expect(unrelated).toBeLessThan(english.length * 0.01)
  })

  it('returns candidates in insertion order', () => {
    const index = new LshIndex()
    const signature = signatures[0] as Uint32Array
    for (const id of ['c', 'a', 'b']) index.add(id, signature)
    expect(index.query(signature)).toEqual(['c', 'a', 'b'])
  })

  it('keeps its answers through serialize and deserialize', () => {
    for (const keepSignatures of [true, false]) {
      const index = new LshIndex({ keepSignatures })
      signatures.forEach((signature, i) => {
        index.add(`doc/${i}.md#${i % 5}`, signature)
      })
      const bytes = index.serialize()
      const restored = LshIndex.deserialize(bytes)
      expect(restored.size).toBe(index.size)
      expect([restored.bands, restored.rows, restored.seed]).toEqual([18, 7, index.seed])
      english.forEach((paragraph, i) => {
        const query = hasher.signature(shingleHashes(reword(paragraph, 1, i)))
        expect(restored.query(query)).toEqual(index.query(query))
      })
      expect(restored.signatureAt(3)).toEqual(keepSignatures ? signatures[3] : undefined)
      // The file is the ids plus 4 bytes per band (and per permutation if signatures are kept).
      const perItem = 4 * (18 + (keepSignatures ? 128 : 0))
      expect(bytes.length).toBeLessThan(index.size * (perItem + 16) + 64)
      expect(restored.serialize()).toEqual(bytes)
    }
  })

  it('refuses damaged files, wrong signatures and ids with line breaks', () => {
    const index = new LshIndex()
    index.add('a', signatures[0] as Uint32Array)
    const bytes = index.serialize()
    expect(() => LshIndex.deserialize(bytes.slice(0, bytes.length - 4))).toThrow(/damaged/)
    expect(() =>
      LshIndex.deserialize(new TextEncoder().encode('not an index at all...........')),
    ).toThrow()
    expect(() => index.add('b', new Uint32Array(64))).toThrow(/expects 128/)
    expect(() => index.add('a\nb', signatures[0] as Uint32Array)).toThrow(/line break/)
  })

  it('grows past its expected size without losing items', () => {
    const index = new LshIndex({ expectedItems: 16 })
    signatures.forEach((signature, i) => {
      index.add(`en-${i}`, signature)
    })
    signatures.forEach((signature, i) => {
      expect(index.query(signature)).toContain(`en-${i}`)
    })
  })
})

describe('findNearDuplicates', () => {
  // Real paragraphs, then reworded copies (1 word in 10 or 14 changed), copies with other case
  // and punctuation, and Chinese paragraphs again in Traditional script.
  const chinese = chineseParagraphs().filter((p) => p.length > 40)
  const items: Array<{ id: string; text: string }> = [
    ...english.map((text, i) => ({ id: `a/en-${i}`, text })),
    ...chinese.map((text, i) => ({ id: `a/zh-${i}`, text })),
    ...english
      .slice(0, 60)
      .map((text, i) => ({ id: `b/reworded-${i}`, text: reword(text, 1 + (i % 3), i) })),
    ...english.slice(60, 90).map((text, i) => ({
      id: `b/recased-${i}`,
      text: text.toUpperCase().replace(/[,.]/g, ' ; '),
    })),
    ...chinese
      .slice(0, 30)
      .map((text, i) => ({ id: `b/traditional-${i}`, text: convertConfig(text, 's2tw') })),
  ]

  it('finds exactly what comparing every pair finds, keep-first', () => {
    const found = findNearDuplicates(items)
    expect(found).toEqual(keepFirstByAllPairs(items, 0.8))
    // Every planted copy at or above the threshold from its source is among them.
    const reported = new Set(found.map((d) => d.id))
    let plantedAbove = 0
    for (const item of items.filter((i) => i.id.startsWith('b/'))) {
      const n = Number(item.id.split('-').pop())
      const source = item.id.startsWith('b/recased')
        ? english[60 + n]
        : item.id.startsWith('b/reworded')
          ? english[n]
          : chinese[n]
      if (jaccardSorted(shingleHashes(source ?? ''), shingleHashes(item.text)) < 0.8) continue
      plantedAbove += 1
      expect(reported.has(item.id), item.id).toBe(true)
    }
    expect(plantedAbove).toBeGreaterThan(90)
  })

  it('names the paragraph each copy repeats, with its exact similarity', () => {
    const found = new Map(findNearDuplicates(items).map((d) => [d.id, d]))
    expect(found.get('b/traditional-4')?.duplicateOf).toBe('a/zh-4')
    expect(found.get('b/traditional-4')?.similarity).toBe(1)
    expect(found.get('b/recased-5')?.duplicateOf).toBe('a/en-65')
    const reworded = found.get('b/reworded-3')
    expect(reworded?.duplicateOf).toBe('a/en-3')
    expect(reworded?.similarity).toBe(
      jaccardSorted(
        shingleHashes(english[3] ?? ''),
        shingleHashes(items.find((i) => i.id === 'b/reworded-3')?.text ?? ''),
      ),
    )
    expect(reworded?.similarity).toBeLessThan(1)
  })

  it('depends only on the given order: sorting shuffled items gives the same result', () => {
    const shuffled = [...items].sort((a, b) => (a.text.length % 7) - (b.text.length % 7))
    const sortedAgain = [...shuffled].sort((a, b) => a.id.localeCompare(b.id))
    const sortedOriginal = [...items].sort((a, b) => a.id.localeCompare(b.id))
    expect(findNearDuplicates(sortedAgain)).toEqual(findNearDuplicates(sortedOriginal))
  })

  it('keeps the first of equal items in the given order', () => {
    const text = english[5] ?? ''
    const forward = findNearDuplicates([
      { id: 'x', text },
      { id: 'y', text },
      { id: 'z', text },
    ])
    expect(forward.map((d) => [d.id, d.duplicateOf])).toEqual([
      ['y', 'x'],
      ['z', 'x'],
    ])
    const backward = findNearDuplicates([
      { id: 'z', text },
      { id: 'y', text },
      { id: 'x', text },
    ])
    expect(backward.map((d) => [d.id, d.duplicateOf])).toEqual([
      ['y', 'z'],
      ['x', 'z'],
    ])
  })

  it('gives the same verified answer under another hash seed', () => {
    expect(findNearDuplicates(items, { seed: 99 })).toEqual(findNearDuplicates(items))
  })

  it('finds the reference article repeating its intro in other words, at a lower threshold', () => {
    const article = readFileSync(
      fileURLToPath(new URL('../../input/000_d23a17e316fadb1a.txt', import.meta.url)),
      'utf8',
    )
    const paragraphs = article
      .split('\n')
      .map((text) => text.trim())
      .filter((text) => text !== '')
      .map((text, i) => ({ id: `p${i}`, text }))
    const found = findNearDuplicates(paragraphs, { threshold: 0.3, wordSize: 2 })
    const since = paragraphs.filter((p) => p.text.startsWith('Since 2021'))
    expect(since).toHaveLength(2)
    expect(found).toContainEqual(
      expect.objectContaining({ id: since[1]?.id, duplicateOf: since[0]?.id }),
    )
    // The two copies of the Chinese paragraph: the stand-alone one repeats the Chinese sentence
    // glued to an English one, but shares too little with that mixed line to count at 0.8.
    expect(findNearDuplicates(paragraphs).length).toBeLessThanOrEqual(found.length)
  })
})

describe('similarPairs', () => {
  it('finds every pair an all-pairs comparison finds on real and reworded paragraphs', () => {
    const texts = [...english, ...english.slice(0, 60).map((p, i) => reword(p, 1 + (i % 3), i))]
    const sets = texts.map((t) => shingleHashes(t))
    const exact: string[] = []
    for (let second = 0; second < sets.length; second += 1) {
      for (let first = 0; first < second; first += 1) {
        if (jaccardSorted(sets[first] as Uint32Array, sets[second] as Uint32Array) >= 0.8) {
          exact.push(`${first} ${second}`)
        }
      }
    }
    const found = similarPairs(sets).map((p) => `${p.first} ${p.second}`)
    expect(exact.length).toBeGreaterThanOrEqual(30)
    expect(found.sort()).toEqual(exact.sort())
  })
})
