/**
 * `rules/pipeline.yml`: switches on the stages that have no rule data of their own and sets
 * their options. Absent (as in an empty rules folder), those stages do not run.
 */
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { LineCounter, parseDocument } from 'yaml'
import { z } from 'zod'
import { SEVERITIES } from '../core/types.js'
import { SCRIPT_TARGETS, type ScriptTarget } from '../lib/opencc.js'
import { RuleError, validate } from './yaml.js'

const unit = z.number().min(0).max(1)
const crossLingual = z.strictObject({ threshold: unit, minShared: z.number().min(0).optional() })
/** `stage:` with nothing under it switches the stage on with its defaults. */
const stage = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => value ?? {}, schema).optional()

export const pipelineSettingsSchema = z.strictObject({
  description: z.string().optional(),
  mixedScript: stage(
    z.strictObject({
      minHan: z.number().int().min(1).optional(),
      minHanWithoutMarks: z.number().int().min(1).optional(),
    }),
  ),
  leftoverChinese: stage(
    z.strictObject({
      script: z.enum(SCRIPT_TARGETS as [ScriptTarget, ...ScriptTarget[]]).optional(),
      translator: z
        .strictObject({
          command: z.array(z.string().min(1)).min(1),
          timeoutMs: z.number().int().positive().optional(),
        })
        .optional(),
      crossLingual: crossLingual.optional(),
    }),
  ),
  dedupe: stage(
    z.strictObject({
      near: z
        .strictObject({ flag: unit, remove: unit })
        .refine((near) => near.flag <= near.remove, 'flag must not exceed remove')
        .optional(),
      crossLingual: crossLingual.optional(),
      applyLoopFix: z.boolean().optional(),
      batch: z
        .strictObject({
          threshold: unit.optional(),
          minWords: z.number().int().min(1).optional(),
          wholeArticleShare: unit.optional(),
          action: z.enum(['remove', 'flag']).optional(),
        })
        .optional(),
    }),
  ),
  qa: stage(
    z.strictObject({
      severity: z.record(z.string(), z.enum(SEVERITIES)).optional(),
      disable: z.array(z.string()).optional(),
    }),
  ),
})
export type PipelineSettings = z.infer<typeof pipelineSettingsSchema>

export function loadPipelineSettings(dir: string, base: string = process.cwd()): PipelineSettings {
  const path = join(dir, 'pipeline.yml')
  let source: string
  try {
    source = readFileSync(path, 'utf8')
  } catch {
    return {}
  }
  const name = relative(base, path) || path
  const lines = new LineCounter()
  const document = parseDocument(source, { lineCounter: lines })
  const problem = document.errors[0]
  if (problem) {
    throw new RuleError(
      name,
      lines.linePos(problem.pos[0]).line,
      undefined,
      `invalid YAML: ${problem.message.split('\n')[0]}`,
    )
  }
  return validate(
    pipelineSettingsSchema,
    document.toJS() ?? {},
    { path, name, lines, document },
    [],
    undefined,
  )
}
