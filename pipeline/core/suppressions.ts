/**
 * Suppressions: edits and findings an editor rejected, remembered between runs. They are matched
 * by rule id and text (whitespace-folded), never by offset, so they survive edits elsewhere in
 * the article. File format: `{"schema": 1, "suppressions": [{rule, text, file?, reason?}]}`.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { SuppressionCheck } from './draft.js'

export const suppressionSchema = z.strictObject({
  rule: z.string().min(1),
  text: z.string(),
  /** Limits the suppression to one article (its path as given in reports); all articles if absent. */
  file: z.string().optional(),
  reason: z.string().optional(),
})
export type Suppression = z.infer<typeof suppressionSchema>

export const suppressionFileSchema = z.strictObject({
  schema: z.literal(1),
  suppressions: z.array(suppressionSchema),
})
export type SuppressionFile = z.infer<typeof suppressionFileSchema>

const fold = (text: string) => text.replace(/\s+/gu, ' ').trim()

export function loadSuppressions(path: string): Suppression[] {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return []
    throw new Error(`${path}: ${(error as Error).message}`)
  }
  const parsed = suppressionFileSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data.suppressions
}

/** The check the Draft consults for one article. */
export function suppressionCheck(
  suppressions: readonly Suppression[],
  file: string,
): SuppressionCheck {
  const keys = new Set(
    suppressions
      .filter((s) => s.file === undefined || s.file === file)
      .map((s) => `${s.rule}\u0000${fold(s.text)}`),
  )
  if (keys.size === 0) return () => false
  return (rule, text) => keys.has(`${rule}\u0000${fold(text)}`)
}
