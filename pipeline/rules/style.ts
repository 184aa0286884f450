/**
 * House-style rules (`rules/style/*.yml`). The data says which behaviours are on, how each is
 * reported, and carries the word lists (casing terms and their exceptions, elisions that look like
 * quotes); the mechanics of each `kind` live in `pipeline/stages/07-style.ts`.
 */
import { join } from 'node:path'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { z } from 'zod'
import { articleOf } from '../core/article.js'
import { CATEGORIES, type Category, SEVERITIES } from '../core/types.js'
import { DEFAULT_RULES_DIR } from '../core/version.js'
import type { Format } from '../parse/index.js'
import { style } from '../stages/07-style.js'
import { articleParse, articleStringify } from '../unified.js'
import { checkSpecs, type SpecFailure } from './specs.js'
import {
  type Located,
  lineOf,
  RuleError,
  rawId,
  refuseDuplicateIds,
  specsWithLines,
  validate,
  yamlFiles,
} from './yaml.js'

export const QUOTE_STYLES = ['straight', 'curly'] as const
export type QuoteStyle = (typeof QUOTE_STYLES)[number]

/** The mechanics a style rule can drive; each kind is implemented once in the style stage. */
export const STYLE_KINDS = [
  'fullwidth-punctuation',
  'space-before-punctuation',
  'quotes',
  'casing',
  'double-space',
  'trailing-space',
  'indentation',
  'blank-lines',
] as const
export type StyleKind = (typeof STYLE_KINDS)[number]

const category = z
  .string()
  .refine((value) => CATEGORIES.some((top) => value === top || value.startsWith(`${top}/`)), {
    message: `category must be one of ${CATEGORIES.join(', ')} (optionally followed by /Subtype)`,
  })
  .transform((value) => value as Category)

/**
 * A spec is a snippet before and after the rule. Specs are markdown unless `format: txt`; a spec
 * can pin the quote style it is written for.
 */
export const styleSpecSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  format: z.enum(['md', 'txt']).optional(),
  quotes: z.enum(QUOTE_STYLES).optional(),
})
export type StyleSpec = z.infer<typeof styleSpecSchema>

/** A single word (letters, digits, inner apostrophes or hyphens), matched case-sensitively. */
const casingWord = z
  .string()
  .regex(/^[\p{L}\p{N}](?:[\p{L}\p{N}'’-]*[\p{L}\p{N}])?$/u, 'a single word')

export const styleRuleSchema = z
  .strictObject({
    id: z.string().regex(/^style\/[a-z0-9][a-z0-9./-]*$/, 'id: style/ then lower-case kebab'),
    kind: z.enum(STYLE_KINDS),
    /** Shipped but off unless enabled: house styles differ. */
    enabled: z.boolean().default(true),
    category: category.default('Style'),
    severity: z.enum(SEVERITIES).default('minor'),
    /** One sentence the editor reads in the report. */
    reason: z.string().min(1),
    note: z.string().optional(),
    /** quotes: the house quote style (the stage option `quotes` overrides it). */
    style: z.enum(QUOTE_STYLES).optional(),
    /** quotes: words that start (or are) an apostrophe and so are never quotes: `'n'`, `'em`. */
    elisions: z.array(z.string().regex(/^['’]/, 'starts with an apostrophe')).optional(),
    /** casing: words in the wrong case and the house form (`APP` → `app`). */
    replace: z.array(z.strictObject({ from: casingWord, to: casingWord })).optional(),
    /** casing: phrases in which the word keeps its case (`Internet Court`, `(APP)`). */
    exceptions: z.array(z.string().min(1)).optional(),
    /** casing: keep the word when a capitalised word follows (`Internet Finance Association`). */
    keepBeforeCapitalised: z.boolean().default(false),
    specs: z.array(styleSpecSchema).min(1, 'every rule needs at least one spec'),
  })
  .refine((rule) => rule.kind !== 'casing' || (rule.replace?.length ?? 0) > 0, {
    message: 'a casing rule needs `replace: [{from, to}]`',
    path: ['replace'],
  })
  .refine((rule) => rule.kind === 'casing' || rule.replace === undefined, {
    message: '`replace` belongs to casing rules only',
    path: ['replace'],
  })
  .refine((rule) => rule.kind === 'quotes' || rule.elisions === undefined, {
    message: '`elisions` belongs to the quotes rule only',
    path: ['elisions'],
  })

export type StyleRuleData = z.output<typeof styleRuleSchema>

export interface StyleRule extends StyleRuleData, Located {
  specs: (StyleSpec & { line: number })[]
}

export const styleFileSchema = z.strictObject({
  description: z.string().optional(),
  rules: z.array(z.unknown()),
})

/** Loads every style rule under `dir/style`; throws RuleError naming file, line and id. */
export function loadStyleRules(dir: string, base: string = process.cwd()): StyleRule[] {
  const rules: StyleRule[] = []
  for (const file of yamlFiles(dir, 'style', base)) {
    const parsed = validate(styleFileSchema, file.document.toJS(), file, [], undefined)
    parsed.rules.forEach((raw, i) => {
      const path = ['rules', i]
      const data = validate(styleRuleSchema, raw, file, path, rawId(raw))
      rules.push({
        ...data,
        specs: specsWithLines(file, path, data.specs),
        file: file.name,
        line: lineOf(file, path),
      })
    })
  }
  checkStyleRules(rules)
  return rules
}

/**
 * Refuses rule sets the stage could not run deterministically: duplicate ids, two rules driving
 * the same mechanic (other than casing), and casing rules whose output another casing rule
 * would rewrite (a second run would change the text again).
 */
export function checkStyleRules(rules: readonly StyleRule[]): void {
  refuseDuplicateIds(rules)
  const kinds = new Map<StyleKind, StyleRule>()
  for (const rule of rules) {
    if (rule.kind === 'casing') continue
    const sameKind = kinds.get(rule.kind)
    if (sameKind) {
      throw new RuleError(
        rule.file,
        rule.line,
        rule.id,
        `a second "${rule.kind}" rule (first: ${sameKind.id}); one rule drives each mechanic`,
      )
    }
    kinds.set(rule.kind, rule)
  }
  // At a sentence start a replacement is capitalised; another rule may take that form only if
  // it too leaves it capitalised there.
  const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)
  const sources = new Map<string, { rule: StyleRule; to: string }>()
  for (const rule of rules) {
    for (const pair of rule.replace ?? []) sources.set(pair.from, { rule, to: pair.to })
  }
  for (const rule of rules) {
    for (const pair of rule.replace ?? []) {
      const exact = sources.get(pair.to)
      const atStart = sources.get(capitalise(pair.to))
      const rewriter =
        exact ?? (atStart && capitalise(atStart.to) !== capitalise(pair.to) ? atStart : undefined)
      if (rewriter) {
        throw new RuleError(
          rule.file,
          rule.line,
          rule.id,
          `its replacement "${pair.to}" would be rewritten by rule ${rewriter.rule.id}; not idempotent`,
        )
      }
    }
  }
}

let shipped: StyleRule[] | undefined

/** The style rules shipped in `rules/style`, loaded once per process. */
export function shippedStyleRules(): StyleRule[] {
  shipped ??= loadStyleRules(DEFAULT_RULES_DIR, join(DEFAULT_RULES_DIR, '..'))
  return shipped
}

/** Runs the style stage alone on a snippet. */
export function styleTransform(
  rules: readonly StyleRule[],
  options: { format?: Format; quotes?: QuoteStyle } = {},
): (text: string) => string {
  const format = options.format ?? 'md'
  const processor = unified()
    .use(articleParse, { format })
    .use(style, { rules, ...(options.quotes ? { quotes: options.quotes } : {}) })
    .use(articleStringify)
    .freeze()
  return (text) => {
    const file = new VFile({ value: text, path: `spec.${format}` })
    processor.runSync(processor.parse(file), file)
    return articleOf(file).draft.text
  }
}

/**
 * Checks every spec: the rule alone (the only rule enabled) turns `from` into `to`, the whole
 * set does the same, and the whole set leaves `to` unchanged. Failures in the shape of
 * `pipeline/rules/specs.ts`, for `mt-tidy rules test`.
 */
export function runStyleSpecs(rules: readonly StyleRule[]): SpecFailure[] {
  const enabled = rules.filter((rule) => rule.enabled)
  const settings = (spec: StyleRule['specs'][number]) => ({
    format: spec.format ?? 'md',
    ...(spec.quotes ? { quotes: spec.quotes } : {}),
  })
  // A rule shipped disabled is checked as if switched on, alone and beside the enabled set.
  return checkSpecs(
    rules,
    (rule, spec) => styleTransform([{ ...rule, enabled: true }], settings(spec)),
    (spec, rule) =>
      styleTransform(
        rule.enabled ? enabled : [...enabled, { ...rule, enabled: true }],
        settings(spec),
      ),
  )
}

/** How many specs `runStyleSpecs` checks. */
export function countStyleSpecs(rules: readonly StyleRule[]): number {
  return rules.reduce((sum, rule) => sum + rule.specs.length, 0)
}
