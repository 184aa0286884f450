/**
 * All bilingual checks on one document: align the paragraphs, then check numbers, key terms and
 * untranslated text inside each aligned pair. Findings are plain objects; the QA stage turns
 * them into vfile messages.
 */
import { type Alignment, type AlignOptions, alignParagraphs } from './align.js'
import { compareNumbers, type MissingNumber } from './numbers.js'
import { type BilingualTerm, checkKeyTerms, type KeyTermFinding } from './terms.js'
import { type ChineseSpan, checkUntranslated } from './untranslated.js'

export type BilingualFindingKind = 'omission' | 'addition' | 'number' | 'term' | 'untranslated'

export interface BilingualFinding {
  kind: BilingualFindingKind
  /** Source paragraph (0-based), `null` for an addition. */
  zhIndex: number | null
  /** Target paragraph (0-based), `null` for an omission. */
  enIndex: number | null
  /** One line an editor reads; paragraphs are numbered from 1 there. */
  message: string
  /** Offsets in the source paragraph of the text the finding is about. */
  zhRange?: [number, number]
  number?: MissingNumber
  term?: KeyTermFinding
  chinese?: ChineseSpan[]
  identical?: boolean
}

export interface BilingualCheckOptions extends AlignOptions {
  glossary?: readonly BilingualTerm[]
}

export interface BilingualCheckResult {
  alignment: Alignment
  findings: BilingualFinding[]
}

function excerpt(text: string, length = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > length ? `${flat.slice(0, length)}…` : flat
}

/** Where a group's joined text starts each paragraph, to map an offset back to a paragraph. */
function locate(
  offsets: number[],
  indexes: number[],
  at: number,
): { index: number; offset: number } {
  let k = 0
  while (k + 1 < offsets.length && (offsets[k + 1] ?? 0) <= at) k++
  return { index: indexes[k] ?? 0, offset: at - (offsets[k] ?? 0) }
}

function numberMessage(missing: MissingNumber, zhIndex: number, enIndex: number): string {
  const tried = missing.triedForms.slice(0, 5).join(', ')
  const reading =
    missing.triedForms[0] && missing.triedForms[0] !== missing.zh
      ? ` (${missing.triedForms.find((form) => /[a-z]/i.test(form)) ?? missing.triedForms[0]})`
      : ''
  let message = `number ${missing.zh}${reading} in source ¶${zhIndex + 1} not found in target ¶${enIndex + 1}; tried: ${tried}`
  if (missing.likelyScaleError)
    message += `; target has ${missing.likelyScaleError}: a 万/亿 scale slip?`
  else if (missing.candidates.length > 0) message += `; target has ${missing.candidates.join(', ')}`
  return message
}

/** Runs every bilingual check on a document given as source and target paragraphs. */
export function checkBilingual(
  zh: readonly string[],
  en: readonly string[],
  options: BilingualCheckOptions = {},
): BilingualCheckResult {
  const glossary = options.glossary ?? []
  const alignment = alignParagraphs(zh, en, options)
  const findings: BilingualFinding[] = []

  for (const zhIndex of alignment.omissions) {
    findings.push({
      kind: 'omission',
      zhIndex,
      enIndex: null,
      message: `source ¶${zhIndex + 1} has no translation: "${excerpt(zh[zhIndex] ?? '')}"`,
    })
  }
  for (const enIndex of alignment.additions) {
    const untranslated = checkUntranslated('', en[enIndex] ?? '')
    if (untranslated.spans.length > 0) {
      findings.push({
        kind: 'untranslated',
        zhIndex: null,
        enIndex,
        message: `target ¶${enIndex + 1} is Chinese and matches no source paragraph`,
        chinese: untranslated.spans,
      })
      continue
    }
    findings.push({
      kind: 'addition',
      zhIndex: null,
      enIndex,
      message: `target ¶${enIndex + 1} matches no source paragraph: "${excerpt(en[enIndex] ?? '')}"`,
    })
  }

  for (const pair of alignment.pairs) {
    const zhTexts = pair.zh.map((i) => zh[i] ?? '')
    const enTexts = pair.en.map((j) => en[j] ?? '')
    const firstZh = pair.zh[0] ?? 0
    const firstEn = pair.en[0] ?? 0

    let wholeUntranslated = false
    pair.en.forEach((enIndex, k) => {
      const result = checkUntranslated(zhTexts.join('\n'), enTexts[k] ?? '')
      if (result.spans.length === 0 && !result.identical) return
      wholeUntranslated ||= result.wholeParagraph
      findings.push({
        kind: 'untranslated',
        zhIndex: firstZh,
        enIndex,
        message: result.identical
          ? `target ¶${enIndex + 1} is identical to source ¶${firstZh + 1}`
          : result.wholeParagraph
            ? `target ¶${enIndex + 1} is left in Chinese`
            : `Chinese left in target ¶${enIndex + 1}: ${result.spans.map((span) => span.text).join(', ')}`,
        chinese: result.spans,
        identical: result.identical,
      })
    })
    // A paragraph left in Chinese is one finding, not one per number and term it carries.
    if (wholeUntranslated) continue

    const zhOffsets: number[] = []
    let joined = ''
    for (const text of zhTexts) {
      zhOffsets.push(joined.length)
      joined += `${text}\n`
    }
    const enJoined = enTexts.join('\n')
    for (const missing of compareNumbers(joined, enJoined).missing) {
      const { index, offset } = locate(zhOffsets, pair.zh, missing.start)
      findings.push({
        kind: 'number',
        zhIndex: index,
        enIndex: firstEn,
        message: numberMessage(missing, index, firstEn),
        zhRange: [offset, offset + (missing.end - missing.start)],
        number: missing,
      })
    }
    for (const term of checkKeyTerms(joined, enJoined, glossary)) {
      const { index, offset } = locate(zhOffsets, pair.zh, term.start)
      const found = term.found ? `; target has "${term.found}"` : ''
      findings.push({
        kind: 'term',
        zhIndex: index,
        enIndex: firstEn,
        message: `term ${term.term} in source ¶${index + 1}: expected ${term.expected.map((e) => `"${e}"`).join(' or ')} in target ¶${firstEn + 1}${found}`,
        zhRange: [offset, offset + term.term.length],
        term,
      })
    }
  }
  findings.sort(
    (a, b) =>
      (a.zhIndex ?? a.enIndex ?? 0) - (b.zhIndex ?? b.enIndex ?? 0) || a.kind.localeCompare(b.kind),
  )
  return { alignment, findings }
}
