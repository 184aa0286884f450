import { describe, expect, it } from 'vitest'
import { clean } from '../../pipeline/clean.js'

describe('mt-tidy-disable / mt-tidy-enable comments', () => {
  const input = [
    'The internet plus-related era.',
    '',
    '<!-- mt-tidy-disable connectivity/internet-plus-related -->',
    '',
    'Quoted as published: "internet plus-related", in the Taobao APP.',
    '',
    '<!-- mt-tidy-enable connectivity/internet-plus-related -->',
    '',
    'Again the internet plus-related push.',
    '',
    '<!-- mt-tidy-disable style -->',
    'Left as is: the Taobao APP.',
    '',
  ].join('\n')

  it('switch one rule, or a family by prefix, off between the comments only', () => {
    const { output, report } = clean(input, { path: 'a.md' })
    expect(output).toContain('The interconnection era.')
    expect(output).toContain('"internet plus-related", in the Taobao app.')
    expect(output).toContain('Again the interconnection push.')
    expect(output).toContain('Left as is: the Taobao APP.')
    expect(report.stats.suppressed).toBe(2)
  })

  it('without a rule id switch every rule off; findings are silenced too', () => {
    const text =
      '<!-- mt-tidy-disable -->\nCritics call it cutting leeks, the internet plus-related way.\n'
    const { output, report } = clean(text, { path: 'a.md' })
    expect(output).toBe(text)
    expect(report.findings).toEqual([])
  })

  it('are only comments in markdown: in .txt they are text', () => {
    const text = '<!-- mt-tidy-disable -->\n\nThe internet plus-related era.\n'
    expect(clean(text, { path: 'a.txt' }).output).toContain('interconnection')
  })
})
