/**
 * Precision and recall of the bilingual checks on the test set built from WMT 2023 zh-en news
 * (`test/fixtures/bilingual/set.jsonl`): clean documents and documents with one inserted error.
 *
 *   npx tsx bench/bilingual.ts
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  type BilingualCheckOptions,
  type BilingualFinding,
  checkBilingual,
} from '../pipeline/lib/bilingual/check.js'
import type { Lexicon } from '../pipeline/lib/bilingual/lexicon.js'
import type { BilingualTerm } from '../pipeline/lib/bilingual/terms.js'
import { shippedLexicon } from '../pipeline/rules/lexicon.js'
import {
  buildSet,
  ERROR_KINDS,
  type ErrorKind,
  type ExpectedFinding,
  type GlossaryEntry,
  type SetRecord,
} from '../test/fixtures/bilingual/build.js'

export { ERROR_KINDS, type ErrorKind, type ExpectedFinding, type SetRecord }

export interface KindScore {
  truePositives: number
  falsePositives: number
  falseNegatives: number
  precision: number
  recall: number
}

export interface Evaluation {
  byKind: Record<ErrorKind, KindScore>
  overall: KindScore
  /** Findings reported where nothing was inserted. */
  unexpected: {
    id: string
    kind: ErrorKind
    zhIndex: number | null
    enIndex: number | null
    message: string
  }[]
  /** Inserted errors not reported. */
  missed: ExpectedFinding[]
}

const fixtures = new URL('../test/fixtures/bilingual/', import.meta.url)

export interface BilingualSet {
  records: SetRecord[]
  glossary: BilingualTerm[]
  /** The word list mt-tidy ships (`rules/lexicon/`), which the QA stage aligns with. */
  lexicon: Lexicon
}

/** The set's glossary: what the generator swaps, and what the checks read as BilingualTerms. */
function readGlossary(): GlossaryEntry[] {
  return (
    JSON.parse(readFileSync(new URL('glossary.json', fixtures), 'utf8')) as {
      terms: GlossaryEntry[]
    }
  ).terms
}

export function loadBilingualSet(): BilingualSet {
  const records = readFileSync(new URL('set.jsonl', fixtures), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SetRecord)
  return {
    records,
    glossary: readGlossary(),
    lexicon: shippedLexicon(),
  }
}

/**
 * The same errors inserted into the other MT system's English (ONLINE-B): documents the
 * alignment was never tuned on. Their base translations are not checked clean, so only the
 * recall of inserted errors means something here.
 */
export function loadHeldOutSet(): BilingualSet {
  const pairs = readFileSync(new URL('../zh-en-news-dev/pairs.jsonl', fixtures), 'utf8')
  const glossary = readGlossary()
  return {
    records: buildSet(pairs, glossary, 'ONLINE-B').filter((record) => record.variant !== 'clean'),
    glossary,
    lexicon: shippedLexicon(),
  }
}

/** The inserted-error kind a finding speaks for: number findings split into scale and date. */
export function errorKindOf(finding: BilingualFinding): ErrorKind {
  if (finding.kind !== 'number') return finding.kind
  if (finding.number?.likelyScaleError) return 'scale'
  if (['date', 'month', 'day'].includes(finding.number?.kind ?? '')) return 'date'
  return 'number'
}

function score(truePositives: number, falsePositives: number, falseNegatives: number): KindScore {
  return {
    truePositives,
    falsePositives,
    falseNegatives,
    precision:
      truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives),
    recall:
      truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives),
  }
}

/**
 * Runs the checks on every record. A finding counts once per kind and paragraph pair: an
 * editor sees one place even when a changed date also leaves its bare day unmatched.
 */
export function evaluateBilingualSet(
  records: SetRecord[],
  options: BilingualCheckOptions,
): Evaluation {
  const counts = new Map<ErrorKind, { tp: number; fp: number; fn: number }>(
    ERROR_KINDS.map((kind) => [kind, { tp: 0, fp: 0, fn: 0 }]),
  )
  const unexpected: Evaluation['unexpected'] = []
  const missed: ExpectedFinding[] = []
  for (const record of records) {
    const { findings } = checkBilingual(record.zh, record.en, options)
    const reported = new Map<string, BilingualFinding>()
    for (const finding of findings) {
      const key = `${errorKindOf(finding)}|${finding.zhIndex}|${finding.enIndex}`
      if (!reported.has(key)) reported.set(key, finding)
    }
    for (const expected of record.expected) {
      const key = `${expected.kind}|${expected.zhIndex}|${expected.enIndex}`
      const tally = counts.get(expected.kind)
      if (!tally) continue
      if (reported.delete(key)) tally.tp++
      else {
        tally.fn++
        missed.push(expected)
      }
    }
    for (const finding of reported.values()) {
      const kind = errorKindOf(finding)
      const tally = counts.get(kind)
      if (tally) tally.fp++
      unexpected.push({
        id: record.id,
        kind,
        zhIndex: finding.zhIndex,
        enIndex: finding.enIndex,
        message: finding.message,
      })
    }
  }
  const byKind = Object.fromEntries(
    ERROR_KINDS.map((kind) => {
      const tally = counts.get(kind) ?? { tp: 0, fp: 0, fn: 0 }
      return [kind, score(tally.tp, tally.fp, tally.fn)]
    }),
  ) as Record<ErrorKind, KindScore>
  const total = [...counts.values()].reduce(
    (sum, tally) => ({ tp: sum.tp + tally.tp, fp: sum.fp + tally.fp, fn: sum.fn + tally.fn }),
    { tp: 0, fp: 0, fn: 0 },
  )
  return { byKind, overall: score(total.tp, total.fp, total.fn), unexpected, missed }
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`.padStart(7)
}

function counts(score: KindScore): string {
  return [score.truePositives, score.falsePositives, score.falseNegatives]
    .map((count) => String(count).padStart(4))
    .join('')
}

/** Precision and recall per kind, beside the same without the lexicon. */
function table(withLexicon: Evaluation, without: Evaluation): void {
  console.log('kind           precision  recall   tp  fp  fn    without the lexicon')
  const rows: [string, KindScore, KindScore][] = [
    ...ERROR_KINDS.map((kind): [string, KindScore, KindScore] => [
      kind,
      withLexicon.byKind[kind],
      without.byKind[kind],
    ]),
    ['overall', withLexicon.overall, without.overall],
  ]
  for (const [label, score, other] of rows) {
    console.log(
      `${label.padEnd(14)} ${percent(score.precision)}  ${percent(score.recall)} ${counts(score)}    ${percent(other.precision)}  ${percent(other.recall)}`,
    )
  }
}

/** Recall alone, for documents whose base translation is not known to be clean. */
function recallTable(withLexicon: Evaluation, without: Evaluation): void {
  console.log('kind            recall  found  of   without the lexicon')
  for (const kind of [...ERROR_KINDS, 'overall'] as const) {
    const score = kind === 'overall' ? withLexicon.overall : withLexicon.byKind[kind]
    const other = kind === 'overall' ? without.overall : without.byKind[kind]
    const inserted = score.truePositives + score.falseNegatives
    console.log(
      `${kind.padEnd(14)} ${percent(score.recall)} ${String(score.truePositives).padStart(6)} ${String(inserted).padStart(4)}   ${percent(other.recall)}`,
    )
  }
}

export async function benchBilingual(): Promise<void> {
  const loading = performance.now()
  const { records, glossary, lexicon } = loadBilingualSet()
  const loaded = performance.now() - loading
  const started = performance.now()
  const evaluation = evaluateBilingualSet(records, { glossary, lexicon })
  const elapsed = performance.now() - started
  const without = evaluateBilingualSet(records, { glossary })
  const clean = records.filter((record) => record.variant === 'clean').length
  console.log(
    `bilingual checks: ${records.length} documents (${clean} clean, ${records.length - clean} with one inserted error), ${elapsed.toFixed(0)} ms; lexicon of ${lexicon.size} headwords read in ${loaded.toFixed(0)} ms`,
  )
  table(evaluation, without)
  for (const finding of evaluation.unexpected) {
    console.log(`  unexpected ${finding.kind} in ${finding.id}: ${finding.message}`)
  }
  for (const expected of evaluation.missed) {
    console.log(`  missed ${expected.kind} in ${expected.doc}: ${expected.detail}`)
  }

  const heldOut = loadHeldOutSet()
  const heldOutEvaluation = evaluateBilingualSet(heldOut.records, heldOut)
  const heldOutWithout = evaluateBilingualSet(heldOut.records, { glossary: heldOut.glossary })
  console.log(
    `held out: the same errors inserted into the other system's English (ONLINE-B), ${heldOut.records.length} documents; its base translations are not checked clean, so recall only`,
  )
  recallTable(heldOutEvaluation, heldOutWithout)
  for (const expected of heldOutEvaluation.missed) {
    console.log(`  missed ${expected.kind} in ${expected.doc}: ${expected.detail}`)
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchBilingual().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
