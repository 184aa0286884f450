/**
 * Boilerplate profiles (`rules/boilerplate/*.yml`): per platform, the lines that are page
 * furniture rather than content — MT disclosures, disclaimers, comment prompts, paywall lines.
 */
import { z } from 'zod'
import { escapeRegExp } from '../lib/regexp.js'
import { specSchema } from './schema.js'
import {
  type Located,
  lineOf,
  patternAt,
  rawId,
  refuseDuplicateIds,
  specsWithLines,
  validate,
  yamlFiles,
} from './yaml.js'

/**
 * Where a pattern must stand to count: a whole `paragraph`, a whole `line` (also a line markdown
 * folded into the paragraph above), or `inline`, anywhere inside a sentence.
 */
export const BOILERPLATE_SCOPES = ['paragraph', 'line', 'inline'] as const

export const boilerplateRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9./-]*$/),
  /** A literal (compared with whitespace folded) or `/regex/flags`. */
  pattern: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  scope: z.enum(BOILERPLATE_SCOPES),
  /** The disclosure says the article was machine-translated. */
  machineTranslated: z.boolean().optional(),
  reason: z.string().min(1),
  specs: z.array(specSchema).min(1),
})

export const boilerplateFileSchema = z.strictObject({
  profile: z.string().min(1),
  description: z.string().optional(),
  /** The platform's name, recorded as the article's `platform` when one of its rules fires. */
  platform: z.string().optional(),
  rules: z.array(z.unknown()),
})

export interface BoilerplateRule extends Located {
  id: string
  profile: string
  platform: string | undefined
  scope: (typeof BOILERPLATE_SCOPES)[number]
  /** Matches a whole paragraph or line (an inline pattern standing alone is removed whole too). */
  whole: RegExp
  /** Finds occurrences inside running text (inline scope only). */
  anywhere: RegExp | undefined
  machineTranslated: boolean
  reason: string
  specs: (z.infer<typeof specSchema> & { line: number })[]
}

function compile(patterns: string[], scope: BoilerplateRule['scope']) {
  const sources = patterns.map((pattern) => {
    const regex = /^\/(.+)\/([imsu]*)$/s.exec(pattern)
    return regex ? `(?:${regex[1]})` : `(?:${escapeRegExp(pattern).replace(/\s+/g, '\\s+')})`
  })
  const body = sources.join('|')
  return {
    whole: new RegExp(`^(?:${body})$`, 'iu'),
    anywhere: scope === 'inline' ? new RegExp(body, 'giu') : undefined,
  }
}

export function loadBoilerplate(dir: string, base: string = process.cwd()): BoilerplateRule[] {
  const rules: BoilerplateRule[] = []
  for (const file of yamlFiles(dir, 'boilerplate', base)) {
    const parsed = validate(boilerplateFileSchema, file.document.toJS(), file, [], undefined)
    parsed.rules.forEach((raw, i) => {
      const path = ['rules', i]
      const rule = validate(boilerplateRuleSchema, raw, file, path, rawId(raw))
      const regexes = patternAt(file, path, rule.id, () =>
        compile(Array.isArray(rule.pattern) ? rule.pattern : [rule.pattern], rule.scope),
      )
      rules.push({
        id: rule.id,
        profile: parsed.profile,
        platform: parsed.platform,
        scope: rule.scope,
        ...regexes,
        machineTranslated: rule.machineTranslated ?? false,
        reason: rule.reason,
        specs: specsWithLines(file, path, rule.specs),
        file: file.name,
        line: lineOf(file, path),
      })
    })
  }
  refuseDuplicateIds(rules)
  return rules
}
