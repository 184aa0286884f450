/**
 * Near-duplicate search benchmark: MinHash + LSH (pipeline/lib/minhash.ts) on 10k, 100k and 1M
 * generated paragraphs with planted near duplicates, measuring time, peak memory and recall.
 *
 * Paragraphs are random walks on a word-bigram model of the real English news translations in
 * test/fixtures/zh-en-news-dev, so their vocabulary and phrase statistics are those of MT news
 * English. One item in ten is planted: a copy of one of the previous 2,000 paragraphs with some
 * words replaced, aiming at Jaccard 1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7 or 0.6 (the exact value
 * is computed, not assumed). Everything is seeded: the same size gives the same paragraphs.
 *
 * Each size runs in its own child process so its peak RSS is its own. Recall is measured on the
 * first 10k paragraphs against an exact all-pairs Jaccard search (pairs with Jaccard ≥ 0.8).
 *
 * Run alone: `npx tsx bench/minhash.ts [sizes...]`, e.g. `npx tsx bench/minhash.ts 10000 100000`.
 */
import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { NearDuplicateFinder, similarPairs } from '../pipeline/lib/minhash.js'
import { jaccardSorted, shingleHashes } from '../pipeline/lib/similarity.js'

const THRESHOLD = 0.8
const DEFAULT_SIZES = [10_000, 100_000, 1_000_000]
const RECALL_SAMPLE = 10_000
const PLANT_EVERY = 10
const PLANT_WINDOW = 2_000
const PLANT_LEVELS = [1, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6]
const GENERATOR_SEED = 20240618
const MEMORY_SAMPLE_EVERY = 5_000
const CHILD_FLAG = '--minhash-bench-child'

/** mulberry32: small seeded generator, deterministic across runs and platforms. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface BigramModel {
  starts: string[]
  followers: Map<string, string[]>
  vocabulary: string[]
}

function loadModel(): BigramModel {
  const file = fileURLToPath(
    new URL('../test/fixtures/zh-en-news-dev/pairs.jsonl', import.meta.url),
  )
  const starts: string[] = []
  const followers = new Map<string, string[]>()
  const vocabulary = new Set<string>()
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue
    const record = JSON.parse(line) as { en: string[] }
    for (const paragraph of record.en) {
      for (const sentence of paragraph.split(/(?<=[.!?])\s+/)) {
        const words = sentence.split(/\s+/).filter((word) => word !== '')
        if (words.length < 4) continue
        starts.push(words[0] as string)
        for (let i = 0; i < words.length; i += 1) {
          const word = words[i] as string
          vocabulary.add(word)
          const next = words[i + 1]
          if (next === undefined) continue
          const list = followers.get(word)
          if (list) list.push(next)
          else followers.set(word, [next])
        }
      }
    }
  }
  return { starts, followers, vocabulary: [...vocabulary].sort() }
}

interface GeneratedItem {
  text: string
  /** Index of the paragraph this one was planted from, if planted. */
  source?: number
}

/** The deterministic stream of benchmark paragraphs. */
function* paragraphs(model: BigramModel, count: number): Generator<GeneratedItem> {
  const next = random(GENERATOR_SEED)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
  const recent: string[][] = []
  for (let index = 0; index < count; index += 1) {
    let words: string[]
    let source: number | undefined
    if (index >= PLANT_WINDOW && index % PLANT_EVERY === 0) {
      source = index - 1 - Math.floor(next() * PLANT_WINDOW)
      words = [...(recent[source % PLANT_WINDOW] as string[])]
      const level = pick(PLANT_LEVELS)
      // Replacing one word changes up to three 3-word shingles: aim m edits at Jaccard `level`.
      const shingleCount = Math.max(1, words.length - 2)
      const edits = Math.round((shingleCount * (1 - level)) / (3 * (1 + level)))
      for (let edit = 0; edit < edits; edit += 1) {
        words[Math.floor(next() * words.length)] = pick(model.vocabulary)
      }
    } else {
      words = []
      const length = 40 + Math.floor(next() * 70)
      let word = pick(model.starts)
      while (words.length < length) {
        words.push(word)
        const options = model.followers.get(word)
        word = options === undefined || /[.!?]$/.test(word) ? pick(model.starts) : pick(options)
      }
    }
    recent[index % PLANT_WINDOW] = words
    yield source === undefined ? { text: words.join(' ') } : { text: words.join(' '), source }
  }
}

interface SizeResult {
  size: number
  seconds: number
  kept: number
  duplicates: number
  peakRssMb: number
  peakHeapMb: number
  peakArrayBuffersMb: number
  plantedAtThreshold: number
  plantedFound: number
  bands: number
  rows: number
}

/** One size, in this process: stream the paragraphs through the keep-first finder. */
function runSize(size: number): SizeResult {
  const model = loadModel()
  const finder = new NearDuplicateFinder({ threshold: THRESHOLD, expectedItems: size })
  const recentSets: Uint32Array[] = []
  const recentKept: boolean[] = []
  let peakRss = 0
  let peakHeap = 0
  let peakArrayBuffers = 0
  const sampleMemory = () => {
    const usage = process.memoryUsage()
    peakRss = Math.max(peakRss, usage.rss)
    peakHeap = Math.max(peakHeap, usage.heapUsed)
    peakArrayBuffers = Math.max(peakArrayBuffers, usage.arrayBuffers)
  }
  let searchNs = 0n
  let duplicates = 0
  let plantedAtThreshold = 0
  let plantedFound = 0
  let index = 0
  for (const item of paragraphs(model, size)) {
    const started = process.hrtime.bigint()
    const set = shingleHashes(item.text)
    const verdict = finder.offer(`p${index}`, set)
    searchNs += process.hrtime.bigint() - started
    if (verdict) duplicates += 1
    // Keep recent sets (outside the timing) to know each planted copy's true similarity.
    recentSets[index % PLANT_WINDOW] = set
    recentKept[index % PLANT_WINDOW] = verdict === undefined
    // A copy of a paragraph that was itself dropped is checked against what was kept instead, so
    // it is counted only when its source was kept.
    if (item.source !== undefined && recentKept[item.source % PLANT_WINDOW]) {
      const sourceSet = recentSets[item.source % PLANT_WINDOW] as Uint32Array
      if (jaccardSorted(set, sourceSet) >= THRESHOLD) {
        plantedAtThreshold += 1
        if (verdict) plantedFound += 1
      }
    }
    if (index % MEMORY_SAMPLE_EVERY === 0) sampleMemory()
    index += 1
  }
  sampleMemory()
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20)
  return {
    size,
    seconds: Number(searchNs) / 1e9,
    kept: finder.keptCount,
    duplicates,
    peakRssMb: mb(peakRss),
    peakHeapMb: mb(peakHeap),
    peakArrayBuffersMb: mb(peakArrayBuffers),
    plantedAtThreshold,
    plantedFound,
    ...finder.banding,
  }
}

const pairKey = (first: number, second: number) => `${first} ${second}`

/**
 * Every pair with exact Jaccard ≥ threshold, by prefix filtering (Bayardo et al., "Scaling up all
 * pairs similarity search"), which finds exactly the pairs a comparison of all pairs finds: with
 * shingles ordered rarest first, J(A, B) ≥ t forces |A ∩ B| ≥ t·|A|, so A and B share a shingle
 * among the first |A| − ⌈t·|A|⌉ + 1 of each. Only pairs sharing a prefix shingle are compared,
 * each with the exact Jaccard.
 */
function exactSimilarPairs(sets: readonly Uint32Array[], threshold: number): Set<string> {
  const frequency = new Map<number, number>()
  for (const set of sets)
    for (const value of set) frequency.set(value, (frequency.get(value) ?? 0) + 1)
  const rarestFirst = (a: number, b: number) =>
    (frequency.get(a) as number) - (frequency.get(b) as number) || a - b
  const postings = new Map<number, number[]>()
  const pairs = new Set<string>()
  sets.forEach((set, second) => {
    const ordered = [...set].sort(rarestFirst)
    const prefix = ordered.slice(0, ordered.length - Math.ceil(threshold * ordered.length) + 1)
    const candidates = new Set<number>()
    for (const value of prefix) for (const first of postings.get(value) ?? []) candidates.add(first)
    for (const first of candidates) {
      if (jaccardSorted(sets[first] as Uint32Array, set) >= threshold)
        pairs.add(pairKey(first, second))
    }
    for (const value of prefix) {
      const list = postings.get(value)
      if (list) list.push(second)
      else postings.set(value, [second])
    }
  })
  return pairs
}

interface RecallResult {
  sample: number
  exactPairs: number
  foundPairs: number
  recall: number
  exactSeconds: number
  lshSeconds: number
}

/** LSH pairs against the exact all-pairs Jaccard search on the first paragraphs. */
function measureRecall(sample: number): RecallResult {
  const model = loadModel()
  const sets = Array.from(paragraphs(model, sample), (item) => shingleHashes(item.text))
  const exactStarted = performance.now()
  const exact = exactSimilarPairs(sets, THRESHOLD)
  const exactSeconds = (performance.now() - exactStarted) / 1000
  const lshStarted = performance.now()
  const found = similarPairs(sets, { threshold: THRESHOLD })
  const lshSeconds = (performance.now() - lshStarted) / 1000
  const foundExact = found.filter((pair) => exact.has(pairKey(pair.first, pair.second))).length
  return {
    sample,
    exactPairs: exact.size,
    foundPairs: foundExact,
    recall: exact.size === 0 ? 1 : foundExact / exact.size,
    exactSeconds,
    lshSeconds,
  }
}

function runInChild<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG, ...args], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      const line = output.trim().split('\n').pop() ?? ''
      if (code !== 0) reject(new Error(`benchmark child exited with ${code}: ${output}`))
      else resolve(JSON.parse(line) as T)
    })
  })
}

export async function benchMinhash(opts: { sizes?: number[] } = {}): Promise<void> {
  const sizes = opts.sizes ?? DEFAULT_SIZES
  console.log(
    `MinHash + LSH near-duplicate search, threshold ${THRESHOLD}, keep-first, exact verification`,
  )
  const results: SizeResult[] = []
  for (const size of sizes) {
    const result = await runInChild<SizeResult>(['size', String(size)])
    results.push(result)
  }
  const recall = await runInChild<RecallResult>(['recall', String(RECALL_SAMPLE)])
  const first = results[0]
  if (first) console.log(`banding: ${first.bands} bands × ${first.rows} rows of 128 permutations`)
  console.table(
    results.map((r) => ({
      paragraphs: r.size.toLocaleString('en'),
      'search s': r.seconds.toFixed(1),
      'µs/para': ((r.seconds * 1e6) / r.size).toFixed(1),
      kept: r.kept,
      duplicates: r.duplicates,
      'planted ≥0.8 of kept found': `${r.plantedFound}/${r.plantedAtThreshold}`,
      'peak RSS MB': r.peakRssMb,
      'peak heap MB': r.peakHeapMb,
      'peak typed arrays MB': r.peakArrayBuffersMb,
    })),
  )
  console.log(
    `recall on the first ${recall.sample.toLocaleString('en')} paragraphs: ` +
      `${recall.foundPairs}/${recall.exactPairs} pairs with Jaccard ≥ ${THRESHOLD} = ` +
      `${recall.recall.toFixed(4)} (exact all-pairs ${recall.exactSeconds.toFixed(1)} s, ` +
      `LSH ${recall.lshSeconds.toFixed(1)} s)`,
  )
  const goals: string[] = [`recall ≥ 0.95: ${recall.recall >= 0.95 ? 'met' : 'MISSED'}`]
  const at100k = results.find((r) => r.size === 100_000)
  const at1m = results.find((r) => r.size === 1_000_000)
  if (at100k && at1m) {
    const ratio = at1m.seconds / at100k.seconds
    goals.push(`1M / 100k time ${ratio.toFixed(1)}x ≤ 12x: ${ratio <= 12 ? 'met' : 'MISSED'}`)
  }
  if (at1m) {
    goals.push(
      `1M peak RSS ${at1m.peakRssMb} MB ≤ 1024: ${at1m.peakRssMb <= 1024 ? 'met' : 'MISSED'}`,
    )
  }
  console.log(`goals: ${goals.join('; ')}`)
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === CHILD_FLAG) {
    const [, mode, value] = argv
    const result = mode === 'recall' ? measureRecall(Number(value)) : runSize(Number(value))
    process.stdout.write(`${JSON.stringify(result)}\n`)
    return
  }
  const sizes = argv.map(Number).filter((n) => Number.isInteger(n) && n > 0)
  await benchMinhash(sizes.length > 0 ? { sizes } : {})
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2))
}
