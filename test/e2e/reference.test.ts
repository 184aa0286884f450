/**
 * The reference article through the whole pipeline with the shipped rules: what an editor
 * expects of it (docs/seed-article.md), each point asserted on the real output and report.
 */
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { clean } from '../../pipeline/clean.js'
import { expectLossless, reference } from '../helpers.js'

const input = reference()
const { output, report } = clean(input, { path: '000_d23a17e316fadb1a.txt' })
const [, frontMatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(output) ?? []
const rulesOf = (stage: string) => report.edits.filter((e) => e.stage === stage).map((e) => e.rule)

describe('the reference article, cleaned', () => {
  it('opens with front matter holding the header and every ticker with its name', () => {
    const meta = parse(frontMatter) as Record<string, unknown>
    expect(meta.title).toBe(
      'The internet giants have broken down the walls! The three giants have deepened their interconnection on the same day.',
    )
    expect(meta.published).toBe('Sep 4 21:01')
    expect(meta.machine_translated).toBe(true)
    const tickers = meta.tickers as { code: string; name: string }[]
    expect(tickers.map((t) => t.code).sort()).toEqual(
      ['00700.HK', '01024.HK', '03690.HK', '09888.HK', '09988.HK', 'PDD.US', 'ZH.US'].sort(),
    )
    for (const ticker of tickers) expect(ticker.name).toMatch(/\S/)
    expect(body.startsWith('# The internet giants have broken down the walls!')).toBe(true)
  })

  it('has no chips, paywall lines, footer, disclaimer or comment prompt left', () => {
    expect(body).not.toMatch(/\$[^$\n]*\(\w+\.\w+\)\$/)
    expect(body).not.toMatch(/Futubull|third-party software|investment advice|Write a comment/)
    expect(body).toMatch(
      /In fact, it's not just BABA-W \(09988\.HK\), TENCENT \(00700\.HK\), BIDU-SW \(09888\.HK\), MEITUAN-W \(03690\.HK\), PDD Holdings \(PDD\.US\), KUAISHOU-W \(01024\.HK\)\n\n"In terms of actual effects/,
    )
    expect(report.findings.filter((f) => f.rule === 'mixed-script/truncated-english')).toHaveLength(
      1,
    )
  })

  it('fixes the MT term and house style, and removes both Chinese copies of the 618 paragraph', () => {
    expect(body).not.toMatch(/internet plus-related/i)
    expect(body).not.toMatch(/\p{Script=Han}/u)
    expect(body).toContain('Before the 618 in 2024, Alibaba Mama')
    expect(rulesOf('dedupe')).toEqual(['dedupe/cross-lingual', 'dedupe/cross-lingual'])
    expect(body).toContain('"liberate"')
    expect(body).not.toMatch(/\bAPP\b/)
  })

  it('reports the near-duplicate "Since 2021" paragraph and the QA defects an editor wants to see', () => {
    const rules = report.findings.map((f) => f.rule)
    expect(rules).toContain('dedupe/near')
    expect(rules).toContain('qa/inconsistent-term')
    expect(rules).toContain('qa/article-a-an')
    expect(rules).toContain('qa/comma-before-list')
    for (const finding of report.findings) expect(finding.severity).not.toBe('critical')
  })

  it('records every change losslessly, and a second run changes nothing', () => {
    expectLossless(input, output, report.edits)
    for (const edit of report.edits) expect(edit.reason.length).toBeGreaterThan(10)
    const again = clean(output, { path: '000_d23a17e316fadb1a.md' })
    expect(again.output).toBe(output)
    expect(again.report.edits).toEqual([])
  })
})
