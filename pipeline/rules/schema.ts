/**
 * Schemas of the data files in `rules/`. Rules are data: these schemas are the only place that
 * says what a rule file may contain, and `load.ts` reports violations with file, line and rule id.
 */
import { z } from 'zod'
import { CATEGORIES, type Category, SEVERITIES } from '../core/types.js'

const category = z
  .string()
  .refine((value) => CATEGORIES.some((top) => value === top || value.startsWith(`${top}/`)), {
    message: `category must be one of ${CATEGORIES.join(', ')} (optionally followed by /Subtype)`,
  })
  .transform((value) => value as Category)

export const specSchema = z.strictObject({ from: z.string(), to: z.string() })
export type Spec = z.infer<typeof specSchema>

/**
 * A term rule. `pattern` is a literal, or a regular expression written `/source/flags`
 * (flags from `imsu`; `g` and `y` are implied). With `replace` the rule edits; without it the
 * rule only flags, with `message` and optional `expected` suggestions.
 */
export const termRuleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9./-]*$/, 'id: lower-case letters, digits, . / -'),
    pattern: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    replace: z.string().optional(),
    message: z.string().optional(),
    expected: z.array(z.string()).optional(),
    category: category.default('Terminology'),
    severity: z.enum(SEVERITIES).default('minor'),
    caseSensitive: z.boolean().default(false),
    preserveCase: z.boolean().default(true),
    wordBoundary: z.boolean().default(true),
    note: z.string().optional(),
    reason: z.string().optional(),
    specs: z.array(specSchema).min(1, 'every rule needs at least one spec'),
  })
  .refine((rule) => rule.replace !== undefined || rule.message !== undefined, {
    message: 'a rule needs `replace` (to edit) or `message` (to flag only)',
  })
export type TermRuleInput = z.input<typeof termRuleSchema>
export type TermRuleData = z.output<typeof termRuleSchema>

export const termFileSchema = z.strictObject({
  description: z.string().optional(),
  rules: z.array(z.unknown()),
})

/** One zh→en glossary entry: a name or term and its approved English. */
export const glossaryEntrySchema = z.strictObject({
  zh: z.string().min(1),
  en: z.string().min(1),
  kind: z.enum([
    'company',
    'product',
    'platform',
    'person',
    'place',
    'organisation',
    'market',
    'term',
  ]),
  /** Other Chinese spellings (abbreviations, Traditional forms are derived by OpenCC). */
  zhVariants: z.array(z.string().min(1)).optional(),
  /** Other acceptable English renderings (the QA stage treats a mix of them as inconsistent). */
  enVariants: z.array(z.string().min(1)).optional(),
  /** Known wrong MT renderings of the term ("Pay Treasure" for 支付宝): flagged, never approved. */
  avoid: z.array(z.string().min(1)).optional(),
  /** Stock codes such as `PDD.US`, `09988.HK`. */
  tickers: z.array(z.string().regex(/^[0-9A-Z.-]+\.[A-Z]{1,3}$/)).optional(),
  note: z.string().optional(),
})
export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>

export const glossaryFileSchema = z.strictObject({
  description: z.string().optional(),
  entries: z.array(z.unknown()),
  specs: z.array(specSchema).optional(),
})
