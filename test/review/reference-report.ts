/**
 * The reference article with the edits and findings an editor expects from the pipeline (see
 * docs/seed-article.md), built with `makeReport` until the pipeline produces the real report.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  type BuiltReport,
  type FindingSpec,
  locate,
  makeReport,
  type Splice,
} from './make-report.js'

export const REFERENCE_PATH = fileURLToPath(
  new URL('../../input/000_d23a17e316fadb1a.txt', import.meta.url),
)

export const PAYWALL = 'Please use your Futubull account to access the feature.'
export const MT_TERM = 'internet plus-related'
export const CHINESE_PARAGRAPH_START = '2024年618前'
export const FOOTER_START = 'The translation is provided by third-party software.'

/** `without`: rule ids whose edits are left out, to build the expected text of a partial review. */
export function referenceReport(without: readonly string[] = []): BuiltReport {
  const text = readFileSync(REFERENCE_PATH, 'utf8')
  const splices: Splice[] = []
  for (const occurrence of [1, 2]) {
    const [start, end] = locate(text, PAYWALL, occurrence)
    splices.push({
      start,
      end,
      after: '',
      rule: 'chrome/paywall-prompt',
      category: 'Non-content',
      severity: 'minor',
      reason: 'Platform paywall prompt injected between stock chips; not part of the article',
    })
  }
  for (const occurrence of [1, 2, 3]) {
    const [start, end] = locate(text, MT_TERM, occurrence)
    splices.push({
      start,
      end,
      after: 'interconnection',
      rule: 'terms/internet-plus-related',
      category: 'Terminology',
      severity: 'major',
      reason:
        'MT rendering of 互联互通; the article elsewhere and the house glossary say "interconnection"',
    })
  }
  // The second, standalone copy of the Chinese paragraph, with the blank line that follows it.
  const [copyStart] = locate(text, CHINESE_PARAGRAPH_START, 2)
  const copyEnd = text.indexOf('\n', copyStart)
  const [twinStart] = locate(text, CHINESE_PARAGRAPH_START, 1)
  const twinEnd = text.indexOf('\n', twinStart)
  splices.push({
    start: copyStart,
    end: text.indexOf('This move is also seen', copyEnd),
    after: '',
    rule: 'dedupe/exact-paragraph',
    category: 'Duplicate',
    severity: 'minor',
    reason: 'Exact duplicate of an earlier paragraph',
    evidence: { duplicateOf: { input: [twinStart, twinEnd] }, similarity: 1 },
  })
  const [footerStart] = locate(text, FOOTER_START)
  splices.push({
    start: footerStart,
    end: text.length,
    after: '',
    rule: 'chrome/footer-disclaimer',
    category: 'Non-content',
    severity: 'minor',
    reason: 'Platform footer: machine-translation notice, investment disclaimer, comment prompt',
    evidence: { profile: 'futu-news' },
  })

  const [nearStart] = locate(text, 'Since 2021, "interconnection"')
  const nearEnd = text.indexOf('\n', nearStart)
  const [introStart] = locate(text, 'Since 2021, "internet')
  const introEnd = text.indexOf('\n', introStart)
  const [truncatedStart] = locate(text, "In fact, it's not just")
  const findings: FindingSpec[] = [
    {
      ...spanOf(text, 'like, Youku'),
      rule: 'fluency/stray-comma',
      category: 'Linguistic conventions',
      severity: 'minor',
      reason: 'Stray comma between "like" and the list it introduces',
      expected: ['like Youku'],
    },
    {
      ...spanOf(text, 'a "Administrative'),
      rule: 'fluency/a-an',
      category: 'Linguistic conventions',
      severity: 'minor',
      reason: '"a" before a vowel sound',
      expected: ['an "Administrative'],
    },
    {
      ...spanOf(text, 'interconnectivity'),
      rule: 'terms/inconsistent',
      category: 'Terminology/Inconsistent',
      severity: 'info',
      reason: 'One source term rendered as interconnection, interconnectivity and interoperability',
    },
    {
      start: nearStart,
      end: nearEnd,
      rule: 'dedupe/near-paragraph',
      category: 'Duplicate',
      severity: 'major',
      reason: 'Near-duplicate: a second translation of the intro sentence',
      evidence: { duplicateOf: { input: [introStart, introEnd] }, similarity: 0.72 },
    },
    {
      start: truncatedStart,
      end: locate(text, '$KUAISHOU-W (01024.HK)$')[1],
      rule: 'accuracy/truncated-sentence',
      category: 'Accuracy/Omission',
      severity: 'critical',
      reason: 'The English sentence stops mid-list: no verb, no final punctuation',
    },
  ]
  return makeReport(
    text,
    splices.filter((splice) => !without.includes(splice.rule)),
    findings,
    'input/000_d23a17e316fadb1a.txt',
  )
}

function spanOf(text: string, needle: string): { start: number; end: number } {
  const [start, end] = locate(text, needle)
  return { start, end }
}
