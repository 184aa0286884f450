import { describe, expect, it } from 'vitest'
import { Lexicon } from '../../../pipeline/lib/bilingual/lexicon.js'
import { buildLexiconFile, parseU8 } from '../../../rules/lexicon/build.js'

// Lines of CC-CEDICT (CC BY-SA 4.0, https://cc-cedict.org), as MDBG publishes them.
const CEDICT = `# CC-CEDICT
趙 赵 [Zhao4] /surname Zhao/one of the seven states during the Warring States period (476-220 BC)/
的 的 [de5] /of; ~'s (possessive particle)/(used after an attribute when it modifies a noun)/
的 的 [di1] /a taxi; a cab (abbr. for 的士[di1 shi4])/
的 的 [di4] /(bound form) bull's-eye; target/
嗎 吗 [ma5] /(question particle for "yes-no" questions)/
信用卡 信用卡 [xin4 yong4 ka3] /credit card/
經濟 经济 [jing1 ji4] /economy/economic/
昰 是 [shi4] /variant of 是[shi4]/
五帝 五帝 [wu3 di4] /the Five Legendary Emperors, usually taken to be the Yellow Emperor 黃帝|黄帝[Huang2 di4]/
3C 3C [san1 C] /computers, communications, and consumer electronics/
`

describe('rules/lexicon/build.ts', () => {
  const file = buildLexiconFile(parseU8(CEDICT), '# header\n')

  it('keeps the English words of real senses, under the Simplified headword', () => {
    expect(file.split('\n')).toEqual([
      '# header',
      '五帝\tfive legendary emperors usually taken yellow emperor',
      '信用卡\tcredit card',
      '经济\teconomy economic',
      '赵\tzhao seven states during warring period',
      '',
    ])
  })

  it('drops pointers, grammar notes, bound forms, compound-only senses and non-Han headwords', () => {
    // 的: particle, taxi (only in 的士) and bull's-eye (bound form); 吗: grammar only; 是 here
    // only points at another entry; 3C is not a Chinese word.
    for (const headword of ['的', '吗', '是', '3C']) expect(file).not.toContain(`${headword}\t`)
  })

  it('writes what the runtime lexicon reads', () => {
    const lexicon = new Lexicon(
      file
        .split('\n')
        .filter((line) => line.includes('\t'))
        .map((line) => line.split('\t') as [string, string]),
    )
    expect(lexicon.keysOf('经济')).toEqual(['econo'])
    expect(lexicon.keysOf('赵')).toContain('zhao')
  })
})
