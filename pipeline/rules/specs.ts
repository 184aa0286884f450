/**
 * Rule specs: every rule carries `{from, to}` examples (markdown snippets). A spec passes when the
 * rule alone turns `from` into `to`, the whole rule set does the same, and running again on `to`
 * changes nothing. `from == to` is a must-not-change case. Every data-driven stage checks its
 * rules through `checkSpecs`.
 */
import type { Root } from 'mdast'
import { type Plugin, unified } from 'unified'
import { VFile } from 'vfile'
import { metadata } from '../stages/01-metadata.js'
import { boilerplate } from '../stages/02-boilerplate.js'
import { terms } from '../stages/06-terms.js'
import { articleParse, articleStringify } from '../unified.js'
import type { RuleSet } from './load.js'
import type { Spec } from './schema.js'

export interface SpecFailure {
  file: string
  line: number
  ruleId: string
  from: string
  expected: string
  actual: string
  /** Which check failed: the rule alone, the whole set, or a second run. */
  check: 'rule' | 'rule set' | 'idempotence'
}

export interface SpeccedRule {
  id: string
  file: string
  specs: readonly (Spec & { line?: number })[]
  line: number
}

export type TextTransform = (text: string) => string

/** A function running one stage plugin with `options` on a markdown snippet. */
export function stageRunner<Options>(
  stage: Plugin<[Options], Root>,
  options: Options,
): TextTransform {
  const processor = unified()
    .use(articleParse, { format: 'md' })
    .use(stage, options)
    .use(articleStringify)
    .freeze()
  return (text) => String(processor.processSync(new VFile({ value: text, path: 'spec.md' })))
}

/** Checks every spec of `rules` with the rule alone (`alone(rule)`) and with the whole set. */
export function checkSpecs<R extends SpeccedRule>(
  rules: readonly R[],
  alone: (rule: R) => TextTransform,
  all: TextTransform,
): SpecFailure[] {
  const failures: SpecFailure[] = []
  for (const rule of rules) {
    const single = alone(rule)
    for (const spec of rule.specs) {
      const base = {
        file: rule.file,
        line: spec.line ?? rule.line,
        ruleId: rule.id,
        from: spec.from,
      }
      const checks: [SpecFailure['check'], string][] = [
        ['rule', single(spec.from)],
        ['rule set', all(spec.from)],
        ['idempotence', all(spec.to)],
      ]
      for (const [check, actual] of checks) {
        if (actual !== spec.to) {
          failures.push({ ...base, expected: spec.to, actual, check })
          break
        }
      }
    }
  }
  return failures
}

/** Every spec of every data-driven stage in the rule set. */
export function runSpecs(ruleSet: RuleSet): SpecFailure[] {
  return [
    ...checkSpecs(
      ruleSet.metadata.rules,
      (rule) => stageRunner(metadata, { rules: { ...ruleSet.metadata, rules: [rule] } }),
      stageRunner(metadata, { rules: ruleSet.metadata }),
    ),
    ...checkSpecs(
      ruleSet.boilerplate,
      (rule) => stageRunner(boilerplate, { rules: [rule] }),
      stageRunner(boilerplate, { rules: ruleSet.boilerplate }),
    ),
    ...checkSpecs(
      ruleSet.terms,
      (rule) => stageRunner(terms, { rules: [rule] }),
      stageRunner(terms, { rules: ruleSet.terms }),
    ),
  ]
}

/** How many specs `runSpecs` checks. */
export function countSpecs(ruleSet: RuleSet): number {
  return [...ruleSet.metadata.rules, ...ruleSet.boilerplate, ...ruleSet.terms].reduce(
    (sum, rule) => sum + rule.specs.length,
    0,
  )
}

export function formatSpecFailure(failure: SpecFailure): string {
  return `${failure.file}:${failure.line}: ${failure.ruleId}: ${failure.check} gave ${JSON.stringify(failure.actual)}, expected ${JSON.stringify(failure.expected)} (from ${JSON.stringify(failure.from)})`
}
