/**
 * Speed of the review pages: the reference article, generated articles of 0.25 / 0.5 / 1 MB with
 * 5,000 edits per MB (render time should grow linearly), and a 500-article batch index.
 */
import { fileURLToPath } from 'node:url'
import { renderArticleReport } from '../pipeline/review/render-article.js'
import { type BatchSummary, renderBatchIndex } from '../pipeline/review/render-index.js'
import { type FindingSpec, makeReport, type Splice } from '../test/review/make-report.js'
import { referenceReport } from '../test/review/reference-report.js'

const WORDS =
  'the company said revenue rose in second quarter Taobao WeChat Alipay payment platform interconnection merchants users growth market analysts expect profit margin billion yuan year'.split(
    ' ',
  )

/** Deterministic so runs compare: a 32-bit xorshift. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1
  return () => {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state / 2 ** 32
  }
}

function generatedArticle(targetChars: number, editCount: number) {
  const next = random(targetChars)
  const paragraphs: string[] = []
  let length = 0
  while (length < targetChars) {
    const sentences: string[] = []
    for (let s = 0; s < 4; s++) {
      const words = Array.from(
        { length: 12 + Math.floor(next() * 10) },
        () => WORDS[Math.floor(next() * WORDS.length)],
      )
      sentences.push(`${words.join(' ')}.`)
    }
    const paragraph = sentences.join(' ')
    paragraphs.push(paragraph)
    length += paragraph.length + 2
  }
  const text = paragraphs.join('\n\n')
  const splices: Splice[] = []
  const findings: FindingSpec[] = []
  const stride = Math.floor(text.length / editCount)
  for (let index = 0; index < editCount; index++) {
    const start = index * stride + Math.floor(next() * (stride / 2))
    const kind = index % 4
    const end = Math.min(text.length, start + (kind === 2 ? 0 : 5 + Math.floor(next() * 40)))
    const after =
      kind === 0
        ? ''
        : kind === 1
          ? 'interconnection of platforms'
          : kind === 2
            ? 'inserted words '
            : text.slice(start, end).toUpperCase()
    splices.push({ start, end, after, rule: `bench/kind-${kind}`, reason: 'generated edit' })
    if (index % 10 === 0)
      findings.push({
        start: start + stride / 2,
        end: start + stride / 2 + 8,
        rule: 'bench/finding',
      })
  }
  return makeReport(text, splices, findings, 'input/generated.txt')
}

/**
 * Best of three runs, wall-clock and CPU time of this process: the minimum is the least disturbed
 * by other work on the machine, and CPU time shows the cost when the machine is shared.
 */
function time<T>(run: () => T): { ms: number; cpuMs: number; result: T } {
  let best = Number.POSITIVE_INFINITY
  let bestCpu = Number.POSITIVE_INFINITY
  let result = run()
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = performance.now()
    const cpu = process.cpuUsage()
    result = run()
    const used = process.cpuUsage(cpu)
    best = Math.min(best, performance.now() - started)
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000)
  }
  return { ms: best, cpuMs: bestCpu, result }
}

export async function benchReview(): Promise<void> {
  const reference = referenceReport()
  renderArticleReport(reference) // warm up the JIT and the hash cache
  const referenceRun = time(() => renderArticleReport(reference))
  console.log(
    `review: reference article (${reference.inputText.length} chars, ${reference.report.edits.length} edits): ` +
      `${referenceRun.ms.toFixed(1)} ms (cpu ${referenceRun.cpuMs.toFixed(1)} ms), ${(referenceRun.result.length / 1024).toFixed(0)} KiB of HTML`,
  )

  for (const megabytes of [0.25, 0.5, 1]) {
    const built = generatedArticle(megabytes * 1_000_000, megabytes * 5000)
    const run = time(() => renderArticleReport(built))
    console.log(
      `review: ${megabytes} MB article, ${built.report.edits.length} edits: ${run.ms.toFixed(0)} ms ` +
        `(cpu ${run.cpuMs.toFixed(0)} ms; ${(run.ms / megabytes).toFixed(0)} ms/MB), ${(run.result.length / 1_048_576).toFixed(1)} MiB of HTML`,
    )
  }

  const next = random(500)
  const summary: BatchSummary = {
    schema: 1,
    tool: { name: 'mt-tidy', version: 'bench' },
    articles: Array.from({ length: 500 }, (_, index) => ({
      file: `input/${String(index).padStart(3, '0')}_${Math.floor(next() * 1e12).toString(16)}.txt`,
      report: `${index}.json`,
      html: `${index}.html`,
      edits: Math.floor(next() * 40),
      findingsBySeverity: {
        info: Math.floor(next() * 5),
        minor: Math.floor(next() * 5),
        major: Math.floor(next() * 3),
        critical: Math.floor(next() * 2),
      },
      duplicatesAcrossBatch: Math.floor(next() * 3),
      ...(index % 50 === 0 ? { error: 'could not be read' } : {}),
    })),
  }
  const indexRun = time(() => renderBatchIndex(summary))
  console.log(
    `review: batch index of 500 articles: ${indexRun.ms.toFixed(0)} ms (cpu ${indexRun.cpuMs.toFixed(0)} ms), ${(indexRun.result.length / 1024).toFixed(0)} KiB of HTML`,
  )
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await benchReview()
}
