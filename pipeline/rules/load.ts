/**
 * Loads the rule data in `rules/`: YAML files validated by the schemas in `schema.ts`. A bad file
 * or rule is refused with a RuleError naming the file, the line and the rule id; nothing is
 * half-loaded. Folders: `terms/` (term rules), `glossary/` (zh→en names), `lexicon/` (zh→en
 * words for alignment); other stages add theirs.
 */
import { statSync } from 'node:fs'
import { relative } from 'node:path'
import { LineCounter, parseDocument } from 'yaml'
import { type BoilerplateRule, loadBoilerplate } from './boilerplate.js'
import { type CashtagRules, loadCashtags } from './cashtags.js'
import { lexiconFiles } from './lexicon.js'
import { TermMatcher } from './matcher.js'
import { type HeaderRules, loadHeaderRules } from './metadata.js'
import { EMPTY_QA_RULES, loadQa, type QaRules } from './qa.js'
import {
  type GlossaryEntry,
  glossaryEntrySchema,
  glossaryFileSchema,
  type Spec,
  specSchema,
  type TermRuleData,
  termFileSchema,
  termRuleSchema,
} from './schema.js'
import { loadPipelineSettings, type PipelineSettings } from './settings.js'
import { loadStyleRules, type StyleRule } from './style.js'
import {
  type Located,
  lineOf,
  patternAt,
  RuleError,
  refuseDuplicateIds,
  specsWithLines,
  validate,
  type YamlFile,
  yamlFiles,
} from './yaml.js'

export interface Pattern {
  kind: 'literal' | 'regex'
  source: string
  flags: string
  index: number
}

export interface TermRule extends Located {
  /** Position in the rule set: the tie-breaker when two rules match the same span. */
  index: number
  id: string
  data: TermRuleData
  patterns: Pattern[]
  specs: (Spec & { line: number })[]
}

export interface GlossaryTerm extends GlossaryEntry, Located {}

export interface GlossarySpec extends Spec, Located {}

export interface RuleSet {
  /** The folder the rules came from, or undefined for a rule set built in code. */
  dir: string | undefined
  /** Options of the stages without rule data of their own (`rules/pipeline.yml`). */
  pipeline: PipelineSettings
  metadata: HeaderRules
  boilerplate: BoilerplateRule[]
  cashtags: CashtagRules
  terms: TermRule[]
  style: StyleRule[]
  qa: QaRules
  glossary: GlossaryTerm[]
  glossarySpecs: GlossarySpec[]
  /** Word lists for the bilingual checks (`lexicon/*.tsv`), read on first use by `loadLexicon`. */
  lexicon: string[]
}

export const EMPTY_RULES: RuleSet = {
  dir: undefined,
  pipeline: {},
  metadata: { separators: [], sources: [], rules: [] },
  boilerplate: [],
  cashtags: { markets: [] },
  terms: [],
  style: [],
  qa: EMPTY_QA_RULES,
  glossary: [],
  glossarySpecs: [],
  lexicon: [],
}

/** Parses `literal` or `/source/flags` into a pattern; regexes always get the `u` flag. */
function parsePattern(raw: string, index: number, caseSensitive: boolean): Pattern {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(raw)
  if (!regex) return { kind: 'literal', source: raw, flags: '', index }
  const given = regex[2] ?? ''
  const bad = given.replace(/[imsu]/g, '')
  if (bad) throw new Error(`unsupported regex flag(s) "${bad}" (allowed: i, m, s, u)`)
  const flags = [...new Set(`${given}u${caseSensitive ? '' : 'i'}`)].sort().join('')
  const source = regex[1] as string
  const compiled = new RegExp(source, flags)
  if (compiled.test('')) throw new Error('the regex matches the empty string')
  return { kind: 'regex', source, flags, index }
}

function loadTermFile(file: YamlFile, firstIndex: number): TermRule[] {
  const parsed = validate(termFileSchema, file.document.toJS(), file, [], undefined)
  const rules: TermRule[] = []
  parsed.rules.forEach((raw, i) => {
    const path = ['rules', i]
    const id =
      raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string'
        ? (raw as { id: string }).id
        : undefined
    const data = validate(termRuleSchema, raw, file, path, id)
    const sources = Array.isArray(data.pattern) ? data.pattern : [data.pattern]
    const patterns = patternAt(file, path, id, () =>
      sources.map((source, index) => parsePattern(source, index, data.caseSensitive)),
    )
    const specs = specsWithLines(file, path, data.specs)
    rules.push({
      index: firstIndex + i,
      id: data.id,
      data,
      patterns,
      specs,
      file: file.name,
      line: lineOf(file, path),
    })
  })
  return rules
}

function loadGlossaryFile(file: YamlFile): { terms: GlossaryTerm[]; specs: GlossarySpec[] } {
  const parsed = validate(glossaryFileSchema, file.document.toJS(), file, [], undefined)
  const terms = parsed.entries.map((raw, i) => {
    const zh = raw && typeof raw === 'object' ? String((raw as { zh?: unknown }).zh) : undefined
    const entry = validate(glossaryEntrySchema, raw, file, ['entries', i], zh)
    return { ...entry, file: file.name, line: lineOf(file, ['entries', i]) }
  })
  const specs = (parsed.specs ?? []).map((spec, i) => ({
    ...validate(specSchema, spec, file, ['specs', i], undefined),
    file: file.name,
    line: lineOf(file, ['specs', i]),
  }))
  return { terms, specs }
}

/** Throws a RuleError for duplicate ids and for replacements another rule would rewrite. */
export function checkRuleSet(terms: readonly TermRule[]): void {
  refuseDuplicateIds(terms)
  const matcher = new TermMatcher(terms)
  for (const rule of terms) {
    const replacement = rule.data.replace
    if (!replacement) continue
    for (const match of matcher.match(replacement)) {
      if (match.rule === rule || match.replacement === undefined) continue
      throw new RuleError(
        rule.file,
        rule.line,
        rule.id,
        `its replacement "${replacement}" would be rewritten by rule ${match.rule.id} (${match.rule.file}:${match.rule.line}); chained rules are not idempotent: merge them`,
      )
    }
  }
}

/** Loads and validates every rule file under `dir`. */
export function loadRules(dir: string, base: string = process.cwd()): RuleSet {
  let stats: ReturnType<typeof statSync>
  try {
    stats = statSync(dir)
  } catch {
    throw new RuleError(
      relative(base, dir) || dir,
      undefined,
      undefined,
      'rules directory not found',
    )
  }
  if (!stats.isDirectory()) {
    throw new RuleError(relative(base, dir) || dir, undefined, undefined, 'not a directory')
  }
  const terms: TermRule[] = []
  for (const file of yamlFiles(dir, 'terms', base)) terms.push(...loadTermFile(file, terms.length))
  checkRuleSet(terms)
  const glossary: GlossaryTerm[] = []
  const glossarySpecs: GlossarySpec[] = []
  for (const file of yamlFiles(dir, 'glossary', base)) {
    const loaded = loadGlossaryFile(file)
    glossary.push(...loaded.terms)
    glossarySpecs.push(...loaded.specs)
  }
  return {
    dir,
    pipeline: loadPipelineSettings(dir, base),
    metadata: loadHeaderRules(dir, base),
    boilerplate: loadBoilerplate(dir, base),
    cashtags: loadCashtags(dir, base),
    terms,
    style: loadStyleRules(dir, base),
    qa: loadQa(dir, base),
    glossary,
    glossarySpecs,
    lexicon: lexiconFiles(dir),
  }
}

/** Builds term rules from plain objects (library use and tests), validated like files. */
export function termRules(rules: unknown[], name = '<inline>'): TermRule[] {
  const text = JSON.stringify({ rules })
  const lines = new LineCounter()
  const file: YamlFile = {
    path: name,
    name,
    lines,
    document: parseDocument(text, { lineCounter: lines }),
  }
  const loaded = loadTermFile(file, 0)
  checkRuleSet(loaded)
  return loaded
}

export function isRuleError(error: unknown): error is RuleError {
  return error instanceof RuleError
}

export { type Located, RuleError } from './yaml.js'
export type { GlossaryEntry }
