import { describe, expect, it } from 'vitest'
import {
  isSourcePath,
  parseBilingualJsonl,
  parseTextPair,
  sourcePathFor,
  splitParagraphs,
} from '../../../pipeline/lib/bilingual/input.js'

describe('splitParagraphs', () => {
  it('splits at blank lines, including CRLF and whitespace-only lines, and trims', () => {
    expect(splitParagraphs('\uFEFF第一段\r\n续行\r\n\r\n  第二段 \n \t\n\n第三段\n')).toEqual([
      '第一段\n续行',
      '第二段',
      '第三段',
    ])
  })
})

describe('parseBilingualJsonl', () => {
  it('reads string and array fields and names documents', () => {
    const text = [
      JSON.stringify({ doc: 'a', zh: ['甲', '乙'], en: ['A', 'B'] }),
      '',
      JSON.stringify({ zh: '甲\n\n乙', en: 'A\n\nB' }),
    ].join('\n')
    const { documents, errors } = parseBilingualJsonl(text)
    expect(errors).toEqual([])
    expect(documents).toEqual([
      { id: 'a', zh: ['甲', '乙'], en: ['A', 'B'] },
      { id: 'line 3', zh: ['甲', '乙'], en: ['A', 'B'] },
    ])
  })

  it('reports bad lines by number and keeps the good ones', () => {
    const text = ['{"zh": "甲", "en": "A"}', '{not json', '[1]', '{"zh": 3, "en": "A"}'].join('\n')
    const { documents, errors } = parseBilingualJsonl(text)
    expect(documents).toHaveLength(1)
    expect(errors.map((error) => [error.line, error.message.split(':')[0]])).toEqual([
      [2, 'not JSON'],
      [3, 'not a JSON object'],
      [4, 'zh'],
    ])
  })
})

describe('text pairs', () => {
  it('finds the source beside the translation', () => {
    expect(sourcePathFor('input/story.txt')).toBe('input/story.zh.txt')
    expect(sourcePathFor('input/v1.2/story')).toBe('input/v1.2/story.zh')
    expect(isSourcePath('input/story.zh.txt')).toBe(true)
    expect(isSourcePath('input/story.txt')).toBe(false)
  })

  it('splits both texts into paragraphs', () => {
    expect(parseTextPair('甲\n\n乙', 'A\n\nB\n', 'story')).toEqual({
      id: 'story',
      zh: ['甲', '乙'],
      en: ['A', 'B'],
    })
  })
})
