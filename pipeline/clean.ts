/**
 * The library API: `clean` one article, `cleanBatch` many. The CLI is a thin layer over these.
 */
import { unified } from 'unified'
import { VFile } from 'vfile'
import { type ArticleSource, articleOf } from './core/article.js'
import { lineStarts, pointAt } from './core/draft.js'
import { buildReport } from './core/report.js'
import { type Suppression, suppressionCheck } from './core/suppressions.js'
import type { Edit, Finding, Report } from './core/types.js'
import { DEFAULT_RULES_DIR } from './core/version.js'
import type { BatchDuplicate } from './dedupe-batch.js'
import type { Format } from './parse/index.js'
import { loadLexicon } from './rules/lexicon.js'
import { loadRules, type RuleSet } from './rules/load.js'
import {
  batchDedupe,
  boilerplate,
  cashtags,
  dedupe,
  frontMatter,
  type LearnedBoilerplate,
  leftoverChinese,
  metadata,
  mixedScript,
  qa,
  style,
  terms,
} from './stages/index.js'
import { articleParse, articleStringify } from './unified.js'

export interface CleanOptions {
  /** Rule set; by default the rules shipped in `rules/`. */
  rules?: RuleSet
  /** Name of the article in the report (its path relative to the input root). */
  path?: string
  /** `md` or `txt`; by default from `path` (`.txt` is plain text). */
  format?: Format
  /** Edits and findings an editor rejected earlier. */
  suppressions?: readonly Suppression[]
  /** This article's paragraphs that repeat earlier articles of its batch. */
  batchDuplicates?: { duplicates: BatchDuplicate[]; action: 'remove' | 'flag' }
  /** The Chinese original, for the bilingual checks. */
  source?: ArticleSource
  /** Boilerplate learned from the batch this article belongs to (see `learnBoilerplate`). */
  learnedBoilerplate?: LearnedBoilerplate
}

export interface CleanResult {
  output: string
  report: Report
  /** The vfile, with findings as vfile messages (for vfile-reporter and other unified tools). */
  file: VFile
}

let defaultRules: RuleSet | undefined

/** The shipped rules, loaded once per process. */
export function shippedRules(): RuleSet {
  defaultRules ??= loadRules(DEFAULT_RULES_DIR)
  return defaultRules
}

/** The processor: parse once, run the stages in order, emit the edited text. */
export function createProcessor(rules: RuleSet, format?: Format) {
  // A stage whose rules are empty does not run: with an empty rules folder, output = input.
  const processor = unified().use(articleParse, format ? { format } : {})
  if (rules.metadata.rules.length) processor.use(metadata, { rules: rules.metadata })
  // Boilerplate always runs: learned boilerplate needs no profile.
  processor.use(boilerplate, { rules: rules.boilerplate })
  if (rules.cashtags.markets.length) {
    processor.use(cashtags, {
      markets: rules.cashtags.markets,
      glossary: rules.glossary,
      ...(rules.cashtags.render ? { render: rules.cashtags.render } : {}),
    })
  }
  if (rules.pipeline.mixedScript) processor.use(mixedScript, rules.pipeline.mixedScript)
  const { leftoverChinese: leftover, dedupe: dedupeSettings, qa: qaSettings } = rules.pipeline
  if (leftover) {
    // The twin check follows the dedupe stage's settings unless set here.
    const crossLingual = leftover.crossLingual ?? dedupeSettings?.crossLingual
    processor.use(leftoverChinese, {
      ...leftover,
      ...(crossLingual ? { crossLingual } : {}),
      glossary: rules.glossary,
    })
  }
  if (rules.terms.length) processor.use(terms, { rules: rules.terms })
  if (rules.style.length) processor.use(style, { rules: rules.style })
  if (dedupeSettings) {
    // `batch` configures the batch runner (dedupe-batch.ts), not the in-article stage.
    const { batch: _batch, ...inArticle } = dedupeSettings
    processor.use(dedupe, { ...inArticle, glossary: rules.glossary }).use(batchDedupe)
  }
  if (qaSettings) {
    const { lexicon: files } = rules
    processor.use(qa, {
      ...qaSettings,
      glossary: rules.glossary,
      rules: rules.qa,
      ...(files.length > 0 ? { lexicon: () => loadLexicon(files) } : {}),
    })
  }
  return processor.use(frontMatter).use(articleStringify)
}

const processors = new WeakMap<RuleSet, Map<string, ReturnType<typeof createProcessor>>>()

function processorFor(rules: RuleSet, format: Format | undefined) {
  let byFormat = processors.get(rules)
  if (!byFormat) {
    byFormat = new Map()
    processors.set(rules, byFormat)
  }
  const key = format ?? 'auto'
  let processor = byFormat.get(key)
  if (!processor) {
    processor = createProcessor(rules, format).freeze()
    byFormat.set(key, processor)
  }
  return processor
}

export function clean(text: string, options: CleanOptions = {}): CleanResult {
  const rules = options.rules ?? shippedRules()
  const path = options.path ?? (options.format === 'txt' ? 'article.txt' : 'article.md')
  const file = new VFile({ value: text, path })
  if (options.suppressions)
    file.data.mtTidySuppressions = suppressionCheck(options.suppressions, path)
  if (options.learnedBoilerplate) file.data.mtTidyLearnedBoilerplate = options.learnedBoilerplate
  if (options.source) file.data.mtTidySource = options.source
  if (options.batchDuplicates) file.data.mtTidyBatchDuplicates = options.batchDuplicates
  const output = String(processorFor(rules, options.format).processSync(file))
  const state = articleOf(file)
  const finished = state.draft.finish()
  addMessages(file, finished.edits, finished.findings)
  const report = buildReport({
    file: path,
    input: text,
    output,
    edits: finished.edits,
    findings: finished.findings,
    meta: state.meta,
    suppressed: state.draft.suppressed,
  })
  return { output, report, file }
}

/**
 * Every edit and finding as a vfile message, so vfile-reporter and other unified tools show
 * them: an edit is a message whose `expected` is the replacement.
 */
function addMessages(file: VFile, edits: readonly Edit[], findings: readonly Finding[]): void {
  const lines = lineStarts(String(file.value))
  const items = [
    ...edits.map((edit) => ({
      ...edit,
      place: { start: pointAt(lines, edit.input[0]), end: pointAt(lines, edit.input[1]) },
      actual: edit.before,
      expected: [edit.after],
      reason: `${edit.reason} (${edit.after ? `"${edit.before}" → "${edit.after}"` : `removes "${edit.before}"`})`,
    })),
    ...findings,
  ].sort((a, b) => a.input[0] - b.input[0] || a.input[1] - b.input[1])
  for (const item of items) {
    const message = file.message(item.reason, {
      place: item.place,
      ruleId: item.rule,
      source: item.stage,
    })
    // vfile's three levels: fatal true = error, false = warning, unset = info.
    message.fatal = item.severity === 'info' ? undefined : item.severity !== 'minor'
    message.actual = item.actual
    message.expected = item.expected
    Object.assign(message, { category: item.category, severity: item.severity })
  }
}

export interface Article {
  path: string
  text: string
}

/** Cleans many articles; results come back in path order whatever the input order. */
export function cleanBatch(
  articles: readonly Article[],
  options: Omit<CleanOptions, 'path'> = {},
): (CleanResult & { path: string })[] {
  return [...articles]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((article) => ({
      path: article.path,
      ...clean(article.text, { ...options, path: article.path }),
    }))
}
