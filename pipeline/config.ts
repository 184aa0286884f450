/**
 * The optional config file (`--config FILE`, YAML or JSON). Paths in it are relative to the file.
 * Command-line options win over it.
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { SEVERITIES } from './core/types.js'

export const configSchema = z.strictObject({
  /** Rules folder (default: the rules shipped with mt-tidy). */
  rules: z.string().optional(),
  /** Suppression file: edits and findings rejected in review (see README). */
  suppressions: z.string().optional(),
  failOn: z.enum(SEVERITIES).optional(),
  jobs: z.number().int().min(1).max(64).optional(),
  maxSize: z.number().int().positive().optional(),
  encoding: z.enum(['utf8', 'gb18030']).optional(),
  /** Boilerplate learned across a batch: a paragraph or line in many articles is removed. */
  learnBoilerplate: z
    .union([
      z.literal(false),
      z.strictObject({
        minArticles: z.number().int().min(2).optional(),
        minShare: z.number().min(0).max(1).optional(),
        minChars: z.number().int().min(1).optional(),
        minWords: z.number().int().min(1).optional(),
        action: z.enum(['remove', 'flag']).optional(),
      }),
    ])
    .optional(),
})
export type Config = z.infer<typeof configSchema>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export function loadConfig(path: string): Config {
  let raw: unknown
  try {
    raw = parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new ConfigError(`${path}: ${(error as Error).message.split('\n')[0]}`)
  }
  const parsed = configSchema.safeParse(raw ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ConfigError(
      `${path}: ${issue?.path.join('.') || 'config'}: ${issue?.message ?? 'invalid'}`,
    )
  }
  const base = dirname(resolve(path))
  const config = parsed.data
  if (config.rules) config.rules = resolve(base, config.rules)
  if (config.suppressions) config.suppressions = resolve(base, config.suppressions)
  return config
}
