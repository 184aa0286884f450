/**
 * Runs mt-tidy over files: collects articles, reads them safely, cleans them with bounded
 * concurrency and writes outputs and reports atomically. One bad article never stops the batch;
 * its error is recorded and the caller decides the exit code. Results are in path order whatever
 * the order of completion.
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import pLimit from 'p-limit'
import { type CleanResult, clean } from './clean.js'
import type { Suppression } from './core/suppressions.js'
import type { Severity } from './core/types.js'
import { VERSION } from './core/version.js'
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
import type { RuleSet } from './rules/load.js'

export interface BatchOptions {
  inputs: readonly string[]
  rules: RuleSet
  /** Folder for cleaned articles; nothing is written when absent. */
  out?: string
  /** Folder for JSON reports and `summary.json`; nothing is written when absent. */
  reports?: string
  jobs?: number
  suppressions?: readonly Suppression[]
  encoding?: Encoding
  maxBytes?: number
  /** Where a `-` input's cleaned text goes (standard output in the CLI). */
  writeStdout?: (text: string) => void
}

export interface ArticleOutcome {
  file: string
  output?: string
  report?: string
  result?: CleanResult
  error?: Error
}

export interface BatchSummaryEntry {
  file: string
  output?: string
  report?: string
  edits: number
  findings: number
  findingsBySeverity?: Record<Severity, number>
  error?: string
}

export interface RunSummary {
  schema: 1
  tool: { name: 'mt-tidy'; version: string }
  articles: BatchSummaryEntry[]
  totals: { articles: number; failed: number; edits: number; findings: number }
}

export interface BatchResult {
  outcomes: ArticleOutcome[]
  summary: RunSummary
}

function withExtension(path: string, extension: string): string {
  return path.replace(/\.[^./\\]*$/, '') + extension
}

export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  const { articles, errors } = await collectInputs(options.inputs)
  const limit = pLimit(Math.max(1, options.jobs ?? 1))
  const claimed = new Map<string, string>()
  const inputs = new Set(articles.map((article) => resolve(article.source)))
  const outcomes = await Promise.all(
    articles.map((article) => {
      const targets = planTargets(article, options, claimed, inputs)
      return limit(() => processArticle(article, targets, options))
    }),
  )
  for (const error of errors) outcomes.push({ file: error.file, error })
  outcomes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const summary = summarise(outcomes)
  if (options.reports) {
    await writeFileAtomic(
      join(options.reports, 'summary.json'),
      `${JSON.stringify(summary, null, 2)}\n`,
    )
  }
  return { outcomes, summary }
}

interface Targets {
  output?: string
  report?: string
  conflict?: string
}

function planTargets(
  article: InputArticle,
  options: BatchOptions,
  claimed: Map<string, string>,
  inputs: Set<string>,
): Targets {
  const targets: Targets = {}
  if (options.out && article.source !== '-')
    targets.output = join(options.out, withExtension(article.relative, '.md'))
  if (options.reports)
    targets.report = join(options.reports, withExtension(article.relative, '.json'))
  for (const target of [targets.output, targets.report]) {
    if (!target) continue
    const key = resolve(target)
    if (inputs.has(key)) targets.conflict = `refusing to overwrite an input file: ${target}`
    const owner = claimed.get(key)
    if (owner) targets.conflict = `${target} is already written for ${owner}`
    else claimed.set(key, article.relative)
  }
  return targets
}

async function processArticle(
  article: InputArticle,
  targets: Targets,
  options: BatchOptions,
): Promise<ArticleOutcome> {
  const file = article.relative
  try {
    if (targets.conflict) throw new InputError(file, targets.conflict)
    let bytes: Buffer
    try {
      bytes = article.source === '-' ? await readStdin() : await readFile(article.source)
    } catch (error) {
      throw new InputError(file, describeFsError(error))
    }
    const text = decodeArticle(bytes, file, {
      ...(options.encoding ? { encoding: options.encoding } : {}),
      ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    })
    const result = clean(text, {
      rules: options.rules,
      path: file,
      ...(options.suppressions ? { suppressions: options.suppressions } : {}),
    })
    if (article.source === '-') options.writeStdout?.(result.output)
    if (targets.output) await writeFileAtomic(targets.output, result.output)
    if (targets.report)
      await writeFileAtomic(targets.report, `${JSON.stringify(result.report, null, 2)}\n`)
    return { file, result, ...targets }
  } catch (error) {
    return { file, error: error as Error }
  }
}

function summarise(outcomes: readonly ArticleOutcome[]): RunSummary {
  const articles: BatchSummaryEntry[] = outcomes.map((outcome) => {
    const report = outcome.result?.report
    const entry: BatchSummaryEntry = {
      file: outcome.file,
      edits: report?.stats.edits ?? 0,
      findings: report?.stats.findings ?? 0,
    }
    if (outcome.output) entry.output = outcome.output
    if (outcome.report) entry.report = outcome.report
    if (report) entry.findingsBySeverity = report.stats.findingsBySeverity
    if (outcome.error) entry.error = outcome.error.message
    return entry
  })
  return {
    schema: 1,
    tool: { name: 'mt-tidy', version: VERSION },
    articles,
    totals: {
      articles: articles.length,
      failed: articles.filter((a) => a.error).length,
      edits: articles.reduce((sum, a) => sum + a.edits, 0),
      findings: articles.reduce((sum, a) => sum + a.findings, 0),
    },
  }
}
