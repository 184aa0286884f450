/**
 * Header data (`rules/metadata/*.yml`): publication-time formats, byline separators and header
 * furniture lines, from which the metadata stage reads the top of an article.
 */
import { z } from 'zod'
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

export const headerRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9./-]*$/),
  kind: z.enum(['time', 'furniture']),
  /** A regular expression source (no slashes); matched case-insensitively. */
  pattern: z.string().min(1),
  reason: z.string().min(1),
  specs: z.array(specSchema).min(1),
})

export const headerFileSchema = z.strictObject({
  description: z.string().optional(),
  separators: z.array(z.string().min(1)).optional(),
  /** Names pages print as the source in a byline ("Zhitong Finance · Mar 18 08:43"). */
  sources: z.array(z.string().min(1)).optional(),
  rules: z.array(z.unknown()),
})

export interface HeaderRule extends Located {
  id: string
  kind: 'time' | 'furniture'
  /** The pattern as written, for building larger patterns. */
  source: string
  regex: RegExp
  reason: string
  specs: (z.infer<typeof specSchema> & { line: number })[]
}

export interface HeaderRules {
  separators: string[]
  sources: string[]
  rules: HeaderRule[]
}

export function loadHeaderRules(dir: string, base: string = process.cwd()): HeaderRules {
  const separators = new Set<string>()
  const sources = new Set<string>()
  const rules: HeaderRule[] = []
  for (const file of yamlFiles(dir, 'metadata', base)) {
    const parsed = validate(headerFileSchema, file.document.toJS(), file, [], undefined)
    for (const separator of parsed.separators ?? []) separators.add(separator)
    for (const name of parsed.sources ?? []) sources.add(name)
    parsed.rules.forEach((raw, i) => {
      const path = ['rules', i]
      const rule = validate(headerRuleSchema, raw, file, path, rawId(raw))
      const regex = patternAt(file, path, rule.id, () => new RegExp(`^(?:${rule.pattern})$`, 'iu'))
      rules.push({
        id: rule.id,
        kind: rule.kind,
        source: rule.pattern,
        regex,
        reason: rule.reason,
        specs: specsWithLines(file, path, rule.specs),
        file: file.name,
        line: lineOf(file, path),
      })
    })
  }
  refuseDuplicateIds(rules)
  return { separators: [...separators], sources: [...sources], rules }
}
