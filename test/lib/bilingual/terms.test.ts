import { describe, expect, it } from 'vitest'
import {
  type BilingualTerm,
  checkKeyTerms,
  findTermsInZh,
} from '../../../pipeline/lib/bilingual/terms.js'

const glossary: BilingualTerm[] = [
  { zh: '阿里', en: ['Alibaba'] },
  { zh: '阿里妈妈', en: ['Alibaba Mama', 'Alimama'] },
  {
    zh: '互联互通',
    en: ['interconnection', 'interconnectivity'],
    avoid: ['internet plus-related'],
  },
  { zh: '淘宝', en: ['Taobao'] },
  { zh: '证监会', en: ['CSRC', 'Securities Regulatory Commission'] },
]

describe('findTermsInZh', () => {
  it('lets the longest source term win', () => {
    const found = findTermsInZh('阿里妈妈表示，阿里将推进', glossary).map(
      (occurrence) => occurrence.text,
    )
    expect(found).toEqual(['阿里妈妈', '阿里'])
  })

  it('matches Traditional script against a Simplified glossary', () => {
    expect(
      findTermsInZh('淘寶與微信互聯互通', glossary).map((occurrence) => occurrence.term.zh),
    ).toEqual(['淘宝', '互联互通'])
  })
})

describe('checkKeyTerms', () => {
  it('is quiet when an approved rendering or variant stands in the target, in any case', () => {
    expect(
      checkKeyTerms('阿里妈妈的互联互通', "ALIMAMA's push for Interconnectivity", glossary),
    ).toEqual([])
    expect(
      checkKeyTerms('证监会公告', 'the securities regulatory commission announced', glossary),
    ).toEqual([])
  })

  it('reports the term, what was expected and a known wrong rendering standing there', () => {
    expect(checkKeyTerms('淘宝的互联互通', 'Taobao is "internet plus-related"', glossary)).toEqual([
      {
        term: '互联互通',
        start: 3,
        end: 7,
        expected: ['interconnection', 'interconnectivity'],
        found: 'internet plus-related',
      },
    ])
  })

  it('respects word boundaries: "Alibaba" inside "Alibabaland" does not count', () => {
    const findings = checkKeyTerms('阿里宣布', 'Alibabaland announced', glossary)
    expect(findings.map((finding) => finding.term)).toEqual(['阿里'])
  })

  it('does not take the shorter term for the longer one', () => {
    const findings = checkKeyTerms('阿里妈妈宣布', 'Alibaba announced', glossary)
    expect(findings.map((finding) => [finding.term, finding.expected[0]])).toEqual([
      ['阿里妈妈', 'Alibaba Mama'],
    ])
  })

  it('accepts a plural of the approved rendering', () => {
    expect(checkKeyTerms('互联互通', 'two interconnections', glossary)).toEqual([])
  })
})
