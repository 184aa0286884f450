/** mt-tidy's library API. */
export {
  type Article,
  type CleanOptions,
  type CleanResult,
  clean,
  cleanBatch,
  createProcessor,
  shippedRules,
} from './clean.js'
export { Draft } from './core/draft.js'
export { applyEdits, rebuildInput, rebuildOutput, sha256 } from './core/report.js'
export { loadSuppressions, type Suppression } from './core/suppressions.js'
export type * from './core/types.js'
export { EMPTY_RULES, loadRules, RuleError, type RuleSet, termRules } from './rules/load.js'
export * from './stages/index.js'
export { articleParse, articleStringify } from './unified.js'
