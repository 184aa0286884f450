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
import { runGlossarySpecs } from '../stages/05-leftover-chinese.js'
import { terms } from '../stages/06-terms.js'
import { articleParse, articleStringify } from '../unified.js'
import { runCashtagSpecs } from './cashtags.js'
import type { RuleSet } from './load.js'
import { countQaSpecs, runQaSpecs } from './qa.js'
import type { Spec } from './schema.js'
import { runStyleSpecs } from './style.js'

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

/**
 * Checks every spec of `rules` with the rule alone (`alone(rule, spec)`) and with the whole set
 * (`all(spec)`); the spec is passed so that a spec may carry its own settings (format, ...).
 */
export function checkSpecs<R extends SpeccedRule>(
  rules: readonly R[],
  alone: (rule: R, spec: R['specs'][number]) => TextTransform,
  all: (spec: R['specs'][number], rule: R) => TextTransform,
): SpecFailure[] {
  const failures: SpecFailure[] = []
  for (const rule of rules) {
    for (const spec of rule.specs) {
      const base = {
        file: rule.file,
        line: spec.line ?? rule.line,
        ruleId: rule.id,
        from: spec.from,
      }
      const whole = all(spec, rule)
      const checks: [SpecFailure['check'], () => string][] = [
        ['rule', () => alone(rule, spec)(spec.from)],
        ['rule set', () => whole(spec.from)],
        ['idempotence', () => whole(spec.to)],
      ]
      for (const [check, run] of checks) {
        const actual = run()
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
      () => stageRunner(metadata, { rules: ruleSet.metadata }),
    ),
    ...checkSpecs(
      ruleSet.boilerplate,
      (rule) => stageRunner(boilerplate, { rules: [rule] }),
      () => stageRunner(boilerplate, { rules: ruleSet.boilerplate }),
    ),
    ...runCashtagSpecs(ruleSet.cashtags, ruleSet.glossary),
    ...runStyleSpecs(ruleSet.style),
    ...runGlossarySpecs(ruleSet.glossary, ruleSet.glossarySpecs),
    ...runQaSpecs(ruleSet.qa, ruleSet.glossary),
    ...checkSpecs(
      ruleSet.terms,
      (rule) => stageRunner(terms, { rules: [rule] }),
      () => stageRunner(terms, { rules: ruleSet.terms }),
    ),
  ]
}

/** Every rule that carries specs, across the data-driven stages. */
export function speccedRules(ruleSet: RuleSet): readonly { specs: readonly unknown[] }[] {
  return [
    ...ruleSet.metadata.rules,
    ...ruleSet.boilerplate,
    ...ruleSet.cashtags.markets,
    ...ruleSet.style,
    ...ruleSet.terms,
    { specs: ruleSet.glossarySpecs },
  ]
}

/** How many specs `runSpecs` checks. */
export function countSpecs(ruleSet: RuleSet): number {
  return (
    speccedRules(ruleSet).reduce((sum, rule) => sum + rule.specs.length, 0) +
    countQaSpecs(ruleSet.qa)
  )
}

export function formatSpecFailure(failure: SpecFailure): string {
  return `${failure.file}:${failure.line}: ${failure.ruleId}: ${failure.check} gave ${JSON.stringify(failure.actual)}, expected ${JSON.stringify(failure.expected)} (from ${JSON.stringify(failure.from)})`
}
