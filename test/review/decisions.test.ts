import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Report } from '../../pipeline/core/types.js'
import {
  applyDecisions,
  DecisionError,
  type DecisionFile,
  mergeSuppressions,
  parseDecisionFile,
  parseSuppressionFile,
  rejectionsToSuppressions,
} from '../../pipeline/review/decisions.js'
import { makeReport, type Splice } from './make-report.js'
import { MT_TERM, PAYWALL, referenceReport } from './reference-report.js'

function decisionsFor(
  report: Report,
  pick: (id: string, rule: string) => 'accept' | 'reject' | undefined,
): DecisionFile {
  const decisions: DecisionFile['decisions'] = []
  for (const edit of report.edits) {
    const decision = pick(edit.id, edit.rule)
    if (decision)
      decisions.push({
        id: edit.id,
        rule: edit.rule,
        before: edit.before,
        after: edit.after,
        decision,
      })
  }
  return { schema: 1, file: report.file, inputSha256: report.inputSha256, decisions }
}

describe('applyDecisions on the reference article', () => {
  const { report, inputText, outputText } = referenceReport()

  it('gives the cleaned text when nothing is rejected, and the input when everything is', () => {
    expect(
      applyDecisions(
        report,
        inputText,
        decisionsFor(report, () => undefined),
      ),
    ).toBe(outputText)
    expect(
      applyDecisions(
        report,
        inputText,
        decisionsFor(report, () => 'accept'),
      ),
    ).toBe(outputText)
    expect(
      applyDecisions(
        report,
        inputText,
        decisionsFor(report, () => 'reject'),
      ),
    ).toBe(inputText)
  })

  it('restores only the rejected edits', () => {
    const result = applyDecisions(
      report,
      inputText,
      decisionsFor(report, (_, rule) =>
        rule === 'terms/internet-plus-related' ? 'reject' : undefined,
      ),
    )
    expect(result.split(MT_TERM)).toHaveLength(4)
    expect(result).not.toContain(PAYWALL)
    expect(result).not.toContain('The translation is provided by third-party software.')
  })

  it('refuses an input that is not the one the report was made from', () => {
    const changed = inputText.replace('Taobao', 'Taobao!')
    expect(() =>
      applyDecisions(
        report,
        changed,
        decisionsFor(report, () => undefined),
      ),
    ).toThrow(/not the one the report .* was made from/)
  })

  it('refuses decisions made on another input', () => {
    const decisions = { ...decisionsFor(report, () => 'accept'), inputSha256: 'a'.repeat(64) }
    expect(() => applyDecisions(report, inputText, decisions)).toThrow(/different input/)
  })

  it('names decision ids the report does not have', () => {
    const decisions = decisionsFor(report, () => 'reject')
    decisions.decisions.push({ id: 'e999', rule: 'x', before: 'y', after: '', decision: 'reject' })
    expect(() => applyDecisions(report, inputText, decisions)).toThrow(/not in the report.*e999/)
  })

  it('refuses a decision whose rule or text disagrees with the edit of that id', () => {
    const decisions = decisionsFor(report, () => 'reject')
    const first = decisions.decisions[0]
    if (!first) throw new Error('reference report has edits')
    decisions.decisions[0] = { ...first, before: `${first.before}x` }
    expect(() => applyDecisions(report, inputText, decisions)).toThrow(DecisionError)
    expect(() => applyDecisions(report, inputText, decisions)).toThrow(/does not match/)
  })

  it('refuses an edit both accepted and rejected', () => {
    const decisions = decisionsFor(report, () => 'accept')
    const first = decisions.decisions[0]
    if (!first) throw new Error('reference report has edits')
    decisions.decisions.push({ ...first, decision: 'reject' })
    expect(() => applyDecisions(report, inputText, decisions)).toThrow(/both accepted and rejected/)
  })
})

describe('applyDecisions on generated articles', () => {
  it('equals the article rebuilt from the accepted splices alone', () => {
    const arbitraryCase = fc
      .tuple(
        fc.string({
          unit: fc.constantFrom('a', 'b', ' ', '\n', '漢', 'é', '<'),
          minLength: 1,
          maxLength: 80,
        }),
        fc.array(fc.tuple(fc.nat(), fc.nat(6), fc.string({ maxLength: 6 }), fc.boolean()), {
          maxLength: 8,
        }),
      )
      .map(([text, raw]) => {
        const splices: Array<Splice & { rejected: boolean }> = []
        let floor = 0
        for (const [offset, length, after, rejected] of raw.sort((a, b) => a[0] - b[0])) {
          const start = floor + (offset % Math.max(1, text.length - floor + 1))
          if (start > text.length) break
          const end = Math.min(text.length, start + length)
          splices.push({ start, end, after, rule: `r/${splices.length % 3}`, rejected })
          floor = Math.max(end, start + 1)
        }
        return { text, splices }
      })
    fc.assert(
      fc.property(arbitraryCase, ({ text, splices }) => {
        const { report } = makeReport(text, splices)
        const decisions = decisionsFor(report, (id) =>
          splices[Number(id.slice(1)) - 1]?.rejected ? 'reject' : undefined,
        )
        const expected = makeReport(
          text,
          splices.filter((splice) => !splice.rejected),
        ).outputText
        expect(applyDecisions(report, text, decisions)).toBe(expected)
      }),
      { numRuns: 300 },
    )
  })
})

describe('decision and suppression files', () => {
  const { report } = referenceReport()

  it('validates a decisions file and says which field is wrong', () => {
    const good = decisionsFor(report, () => 'reject')
    expect(parseDecisionFile(JSON.parse(JSON.stringify(good)))).toEqual(good)
    expect(() => parseDecisionFile({ ...good, schema: 2 })).toThrow(/schema/)
    expect(() =>
      parseDecisionFile({ ...good, decisions: [{ ...good.decisions[0], decision: 'maybe' }] }),
    ).toThrow(/decisions\.0\.decision/)
    expect(() => parseDecisionFile({ ...good, inputSha256: 'abc' })).toThrow(/inputSha256/)
  })

  it('turns each rejection into a suppression of that rule on that text in that file', () => {
    const decisions = decisionsFor(report, (_, rule) =>
      rule === 'terms/internet-plus-related'
        ? 'reject'
        : rule.startsWith('chrome/')
          ? 'accept'
          : undefined,
    )
    const suppressions = rejectionsToSuppressions(decisions)
    // Three rejected edits share rule and text: one suppression covers them.
    expect(suppressions).toHaveLength(1)
    expect(suppressions[0]).toMatchObject({
      rule: 'terms/internet-plus-related',
      text: MT_TERM,
      file: report.file,
    })
    expect(suppressions[0]?.reason).toContain('interconnection')
    const global = rejectionsToSuppressions(decisions, { scope: 'global' })
    expect(global[0]?.file).toBeUndefined()
    expect(parseSuppressionFile(mergeSuppressions(undefined, global))).toEqual({
      schema: 1,
      suppressions: global,
    })
  })

  it('merges suppressions keeping the existing order and dropping repeats', () => {
    const existing = {
      schema: 1 as const,
      suppressions: [
        { rule: 'b', text: 'two', reason: 'kept' },
        { rule: 'a', text: 'one', file: 'x.txt' },
      ],
    }
    const merged = mergeSuppressions(existing, [
      { rule: 'a', text: 'one', file: 'x.txt', reason: 'again' },
      { rule: 'a', text: 'one' },
      { rule: 'c', text: 'three' },
      { rule: 'b', text: 'two', reason: 'new reason' },
      { rule: 'c', text: ' three\n' },
    ])
    expect(merged.suppressions).toEqual([
      { rule: 'b', text: 'two', reason: 'kept' },
      { rule: 'a', text: 'one', file: 'x.txt' },
      { rule: 'a', text: 'one' },
      { rule: 'c', text: 'three' },
    ])
    expect(mergeSuppressions(merged, merged.suppressions)).toEqual(merged)
    expect(() => parseSuppressionFile({ schema: 1, suppressions: [{ text: 'x' }] })).toThrow(/rule/)
  })
})
