import { describe, expect, it } from 'vitest'
import {
  ERROR_KINDS,
  evaluateBilingualSet,
  loadBilingualSet,
  loadHeldOutSet,
} from '../../../bench/bilingual.js'
import { checkBilingual } from '../../../pipeline/lib/bilingual/check.js'

const { records, glossary, lexicon } = loadBilingualSet()
const evaluation = evaluateBilingualSet(records, { glossary, lexicon })

describe('bilingual test set (WMT 2023 zh-en news with inserted errors)', () => {
  it('holds clean documents and every kind of inserted error', () => {
    const variants = new Set(records.map((record) => record.variant))
    expect([...variants].sort()).toEqual(['clean', ...ERROR_KINDS].sort())
    expect(records.filter((record) => record.variant === 'clean').length).toBeGreaterThanOrEqual(30)
  })

  it('reports nothing on the clean documents', () => {
    for (const record of records.filter((r) => r.variant === 'clean')) {
      expect(
        checkBilingual(record.zh, record.en, { glossary, lexicon }).findings,
        record.id,
      ).toEqual([])
    }
  })

  it.each(ERROR_KINDS)(
    'finds every inserted %s error in its place, and nothing spurious',
    (kind) => {
      expect(evaluation.missed.filter((expected) => expected.kind === kind)).toEqual([])
      expect(evaluation.unexpected.filter((finding) => finding.kind === kind)).toEqual([])
    },
  )

  it('finds omissions and additions in documents the alignment was never tuned on', () => {
    // The other MT system's English, with the same errors inserted; only recall is meaningful.
    const heldOut = loadHeldOutSet()
    const result = evaluateBilingualSet(heldOut.records, heldOut)
    expect(result.byKind.omission.truePositives).toBeGreaterThanOrEqual(30)
    expect(result.byKind.omission.recall).toBeGreaterThanOrEqual(0.95)
    expect(result.byKind.addition.recall).toBeGreaterThanOrEqual(0.95)
  })

  it('scores precision and recall of 1 overall', () => {
    expect(evaluation.overall.precision).toBe(1)
    expect(evaluation.overall.recall).toBe(1)
    expect(evaluation.overall.truePositives).toBe(records.flatMap((r) => r.expected).length)
  })
})
