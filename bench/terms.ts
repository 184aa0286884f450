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

export async function benchTerms(options: { megabytes?: number } = {}): Promise<void> {
  const megabytes = options.megabytes ?? Number(process.env.BENCH_TERMS_MB ?? 10)
  console.log(`\n## Terms stage vs prh — ${megabytes} MB generated corpus\n`)
  const rows: (string | number)[][] = [['rules', 'mt-tidy', 'prh', 'ratio', 'same output']]
  for (const count of [10, 100, 1000]) {
    const rules = makeRules(count, count)
    const text = prose(
      megabytes * 1024 * 1024,
      42,
      rules.map((r) => r.pattern),
      0.3,
    )
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
    const engine = fromRowConfig('bench.yml', {
      version: 1,
      rules: rules.map((r) => ({
        expected: r.replace,
        pattern: r.pattern,
        options: { wordBoundary: true },
      })),
    })
    const peer = time(() => engine.makeChangeSet('bench.txt', text).applyChangeSets(text))
    rows.push([
      count,
      formatRate(text.length, mine.ms),
      formatRate(text.length, peer.ms),
      `${(peer.ms / mine.ms).toFixed(1)}x`,
      mine.value === peer.value ? 'yes' : 'NO',
    ])
  }
  table(rows)
  console.log('\nGoal: at least 20x prh at 1,000 rules, with identical replacements.')
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTerms()
