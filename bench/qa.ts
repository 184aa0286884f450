/**
 * Precision and recall of the QA stage.
 * - Bilingual checks, through the stage, on the inserted-error set
 *   (`test/fixtures/bilingual/set.jsonl`): an inserted error counts as found when the stage flags
 *   it with the right rule on the right paragraphs.
 * - Monolingual checks on WMT 2023 zh→en MT output with expert MQM annotations
 *   (`test/fixtures/zh-en-news-dev/pairs.jsonl`): a finding is a true positive when the raters
 *   marked an error of the matching MQM category in that paragraph; recall is measured where the
 *   annotations allow it (punctuation errors whose span is a quotation mark).
 *
 *   npx tsx bench/qa.ts
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { shippedRules } from '../pipeline/clean.js'
import { articleOf } from '../pipeline/core/article.js'
import type { Finding } from '../pipeline/core/types.js'
import type { GlossaryTerm } from '../pipeline/rules/load.js'
import { type QaOptions, qa } from '../pipeline/stages/09-qa.js'
import { articleParse, articleStringify } from '../pipeline/unified.js'
import { loadBilingualSet } from './bilingual.js'

function runStage(text: string, options: QaOptions, source?: string[]): Finding[] {
  const file = new VFile({ value: text, path: 'article.txt' })
  if (source) file.data.mtTidySource = { paragraphs: source, origin: 'bench' }
  unified().use(articleParse).use(qa, options).use(articleStringify).processSync(file)
  return articleOf(file).draft.finish().findings
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`.padStart(7)
}

const RULE_OF_KIND: Record<string, string> = {
  number: 'qa/number-mismatch',
  scale: 'qa/number-mismatch',
  date: 'qa/number-mismatch',
  term: 'qa/key-term',
  omission: 'qa/omission',
  addition: 'qa/addition',
  untranslated: 'qa/untranslated',
}

function paragraphNumber(index: number | null): string {
  return index === null ? 'null' : String(index + 1)
}

export function evaluateBilingualStage(): { tp: number; fp: number; fn: number; ms: number } {
  const { records, glossary, lexicon } = loadBilingualSet()
  const terms: GlossaryTerm[] = glossary.map((term) => ({
    zh: term.zh,
    en: term.en[0] ?? term.zh,
    enVariants: term.en.slice(1),
    kind: 'term',
    ...(term.zhVariants ? { zhVariants: term.zhVariants } : {}),
    ...(term.avoid ? { avoid: term.avoid } : {}),
    file: 'glossary.json',
    line: 1,
  }))
  const bilingualRules = new Set(Object.values(RULE_OF_KIND))
  const options: QaOptions = {
    glossary: terms,
    disable: ['qa/calque', 'qa/inconsistent-term'],
    lexicon: () => lexicon,
  }
  let tp = 0
  let fp = 0
  let fn = 0
  const started = performance.now()
  for (const record of records) {
    const reported = new Set(
      runStage(record.en.join('\n\n'), options, record.zh)
        .filter((finding) => bilingualRules.has(finding.rule))
        .map((finding) => {
          const evidence = finding.evidence as {
            sourceParagraph: number | null
            targetParagraph: number | null
          }
          return `${finding.rule} ${evidence.sourceParagraph} ${evidence.targetParagraph}`
        }),
    )
    for (const expected of record.expected) {
      const key = `${RULE_OF_KIND[expected.kind]} ${paragraphNumber(expected.zhIndex)} ${paragraphNumber(expected.enIndex)}`
      if (reported.delete(key)) tp++
      else fn++
    }
    fp += reported.size
  }
  return { tp, fp, fn, ms: performance.now() - started }
}

interface MqmRecord {
  en: string[]
  mqm: { category: string; severity: string; span: string }[][]
}

/** The MQM categories under which raters mark what each monolingual rule looks for. */
const MQM_MATCH: [RegExp, RegExp][] = [
  [/^qa\/(?:unbalanced-|missing-space|comma-before-list)/, /^Fluency\/Punctuation/],
  [/^qa\/(?:article-a-an|repeated-)/, /^Fluency\/(?:Grammar|Spelling)/],
  [/^qa\/(?:truncated|split)-sentence/, /^(?:Accuracy\/Omission|Fluency\/Text-Breaking)/],
  [/^qa\/inconsistent-term/, /^(?:Terminology|Fluency\/Inconsistency)/],
  [/^qa\/calque\//, /^(?:Style|Accuracy\/Mistranslation|Terminology)/],
]

export function evaluateMonolingual() {
  const rows = readFileSync(
    new URL('../test/fixtures/zh-en-news-dev/pairs.jsonl', import.meta.url),
    'utf8',
  )
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as MqmRecord)
  const options: QaOptions = { glossary: shippedRules().glossary }
  let findings = 0
  let matching = 0
  let quoteErrors = 0
  let quoteFound = 0
  let paragraphs = 0
  const byRule = new Map<string, { total: number; matching: number }>()
  for (const row of rows) {
    // One article per document, so quotations running over paragraphs are seen whole.
    const text = row.en.join('\n\n')
    const found = runStage(text, options)
    const starts: number[] = []
    let at = 0
    for (const paragraph of row.en) {
      starts.push(at)
      at += paragraph.length + 2
    }
    const paragraphOf = (offset: number) => {
      let index = 0
      while (index + 1 < starts.length && (starts[index + 1] as number) <= offset) index++
      return index
    }
    paragraphs += row.en.length
    const flaggedQuotes = new Set<number>()
    for (const finding of found) {
      const index = paragraphOf(finding.input[0])
      const annotations = row.mqm[index] ?? []
      const wanted = MQM_MATCH.find(([rule]) => rule.test(finding.rule))?.[1]
      const hit = wanted !== undefined && annotations.some((error) => wanted.test(error.category))
      findings++
      if (hit) matching++
      const tally = byRule.get(finding.rule) ?? { total: 0, matching: 0 }
      tally.total++
      if (hit) tally.matching++
      byRule.set(finding.rule, tally)
      if (finding.rule === 'qa/unbalanced-quote') flaggedQuotes.add(index)
    }
    row.mqm.forEach((annotations, index) => {
      const quoteError = annotations.some(
        (error) => error.category === 'Fluency/Punctuation' && /^\s*["“”]\s*$/u.test(error.span),
      )
      if (!quoteError) return
      quoteErrors++
      if (flaggedQuotes.has(index)) quoteFound++
    })
  }
  return { documents: rows.length, paragraphs, findings, matching, byRule, quoteErrors, quoteFound }
}

export async function benchQa(): Promise<void> {
  const bilingual = evaluateBilingualStage()
  const precision =
    bilingual.tp + bilingual.fp === 0 ? 1 : bilingual.tp / (bilingual.tp + bilingual.fp)
  const recall =
    bilingual.tp + bilingual.fn === 0 ? 1 : bilingual.tp / (bilingual.tp + bilingual.fn)
  console.log(
    `qa stage, bilingual checks on the inserted-error set: precision ${percent(precision)}  recall ${percent(recall)}  (tp ${bilingual.tp}, fp ${bilingual.fp}, fn ${bilingual.fn}; ${bilingual.ms.toFixed(0)} ms)`,
  )
  const mono = evaluateMonolingual()
  console.log(
    `qa stage, monolingual checks on ${mono.documents} MQM-annotated MT documents (${mono.paragraphs} paragraphs): ${mono.findings} findings, ${mono.matching} in paragraphs the raters marked with a matching error: precision ${percent(mono.findings === 0 ? 1 : mono.matching / mono.findings)}`,
  )
  for (const [rule, tally] of [...mono.byRule].sort()) {
    console.log(
      `  ${rule.padEnd(34)} ${String(tally.total).padStart(4)} findings, ${tally.matching} matching`,
    )
  }
  console.log(
    `  recall of qa/unbalanced-quote on paragraphs whose rated punctuation error is a quotation mark: ${percent(mono.quoteErrors === 0 ? 1 : mono.quoteFound / mono.quoteErrors)} (${mono.quoteFound}/${mono.quoteErrors}; some of those are misplaced, not unbalanced, quotes)`,
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchQa().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
