/**
 * Loads the Chinese–English word lists in `rules/lexicon/` (`*.tsv`: a headword, a tab, English
 * words; `#` starts a comment line). They are large and only the bilingual checks read them, so
 * the rule set holds their paths and the words are read on first use, once per process.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { DEFAULT_RULES_DIR } from '../core/version.js'
import { Lexicon } from '../lib/bilingual/lexicon.js'
import { RuleError } from './yaml.js'

/** The lexicon files of a rules folder, in name order; none when it has no `lexicon/`. */
export function lexiconFiles(dir: string): string[] {
  const folder = join(dir, 'lexicon')
  try {
    return readdirSync(folder)
      .filter((entry) => entry.endsWith('.tsv'))
      .sort()
      .map((entry) => join(folder, entry))
  } catch {
    return []
  }
}

function addFile(lexicon: Lexicon, path: string, base: string): void {
  const text = readFileSync(path, 'utf8')
  let line = 0
  let at = 0
  // One pass of indexOf over the file: a split into 100,000 lines would double the load time.
  while (at < text.length) {
    line++
    const newline = text.indexOf('\n', at)
    const end = newline < 0 ? text.length : newline
    const next = end + 1
    if (at === end || text[at] === '#' || (end - at === 1 && text[at] === '\r')) {
      at = next
      continue
    }
    const tab = text.indexOf('\t', at)
    const headword = tab > at && tab < end ? text.slice(at, tab) : ''
    if (!/\p{Script=Han}/u.test(headword)) {
      throw new RuleError(
        relative(base, path) || path,
        line,
        undefined,
        'expected a Chinese headword, a tab and its English words',
      )
    }
    lexicon.add(headword, text.slice(tab + 1, text[end - 1] === '\r' ? end - 1 : end))
    at = next
  }
}

const loaded = new Map<string, Lexicon>()

/** Reads and merges the given lexicon files; a malformed line is a RuleError naming its line. */
export function loadLexicon(files: readonly string[], base = process.cwd()): Lexicon {
  const key = files.join('\n')
  let lexicon = loaded.get(key)
  if (!lexicon) {
    lexicon = new Lexicon()
    for (const path of files) addFile(lexicon, path, base)
    loaded.set(key, lexicon)
  }
  return lexicon
}

/** The lexicon shipped in mt-tidy's own `rules/lexicon/`. */
export function shippedLexicon(): Lexicon {
  return loadLexicon(lexiconFiles(DEFAULT_RULES_DIR))
}
