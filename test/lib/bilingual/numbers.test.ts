import { describe, expect, it } from 'vitest'
import {
  compareNumbers,
  extractEnNumbers,
  extractZhNumbers,
  parseChineseNumeral,
} from '../../../pipeline/lib/bilingual/numbers.js'

const checkedValues = (text: string) =>
  extractZhNumbers(text)
    .filter((mention) => mention.checked)
    .map((mention) => [mention.kind, mention.value])

describe('parseChineseNumeral', () => {
  it.each([
    ['三千五百', 3500],
    ['三千五', 3500],
    ['一万五', 15000],
    ['十二', 12],
    ['二十', 20],
    ['两千', 2000],
    ['一百零八', 108],
    ['三亿五千万', 350000000],
    ['两万亿', 2e12],
    ['二〇二三', 2023],
  ])('%s = %d', (text, value) => {
    expect(parseChineseNumeral(text)?.value).toBe(value)
  })

  it('marks "six or seven" as approximate', () => {
    expect(parseChineseNumeral('一万六七千')?.approximate).toBe(true)
    expect(parseChineseNumeral('三千五百')?.approximate).toBe(false)
  })
})

describe('extractZhNumbers', () => {
  it('scales 万 and 亿 with decimals', () => {
    expect(checkedValues('营收1611.17亿元，用户3.5万人')).toEqual([
      ['quantity', 161117000000],
      ['quantity', 35000],
    ])
  })

  it('reads grouped digits and full-width digits', () => {
    expect(checkedValues('死亡人数攀升达24,150 人，另有１２３人受伤')).toEqual([
      ['quantity', 24150],
      ['quantity', 123],
    ])
  })

  it('reads percentages, dates, years, ordinals, quarters and tickers', () => {
    const kinds = extractZhNumbers(
      '阿里巴巴(09988.HK)2023年第二季度营收增长百分之八，9月4日公布；毛利率为8.5%，三成来自海外',
    ).map((mention) => [mention.kind, mention.kind === 'ticker' ? mention.code : mention.value])
    expect(kinds).toEqual([
      ['ticker', '9988.HK'],
      ['year', 2023],
      ['quarter', 2],
      ['percent', 8],
      ['date', 904],
      ['percent', 8.5],
      ['percent', 30],
    ])
  })

  it('tolerates a space between number and unit as scraped text has it', () => {
    expect(checkedValues('1989 年11 月13 日，市占率曾高达37 %')).toEqual([
      ['year', 1989],
      ['date', 1113],
      ['percent', 37],
    ])
  })

  it('does not check words that merely contain numerals', () => {
    expect(checkedValues('十分重要，一再强调统一，千方百计，四川和九龙的百姓，两岸关系')).toEqual(
      [],
    )
  })

  it('does not check one and two written in characters, which English rephrases', () => {
    const mentions = extractZhNumbers('费用省一半，两国都同意')
    expect(mentions.filter((mention) => mention.checked)).toEqual([])
    expect(mentions.map((mention) => mention.uncheckedReason)).toEqual([
      'rephrasable',
      'rephrasable',
    ])
  })

  it('skips list numbering and approximate numbers', () => {
    const mentions = extractZhNumbers(
      '1. 多关注网络安全资讯，价格大概要一万六七千元左右，几十个国家',
    )
    expect(mentions.map((mention) => [mention.text, mention.uncheckedReason])).toEqual([
      ['1.', 'list-marker'],
      ['一万六七千', 'approximate'],
      ['十', 'approximate'],
    ])
  })

  it('gives the first number of a range the scale of the second', () => {
    const [first] = extractZhNumbers('预计达1200至1400万人次')
    expect(first?.value).toBe(1200)
    expect(first?.alternatives).toEqual([12000000])
  })
})

describe('extractEnNumbers', () => {
  it('reads scale words, percentages, words and dates', () => {
    const mentions = extractEnNumbers(
      'Revenue of $161.117 billion rose eight percent on September 4, while 35 thousand users and 1 000 staff joined on 4 Sep.',
    )
    expect(mentions.map((mention) => [mention.kind, mention.value])).toEqual([
      ['quantity', 161117000000],
      ['percent', 8],
      ['date', 904],
      ['quantity', 35000],
      ['quantity', 1000],
      ['date', 904],
    ])
  })

  it('carries the scale of a range to its first number', () => {
    const [first] = extractEnNumbers('between 12 to 14 million visitors')
    expect(first?.alternatives).toEqual([12000000])
  })

  it('does not read "may" the verb as a month', () => {
    expect(extractEnNumbers('Prices may fall.')).toEqual([])
  })
})

describe('compareNumbers', () => {
  it.each([
    ['营收1611.17亿元', 'revenue of 161.117 billion yuan'],
    ['营收1611.17亿元', 'revenue of 161,117 million yuan'],
    ['营收1611.17亿元', 'revenue of about 161.1 billion yuan'],
    ['3.5万人', '35,000 people'],
    ['3.5万人', '35 thousand people'],
    ['增长百分之八', 'grew 8%'],
    ['增长8%', 'grew eight percent'],
    ['9月4日', 'on Sep 4'],
    ['9月4日', 'on 4 September'],
    ['9月4日', 'on September 4th'],
    ['第二季度', 'in Q2'],
    ['第二季度', 'in the second quarter'],
    ['2023年', 'in 2023'],
    ['三千五百元', '3,500 yuan'],
    ['五口之家', 'a family of five'],
    ['第十六届论坛', 'the 16th forum'],
    ['上世纪80年代', 'in the 1980s'],
    ['周五（2月10日）', 'on Friday (February 10)'],
    ['股票代码09988.HK', 'stock code 9988.HK'],
    ['1200万至1400万人次', '12 to 14 million visitors'],
    ['增长19倍', 'a 19-fold increase'],
  ])('%s is found in "%s"', (zh, en) => {
    expect(compareNumbers(zh, en).missing).toEqual([])
  })

  it('reports a changed number with the forms it tried', () => {
    const { missing } = compareNumbers(
      '出口315.1亿美元，年减21.2%',
      'exports of $31.51 billion, down 22.2%',
    )
    expect(missing).toHaveLength(1)
    expect(missing[0]?.zh).toBe('21.2%')
    expect(missing[0]?.triedForms).toContain('21.2 percent')
    expect(missing[0]?.candidates).toEqual(['22.2%'])
  })

  it('names a 亿 read at the wrong magnitude as a scale slip', () => {
    const { missing } = compareNumbers('营收1611.17亿元', 'revenue of 1,611.17 billion yuan')
    expect(missing[0]?.triedForms.slice(0, 3)).toEqual([
      '161.117 billion',
      '161,117,000,000',
      '161,117 million',
    ])
    expect(missing[0]?.likelyScaleError).toBe('1,611.17 billion')
  })

  it('reports a changed date but not a rephrased half', () => {
    const { missing } = compareNumbers('2月10日起，费用减半', 'From February 11, costs are halved')
    expect(missing.map((number) => [number.zh, number.kind])).toEqual([['2月10日', 'date']])
  })
})
