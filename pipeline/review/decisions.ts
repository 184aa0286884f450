/**
 * Review decisions: the JSON file the HTML report exports, applying it to the input, and turning
 * rejections into suppressions so the next pipeline run does not propose a rejected edit again.
 */

import { z } from 'zod'
import { sha256 } from '../core/report.js'
import {
  type Suppression,
  type SuppressionFile,
  suppressionFileSchema,
} from '../core/suppressions.js'
import type { Edit, Report } from '../core/types.js'

export type { Suppression, SuppressionFile }

export const decisionSchema = z.object({
  id: z.string().min(1),
  rule: z.string(),
  before: z.string(),
  after: z.string(),
  decision: z.enum(['accept', 'reject']),
})
export type Decision = z.infer<typeof decisionSchema>

export const decisionFileSchema = z.object({
  schema: z.literal(1),
  file: z.string(),
  inputSha256: z.string().regex(/^[0-9a-f]{64}$/, 'inputSha256 must be 64 lower-case hex digits'),
  decisions: z.array(decisionSchema),
})
export type DecisionFile = z.infer<typeof decisionFileSchema>

/** Raised for every problem with a decisions file; the message names the file and what is wrong. */
export class DecisionError extends Error {
  override name = 'DecisionError'
}

function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ')
}

/** Validates parsed JSON as a decisions file; throws a DecisionError saying which field is wrong. */
export function parseDecisionFile(value: unknown): DecisionFile {
  const result = decisionFileSchema.safeParse(value)
  if (!result.success) {
    throw new DecisionError(`not a valid decisions file: ${describeZodError(result.error)}`)
  }
  return result.data
}

/** Validates parsed JSON as a suppression file. */
export function parseSuppressionFile(value: unknown): SuppressionFile {
  const result = suppressionFileSchema.safeParse(value)
  if (!result.success) {
    throw new DecisionError(`not a valid suppression file: ${describeZodError(result.error)}`)
  }
  return result.data
}

function quote(text: string, max = 60): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text
  return JSON.stringify(shown)
}

/**
 * Decides, per edit, whether it is applied. Unmentioned edits count as accepted, so a reviewer only
 * has to touch the edits they disagree with.
 */
function resolveDecisions(report: Report, decisions: DecisionFile): Map<string, Decision> {
  const editsById = new Map<string, Edit>()
  for (const edit of report.edits) editsById.set(edit.id, edit)
  const byId = new Map<string, Decision>()
  const unknown: string[] = []
  for (const decision of decisions.decisions) {
    const edit = editsById.get(decision.id)
    if (edit === undefined) {
      unknown.push(decision.id)
      continue
    }
    // The id alone could match an edit of a different pipeline run; rule and text must agree too.
    if (edit.rule !== decision.rule || edit.before !== decision.before) {
      throw new DecisionError(
        `decision ${decision.id} does not match the report's edit ${edit.id}: ` +
          `decision says rule ${decision.rule} on ${quote(decision.before)}, ` +
          `report says rule ${edit.rule} on ${quote(edit.before)}`,
      )
    }
    const earlier = byId.get(decision.id)
    if (earlier !== undefined && earlier.decision !== decision.decision) {
      throw new DecisionError(
        `edit ${decision.id} is both accepted and rejected in the decisions file`,
      )
    }
    byId.set(decision.id, decision)
  }
  if (unknown.length > 0) {
    throw new DecisionError(
      `the decisions name ${unknown.length} edit(s) that are not in the report of ${report.file}: ` +
        unknown.slice(0, 10).join(', ') +
        (unknown.length > 10 ? ', …' : ''),
    )
  }
  return byId
}

/**
 * The article with only the accepted edits applied; rejected edits keep their `before` text.
 * Throws a DecisionError when the input is not the text the report was made from, or when a
 * decision names an edit the report does not have.
 */
export function applyDecisions(report: Report, inputText: string, decisions: DecisionFile): string {
  const inputSha = sha256(inputText)
  if (inputSha !== report.inputSha256) {
    throw new DecisionError(
      `the input text is not the one the report of ${report.file} was made from ` +
        `(sha256 ${inputSha}, report expects ${report.inputSha256})`,
    )
  }
  if (decisions.inputSha256 !== report.inputSha256) {
    throw new DecisionError(
      `the decisions were made on a different input than the report of ${report.file} ` +
        `(decisions inputSha256 ${decisions.inputSha256}, report ${report.inputSha256})`,
    )
  }
  const byId = resolveDecisions(report, decisions)
  const parts: string[] = []
  let position = 0
  for (const edit of report.edits) {
    const [start, end] = edit.input
    if (start < position || end < start || end > inputText.length) {
      throw new DecisionError(
        `edit ${edit.id} has input range [${start}, ${end}] that overlaps an earlier edit or lies ` +
          `outside the input (length ${inputText.length})`,
      )
    }
    if (inputText.slice(start, end) !== edit.before) {
      throw new DecisionError(
        `edit ${edit.id}: the input at [${start}, ${end}] is not the edit's before text ${quote(edit.before)}`,
      )
    }
    parts.push(inputText.slice(position, start))
    parts.push(byId.get(edit.id)?.decision === 'reject' ? edit.before : edit.after)
    position = end
  }
  parts.push(inputText.slice(position))
  return parts.join('')
}

export interface SuppressionOptions {
  /** `file` (default) suppresses the rule on that text only in the reviewed article. */
  scope?: 'file' | 'global'
}

/** One suppression per rejected edit: the rule id and the edit's `before` text. */
export function rejectionsToSuppressions(
  decisions: DecisionFile,
  options: SuppressionOptions = {},
): Suppression[] {
  const scope = options.scope ?? 'file'
  const added: Suppression[] = []
  for (const decision of decisions.decisions) {
    if (decision.decision !== 'reject') continue
    const suppression: Suppression = { rule: decision.rule, text: decision.before }
    if (scope === 'file') suppression.file = decisions.file
    suppression.reason = `rejected in review: would have become ${quote(decision.after)}`
    added.push(suppression)
  }
  return mergeSuppressions(undefined, added).suppressions
}

/** Whitespace-folded like the pipeline's matcher, so entries it treats as one are stored once. */
function suppressionKey(suppression: Suppression): string {
  const text = suppression.text.replace(/\s+/gu, ' ').trim()
  return JSON.stringify([suppression.rule, text, suppression.file ?? null])
}

/**
 * Existing entries first, in their order, then the new ones in theirs; an entry equal in rule,
 * text (whitespace-folded) and file to an earlier one is dropped (the earlier keeps its reason).
 */
export function mergeSuppressions(
  existing: SuppressionFile | undefined,
  added: readonly Suppression[],
): SuppressionFile {
  const seen = new Set<string>()
  const suppressions: Suppression[] = []
  for (const suppression of [...(existing?.suppressions ?? []), ...added]) {
    const key = suppressionKey(suppression)
    if (seen.has(key)) continue
    seen.add(key)
    suppressions.push(suppression)
  }
  return { schema: 1, suppressions }
}
