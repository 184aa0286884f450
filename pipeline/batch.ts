/**
 * Runs mt-tidy over files: collects articles, reads them safely, learns what the batch as a whole
 * says (boilerplate repeated across articles), cleans them with bounded concurrency and writes
 * outputs, JSON reports, HTML review pages and the batch index atomically. One bad article never
 * stops the batch; its error is recorded and the caller decides the exit code. Results are in
 * path order whatever the order of completion.
 */
import { readFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import pLimit from 'p-limit'
import { type CleanResult, clean } from './clean.js'
import type { Suppression } from './core/suppressions.js'
import { SEVERITIES, type Severity } from './core/types.js'
import { VERSION } from './core/version.js'
import {
  type BatchDedupeResult,
  type BatchDedupeSettings,
  DEFAULT_BATCH_DEDUPE,
  findBatchDuplicates,
  type WholeArticleDuplicate,
} from './dedupe-batch.js'
import { type ArticleSource, findSource, jsonlArticles } from './io/bilingual.js'
import {
  collectInputs,
  decodeArticle,
  describeFsError,
  type Encoding,
  type InputArticle,
  InputError,
  readStdin,
} from './io/read.js'
import { writeFileAtomic } from './io/write.js'
import { LshIndex } from './lib/minhash.js'
import { formatOf } from './parse/index.js'
import { renderArticleReport, renderBatchIndex } from './review/index.js'
import type { RuleSet } from './rules/load.js'
import { type BoilerplateLearning, learnBoilerplate } from './stages/02-boilerplate.js'

export interface BatchOptions {
  inputs: readonly string[]
  rules: RuleSet
  /** Folder for cleaned articles; nothing is written when absent. */
  out?: string
  /** Folder for JSON and HTML reports, `summary.json` and `index.html`; nothing when absent. */
  reports?: string
  jobs?: number
  suppressions?: readonly Suppression[]
  encoding?: Encoding
  maxBytes?: number
  /** Learning boilerplate from the batch; off when absent. */
  learnBoilerplate?: BoilerplateLearning
  /** Duplicates across the batch; off when absent (on when the rules enable dedupe). */
  batchDedupe?: BatchDedupeSettings
  /** LSH index file of earlier runs' paragraphs: read if present, updated after the run. */
  index?: string
  /** Write this batch's paragraphs into the index file (default true; `check` writes nothing). */
  updateIndex?: boolean
  /** Write an HTML review page per article and `index.html` (default true with `reports`). */
  html?: boolean
  /** Where a `-` input's cleaned text goes (standard output in the CLI). */
  writeStdout?: (text: string) => void
}

export interface ArticleOutcome {
  file: string
  output?: string
  report?: string
  html?: string
  result?: CleanResult
  error?: Error
}

/** One row of `summary.json` (and of `index.html`). Paths are relative to the reports folder. */
export interface BatchSummaryEntry {
  file: string
  output?: string
  report: string
  html: string
  edits: number
  findings: number
  findingsBySeverity: Record<Severity, number>
  duplicatesAcrossBatch: number
  error?: string
}

export interface RunSummary {
  schema: 1
  tool: { name: 'mt-tidy'; version: string }
  articles: BatchSummaryEntry[]
  /** Articles that repeat an earlier article of the batch (or an earlier run) as a whole. */
  wholeArticleDuplicates: WholeArticleDuplicate[]
  /** Paragraphs learned as boilerplate because many articles of the batch repeat them. */
  learnedBoilerplate: { text: string; articles: number }[]
  totals: { articles: number; failed: number; edits: number; findings: number }
}

export interface BatchResult {
  outcomes: ArticleOutcome[]
  summary: RunSummary
}

function withExtension(path: string, extension: string): string {
  return path.replace(/\.[^./\\]*$/, '') + extension
}

interface Loaded {
  article: InputArticle
  targets: Targets
  text?: string
  /** The Chinese original, when one is given (see io/bilingual.ts). */
  source?: ArticleSource
  error?: Error
}

export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  const { articles, errors } = await collectInputs(options.inputs)
  const limit = pLimit(Math.max(1, options.jobs ?? 1))
  const claimed = new Map<string, string>()
  const inputs = new Set(articles.map((article) => resolve(article.source)))
  const html = options.html ?? true

  // Read everything first: batch-level learning needs every article before any is cleaned.
  const read = await Promise.all(articles.map((article) => limit(() => load(article, options))))
  // A JSONL file holds many articles; targets are planned in path order once all are known.
  const loaded: Loaded[] = read.flat().map((item) => {
    const targets = planTargets(item.article, options, claimed, inputs, html)
    return targets.conflict
      ? {
          ...item,
          targets,
          text: undefined,
          error: new InputError(item.article.relative, targets.conflict),
        }
      : { ...item, targets }
  })
  const learned =
    options.learnBoilerplate && loaded.length > 1
      ? learnBoilerplate(
          loaded.flatMap((item) =>
            item.text === undefined
              ? []
              : [{ text: item.text, format: formatOf(item.article.relative) }],
          ),
          options.learnBoilerplate,
        )
      : undefined

  const readable = loaded.flatMap((item) =>
    item.text === undefined ? [] : [{ file: item.article.relative, text: item.text }],
  )
  const index = options.index ? await readIndex(options.index) : undefined
  const duplicates =
    options.batchDedupe && (readable.length > 1 || index)
      ? findBatchDuplicates(readable, options.batchDedupe, index)
      : undefined
  if (options.index && index && options.updateIndex !== false) {
    await writeFileAtomic(options.index, index.serialize())
  }

  const outcomes = await Promise.all(
    loaded.map((item) => limit(() => finish(item, options, learned, duplicates))),
  )
  for (const error of errors) outcomes.push({ file: error.file, error })
  outcomes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const summary = summarise(outcomes, options.reports, learned, duplicates)
  if (options.reports) {
    await writeFileAtomic(
      join(options.reports, 'summary.json'),
      `${JSON.stringify(summary, null, 2)}\n`,
    )
    if (html) await writeFileAtomic(join(options.reports, 'index.html'), renderBatchIndex(summary))
  }
  return { outcomes, summary }
}

interface Targets {
  output?: string
  report?: string
  html?: string
  conflict?: string
}

function planTargets(
  article: InputArticle,
  options: BatchOptions,
  claimed: Map<string, string>,
  inputs: Set<string>,
  html: boolean,
): Targets {
  const targets: Targets = {}
  if (options.out && article.source !== '-')
    targets.output = join(options.out, withExtension(article.relative, '.md'))
  if (options.reports) {
    targets.report = join(options.reports, withExtension(article.relative, '.json'))
    if (html) targets.html = join(options.reports, withExtension(article.relative, '.html'))
  }
  if (article.source.includes('#')) delete targets.output
  if (options.out && article.source.includes('#'))
    targets.output = join(options.out, article.relative)
  for (const target of [targets.output, targets.report, targets.html]) {
    if (!target) continue
    const key = resolve(target)
    if (inputs.has(key)) targets.conflict = `refusing to overwrite an input file: ${target}`
    const owner = claimed.get(key)
    if (owner) targets.conflict = `${target} is already written for ${owner}`
    else claimed.set(key, article.relative)
  }
  return targets
}

async function load(
  article: InputArticle,
  options: BatchOptions,
): Promise<Omit<Loaded, 'targets'>[]> {
  try {
    let bytes: Buffer
    try {
      bytes = article.source === '-' ? await readStdin() : await readFile(article.source)
    } catch (error) {
      throw new InputError(article.relative, describeFsError(error))
    }
    const text = decodeArticle(bytes, article.relative, {
      ...(options.encoding ? { encoding: options.encoding } : {}),
      ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    })
    if (/\.jsonl$/i.test(article.relative)) {
      const { articles, errors } = jsonlArticles(text, article.relative)
      return [
        ...articles.map((record) => ({
          article: { source: `${article.source}#${record.relative}`, relative: record.relative },
          text: record.text,
          source: record.source,
        })),
        ...errors.map((error) => ({ article, error })),
      ]
    }
    const source =
      article.source === '-' ? undefined : await findSource(article.source, text, article.relative)
    return [{ article, text, ...(source ? { source } : {}) }]
  } catch (error) {
    return [{ article, error: error as Error }]
  }
}

async function readIndex(path: string): Promise<LshIndex> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return new LshIndex({ threshold: DEFAULT_BATCH_DEDUPE.threshold })
    throw new InputError(path, describeFsError(error))
  }
  try {
    return LshIndex.deserialize(new Uint8Array(bytes))
  } catch (error) {
    throw new InputError(path, `not an mt-tidy index file: ${(error as Error).message}`)
  }
}

async function finish(
  item: Loaded,
  options: BatchOptions,
  learned: ReturnType<typeof learnBoilerplate> | undefined,
  duplicates: BatchDedupeResult | undefined,
): Promise<ArticleOutcome> {
  const file = item.article.relative
  if (item.text === undefined) return { file, error: item.error ?? new Error('unreadable') }
  try {
    const result = clean(item.text, {
      rules: options.rules,
      path: file,
      ...(options.suppressions ? { suppressions: options.suppressions } : {}),
      ...(learned ? { learnedBoilerplate: learned } : {}),
      ...(item.source ? { source: item.source } : {}),
      ...(duplicates?.byFile.has(file)
        ? {
            batchDuplicates: {
              duplicates: duplicates.byFile.get(file) ?? [],
              action: duplicates.settings.action,
            },
          }
        : {}),
    })
    const { targets } = item
    if (item.article.source === '-') options.writeStdout?.(result.output)
    if (targets.output) await writeFileAtomic(targets.output, result.output)
    if (targets.report)
      await writeFileAtomic(targets.report, `${JSON.stringify(result.report, null, 2)}\n`)
    if (targets.html) {
      const page = renderArticleReport({
        report: result.report,
        inputText: item.text,
        outputText: result.output,
      })
      await writeFileAtomic(targets.html, page)
    }
    return { file, result, ...withoutConflict(targets) }
  } catch (error) {
    return { file, error: error as Error }
  }
}

function withoutConflict({ conflict: _, ...targets }: Targets): Omit<Targets, 'conflict'> {
  return targets
}

function summarise(
  outcomes: readonly ArticleOutcome[],
  reports: string | undefined,
  learned: ReturnType<typeof learnBoilerplate> | undefined,
  duplicates: BatchDedupeResult | undefined,
): RunSummary {
  const local = (path: string | undefined) => (path && reports ? relative(reports, path) : '')
  const articles: BatchSummaryEntry[] = outcomes.map((outcome) => {
    const report = outcome.result?.report
    const entry: BatchSummaryEntry = {
      file: outcome.file,
      report: local(outcome.report),
      html: local(outcome.html),
      edits: report?.stats.edits ?? 0,
      findings: report?.stats.findings ?? 0,
      findingsBySeverity:
        report?.stats.findingsBySeverity ??
        (Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>),
      duplicatesAcrossBatch: duplicates?.byFile.get(outcome.file)?.length ?? 0,
    }
    if (outcome.output) entry.output = outcome.output
    if (outcome.error) entry.error = outcome.error.message
    return entry
  })
  return {
    schema: 1,
    tool: { name: 'mt-tidy', version: VERSION },
    articles,
    wholeArticleDuplicates: duplicates?.wholeArticles ?? [],
    learnedBoilerplate: learned
      ? [...learned.examples].map(([key, text]) => ({
          text,
          articles: learned.paragraphs.get(key) ?? 0,
        }))
      : [],
    totals: {
      articles: articles.length,
      failed: articles.filter((a) => a.error).length,
      edits: articles.reduce((sum, a) => sum + a.edits, 0),
      findings: articles.reduce((sum, a) => sum + a.findings, 0),
    },
  }
}
