import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  containment,
  containmentSorted,
  hashString32,
  jaccard,
  jaccardSorted,
  matchTokens,
  normalizeForMatching,
  shingleHashes,
  shingles,
  sortedDistinct,
} from '../../pipeline/lib/similarity.js'
import { chineseParagraphs, englishParagraphs, translationPairs } from './dev-data.js'

describe('normalizeForMatching', () => {
  it('ignores case, whitespace, punctuation and full-width forms', () => {
    expect(normalizeForMatching('  Taobao  APP,\tnow “open”!  ')).toBe('taobao app now open')
    expect(normalizeForMatching('ＴＡＯＢＡＯ　２０２４！')).toBe('taobao 2024')
    expect(normalizeForMatching('Taobao App')).toBe(normalizeForMatching('taobao   app.'))
  })

  it('makes Traditional and Simplified spellings of one Chinese sentence equal', () => {
    expect(normalizeForMatching('淘寶與微信支付互聯互通。')).toBe(
      normalizeForMatching('淘宝与微信支付互联互通'),
    )
  })

  it('keeps digits and letters of mixed text', () => {
    expect(normalizeForMatching('2024年618前,阿里妈妈')).toBe('2024年618前 阿里妈妈')
  })
})

describe('shingles', () => {
  it('shingles Latin text by words and Han text by characters', () => {
    expect(shingles('Alibaba and Tencent open up', { wordSize: 3 }).sort()).toEqual(
      ['alibaba and tencent', 'and tencent open', 'tencent open up'].sort(),
    )
    expect(shingles('淘宝星任务', { hanSize: 3 }).sort()).toEqual(
      ['淘宝星', '宝星任', '星任务'].sort(),
    )
  })

  it('gives one shingle for a stretch shorter than the size, and none for empty text', () => {
    expect(shingles('Taobao')).toEqual(['taobao'])
    expect(shingles('淘宝')).toEqual(['淘宝'])
    expect(shingles(' ,.! ')).toEqual([])
  })

  it('cuts mixed text into Han and word stretches', () => {
    expect(shingles('2024年618前', { hanSize: 2, wordSize: 2 }).sort()).toEqual(
      ['2024', '年', '618', '前'].sort(),
    )
  })

  it('hashes exactly the shingle set: as many distinct hashes as distinct shingles', () => {
    for (const paragraph of [...chineseParagraphs(), ...englishParagraphs('ONLINE-B')]) {
      expect(shingleHashes(paragraph).length).toBe(shingles(paragraph).length)
    }
  })

  it('gives the same hashes for Traditional and Simplified text', () => {
    expect(shingleHashes('淘寶與微信支付互聯互通')).toEqual(shingleHashes('淘宝与微信支付互联互通'))
  })

  it('tokenises Latin text by spaces and Han text by characters', () => {
    expect(matchTokens('Taobao, WeChat Pay!')).toEqual(['taobao', 'wechat', 'pay'])
    expect(matchTokens('淘宝App')).toEqual(['淘', '宝', 'app'])
  })
})

describe('hashString32', () => {
  it('is a deterministic 32-bit unsigned integer that depends on seed and content', () => {
    const hash = hashString32('interconnection', 1)
    expect(hash).toBe(hashString32('interconnection', 1))
    expect(Number.isInteger(hash) && hash >= 0 && hash <= 0xffffffff).toBe(true)
    expect(hashString32('interconnection', 2)).not.toBe(hash)
    expect(hashString32('interconnectioN', 1)).not.toBe(hash)
    expect(hashString32('淘宝', 1)).not.toBe(hashString32('淘寶', 1))
  })

  it('spreads real shingles without collisions', () => {
    const all = new Set<string>()
    for (const paragraph of englishParagraphs('GPT4-5shot'))
      for (const s of shingles(paragraph)) all.add(s)
    const hashes = new Set([...all].map((s) => hashString32(s)))
    // n distinct strings collide into fewer hashes with probability about n²/2³³ (~0.5% here).
    expect(all.size).toBeGreaterThan(5000)
    expect(all.size - hashes.size).toBeLessThanOrEqual(1)
  })
})

describe('jaccard and containment', () => {
  it('compute the textbook values', () => {
    expect(jaccard(['a', 'b', 'c'], ['b', 'c', 'd'])).toBe(0.5)
    expect(containment(['b', 'c'], ['a', 'b', 'c', 'd'])).toBe(1)
    expect(containment(['a', 'b', 'c', 'd'], ['b', 'c'])).toBe(0.5)
    expect(jaccard([], [])).toBe(0)
    expect(containment([], ['a'])).toBe(0)
  })

  it('agree between string sets and sorted hash arrays on real translation pairs', () => {
    for (const { first, second } of translationPairs()) {
      const exact = jaccard(shingles(first), shingles(second))
      expect(jaccardSorted(shingleHashes(first), shingleHashes(second))).toBeCloseTo(exact, 10)
      const contained = containment(shingles(first), shingles(second))
      expect(containmentSorted(shingleHashes(first), shingleHashes(second))).toBeCloseTo(
        contained,
        10,
      )
    }
  })

  it('rank two translations of one paragraph above translations of different paragraphs', () => {
    const pairs = translationPairs().filter((p) => p.first.split(' ').length > 15)
    let better = 0
    pairs.forEach((pair, i) => {
      const other = pairs[(i + 7) % pairs.length]
      if (other === undefined) return
      const same = jaccard(
        shingles(pair.first, { wordSize: 1 }),
        shingles(pair.second, { wordSize: 1 }),
      )
      const different = jaccard(
        shingles(pair.first, { wordSize: 1 }),
        shingles(other.second, { wordSize: 1 }),
      )
      if (same > different) better += 1
    })
    expect(better / pairs.length).toBeGreaterThan(0.95)
  })

  it('satisfy the set laws on any input', () => {
    const set = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 30 })
    fc.assert(
      fc.property(set, set, (a, b) => {
        const sortedA = sortedDistinct(a)
        const sortedB = sortedDistinct(b)
        const j = jaccardSorted(sortedA, sortedB)
        expect(j).toBeCloseTo(jaccard(a, b), 12)
        expect(j).toBe(jaccardSorted(sortedB, sortedA))
        expect(j).toBeGreaterThanOrEqual(0)
        expect(j).toBeLessThanOrEqual(1)
        if (a.length > 0) expect(jaccardSorted(sortedA, sortedA)).toBe(1)
        expect(containmentSorted(sortedA, sortedB)).toBeGreaterThanOrEqual(j)
      }),
    )
  })
})
