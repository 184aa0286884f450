import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Draft, ruleInfo } from '../../pipeline/core/draft.js'
import { expectLossless } from '../helpers.js'

const info = (rule: string) => ruleInfo('test', rule, 'Style', 'minor', `because ${rule}`)

describe('Draft', () => {
  it('keeps bytes outside edits and records each edit with both ranges', () => {
    const draft = new Draft('The Internet APP is big.')
    const text = draft.text
    draft.applyAll([
      {
        start: text.indexOf('APP'),
        end: text.indexOf('APP') + 3,
        after: 'app',
        info: info('casing'),
      },
      {
        start: text.indexOf('big'),
        end: text.indexOf('big') + 3,
        after: 'large',
        info: info('word'),
      },
    ])
    const { output, edits } = draft.finish()
    expect(output).toBe('The Internet app is large.')
    expect(edits.map((e) => [e.before, e.after, e.rule])).toEqual([
      ['APP', 'app', 'casing'],
      ['big', 'large', 'word'],
    ])
    expectLossless(draft.input, output, edits)
  })

  it('maps later changes back to input coordinates across earlier ones', () => {
    const draft = new Draft('aaa bbb ccc')
    draft.replace({ start: 0, end: 3, after: 'A', info: info('first') })
    // "A bbb ccc": change ccc, which sits at current offset 6 but input offset 8.
    draft.replace({ start: 6, end: 9, after: 'C', info: info('second') })
    const { output, edits } = draft.finish()
    expect(output).toBe('A bbb C')
    expect(edits[1]?.input).toEqual([8, 11])
    expectLossless(draft.input, output, edits)
  })

  it('folds a change that overlaps an earlier edit into one edit, crediting both rules', () => {
    const draft = new Draft('one two three')
    draft.replace({ start: 4, end: 7, after: 'TWO', info: info('upper') })
    draft.replace({ start: 2, end: 6, after: '#', info: info('hash') })
    const { output, edits } = draft.finish()
    expect(output).toBe('on#O three')
    expect(edits).toHaveLength(1)
    expect(edits[0]?.rule).toBe('upper')
    expect(edits[0]?.merged?.map((m) => m.rule)).toEqual(['hash'])
    expectLossless(draft.input, output, edits)
  })

  it('drops a fold that restores the original text', () => {
    const draft = new Draft('colour')
    draft.replace({ start: 0, end: 6, after: 'color', info: info('us') })
    draft.replace({ start: 0, end: 5, after: 'colour', info: info('uk') })
    expect(draft.finish().edits).toEqual([])
    expect(draft.text).toBe('colour')
  })

  it('orders insertions at the same point in the order they were made', () => {
    const draft = new Draft('ab')
    draft.replace({ start: 1, end: 1, after: 'X', info: info('x') })
    draft.replace({ start: 2, end: 2, after: 'Y', info: info('y') })
    const { output, edits } = draft.finish()
    expect(output).toBe('aXYb')
    // Two insertions at one input point stay two edits, each credited to its own rule.
    expect(edits.map((e) => [e.rule, e.input, e.output])).toEqual([
      ['x', [1, 1], [1, 2]],
      ['y', [1, 1], [2, 3]],
    ])
    expectLossless(draft.input, output, edits)
  })

  it('maps past every deletion at one point with the after bias', () => {
    const draft = new Draft('keep\n\nA\n\nB\n\nnext')
    draft.applyAll([
      { start: 6, end: 9, after: '', info: info('a') },
      { start: 9, end: 12, after: '', info: info('b') },
    ])
    expect(draft.text).toBe('keep\n\nnext')
    expect(draft.toInput(6, 'before')).toBe(6)
    expect(draft.toInput(6, 'after')).toBe(12)
  })

  it('skips changes an editor rejected before', () => {
    const draft = new Draft(
      'internet plus-related',
      (rule, text) => rule === 'r' && text === 'internet plus-related',
    )
    draft.replace({ start: 0, end: 21, after: 'interconnection', info: info('r') })
    expect(draft.text).toBe('internet plus-related')
    expect(draft.suppressed).toBe(1)
  })

  it('places findings in input lines and maps them to the output', () => {
    const draft = new Draft('first line\nsecond word here\n')
    draft.replace({ start: 0, end: 5, after: 'the first', info: info('grow') })
    const at = draft.text.indexOf('word')
    draft.flag(at, at + 4, info('flag'), { expected: ['term'] })
    const { output, findings } = draft.finish()
    const [finding] = findings
    expect(finding?.place.start).toMatchObject({ line: 2, column: 8 })
    expect(output.slice(...(finding?.output ?? [0, 0]))).toBe('word')
    expect(finding?.actual).toBe('word')
    expect(finding?.expected).toEqual(['term'])
  })

  it('stays lossless under any sequence of random changes (property)', () => {
    const change = fc.record({
      a: fc.nat(),
      b: fc.nat(),
      after: fc.string({ unit: 'grapheme', maxLength: 4 }),
    })
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.array(change, { maxLength: 12 }),
        (input, changes) => {
          const draft = new Draft(input)
          let expected = input
          changes.forEach((c, i) => {
            const length = draft.text.length
            const start = length ? c.a % (length + 1) : 0
            const end = start + (length ? c.b % (length - start + 1) : 0)
            draft.replace({ start, end, after: c.after, info: info(`r${i}`) })
            expected = expected.slice(0, start) + c.after + expected.slice(end)
            expect(draft.text).toBe(expected)
          })
          const { output, edits } = draft.finish()
          expect(output).toBe(expected)
          expectLossless(input, output, edits)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('applies many disjoint changes at once the same as one by one (property)', () => {
    const cut = fc.record({
      at: fc.nat(),
      length: fc.nat({ max: 4 }),
      after: fc.string({ maxLength: 3 }),
    })
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.array(cut, { maxLength: 6 }),
        fc.array(cut, { maxLength: 8 }),
        (input, first, second) => {
          const draft = new Draft(input)
          let expected = input
          for (const round of [first, second]) {
            // Disjoint changes on the current text, from random cuts.
            const text = draft.text
            const changes = []
            let from = 0
            for (const [i, c] of round.entries()) {
              const start = from + (text.length - from ? c.at % (text.length - from + 1) : 0)
              const end = Math.min(text.length, start + c.length)
              if (start > text.length) break
              changes.push({ start, end, after: c.after, info: info(`b${i}`) })
              from = end + 1
              if (from > text.length) break
            }
            draft.applyAll(changes)
            for (const change of [...changes].reverse()) {
              expected = expected.slice(0, change.start) + change.after + expected.slice(change.end)
            }
            expect(draft.text).toBe(expected)
          }
          const { output, edits } = draft.finish()
          expectLossless(input, output, edits)
        },
      ),
      { numRuns: 500 },
    )
  })
})
