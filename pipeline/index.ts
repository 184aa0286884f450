/** mt-tidy's library API. */

export { type BatchOptions, type BatchResult, type RunSummary, runBatch } from './batch.js'
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
export { type BatchDedupeSettings, findBatchDuplicates } from './dedupe-batch.js'
export { toSarif } from './io/sarif.js'
export {
  applyDecisions,
  type DecisionFile,
  renderArticleReport,
  renderBatchIndex,
} from './review/index.js'
export { EMPTY_RULES, loadRules, RuleError, type RuleSet, termRules } from './rules/load.js'
export { learnBoilerplate } from './stages/02-boilerplate.js'
export * from './stages/index.js'
export { articleParse, articleStringify } from './unified.js'
