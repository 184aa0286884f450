#!/usr/bin/env node
/**
 * The mt-tidy command line: a thin layer over the library API. Exit codes: 0 fine, 1 findings at
 * or above --fail-on (check) or failing rule specs (rules test), 2 bad usage, unreadable input,
 * bad config or bad rules.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { reporter } from 'vfile-reporter'
import { type ArticleOutcome, type BatchOptions, runBatch } from '../batch.js'
import { shippedRules } from '../clean.js'
import { type Config, loadConfig } from '../config.js'
import { loadSuppressions, type Suppression } from '../core/suppressions.js'
import type { Report } from '../core/types.js'
import { SEVERITIES, type Severity, severityRank } from '../core/types.js'
import { VERSION } from '../core/version.js'
import { type BatchDedupeSettings, DEFAULT_BATCH_DEDUPE } from '../dedupe-batch.js'
import { decodeArticle, describeFsError, InputError } from '../io/read.js'
import { toSarif } from '../io/sarif.js'
import { writeFileAtomic } from '../io/write.js'
import {
  applyDecisions,
  mergeSuppressions,
  parseDecisionFile,
  parseSuppressionFile,
  rejectionsToSuppressions,
} from '../review/index.js'
import { loadLexicon } from '../rules/lexicon.js'
import { loadRules, type RuleSet } from '../rules/load.js'
import { countSpecs, formatSpecFailure, runSpecs, speccedRules } from '../rules/specs.js'
import { DEFAULT_LEARNING } from '../stages/02-boilerplate.js'

const EXIT_FINDINGS = 1
const EXIT_ERROR = 2

/** Where `apply` remembers rejected edits and `run` / `check` look for them by default. */
const DEFAULT_SUPPRESSIONS = 'mt-tidy.suppressions.json'

/** Colour only on a terminal, and never with NO_COLOR. */
function useColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '')
}

function positiveInt(value: string): number {
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError('expected a whole number ≥ 1')
  return number
}

interface CommonOptions {
  config?: string
  rules?: string
  suppressions?: string
  jobs?: number
  maxSize?: number
  encoding?: 'utf8' | 'gb18030'
  index?: string
}

interface Setup {
  config: Config
  rules: RuleSet
  suppressions: Suppression[]
}

function setUp(options: CommonOptions): Setup {
  const config = options.config ? loadConfig(options.config) : {}
  const rulesDir = options.rules ?? config.rules
  const rules = rulesDir ? loadRules(resolve(rulesDir)) : shippedRules()
  const suppressionsFile = options.suppressions ?? config.suppressions ?? DEFAULT_SUPPRESSIONS
  const suppressions = suppressionsFile ? loadSuppressions(suppressionsFile) : []
  return { config, rules, suppressions }
}

function addCommonOptions(command: Command): Command {
  return command
    .option('--config <file>', 'config file (YAML or JSON)')
    .option('--rules <dir>', 'rules folder (default: the rules shipped with mt-tidy)')
    .option('--suppressions <file>', 'suppression file of edits and findings rejected in review')
    .option('--jobs <n>', 'articles processed at once', positiveInt)
    .option('--max-size <bytes>', 'refuse articles larger than this', positiveInt)
    .addOption(new Option('--encoding <name>', 'input encoding').choices(['utf8', 'gb18030']))
    .option(
      '--index <file>',
      "paragraph signatures of earlier runs: dedupe against them, then add this batch's",
    )
}

/** The batch options `run` and `check` share: command line first, then the config file. */
function batchOptions(inputs: string[], options: CommonOptions): BatchOptions & { config: Config } {
  const { config, rules, suppressions } = setUp(options)
  const maxBytes = options.maxSize ?? config.maxSize
  const encoding = options.encoding ?? config.encoding
  return {
    config,
    inputs,
    rules,
    suppressions,
    jobs: options.jobs ?? config.jobs ?? 1,
    ...(maxBytes ? { maxBytes } : {}),
    ...(encoding ? { encoding } : {}),
    // Duplicates across the batch: on with the dedupe stage, tuned under dedupe.batch.
    ...(rules.pipeline.dedupe
      ? {
          batchDedupe: {
            ...DEFAULT_BATCH_DEDUPE,
            ...((rules.pipeline.dedupe as { batch?: Partial<BatchDedupeSettings> }).batch ?? {}),
          },
        }
      : {}),
    ...(options.index ? { index: options.index } : {}),
    // Batch learning of boilerplate: on by default, tuned or switched off in the config file.
    // It belongs to the boilerplate stage: no boilerplate data, no learning (an empty rules
    // folder changes nothing).
    ...(config.learnBoilerplate === false || rules.boilerplate.length === 0
      ? {}
      : { learnBoilerplate: { ...DEFAULT_LEARNING, ...config.learnBoilerplate } }),
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(
      `${path}: ${(error as NodeJS.ErrnoException).code ? describeFsError(error) : (error as Error).message}`,
    )
  }
}

function printErrors(outcomes: readonly ArticleOutcome[]): number {
  let failed = 0
  for (const outcome of outcomes) {
    if (!outcome.error) continue
    failed++
    process.stderr.write(`mt-tidy: ${outcome.error.message}\n`)
  }
  return failed
}

export function buildProgram(): Command {
  const program = new Command('mt-tidy')
    .description('Clean machine-translated news articles and check their translation quality.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      getOutHasColors: () => useColor(process.stdout),
      getErrHasColors: () => useColor(process.stderr),
    })

  addCommonOptions(
    program
      .command('run')
      .description('clean articles into --out and write a JSON report per article into --reports')
      .argument(
        '[inputs...]',
        'files or folders (.txt and .md, recursively); - reads standard input',
        ['input'],
      )
      .option('--out <dir>', 'folder for cleaned articles (<out>/<relative path>.md)')
      .option(
        '--reports <dir>',
        'folder for reports (<reports>/<relative path>.json and summary.json)',
      ),
  ).action(
    async (inputs: string[], options: CommonOptions & { out?: string; reports?: string }) => {
      const { outcomes, summary } = await runBatch({
        ...batchOptions(inputs, options),
        ...(options.out ? { out: options.out } : {}),
        ...(options.reports ? { reports: options.reports } : {}),
        writeStdout: (text) => process.stdout.write(text),
      })
      const failed = printErrors(outcomes)
      const toStdout = inputs.includes('-')
      if (!toStdout) {
        const { totals } = summary
        process.stderr.write(
          `mt-tidy: ${totals.articles - totals.failed} of ${totals.articles} article(s) cleaned, ${totals.edits} edit(s), ${totals.findings} finding(s)${options.out ? ` → ${options.out}` : ''}${options.reports ? `, reports in ${options.reports}` : ''}\n`,
        )
      }
      if (failed > 0 || summary.totals.articles === 0) process.exitCode = EXIT_ERROR
    },
  )

  addCommonOptions(
    program
      .command('check')
      .description(
        'print findings without writing anything; exit 1 when any is at or above --fail-on',
      )
      .argument('<inputs...>', 'files or folders; - reads standard input')
      .addOption(
        new Option('--format <format>', 'output format')
          .choices(['stylish', 'json', 'sarif'])
          .default('stylish'),
      )
      .addOption(
        new Option('--fail-on <severity>', 'lowest severity that fails the check').choices([
          ...SEVERITIES,
        ]),
      ),
  ).action(
    async (
      inputs: string[],
      options: CommonOptions & { format: 'stylish' | 'json' | 'sarif'; failOn?: Severity },
    ) => {
      const batch = batchOptions(inputs, options)
      const failOn = options.failOn ?? batch.config.failOn ?? 'major'
      const { outcomes } = await runBatch({ ...batch, updateIndex: false })
      const results = outcomes.flatMap((outcome) => (outcome.result ? [outcome.result] : []))
      if (options.format === 'json') {
        const files = results.map(({ report }) => ({
          file: report.file,
          edits: report.edits,
          findings: report.findings,
        }))
        process.stdout.write(`${JSON.stringify({ schema: 1, failOn, files }, null, 2)}\n`)
      } else if (options.format === 'sarif') {
        const inputs = Object.fromEntries(
          results.map(({ report, file }) => [report.file, String(file.value)]),
        )
        const sarif = toSarif(
          results.map(({ report }) => report),
          inputs,
        )
        process.stdout.write(`${JSON.stringify(sarif, null, 2)}\n`)
      } else {
        const text = reporter(
          results.map((result) => result.file),
          { color: useColor(process.stdout), quiet: true },
        )
        if (text) process.stdout.write(`${text}\n`)
      }
      const failed = printErrors(outcomes)
      // A proposed edit is a defect of the input too, so it counts like a finding.
      const failing = results.some(({ report }) =>
        [...report.edits, ...report.findings].some(
          (item) => severityRank(item.severity) >= severityRank(failOn),
        ),
      )
      process.exitCode = failed > 0 ? EXIT_ERROR : failing ? EXIT_FINDINGS : 0
    },
  )

  program
    .command('apply')
    .description(
      'apply a review: the article with only the accepted edits, and the rejected ones remembered so the next run does not propose them again',
    )
    .argument('<report>', 'the article report (reports/<article>.json)')
    .argument('<decisions>', 'the decisions exported from the HTML report')
    .option('--input <file>', 'the original article (default: input/<file named in the report>)')
    .option('--out <file>', 'where to write the reviewed article (default: standard output)')
    .option(
      '--suppressions <file>',
      'suppression file the rejections are added to',
      DEFAULT_SUPPRESSIONS,
    )
    .action(
      async (
        reportPath: string,
        decisionsPath: string,
        options: { input?: string; out?: string; suppressions: string },
      ) => {
        const report = readJson(reportPath) as Report
        const decisions = parseDecisionFile(readJson(decisionsPath))
        const inputPath = options.input ?? join('input', report.file)
        let input: string
        try {
          input = decodeArticle(readFileSync(inputPath), inputPath)
        } catch (error) {
          throw new Error(
            `${inputPath}: ${error instanceof InputError ? error.message : describeFsError(error)} (give the original article with --input)`,
          )
        }
        const reviewed = applyDecisions(report, input, decisions)
        const rejected = rejectionsToSuppressions(decisions)
        if (rejected.length > 0) {
          const existing = existsSync(options.suppressions)
            ? parseSuppressionFile(readJson(options.suppressions))
            : undefined
          const merged = mergeSuppressions(existing, rejected)
          await writeFileAtomic(options.suppressions, `${JSON.stringify(merged, null, 2)}\n`)
        }
        if (options.out) await writeFileAtomic(options.out, reviewed)
        else process.stdout.write(reviewed)
        const rejections = decisions.decisions.filter((d) => d.decision === 'reject').length
        process.stderr.write(
          `mt-tidy: ${report.edits.length - rejections} edit(s) applied, ${rejections} rejected${rejected.length ? ` (remembered in ${options.suppressions})` : ''}\n`,
        )
      },
    )

  const rulesCommand = program.command('rules').description('work with rule files')
  rulesCommand
    .command('test')
    .description("run every rule's specs; exit 1 on any failure")
    .argument('[dir]', 'rules folder (default: the rules shipped with mt-tidy)')
    .action((dir: string | undefined) => {
      const rules = dir ? loadRules(resolve(dir)) : shippedRules()
      // Read now, so a malformed line is reported here rather than on the first bilingual run.
      const lexicon = rules.lexicon.length > 0 ? loadLexicon(rules.lexicon) : undefined
      const failures = runSpecs(rules)
      for (const failure of failures) process.stdout.write(`${formatSpecFailure(failure)}\n`)
      const specs = countSpecs(rules)
      process.stdout.write(
        `${specs - failures.length} passed, ${failures.length} failed (${speccedRules(rules).length} rules)${lexicon ? `; lexicon: ${lexicon.size} headwords` : ''}\n`,
      )
      if (failures.length > 0) process.exitCode = EXIT_FINDINGS
    })

  return program
}

/** `npm start` with no arguments cleans input/ into output/ and reports/. */
export const DEFAULT_ARGS = ['run', 'input', '--out', 'output', '--reports', 'reports']

export async function main(argv: string[]): Promise<number> {
  const args = argv.length === 0 ? DEFAULT_ARGS : argv
  const program = buildProgram()
  try {
    await program.parseAsync(args, { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_ERROR
    }
    process.stderr.write(`mt-tidy: ${(error as Error).message}\n`)
    return EXIT_ERROR
  }
}

function invokedDirectly(): boolean {
  // The bin is usually a symlink (node_modules/.bin/mt-tidy): compare real paths.
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (invokedDirectly()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
