import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBilingualSet } from '../../../bench/bilingual.js'
import {
  chineseLexical,
  englishKeys,
  englishLexical,
  Lexicon,
  lexicalOverlap,
} from '../../../pipeline/lib/bilingual/lexicon.js'
import { loadLexicon, shippedLexicon } from '../../../pipeline/rules/lexicon.js'
import { tempDir } from '../../helpers.js'

const shipped = shippedLexicon()

describe('englishKeys', () => {
  it('keeps content words, drops stopwords and possessives, and joins forms of a word', () => {
    expect(englishKeys("The economy of China's cities and economic policy")).toEqual([
      'econo',
      'china',
      'citie',
      'econo',
      'polic',
    ])
    expect(englishKeys('It is what it is, and so on.')).toEqual([])
  })
})

describe('the shipped lexicon (CC-CEDICT)', () => {
  it('is large and knows everyday news words, names and Traditional spellings', () => {
    expect(shipped.size).toBeGreaterThan(100_000)
    expect(shipped.keysOf('经济')).toEqual(['econo'])
    expect(shipped.keysOf('信用卡')).toEqual(['credi', 'card'])
    expect(shipped.keysOf('习近平')).toContain('jinpi')
    expect(shipped.keysOf('不是一个词')).toBeUndefined()
  })

  it('segments by longest match, reads Traditional as Simplified, and skips grammar words', () => {
    const simplified = chineseLexical('事主输入信用卡资料的验证码', shipped)
    const traditional = chineseLexical('事主輸入信用卡資料的驗證碼', shipped)
    expect(traditional).toEqual(simplified)
    // 信用卡 is one word (credit card), not 信用 + 卡.
    expect(simplified.words).toContainEqual(['credi', 'card'])
    expect(simplified.words).not.toContainEqual(shipped.keysOf('信用'))
    expect(simplified.glossed.has('verif')).toBe(true)
    // A question particle is glossed only by its grammar, so it is no evidence either way.
    expect(chineseLexical('好吗', shipped).words).toEqual([shipped.keysOf('好')])
  })

  it("scores each WMT paragraph's own translation above its neighbours' nearly always", () => {
    const { records } = loadBilingualSet()
    let pairs = 0
    let beaten = 0
    for (const record of records.filter((r) => r.variant === 'clean')) {
      const zh = record.zh.map((text) => chineseLexical(text, shipped))
      const en = record.en.map((text) => englishLexical(text))
      zh.forEach((paragraph, i) => {
        const own = lexicalOverlap([paragraph], [en[i] as (typeof en)[number]])
        const neighbours = [en[i - 1], en[i + 1]].filter((other) => other !== undefined)
        pairs++
        if (neighbours.every((other) => lexicalOverlap([paragraph], [other]) < own)) beaten++
      })
    }
    // The exceptions are a repeated headline and one-word paragraphs (防骗提示, a stray quote).
    expect(pairs).toBeGreaterThan(300)
    expect(beaten / pairs).toBeGreaterThan(0.95)
  })

  it('scores a pairing of several paragraphs as a whole', () => {
    const zh = [chineseLexical('经济、政治、文化', shipped), chineseLexical('信用卡', shipped)]
    const en = englishLexical('economy, politics, culture')
    const alone = lexicalOverlap([zh[0] as (typeof zh)[0]], [en])
    expect(alone).toBe(1)
    // The second paragraph has no counterpart: its one word dilutes the pairing, 6 of 7.
    expect(lexicalOverlap(zh, [en])).toBeCloseTo(6 / 7)
    expect(lexicalOverlap([], [en])).toBe(0)
  })
})

describe('loadLexicon', () => {
  it('merges files, skips comments, accepts CRLF, and names the file and line of a bad one', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.tsv'), '# names\r\n腾讯\tTencent\r\n\r\n')
    writeFileSync(join(dir, 'b.tsv'), '腾讯\tholdings\n微信\tWeChat\n')
    const lexicon = loadLexicon([join(dir, 'a.tsv'), join(dir, 'b.tsv')], dir)
    expect(lexicon.keysOf('腾讯')).toEqual(['tence', 'holdi'])
    expect(lexicon.keysOf('微信')).toEqual(['wecha'])
    expect(lexicon.maxLength).toBe(2)

    writeFileSync(join(dir, 'bad.tsv'), '腾讯\tTencent\nWeChat 微信\n')
    expect(() => loadLexicon([join(dir, 'bad.tsv')], dir)).toThrow(
      /^bad\.tsv:2: expected a Chinese headword, a tab and its English words$/,
    )
  })

  it('builds in code the same as from a file', () => {
    const lexicon = new Lexicon([
      ['腾讯', 'Tencent'],
      ['腾讯', 'holdings'],
    ])
    expect(lexicon.keysOf('腾讯')).toEqual(['tence', 'holdi'])
    expect(lexicon.size).toBe(1)
  })
})
