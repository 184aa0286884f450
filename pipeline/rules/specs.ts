/**
 * Rule specs: every rule carries `{from, to}` examples (markdown snippets). A spec passes when the
 * rule alone turns `from` into `to`, the whole rule set does the same, and running again on `to`
 * changes nothing. `from == to` is a must-not-change case.
 */
import { unified } from 'unified'
import { VFile } from 'vfile'
import { terms } from '../stages/06-terms.js'
import { articleParse, articleStringify } from '../unified.js'
import type { RuleSet, TermRule } from './load.js'

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

function termsRunner(rules: readonly TermRule[]) {
  const processor = unified()
    .use(articleParse, { format: 'md' })
    .use(terms, { rules })
    .use(articleStringify)
    .freeze()
  return (text: string) =>
    String(processor.processSync(new VFile({ value: text, path: 'spec.md' })))
}

export function runSpecs(ruleSet: RuleSet): SpecFailure[] {
  const failures: SpecFailure[] = []
  const all = termsRunner(ruleSet.terms)
  for (const rule of ruleSet.terms) {
    const alone = termsRunner([rule])
    for (const spec of rule.specs) {
      const base = {
        file: rule.file,
        line: spec.line,
        ruleId: rule.id,
        from: spec.from,
        expected: spec.to,
      }
      const checks: [SpecFailure['check'], string, string][] = [
        ['rule', alone(spec.from), spec.to],
        ['rule set', all(spec.from), spec.to],
        ['idempotence', all(spec.to), spec.to],
      ]
      for (const [check, actual, expected] of checks) {
        if (actual !== expected) {
          failures.push({ ...base, expected, actual, check })
          break
        }
      }
    }
  }
  return failures
}

export function formatSpecFailure(failure: SpecFailure): string {
  return `${failure.file}:${failure.line}: ${failure.ruleId}: ${failure.check} gave ${JSON.stringify(failure.actual)}, expected ${JSON.stringify(failure.expected)} (from ${JSON.stringify(failure.from)})`
}
