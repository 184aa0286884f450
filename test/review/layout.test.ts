import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { editParts, layoutArticle, paragraphRanges } from '../../pipeline/review/layout.js'
import { makeReport } from './make-report.js'
import { CHINESE_PARAGRAPH_START, referenceReport } from './reference-report.js'

const joinKinds = (parts: Array<{ kind: string; text: string }>, kinds: string[]) =>
  parts
    .filter((part) => kinds.includes(part.kind))
    .map((part) => part.text)
    .join('')

describe('editParts', () => {
  it('diffs at word level inside an edit', () => {
    const parts = editParts(
      'shares of Tencent rose 3% on Monday',
      'shares of Tencent fell 2% on Monday',
    )
    expect(parts.filter((part) => part.kind === 'del').map((part) => part.text)).toEqual([
      'rose',
      '3',
    ])
    expect(parts.filter((part) => part.kind === 'ins').map((part) => part.text)).toEqual([
      'fell',
      '2',
    ])
  })

  it('shows a replacement that shares no word as one removal and one insertion', () => {
    expect(editParts('internet plus-related', 'interconnection')).toEqual([
      { kind: 'del', text: 'internet plus-related' },
      { kind: 'ins', text: 'interconnection' },
    ])
  })

  it('always reassembles before and after', () => {
    const words = fc.string({
      unit: fc.constantFrom('a', 'bc', ' ', '\n', '漢', ',', '$'),
      maxLength: 40,
    })
    fc.assert(
      fc.property(words, words, (before, after) => {
        const parts = editParts(before, after)
        expect(joinKinds(parts, ['keep', 'del'])).toBe(before)
        expect(joinKinds(parts, ['keep', 'ins'])).toBe(after)
      }),
      { numRuns: 300 },
    )
  })
})

describe('paragraphRanges', () => {
  it('cuts after each run of blank lines and covers the whole text', () => {
    const text = '\n\nTitle\n\nOne\nstill one\n \n\nTwo'
    const ranges = paragraphRanges(text)
    expect(ranges.map(([start, end]) => text.slice(start, end))).toEqual([
      '\n\n',
      'Title\n\n',
      'One\nstill one\n \n\n',
      'Two',
    ])
  })
})

describe('layoutArticle on the reference article', () => {
  const { report, inputText, outputText } = referenceReport()
  const layout = layoutArticle(inputText, report.edits, report.findings)
  const pieces = layout.rows.flatMap((row) => row.pieces)

  it('keeps every character: input and output are rebuilt from the pieces', () => {
    expect(joinKinds(pieces, ['same', 'keep', 'del'])).toBe(inputText)
    expect(joinKinds(pieces, ['same', 'keep', 'ins'])).toBe(outputText)
  })

  it('places every edit once, in the paragraph where it starts', () => {
    report.edits.forEach((edit, index) => {
      const row = layout.rows[layout.editRow[index] ?? -1]
      expect(row).toBeDefined()
      expect(row?.edits).toContain(index)
      expect(edit.input[0]).toBeGreaterThanOrEqual(row?.start ?? Number.NaN)
      expect(edit.input[0]).toBeLessThan(row?.end ?? Number.NaN)
    })
  })

  it('flags the paragraphs the duplicate and footer edits remove, and no others', () => {
    const removed = layout.rows
      .filter((row) => row.removed)
      .map((row) => inputText.slice(row.start, row.end))
    expect(removed).toHaveLength(3)
    expect(removed[0]?.startsWith(CHINESE_PARAGRAPH_START)).toBe(true)
    expect(removed[1]?.startsWith('The translation is provided')).toBe(true)
    const footer = report.edits.findIndex((edit) => edit.rule === 'chrome/footer-disclaimer')
    expect(layout.editRemovesRows[footer]).toHaveLength(2)
  })

  it('marks exactly the text each finding covers', () => {
    report.findings.forEach((finding, index) => {
      const covered = pieces
        .filter((piece) => piece.kind !== 'ins' && piece.findings?.includes(index))
        .map((piece) => piece.text)
        .join('')
      expect(covered).toBe(inputText.slice(...finding.input))
    })
  })
})

describe('layoutArticle on edge cases', () => {
  it('puts an insertion at a paragraph boundary at the start of the next paragraph', () => {
    const text = 'First paragraph.\n\nSecond paragraph.'
    const { report } = makeReport(text, [
      { start: 18, end: 18, after: 'Inserted. ', rule: 'x/insert' },
    ])
    const layout = layoutArticle(text, report.edits, report.findings)
    expect(layout.editRow[0]).toBe(1)
    expect(layout.rows[1]?.pieces[0]).toMatchObject({ kind: 'ins', text: 'Inserted. ' })
  })

  it('rejects an edit whose before text is not in the input', () => {
    const text = 'Alpha beta.'
    const { report } = makeReport(text, [{ start: 0, end: 5, after: 'A', rule: 'x/y' }])
    const broken = report.edits.map((edit) => ({ ...edit, before: 'Gamma' }))
    expect(() => layoutArticle(text, broken, [])).toThrow(/before text/)
  })
})
