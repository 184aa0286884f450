/** Runs chosen stages over a text the way the processor does, for stage tests. */
import type { Root } from 'mdast'
import { type Plugin, unified } from 'unified'
import { VFile } from 'vfile'
import { expect } from 'vitest'
import { shippedRules } from '../../pipeline/clean.js'
import { articleOf } from '../../pipeline/core/article.js'
import { articleParse, articleStringify } from '../../pipeline/unified.js'
import { expectLossless } from '../helpers.js'

// biome-ignore lint/suspicious/noExplicitAny: a list of plugins with different option types
export type StageUse = [Plugin<[any], Root>, unknown] | [Plugin<[], Root>]

export function runStages(
  text: string,
  stages: StageUse[],
  path = 'article.txt',
  data: Partial<VFile['data']> = {},
) {
  const file = new VFile({ value: text, path, data })
  const processor = unified().use(articleParse)
  for (const [stage, options] of stages) processor.use(stage as Plugin<[unknown], Root>, options)
  const output = String(processor.use(articleStringify).processSync(file))
  const state = articleOf(file)
  return { ...state.draft.finish(), output, meta: state.meta }
}

/** The shipped paywall rule alone: what 02-boilerplate does to chip lists before 03 reads them. */
export const paywallRules = shippedRules().boilerplate.filter(
  (rule) => rule.id === 'boilerplate/futu/paywall-feature',
)

/** Runs the stages, checks the report is lossless and that a second run edits nothing. */
export function runStagesTwice(text: string, stages: StageUse[], path = 'article.txt') {
  const first = runStages(text, stages, path)
  expectLossless(text, first.output, first.edits)
  const again = runStages(first.output, stages, path)
  expect(again.edits).toEqual([])
  expect(again.output).toBe(first.output)
  return first
}
