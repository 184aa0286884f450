/**
 * Translation-QA data (`rules/qa/`): the specs of the built-in checks, the list of MT calques to
 * flag, and the a/an exceptions. The mechanics of every check live in `pipeline/stages/09-qa.ts`;
 * the data says what they must and must not find.
 *
 *   rules/qa/checks/*.yml    `checks:`  {id, specs}            specs of the built-in checks
 *   rules/qa/calques/*.yml   `rules:`   {id, pattern, message, expected, specs, ...}
 *   rules/qa/articles/*.yml  `words:`   {word, article, note?} how a word is pronounced
 *   rules/qa/consistency/*.yml `exempt:` {zh, note}          terms the inconsistency check skips
 *
 * A QA spec is `{from, to?, flagged?}`: `to` (default `from`) is the text after the stage, and
 * `flagged` the exact texts the rule must flag there (default none: a must-not-flag case). Every
 * check needs at least one spec that flags and one that does not.
 */
import { join } from 'node:path'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { z } from 'zod'
import { articleOf } from '../core/article.js'
import { CATEGORIES, type Category, SEVERITIES } from '../core/types.js'
import { DEFAULT_RULES_DIR } from '../core/version.js'
import { QA_CHECKS, type QaOptions, qa } from '../stages/09-qa.js'
import { articleParse, articleStringify } from '../unified.js'
import { type GlossaryTerm, type TermRule, termRules } from './load.js'
import type { SpecFailure } from './specs.js'
import { type Located, loadItems, RuleError, rawId } from './yaml.js'

const category = z
  .string()
  .refine((value) => CATEGORIES.some((top) => value === top || value.startsWith(`${top}/`)), {
    message: `category must be one of ${CATEGORIES.join(', ')} (optionally followed by /Subtype)`,
  })
  .transform((value) => value as Category)

export const qaSpecSchema = z.strictObject({
  from: z.string(),
  /** The text after the stage; by default `from` (the check only flags). */
  to: z.string().optional(),
  /** The exact texts this rule flags in `to`, in order; none by default. */
  flagged: z.array(z.string()).default([]),
  /** Chinese source paragraphs, for the bilingual checks. */
  source: z.array(z.string()).optional(),
})
export type QaSpec = z.output<typeof qaSpecSchema>

const ruleId = z.string().regex(/^qa\/[a-z0-9][a-z0-9./-]*$/, 'id: qa/ then lower-case kebab')

const specs = z
  .array(qaSpecSchema)
  .min(2, 'a check needs specs with a true and a false positive')
  .refine((list) => list.some((spec) => spec.flagged.length > 0 || spec.to !== undefined), {
    message: 'no spec shows the rule firing',
  })
  .refine((list) => list.some((spec) => spec.flagged.length === 0 && spec.to === undefined), {
    message: 'no spec shows the rule staying quiet',
  })

/** Specs of one built-in check (its mechanics are code; its examples are data). */
export const qaCheckSpecsSchema = z.strictObject({ id: ruleId, specs })
export type QaCheckSpecs = z.output<typeof qaCheckSpecsSchema> & Located

/**
 * A calque of a Chinese idiom that MT leaves in English. Patterns are term-rule patterns (literal
 * or `/regex/`, word boundaries at Latin ends); the rule flags only, with suggested rewrites.
 */
export const calqueRuleSchema = z.strictObject({
  id: ruleId,
  pattern: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  message: z.string().min(1),
  expected: z.array(z.string().min(1)).min(1, 'suggest at least one rewrite'),
  category: category.default('Style/Unidiomatic'),
  severity: z.enum(SEVERITIES).default('minor'),
  caseSensitive: z.boolean().default(false),
  wordBoundary: z.boolean().default(true),
  /** Source term and where the calque was seen. */
  note: z.string().min(1),
  specs,
})
export type CalqueRuleData = z.output<typeof calqueRuleSchema>
export interface CalqueRule extends CalqueRuleData, Located {
  /** The rule compiled for the term matcher. */
  term: TermRule
}

/**
 * How the article before a word is chosen when its spelling misleads: `word` is a whole word
 * (the part before a hyphen), or a prefix ending in `*`; the longest entry wins. `either` means
 * both articles are in use and neither is flagged.
 */
export const articleWordSchema = z.strictObject({
  word: z
    .string()
    .regex(/^[\p{L}\p{N}$&.]+\*?$/u, 'a word, or a prefix ending in *')
    .transform((value) => value.toLowerCase()),
  article: z.enum(['a', 'an', 'either']),
  note: z.string().optional(),
})
export type ArticleWord = z.output<typeof articleWordSchema> & Located

/**
 * A glossary term left out of the inconsistency check: its variants name different things
 * (环比 is month-on-month or quarter-on-quarter by the data), not rival renderings.
 */
export const consistencyExemptSchema = z.strictObject({
  zh: z.string().min(1),
  note: z.string().min(1),
})

export interface QaRules {
  checks: QaCheckSpecs[]
  calques: CalqueRule[]
  articles: ArticleWord[]
  /** Glossary terms (their `zh`) the inconsistency check skips. */
  consistencyExempt: string[]
}

export const EMPTY_QA_RULES: QaRules = {
  checks: [],
  calques: [],
  articles: [],
  consistencyExempt: [],
}

function compileCalques(items: (CalqueRuleData & Located)[]): CalqueRule[] {
  return items.map((item) => {
    let term: TermRule | undefined
    try {
      ;[term] = termRules(
        [
          {
            id: item.id,
            pattern: item.pattern,
            message: item.message,
            expected: item.expected,
            category: item.category,
            severity: item.severity,
            caseSensitive: item.caseSensitive,
            wordBoundary: item.wordBoundary,
            specs: [{ from: item.id, to: item.id }],
          },
        ],
        item.file,
      )
    } catch (error) {
      throw new RuleError(item.file, item.line, item.id, (error as Error).message)
    }
    return { ...item, term: { ...(term as TermRule), file: item.file, line: item.line } }
  })
}

function checkUnique(items: readonly { id: string; file: string; line: number }[]): void {
  const seen = new Map<string, { file: string; line: number }>()
  for (const item of items) {
    const first = seen.get(item.id)
    if (first)
      throw new RuleError(
        item.file,
        item.line,
        item.id,
        `duplicate id (first at ${first.file}:${first.line})`,
      )
    seen.set(item.id, item)
  }
}

/** Loads `rules/qa/` under `dir`; a missing folder gives empty lists. */
export function loadQa(dir: string, base: string = process.cwd()): QaRules {
  const checks = loadItems(dir, 'qa/checks', 'checks', qaCheckSpecsSchema, rawId, base)
  for (const check of checks) {
    if (!(check.id in QA_CHECKS))
      throw new RuleError(
        check.file,
        check.line,
        check.id,
        `no such check (known: ${Object.keys(QA_CHECKS).join(', ')})`,
      )
  }
  const calques = compileCalques(
    loadItems(dir, 'qa/calques', 'rules', calqueRuleSchema, rawId, base),
  )
  for (const calque of calques) {
    if (calque.id in QA_CHECKS)
      throw new RuleError(calque.file, calque.line, calque.id, 'id taken by a built-in check')
  }
  checkUnique([...checks, ...calques])
  const articles = loadItems(
    dir,
    'qa/articles',
    'words',
    articleWordSchema,
    (raw) =>
      raw && typeof raw === 'object' ? String((raw as { word?: unknown }).word) : undefined,
    base,
  )
  const words = new Map<string, ArticleWord>()
  for (const entry of articles) {
    const first = words.get(entry.word)
    if (first)
      throw new RuleError(
        entry.file,
        entry.line,
        entry.word,
        `"${entry.word}" listed twice (first at ${first.file}:${first.line})`,
      )
    words.set(entry.word, entry)
  }
  const consistencyExempt = loadItems(
    dir,
    'qa/consistency',
    'exempt',
    consistencyExemptSchema,
    (raw) => (raw && typeof raw === 'object' ? String((raw as { zh?: unknown }).zh) : undefined),
    base,
  ).map((entry) => entry.zh)
  return { checks, calques, articles, consistencyExempt }
}

let shipped: QaRules | undefined

/** The QA data shipped in `rules/qa/`, loaded once per process. */
export function shippedQaRules(): QaRules {
  shipped ??= loadQa(DEFAULT_RULES_DIR)
  return shipped
}

/** What the QA stage makes of a snippet: its output and the texts one rule flagged. */
export function runQaSnippet(
  text: string,
  options: QaOptions,
  ruleId: string,
  source?: readonly string[],
): { output: string; flagged: string[] } {
  const file = new VFile({ value: text, path: 'spec.md' })
  if (source) file.data.mtTidySource = { paragraphs: [...source], origin: 'spec' }
  const output = String(
    unified()
      .use(articleParse, { format: 'md' })
      .use(qa, options)
      .use(articleStringify)
      .processSync(file),
  )
  const { findings } = articleOf(file).draft.finish()
  return {
    output,
    flagged: findings.filter((finding) => finding.rule === ruleId).map((finding) => finding.actual),
  }
}

/**
 * Every spec of the QA data, run with the real stage: the rule alone (every other check
 * disabled), the whole set, and again on the output (which must not change).
 */
export function runQaSpecs(rules: QaRules, glossary: readonly GlossaryTerm[]): SpecFailure[] {
  const failures: SpecFailure[] = []
  const allIds = [...Object.keys(QA_CHECKS), ...rules.calques.map((calque) => calque.id)]
  const specced: { id: string; file: string; line: number; specs: QaSpec[] }[] = [
    ...rules.checks,
    ...rules.calques,
  ]
  for (const rule of specced) {
    const alone: QaOptions = {
      glossary,
      rules,
      disable: allIds.filter((id) => id !== rule.id),
    }
    const whole: QaOptions = { glossary, rules }
    for (const spec of rule.specs) {
      const to = spec.to ?? spec.from
      const expected = JSON.stringify({ output: to, flagged: spec.flagged })
      const runs: [SpecFailure['check'], QaOptions, string][] = [
        ['rule', alone, spec.from],
        ['rule set', whole, spec.from],
      ]
      let failed = false
      for (const [check, options, input] of runs) {
        const result = runQaSnippet(input, options, rule.id, spec.source)
        const actual = JSON.stringify(result)
        if (actual !== expected) {
          failures.push({
            file: rule.file,
            line: rule.line,
            ruleId: rule.id,
            from: spec.from,
            expected,
            actual,
            check,
          })
          failed = true
          break
        }
      }
      if (failed) continue
      const again = runQaSnippet(to, whole, rule.id, spec.source)
      if (again.output !== to)
        failures.push({
          file: rule.file,
          line: rule.line,
          ruleId: rule.id,
          from: spec.from,
          expected: to,
          actual: again.output,
          check: 'idempotence',
        })
    }
  }
  return failures
}

/** How many specs `runQaSpecs` checks. */
export function countQaSpecs(rules: QaRules): number {
  return [...rules.checks, ...rules.calques].reduce((sum, rule) => sum + rule.specs.length, 0)
}

/** The shipped QA folder, for tools that want to show where the data lives. */
export const QA_RULES_DIR = join(DEFAULT_RULES_DIR, 'qa')
