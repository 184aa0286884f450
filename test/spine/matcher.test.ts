import { describe, expect, it } from 'vitest'
import { termRules } from '../../pipeline/rules/load.js'
import { foldCase, matchCase, TermMatcher } from '../../pipeline/rules/matcher.js'

function apply(rules: unknown[], text: string): string {
  const matcher = new TermMatcher(termRules(rules))
  let out = ''
  let at = 0
  for (const match of matcher.match(text)) {
    if (match.replacement === undefined) continue
    out += text.slice(at, match.start) + match.replacement
    at = match.end
  }
  return out + text.slice(at)
}

const rule = (id: string, pattern: string | string[], replace: string, extra: object = {}) => ({
  id,
  pattern,
  replace,
  specs: [{ from: 'x', to: 'x' }],
  ...extra,
})

describe('term matching', () => {
  it('matches case-insensitively and preserves the case of the match', () => {
    const rules = [rule('a', 'internet plus-related', 'interconnection')]
    expect(apply(rules, 'Internet plus-related is the trend')).toBe('Interconnection is the trend')
    expect(apply(rules, 'THE INTERNET PLUS-RELATED ERA')).toBe('THE INTERCONNECTION ERA')
    expect(apply(rules, 'follow "internet plus-related".')).toBe('follow "interconnection".')
  })

  it('keeps the replacement as written when case is not preserved or is sensitive', () => {
    expect(
      apply([rule('a', 'chinext board', 'ChiNext', { preserveCase: false })], 'the Chinext Board'),
    ).toBe('the ChiNext')
    expect(
      apply([rule('a', 'APP', 'app', { caseSensitive: true })], 'Taobao APP and the App'),
    ).toBe('Taobao app and the App')
  })

  it('respects Latin word boundaries but needs none around Han', () => {
    const rules = [rule('a', 'app', 'application'), rule('b', '互联互通', 'interconnection')]
    expect(apply(rules, 'happy apps app')).toBe('happy apps application')
    expect(apply(rules, '推进互联互通的进程')).toBe('推进interconnection的进程')
    expect(apply(rules, '淘宝app上线')).toBe('淘宝application上线')
  })

  it('resolves overlaps longest first, then earliest', () => {
    const rules = [
      rule('short', 'plus', 'added'),
      rule('long', 'internet plus-related', 'interconnection'),
    ]
    expect(apply(rules, 'internet plus-related and plus')).toBe('interconnection and added')
    const tie = [rule('left', 'a b', 'X'), rule('right', 'b c', 'Y')]
    expect(apply(tie, 'a b c')).toBe('X c')
  })

  it('does not fire where the replacement already stands', () => {
    const rules = [
      rule('a', 'Script', 'JavaScript'),
      rule('b', 'mini program', 'mini programs', { wordBoundary: false }),
    ]
    expect(apply(rules, 'JavaScript and Script')).toBe('JavaScript and JavaScript')
    expect(apply(rules, 'two mini programs')).toBe('two mini programs')
  })

  it('supports regex rules with groups, in the same pass as literals', () => {
    const rules = [
      rule('yoy', '/(\\d+(?:\\.\\d+)?)% year-on-year growth rate/', '$1% year-on-year growth'),
      rule('lit', 'small program', 'mini program'),
    ]
    expect(apply(rules, 'a 8% year-on-year growth rate of the small program')).toBe(
      'a 8% year-on-year growth of the mini program',
    )
  })

  it('gives the same result with 1,000 rules as each rule would alone', () => {
    const words = Array.from({ length: 1000 }, (_, i) => `term${i.toString(36)}x`)
    const rules = words.map((w, i) => rule(`r${i}`, w, `T${i}`))
    const text = words.filter((_, i) => i % 7 === 0).join(' and ')
    const expected = words
      .map((w, i) => [w, i] as const)
      .filter(([, i]) => i % 7 === 0)
      .map(([, i]) => `T${i}`)
      .join(' and ')
    expect(apply(rules, text)).toBe(expected)
  })

  it('folds case without changing string length', () => {
    const text = 'İstanbul ΑΒΓ Straße'
    expect(foldCase(text)).toHaveLength(text.length)
    expect(matchCase('Mini Program', 'mini program')).toBe('Mini program')
    expect(matchCase('SMALL PROGRAM', 'mini program')).toBe('MINI PROGRAM')
  })
})
