/**
 * Terms stage throughput against prh (the peer) on the same rules and the same generated text,
 * with 10, 100 and 1,000 literal rules. Also checks both tools give the same replacements.
 */
import { fromRowConfig } from 'prh'
import { clean } from '../pipeline/clean.js'
import { EMPTY_RULES, termRules } from '../pipeline/rules/load.js'
import { formatRate, prose, seededRandom, table, time } from './corpus.js'

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'zi', 'be', 'qu', 'sa', 'do']

/** Made-up MT errors: two invented words, replaced by one invented word of another alphabet. */
function makeRules(count: number, seed: number) {
  const random = seededRandom(seed)
  const word = (length: number) =>
    Array.from({ length }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('')
  const seen = new Set<string>()
  const rules: { pattern: string; replace: string }[] = []
  while (rules.length < count) {
    // No hyphen: prh 5.4 escapes it as `\-`, which its own `u` flag then rejects.
    const pattern = `${word(3)} ${word(2)} related`
    if (seen.has(pattern)) continue
    seen.add(pattern)
    rules.push({ pattern, replace: `term${rules.length}x` })
  }
  return rules
}

export async function benchTerms(
  options: { megabytes?: number; peerMegabytes?: number } = {},
): Promise<void> {
  const megabytes = options.megabytes ?? Number(process.env.BENCH_TERMS_MB ?? 10)
  // prh rescans the text once per rule and applies its changes one by one: on 10 MB it runs for
  // many minutes. It is timed on the first megabyte of the same text, and the two rates compared.
  const peerMegabytes = Math.min(
    megabytes,
    options.peerMegabytes ?? Number(process.env.BENCH_PRH_MB ?? 1),
  )
  console.log(
    `\n## Terms stage vs prh — mt-tidy on ${megabytes} MB, prh on the first ${peerMegabytes} MB of the same generated text\n`,
  )
  const rows: (string | number)[][] = [
    ['rules', 'mt-tidy', 'prh', 'ratio', 'same output (prh part)'],
  ]
  for (const count of [10, 100, 1000]) {
    const rules = makeRules(count, count)
    const text = prose(
      megabytes * 1024 * 1024,
      42,
      rules.map((r) => r.pattern),
      0.3,
    )
    // Cut the peer's part at a paragraph end, so both tools see whole paragraphs.
    const cut = text.indexOf('\n\n', peerMegabytes * 1024 * 1024)
    const peerText = cut < 0 ? text : text.slice(0, cut + 2)
    const ours = termRules(
      rules.map((r, i) => ({
        id: `bench/r${i}`,
        pattern: r.pattern,
        replace: r.replace,
        preserveCase: false,
        specs: [{ from: r.pattern, to: r.replace }],
      })),
    )
    const ruleSet = { ...EMPTY_RULES, terms: ours }
    clean('warm up', { rules: ruleSet, format: 'txt' })
    const mine = time(() => clean(text, { rules: ruleSet, format: 'txt' }).output)
    const minePart = clean(peerText, { rules: ruleSet, format: 'txt' }).output
    const engine = fromRowConfig('bench.yml', {
      version: 1,
      rules: rules.map((r) => ({
        expected: r.replace,
        pattern: r.pattern,
        options: { wordBoundary: true },
      })),
    })
    const peer = time(() => engine.makeChangeSet('bench.txt', peerText).applyChangeSets(peerText))
    const mineRate = text.length / mine.ms
    const peerRate = peerText.length / peer.ms
    const row = [
      count,
      formatRate(text.length, mine.ms),
      formatRate(peerText.length, peer.ms),
      `${(mineRate / peerRate).toFixed(1)}x`,
      minePart === peer.value ? 'yes' : 'NO',
    ]
    rows.push(row)
    console.log(`  measured ${count} rules`)
  }
  table(rows)
  console.log('\nGoal: at least 20x prh at 1,000 rules, with identical replacements.')
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTerms()
