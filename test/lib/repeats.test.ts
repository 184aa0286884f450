import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { REPEAT, repeatedRuns } from '../../pipeline/lib/repeats.js'

const seed = process.env.FC_SEED === 'random' ? Date.now() : Number(process.env.FC_SEED ?? 20261125)
const runs = Number(process.env.FC_RUNS ?? 2000)

const spans = (text: string) => repeatedRuns(text).map((match) => [match.index, match[0]])

describe('repeatedRuns', () => {
  it('finds doubled words and phrases, ignoring case, and not across punctuation', () => {
    expect(spans('The the company said')).toEqual([[0, 'The the']])
    expect(spans('said that in the in the second quarter')).toEqual([[10, 'in the in the']])
    expect(spans('year on year on year on year')).toEqual([[0, 'year on year on year on']])
    expect(spans('step by step, day by day')).toEqual([])
    expect(spans('Revenue rose. Rose again')).toEqual([])
  })

  it('gives exactly what the regular expression alone gives, on any text of such words', () => {
    const word = fc.constantFrom(
      'the',
      'The',
      'THE',
      'in',
      'year',
      'on',
      'Bing',
      'a-b',
      "it's",
      'ſ',
      's',
      'S',
      '5G',
    )
    const gap = fc.constantFrom(' ', '  ', '\t', '\n', ', ', '. ', ' - ', '')
    const text = fc
      .array(fc.tuple(word, gap), { maxLength: 14 })
      .map((parts) => parts.map(([w, g]) => w + g).join(''))
    fc.assert(
      fc.property(text, (sample) => {
        expect(spans(sample)).toEqual([...sample.matchAll(REPEAT)].map((m) => [m.index, m[0]]))
      }),
      { seed, numRuns: runs },
    )
  })
})
