import { describe, expect, it } from 'vitest'
import {
  checkUntranslated,
  findChineseSpans,
} from '../../../pipeline/lib/bilingual/untranslated.js'

describe('checkUntranslated', () => {
  it('finds Chinese left inside an English sentence', () => {
    const result = checkUntranslated('拼多多涨5%', 'Shares of $拼多多(PDD.US)$ rose 5%.')
    expect(result.spans.map((span) => span.text)).toEqual(['拼多多'])
    expect(result.wholeParagraph).toBe(false)
    expect(result.identical).toBe(false)
  })

  it('calls a paragraph left in Chinese untranslated as a whole', () => {
    const source = '2024年618前，阿里妈妈发布了新的工具。'
    const result = checkUntranslated(source, source)
    expect(result.identical).toBe(true)
    expect(result.wholeParagraph).toBe(true)
    expect(checkUntranslated(source, '2024年618前，阿里妈妈 released a tool.').wholeParagraph).toBe(
      true,
    )
  })

  it('accepts a target equal to a source without Han', () => {
    const result = checkUntranslated('NEWS GOV-MO: 2023', 'NEWS GOV-MO: 2023')
    expect(result).toEqual({ spans: [], hanShare: 0, wholeParagraph: false, identical: false })
  })

  it('does not take the byline middle dot for Chinese', () => {
    expect(findChineseSpans('Zhitong Finance · Mar 18 08:43')).toEqual([])
  })

  it('keeps CJK punctuation with the Han it belongs to', () => {
    expect(findChineseSpans('He said 「你好，世界」 twice').map((span) => span.text)).toEqual([
      '「你好，世界」',
    ])
  })
})
