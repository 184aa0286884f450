/**
 * Whole-pipeline articles per second on a generated batch of scraped articles, with --jobs 1 and
 * --jobs 2, beside remark-parse alone on the same articles (the floor).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { runBatch } from '../pipeline/batch.js'
import { shippedRules } from '../pipeline/clean.js'
import { prose, REFERENCE, seededRandom, table } from './corpus.js'

/** Scraped-looking articles: the reference article's furniture around generated prose. */
export function scrapedArticles(count: number, seed = 1): string[] {
  const random = seededRandom(seed)
  const lines = REFERENCE.split('\n')
  const header = lines.slice(0, 3).join('\n')
  const footer = lines.slice(-5).join('\n')
  return Array.from({ length: count }, (_, i) => {
    const body = prose(
      4000 + Math.floor(random() * 8000),
      seed * 1000 + i,
      ['internet plus-related', 'small program'],
      0.05,
    )
    return `${header}\n\n${body}\n${footer}`
  })
}

export async function benchPipeline(options: { articles?: number } = {}): Promise<void> {
  const count = options.articles ?? Number(process.env.BENCH_ARTICLES ?? 400)
  console.log(`\n## Whole pipeline vs remark-parse alone — ${count} generated articles\n`)
  const texts = scrapedArticles(count)
  const bytes = texts.reduce((sum, text) => sum + text.length, 0)
  const dir = mkdtempSync(join(tmpdir(), 'mt-tidy-bench-'))
  const input = join(dir, 'input')
  mkdirSync(input)
  for (const [i, text] of texts.entries()) {
    writeFileSync(join(input, `a${String(i).padStart(5, '0')}.txt`), text)
  }
  const rules = shippedRules()

  // The floor is parsing once warmed up: best of three passes, the first not counted.
  const parser = unified().use(remarkParse)
  for (const text of texts) parser.parse(text)
  let parseMs = Number.POSITIVE_INFINITY
  let start = 0
  for (let pass = 0; pass < 3; pass++) {
    start = performance.now()
    for (const text of texts) parser.parse(text)
    parseMs = Math.min(parseMs, performance.now() - start)
  }

  const rows: (string | number)[][] = [['run', 'articles/s', 'MB/s', 'vs parse alone']]
  rows.push([
    'remark-parse alone',
    (count / (parseMs / 1000)).toFixed(1),
    (bytes / 1048576 / (parseMs / 1000)).toFixed(2),
    '1.00x',
  ])
  for (const jobs of [1, 2]) {
    start = performance.now()
    await runBatch({
      inputs: [input],
      rules,
      out: join(dir, `out${jobs}`),
      reports: join(dir, `reports${jobs}`),
      jobs,
    })
    const ms = performance.now() - start
    rows.push([
      `mt-tidy --jobs ${jobs}`,
      (count / (ms / 1000)).toFixed(1),
      (bytes / 1048576 / (ms / 1000)).toFixed(2),
      `${(ms / parseMs).toFixed(2)}x`,
    ])
  }
  table(rows)
  console.log('\nGoal: the whole pipeline within 2x of parsing alone (I/O and reports included).')
  rmSync(dir, { recursive: true, force: true })
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPipeline()
