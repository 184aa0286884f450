import { describe, expect, it } from 'vitest'
import { ERROR_KINDS, evaluateBilingualSet, loadBilingualSet } from '../../../bench/bilingual.js'
import { checkBilingual } from '../../../pipeline/lib/bilingual/check.js'

const { records, glossary } = loadBilingualSet()
const evaluation = evaluateBilingualSet(records, glossary)

describe('bilingual test set (WMT 2023 zh-en news with inserted errors)', () => {
  it('holds clean documents and every kind of inserted error', () => {
    const variants = new Set(records.map((record) => record.variant))
    expect([...variants].sort()).toEqual(['clean', ...ERROR_KINDS].sort())
    expect(records.filter((record) => record.variant === 'clean').length).toBeGreaterThanOrEqual(30)
  })

  it('reports nothing on the clean documents', () => {
    for (const record of records.filter((r) => r.variant === 'clean')) {
      expect(checkBilingual(record.zh, record.en, { glossary }).findings, record.id).toEqual([])
    }
  })

  it.each(['number', 'scale', 'date', 'term', 'untranslated'] as const)(
    'finds every inserted %s error in its place',
    (kind) => {
      expect(evaluation.missed.filter((expected) => expected.kind === kind)).toEqual([])
      // Where paragraphs are aligned right, no finding of this kind is spurious; a misplaced
      // omission or addition pairs wrong paragraphs, whose numbers and terms then differ.
      const spurious = evaluation.unexpected.filter(
        (finding) => finding.kind === kind && !/#(?:omission|addition)$/.test(finding.id),
      )
      expect(spurious).toEqual([])
    },
  )

  it.each(['omission', 'addition'] as const)(
    'reports inserted %ss, mostly in their place',
    (kind) => {
      const inserted = records.filter((r) => r.variant === kind)
      const detected = inserted.filter((record) => {
        const { alignment } = checkBilingual(record.zh, record.en, { glossary })
        return (kind === 'omission' ? alignment.omissions : alignment.additions).length > 0
      })
      // Known limit: beside a short paragraph, or a translation much longer than the document's
      // ratio, length alone favours a 2-1 pairing or a neighbour (see the hand-over notes).
      expect(detected.length / inserted.length).toBeGreaterThanOrEqual(0.95)
      expect(evaluation.byKind[kind].recall).toBeGreaterThanOrEqual(0.85)
    },
  )

  it('keeps overall precision and recall above 0.9', () => {
    expect(evaluation.overall.precision).toBeGreaterThanOrEqual(0.9)
    expect(evaluation.overall.recall).toBeGreaterThanOrEqual(0.9)
  })
})
