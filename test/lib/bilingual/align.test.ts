import { describe, expect, it } from 'vitest'
import { loadBilingualSet } from '../../../bench/bilingual.js'
import { alignParagraphs } from '../../../pipeline/lib/bilingual/align.js'

const { records, glossary, lexicon } = loadBilingualSet()
const cleanDocs = records.filter((record) => record.variant === 'clean')

describe('alignParagraphs', () => {
  it.each([
    ['with', { glossary, lexicon }],
    ['without', { glossary }],
  ])(
    'pairs every paragraph one to one on the clean WMT documents, %s the lexicon',
    (_, options) => {
      for (const doc of cleanDocs) {
        const alignment = alignParagraphs(doc.zh, doc.en, options)
        expect(alignment.omissions, doc.id).toEqual([])
        expect(alignment.additions, doc.id).toEqual([])
        expect(
          alignment.pairs.map((pair) => [pair.zh, pair.en]),
          doc.id,
        ).toEqual(doc.zh.map((_, i) => [[i], [i]]))
      }
    },
  )

  it('lets shared numbers decide between paragraphs of the same length', () => {
    const zh = [
      '据统计，1月出口315.1亿美元。',
      '据统计，2月进口283.4亿美元。',
      '专家认为经济压力不小。',
    ]
    const en = [
      'Statistics show imports of $28.34 billion in February.',
      'Experts believe the economic pressure is considerable.',
    ]
    const alignment = alignParagraphs(zh, en)
    expect(alignment.omissions).toEqual([0])
    expect(alignment.pairs.map((pair) => [pair.zh, pair.en])).toEqual([
      [[1], [0]],
      [[2], [1]],
    ])
  })

  it('lets glossary anchors decide where numbers are absent', () => {
    const terms = [
      { zh: '夏立言', en: ['Xia Liyan'] },
      { zh: '宋涛', en: ['Song Tao'] },
    ]
    const zh = ['夏立言会见了台湾代表团。', '宋涛会见了台湾代表团。']
    const en = ['Song Tao met the delegation from Taiwan.']
    expect(alignParagraphs(zh, en, { glossary: terms }).omissions).toEqual([0])
    expect(
      alignParagraphs(zh, ['Xia Liyan met the delegation from Taiwan.'], { glossary: terms })
        .omissions,
    ).toEqual([1])
  })

  it('lets dictionary words decide where there are no numbers or names', () => {
    // Alike in length and punctuation: without the lexicon both English versions pair the same.
    const zh = ['事主随即输入信用卡资料及验证码。', '相关电讯公司并无发出上述手机短讯。']
    const victim = 'The victim then entered the credit card details and the verification code.'
    const police = 'The telecommunications company in question sent no such text message.'
    expect(alignParagraphs(zh, [police]).omissions).toEqual(alignParagraphs(zh, [victim]).omissions)
    expect(alignParagraphs(zh, [police], { lexicon }).omissions).toEqual([0])
    expect(alignParagraphs(zh, [victim], { lexicon }).omissions).toEqual([1])
  })

  it('reports an English paragraph with no source as an addition', () => {
    const doc = cleanDocs[0]
    if (!doc) throw new Error('no clean document')
    const inserted =
      'This paragraph was written by the translator and matches nothing in the source article at all.'
    const en = [...doc.en.slice(0, 3), inserted, ...doc.en.slice(3)]
    const alignment = alignParagraphs(doc.zh, en, { glossary })
    expect(alignment.additions).toEqual([3])
    expect(alignment.omissions).toEqual([])
  })

  it('joins a source paragraph split in two that the translation keeps as one', () => {
    const doc = cleanDocs.find((record) => record.zh.some((text) => text.length > 120))
    if (!doc) throw new Error('no long paragraph')
    const long = doc.zh.findIndex((text) => text.length > 120)
    const text = doc.zh[long] ?? ''
    // Cut at the comma nearest the middle, so that both halves carry real length.
    const commas = [...text.matchAll(/，/g)].map((match) => match.index + 1)
    const middle = text.length / 2
    const cut = commas.reduce(
      (best, at) => (Math.abs(at - middle) < Math.abs(best - middle) ? at : best),
      0,
    )
    const zh = [
      ...doc.zh.slice(0, long),
      text.slice(0, cut),
      text.slice(cut),
      ...doc.zh.slice(long + 1),
    ]
    const alignment = alignParagraphs(zh, doc.en, { glossary })
    expect(alignment.pairs.find((pair) => pair.zh.includes(long))).toMatchObject({
      zh: [long, long + 1],
      en: [long],
    })
    expect(alignment.omissions).toEqual([])
  })

  it('keeps a paragraph left in Chinese paired with its source', () => {
    const doc = cleanDocs[1]
    if (!doc) throw new Error('no clean document')
    const en = [...doc.en]
    en[2] = doc.zh[2] ?? ''
    const alignment = alignParagraphs(doc.zh, en, { glossary })
    expect(alignment.omissions).toEqual([])
    expect(alignment.additions).toEqual([])
  })
})
