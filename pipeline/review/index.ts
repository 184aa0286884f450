/** The review reports: per-article HTML, batch index, and the accept/reject round trip. */
export {
  applyDecisions,
  type Decision,
  DecisionError,
  type DecisionFile,
  decisionFileSchema,
  mergeSuppressions,
  parseDecisionFile,
  parseSuppressionFile,
  rejectionsToSuppressions,
  type Suppression,
  type SuppressionFile,
  type SuppressionOptions,
} from './decisions.js'
export {
  type ArticleReportInput,
  decisionsFileName,
  renderArticleReport,
} from './render-article.js'
export {
  type BatchArticleSummary,
  type BatchSummary,
  batchArticleSummarySchema,
  batchSummarySchema,
  renderBatchIndex,
  safeRelativeHref,
  summarizeArticle,
} from './render-index.js'
