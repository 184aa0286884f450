import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  hanRatio,
  hanRuns,
  hasHan,
  isCjkPunctuation,
  isHanCharacter,
  isMostlyChinese,
} from '../../pipeline/lib/han.js'
import { chineseParagraphs, devDocuments, englishParagraphs } from './dev-data.js'

const referenceArticle = readFileSync(
  fileURLToPath(new URL('../../input/000_d23a17e316fadb1a.txt', import.meta.url)),
  'utf8',
)
const runTexts = (text: string) => hanRuns(text).map((run) => run.text)

describe('Han detection', () => {
  it('counts Han script and CJK punctuation blocks, not the byline middle dot', () => {
    expect(isHanCharacter('淘')).toBe(true)
    expect(isHanCharacter('〇')).toBe(true)
    expect(isHanCharacter('·')).toBe(false)
    expect(isCjkPunctuation('。')).toBe(true)
    expect(isCjkPunctuation('，')).toBe(true)
    expect(isCjkPunctuation('︰')).toBe(true)
    expect(isCjkPunctuation('·')).toBe(false)
    expect(hasHan('Zhitong Finance · Mar 18 08:43')).toBe(false)
    expect(hanRuns('Breakings · 12/07/2023 19:17')).toEqual([])
  })

  it('does not call full-width punctuation alone Chinese', () => {
    expect(hasHan('Revenue （up 12%）：strong')).toBe(false)
    expect(hanRuns('Revenue （up 12%）：strong')).toEqual([])
  })
})

describe('hanRuns on the reference article', () => {
  const runs = hanRuns(referenceArticle)
  const glued = referenceArticle.split('\n').find((line) => line.includes('$拼多多(PDD.US)$'))

  it('finds the Chinese paragraph glued to an English sentence, from its year to its last 。', () => {
    expect(glued).toBeDefined()
    const inLine = runTexts(glued ?? '')
    const paragraph = inLine.find((text) => text.startsWith('2024年618前'))
    expect(paragraph).toBeDefined()
    expect(paragraph?.endsWith('的效果跟踪。')).toBe(true)
    // The ticker chips before it are not part of it.
    expect(paragraph).not.toContain('$')
    expect(paragraph).not.toContain('HK')
  })

  it('finds the untranslated name inside a ticker chip without the chip', () => {
    expect(runTexts(glued ?? '')).toContain('拼多多')
  })

  it('finds the same paragraph again where it stands alone, identical to the glued copy', () => {
    const paragraphs = runs.filter((run) => run.text.startsWith('2024年618前'))
    expect(paragraphs).toHaveLength(2)
    expect(paragraphs[0]?.text).toBe(paragraphs[1]?.text)
    for (const run of runs) expect(referenceArticle.slice(run.start, run.end)).toBe(run.text)
  })
})

describe('hanRuns on Chinese glued into English', () => {
  it('returns each real Chinese paragraph whole when it sits between two English ones', () => {
    let checked = 0
    for (const document of devDocuments()) {
      document.zh.forEach((zh, index) => {
        const chinese = zh.trim()
        if (!hasHan(chinese)) return
        const before = document.en[index] ?? ''
        const after = document.en[index + 1] ?? 'The end.'
        const text = `${before} ${chinese} ${after}`
        const runs = hanRuns(text)
        expect(runs, chinese).toHaveLength(1)
        const [run] = runs
        const start = before.length + 1
        expect(run?.end, chinese).toBe(start + chinese.length)
        // A run may leave out an ASCII label, list number or time stamp that precedes the Chinese
        // with a space (`NEWS GOV-MO: `, `1. `, `2023-02-11 13:09:10 `), nothing else.
        const labelLength = /^[\x21-\x7e ]*\s/.exec(chinese)?.[0].length ?? 0
        expect(run?.start, chinese).toBeGreaterThanOrEqual(start)
        expect(run?.start, chinese).toBeLessThanOrEqual(start + labelLength)
        checked += 1
      })
    }
    expect(checked).toBeGreaterThan(600)
  })

  it('keeps digits, Latin brand names and ASCII punctuation inside a Chinese sentence', () => {
    expect(runTexts('Readers saw: 阿里巴巴旗下的Tmall Global推出了新的AI功能 yesterday.')).toEqual([
      '阿里巴巴旗下的Tmall Global推出了新的AI功能',
    ])
    expect(runTexts('Note 营收达1,234.5亿元,同比增长12.5%. Analysts agreed.')).toEqual([
      '营收达1,234.5亿元,同比增长12.5%.',
    ])
    expect(runTexts('Text: Google AI聊天机器人“答错问题” 母公司股价蒸发. More')).toEqual([
      'Google AI聊天机器人“答错问题” 母公司股价蒸发.',
    ])
  })

  it('keeps an English gloss in brackets inside the Chinese sentence', () => {
    expect(runTexts('So: 名单被称为“实体名单”（entity list），入列的公司. End')).toEqual([
      '名单被称为“实体名单”（entity list），入列的公司.',
    ])
    expect(runTexts('So: 名单被称为(entity list)的公司 end')).toEqual([
      '名单被称为(entity list)的公司',
    ])
  })

  it('keeps English between two Chinese names out of both', () => {
    expect(runTexts("Alibaba's 淘宝 and JD's 京东 are rivals.")).toEqual(['淘宝', '京东'])
    expect(runTexts('Taobao (淘宝) grew faster than Tmall (天猫).')).toEqual(['(淘宝)', '(天猫)'])
    expect(runTexts('Rose 19 Times From 2021 新加坡旅游业复苏')).toEqual(['新加坡旅游业复苏'])
  })

  it('keeps separate lines and ticker chips apart', () => {
    expect(runTexts('淘宝\n京东')).toEqual(['淘宝', '京东'])
    expect(runTexts('$拼多多(PDD.US)$$京东(JD.US)$')).toEqual(['拼多多', '京东'])
  })

  it('takes quotes that open or close inside the run, leaves apostrophes', () => {
    expect(runTexts('He said “淘宝” was big')).toEqual(['“淘宝”'])
    expect(runTexts('He said "淘宝" was big')).toEqual(['"淘宝"'])
    expect(runTexts('The 淘宝’s rise')).toEqual(['淘宝'])
    expect(runTexts('”里奥斯说，当前中国正全力推动科技创新。')).toEqual([
      '”里奥斯说，当前中国正全力推动科技创新。',
    ])
  })

  it('gives offsets that slice back to the run text, in order, without overlap (any input)', () => {
    const piece = fc.constantFrom(
      '淘宝',
      '2024年',
      '618',
      ' ',
      ', ',
      'and the',
      'Tmall',
      '“',
      '”',
      '(',
      ')',
      '$',
      '\n',
      '。',
      '（',
      '.',
      '𠀀',
      'x',
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('')
        let previousEnd = 0
        for (const run of hanRuns(text)) {
          expect(text.slice(run.start, run.end)).toBe(run.text)
          expect(run.start).toBeGreaterThanOrEqual(previousEnd)
          expect(run.end).toBeGreaterThan(run.start)
          expect(hasHan(run.text)).toBe(true)
          previousEnd = run.end
        }
        // Every Han character of the text is inside some run.
        const covered = hanRuns(text).reduce(
          (sum, run) => sum + (run.text.match(/\p{Script=Han}/gu)?.length ?? 0),
          0,
        )
        expect(covered).toBe(text.match(/\p{Script=Han}/gu)?.length ?? 0)
      }),
    )
  })
})

describe('hanRuns and full-width punctuation', () => {
  const texts = (text: string) => hanRuns(text).map((run) => run.text)

  it('does not start a run on a full-width mark that stands in English', () => {
    expect(texts('Users can pay。Internet Plus-Related 淘宝')).toEqual(['淘宝'])
    expect(texts('It rose 3%，Tencent said 腾讯')).toEqual(['腾讯'])
  })

  it('keeps a full-width mark that ends a Chinese sentence, after a Latin name too', () => {
    expect(texts('苹果发布了 iPhone 15。')).toEqual(['苹果发布了 iPhone 15。'])
    expect(texts('Apple rose. 苹果发布了新手机。')).toEqual(['苹果发布了新手机。'])
    expect(texts('“淘宝”，京东。')).toEqual(['“淘宝”，京东。'])
  })
})

describe('hanRatio and isMostlyChinese', () => {
  it('tells every real Chinese paragraph from every English translation', () => {
    for (const chinese of chineseParagraphs()) {
      if (hasHan(chinese)) expect(isMostlyChinese(chinese), chinese).toBe(true)
    }
    for (const english of [...englishParagraphs('GPT4-5shot'), ...englishParagraphs('ONLINE-B')]) {
      expect(isMostlyChinese(english), english).toBe(false)
    }
  })

  it('weighs brand names in Chinese and Chinese names in English by content', () => {
    expect(isMostlyChinese('阿里巴巴旗下的Tmall Global推出了新的AI功能')).toBe(true)
    expect(isMostlyChinese("Alibaba's 淘宝 and JD's 京东 are rivals")).toBe(false)
    expect(isMostlyChinese('12345 ,.;')).toBe(false)
  })

  it('gives the share of letters that are Han', () => {
    expect(hanRatio('淘宝')).toBe(1)
    expect(hanRatio('Taobao')).toBe(0)
    expect(hanRatio('淘宝 Ta')).toBe(0.5)
    expect(hanRatio('2024 ,.')).toBe(0)
  })
})
