import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { shippedRules } from '../../pipeline/clean.js'
import { articleOf } from '../../pipeline/core/article.js'
import { termRules } from '../../pipeline/rules/load.js'
import { terms } from '../../pipeline/stages/06-terms.js'
import { articleParse, articleStringify } from '../../pipeline/unified.js'
import { expectLossless, reference } from '../helpers.js'

function runTerms(text: string, rules = shippedRules().terms, path = 'a.md') {
  const file = new VFile({ value: text, path })
  const output = String(
    unified().use(articleParse).use(terms, { rules }).use(articleStringify).processSync(file),
  )
  return { ...articleOf(file).draft.finish(), output }
}

const interconnection = termRules([
  {
    id: 'mt-term/internet-plus-related',
    pattern: 'internet plus-related',
    replace: 'interconnection',
    specs: [{ from: 'x', to: 'x' }],
  },
  {
    id: 'flag/leeks',
    pattern: 'cutting leeks',
    message: 'calque of 割韭菜',
    expected: ['fleecing retail investors'],
    specs: [{ from: 'x', to: 'x' }],
  },
])

describe('terms stage', () => {
  it('on the reference article fixes exactly the MT term errors it has, nothing else', () => {
    const input = reference()
    const { output, edits } = runTerms(input, shippedRules().terms, 'reference.txt')
    expect(output).not.toMatch(/internet plus-related/i)
    // The three "internet plus-related" (互联互通), and "live broadcast rooms" (直播间), the
    // e-commerce calque the shipped glossary also knows. Every other byte stays.
    expect(edits.map((e) => [e.rule, e.before, e.after])).toEqual([
      ['connectivity/internet-plus-related', 'internet plus-related', 'interconnection'],
      ['connectivity/internet-plus-related', 'internet plus-related', 'interconnection'],
      ['connectivity/internet-plus-related', 'internet plus-related', 'interconnection'],
      ['tech/livestream-literal', 'live broadcast', 'livestream'],
    ])
    for (const edit of edits) expect(edit.stage).toBe('terms')
    expectLossless(input, output, edits)
  })

  it('never edits code, inline code, link targets, URLs or front matter', () => {
    const input = [
      '---',
      'title: internet plus-related',
      '---',
      '',
      'Text: internet plus-related, `internet plus-related`, [internet plus-related](https://x.example/internet plus-related).',
      'See https://example.com/internet-plus-related and www.example.com/internet plus-related.',
      '',
      '    internet plus-related in indented code',
      '',
      '```',
      'internet plus-related',
      '```',
      '<div>internet plus-related</div>',
      '',
    ].join('\n')
    const { output, edits } = runTerms(input, interconnection)
    // Only the plain-prose one and the link text change.
    expect(edits.map((e) => input.slice(e.input[0] - 6, e.input[0]))).toEqual(['Text: ', 'ed`, ['])
    expect(output).toContain('[interconnection](https://x.example/internet plus-related)')
    expectLossless(input, output, edits)
  })

  it('treats .txt as plain text: backticks and indentation are just text there', () => {
    const input = 'A `internet plus-related` note\n\n    internet plus-related indented\n'
    const { output } = runTerms(input, interconnection, 'a.txt')
    expect(output).toBe('A `interconnection` note\n\n    interconnection indented\n')
  })

  it('flag-only rules leave the text and record a finding with suggestions', () => {
    const input = 'Critics call it cutting leeks.\n'
    const { output, edits, findings } = runTerms(input, interconnection)
    expect(output).toBe(input)
    expect(edits).toEqual([])
    expect(findings).toMatchObject([
      {
        rule: 'flag/leeks',
        actual: 'cutting leeks',
        expected: ['fleecing retail investors'],
        place: { start: { line: 1, column: 17 } },
      },
    ])
  })
})
