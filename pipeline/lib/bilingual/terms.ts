/**
 * Key-term check: a glossary term in the Chinese source whose approved English (or an allowed
 * variant) does not stand in the English target.
 */
import { Converter } from 'opencc-js/t2cn'
import { escapeRegExp } from '../regexp.js'

/** One glossary entry as the bilingual checks read it. */
export interface BilingualTerm {
  zh: string
  /** Approved English first, then allowed variants. */
  en: string[]
  /** Other Chinese spellings (abbreviations); Traditional forms are derived by OpenCC. */
  zhVariants?: string[]
  /** Renderings known to be wrong; when one stands in the target it is reported as `found`. */
  avoid?: string[]
}

export interface TermOccurrence {
  term: BilingualTerm
  /** The Chinese text that matched (the term or one of its variants). */
  text: string
  start: number
  end: number
}

export interface KeyTermFinding {
  /** The source term as written in the source. */
  term: string
  /** Where it stands in the source. */
  start: number
  end: number
  /** The approved English and its allowed variants. */
  expected: string[]
  /** A known wrong rendering found in the target, if any. */
  found?: string
}

let toSimplified: ((text: string) => string) | undefined

/** Traditional (Taiwan, Hong Kong) to Simplified, so one glossary serves both scripts. */
export function simplify(text: string): string {
  // Building the converter costs ~0.3 s: build it once, on first use.
  const convert = toSimplified ?? Converter({ from: 'hk', to: 'cn' })
  toSimplified = convert
  return convert(text)
}

const patternCache = new Map<string, RegExp>()

/**
 * An English term as a case-insensitive pattern on word boundaries that know Unicode letters:
 * spaces and hyphens are interchangeable and a plural `s` is allowed (`agreement(s)`).
 */
export function englishTermPattern(term: string): RegExp {
  let pattern = patternCache.get(term)
  if (!pattern) {
    const body = term
      .trim()
      .split(/[\s-]+/)
      .map(escapeRegExp)
      .join('[\\s\\u00a0-]+')
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${body}(?:e?s)?(?![\\p{L}\\p{N}])`, 'iu')
    patternCache.set(term, pattern)
  }
  return pattern
}

/** The first of `renderings` found in `en`, with the text as it stands there. */
export function findEnglish(en: string, renderings: string[]): string | undefined {
  for (const rendering of renderings) {
    const match = englishTermPattern(rendering).exec(en)
    if (match) return match[0]
  }
  return undefined
}

/**
 * Glossary terms in a Chinese text, longest first: where 阿里妈妈 and 阿里 both match, only
 * 阿里妈妈 counts. The text is matched in Simplified script.
 */
export function findTermsInZh(zh: string, glossary: readonly BilingualTerm[]): TermOccurrence[] {
  const text = simplify(zh)
  // Offsets are into the source as given; conversion keeps length except for rare phrases.
  const original = text.length === zh.length ? zh : text
  const candidates: TermOccurrence[] = []
  for (const term of glossary) {
    const spellings = new Set([term.zh, ...(term.zhVariants ?? [])].map(simplify))
    for (const spelling of spellings) {
      if (!spelling) continue
      for (let at = text.indexOf(spelling); at >= 0; at = text.indexOf(spelling, at + 1)) {
        candidates.push({
          term,
          text: original.slice(at, at + spelling.length),
          start: at,
          end: at + spelling.length,
        })
      }
    }
  }
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
  const taken = new Uint8Array(text.length)
  const kept: TermOccurrence[] = []
  for (const candidate of candidates) {
    let free = true
    for (let i = candidate.start; i < candidate.end; i++) if (taken[i]) free = false
    if (!free) continue
    taken.fill(1, candidate.start, candidate.end)
    kept.push(candidate)
  }
  return kept.sort((a, b) => a.start - b.start)
}

/**
 * Source terms whose approved English is absent from the target. Reported once per glossary
 * entry, at its first place in the source.
 */
export function checkKeyTerms(
  zh: string,
  en: string,
  glossary: readonly BilingualTerm[],
): KeyTermFinding[] {
  const findings: KeyTermFinding[] = []
  const seen = new Set<BilingualTerm>()
  for (const occurrence of findTermsInZh(zh, glossary)) {
    if (seen.has(occurrence.term)) continue
    seen.add(occurrence.term)
    if (findEnglish(en, occurrence.term.en) !== undefined) continue
    const finding: KeyTermFinding = {
      term: occurrence.text,
      start: occurrence.start,
      end: occurrence.end,
      expected: [...occurrence.term.en],
    }
    const wrong = findEnglish(en, occurrence.term.avoid ?? [])
    if (wrong !== undefined) finding.found = wrong
    findings.push(finding)
  }
  return findings
}
