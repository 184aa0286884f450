/**
 * `rules/pipeline.yml`: switches on the stages that have no rule data of their own and sets
 * their options. Absent (as in an empty rules folder), those stages do not run.
 */
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { LineCounter, parseDocument } from 'yaml'
import { z } from 'zod'
import { RuleError, validate } from './yaml.js'

const stageOptions = z.record(z.string(), z.unknown())

export const pipelineSettingsSchema = z.strictObject({
  description: z.string().optional(),
  mixedScript: stageOptions.optional(),
  leftoverChinese: stageOptions.optional(),
  dedupe: stageOptions.optional(),
  qa: stageOptions.optional(),
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
