/**
 * Terms stage: MT term normalisation from the term rules in `rules/terms/`. The whole rule set
 * is matched in one pass over the current text (see rules/matcher.ts); only prose is touched.
 */
import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import { articleOf } from '../core/article.js'
import type { Change } from '../core/draft.js'
import { editableSpans, within } from '../core/structure.js'
import type { TermRule } from '../rules/load.js'
import { TermMatcher } from '../rules/matcher.js'

export const STAGE = 'terms'

export interface TermsOptions {
  /** The term rules, usually `loadRules(dir).terms`. */
  rules: readonly TermRule[]
}

const matchers = new WeakMap<readonly TermRule[], TermMatcher>()

/** One matcher per rule list, built once and reused across articles. */
export function matcherFor(rules: readonly TermRule[]): TermMatcher {
  let matcher = matchers.get(rules)
  if (!matcher) {
    matcher = new TermMatcher(rules)
    matchers.set(rules, matcher)
  }
  return matcher
}

export const terms: Plugin<[TermsOptions], Root> = (options) => {
  const matcher = matcherFor(options.rules)
  return (tree, file) => {
    const { draft } = articleOf(file)
    const text = draft.text
    const editable = editableSpans(draft, tree)
    const changes: Change[] = []
    for (const match of matcher.match(text, (start, end) => within(editable, start, end))) {
      const { rule } = match
      const matched = text.slice(match.start, match.end)
      const info = {
        stage: STAGE,
        rule: rule.id,
        category: rule.data.category,
        severity: rule.data.severity,
        reason:
          rule.data.reason ??
          rule.data.message ??
          `"${matched}" is an MT rendering; the house term is "${match.replacement}"`,
      }
      const evidence = rule.data.note ? { note: rule.data.note } : undefined
      if (match.replacement === undefined) {
        draft.flag(match.start, match.end, info, {
          expected: rule.data.expected ?? [],
          ...(evidence ? { evidence } : {}),
        })
      } else {
        changes.push({
          start: match.start,
          end: match.end,
          after: match.replacement,
          info,
          ...(evidence ? { evidence } : {}),
        })
      }
    }
    draft.applyAll(changes)
  }
}
