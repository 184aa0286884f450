/**
 * Checks the rule DATA in rules/terms and rules/glossary (not the engine): every file against
 * the schemas, and the cross-file invariants the engine cannot see one file at a time.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { convertConfig } from '../pipeline/lib/opencc.js'
import { loadRules } from '../pipeline/rules/load.js'
import { TermMatcher } from '../pipeline/rules/matcher.js'
import {
  type GlossaryEntry,
  glossaryEntrySchema,
  glossaryFileSchema,
  specSchema,
  type TermRuleData,
  termFileSchema,
  termRuleSchema,
} from '../pipeline/rules/schema.js'
import { formatSpecFailure, runSpecs } from '../pipeline/rules/specs.js'

const RULES_DIR = join(import.meta.dirname, '..', 'rules')

function yamlFilesIn(folder: string): { name: string; data: unknown }[] {
  const dir = join(RULES_DIR, folder)
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({
      name: `${folder}/${name}`,
      data: parse(readFileSync(join(dir, name), 'utf8')) as unknown,
    }))
}

interface NamedRule extends TermRuleData {
  file: string
}

function loadTermData(): NamedRule[] {
  return yamlFilesIn('terms').flatMap(({ name, data }) => {
    const file = termFileSchema.parse(data)
    return file.rules.map((raw) => ({ ...termRuleSchema.parse(raw), file: name }))
  })
}

interface NamedEntry extends GlossaryEntry {
  file: string
}

function loadGlossaryData(): { entries: NamedEntry[]; specs: { from: string; to: string }[] } {
  const entries: NamedEntry[] = []
  const specs: { from: string; to: string }[] = []
  for (const { name, data } of yamlFilesIn('glossary')) {
    const file = glossaryFileSchema.parse(data)
    for (const raw of file.entries) entries.push({ ...glossaryEntrySchema.parse(raw), file: name })
    for (const raw of file.specs ?? []) specs.push(specSchema.parse(raw))
  }
  return { entries, specs }
}

function patternsOf(rule: TermRuleData): string[] {
  return Array.isArray(rule.pattern) ? rule.pattern : [rule.pattern]
}

/** A pattern as the engine compiles it: `/source/flags`, else a case-folded literal. */
function compile(pattern: string, caseSensitive: boolean): RegExp {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(pattern)
  const flags = `gu${caseSensitive ? '' : 'i'}`
  if (regex) return new RegExp(regex[1] as string, flags)
  return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags)
}

const HAN = /\p{Script=Han}/u

describe('term rule files', () => {
  const rules = loadTermData()

  it('holds a useful number of rules, every one valid against termRuleSchema', () => {
    expect(rules.length).toBeGreaterThanOrEqual(40)
    expect(rules.length).toBeLessThanOrEqual(80)
  })

  it('gives every rule a unique id prefixed by its topic', () => {
    const ids = rules.map((rule) => rule.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of rules) expect(rule.id).toMatch(/^[a-z]+\/[a-z0-9-]+$/)
  })

  it('documents every rule: category, note with the source term, a reason', () => {
    for (const rule of rules) {
      expect(rule.note, rule.id).toMatch(HAN)
      expect(rule.reason, rule.id).toBeTruthy()
    }
  })

  it('never lets another rule match a replacement (no chains)', () => {
    for (const rule of rules) {
      if (!rule.replace) continue
      for (const other of rules) {
        if (other === rule) continue
        for (const pattern of patternsOf(other)) {
          const regex = compile(pattern, other.caseSensitive)
          expect(
            regex.test(rule.replace),
            `${other.id} matches ${rule.id}'s "${rule.replace}"`,
          ).toBe(false)
        }
      }
    }
  })

  it('keeps flag-only specs unchanged and gives every editing rule a spec that edits', () => {
    for (const rule of rules) {
      if (rule.replace === undefined) {
        expect(rule.message, rule.id).toBeTruthy()
        for (const spec of rule.specs) expect(spec.to, rule.id).toBe(spec.from)
      } else {
        expect(
          rule.specs.some((spec) => spec.from !== spec.to),
          rule.id,
        ).toBe(true)
      }
    }
  })

  it('makes every rule fire on at least one of its own specs', () => {
    const loaded = loadRules(RULES_DIR)
    for (const rule of loaded.terms) {
      const alone = new TermMatcher([rule])
      const fires = rule.specs.some((spec) => alone.match(spec.from).length > 0)
      expect(fires, `${rule.id} matches none of its specs`).toBe(true)
    }
  })

  it('passes every spec with the real engine: rule alone, whole set, second run', () => {
    const failures = runSpecs(loadRules(RULES_DIR))
    expect(failures.map(formatSpecFailure)).toEqual([])
  })

  it('rewrites the reference defect and leaves the Internet Plus policy term alone', () => {
    const matcher = new TermMatcher(loadRules(RULES_DIR).terms)
    const apply = (text: string) =>
      matcher
        .match(text)
        .reduceRight(
          (out, m) =>
            m.replacement === undefined
              ? out
              : out.slice(0, m.start) + m.replacement + out.slice(m.end),
          text,
        )
    expect(apply('trend of "internet plus-related" has become')).toBe(
      'trend of "interconnection" has become',
    )
    expect(apply('the Internet Plus initiative and Internet Plus-related firms')).toBe(
      'the Internet Plus initiative and Internet Plus-related firms',
    )
  })
})

describe('glossary files', () => {
  const { entries, specs } = loadGlossaryData()

  it('holds 150+ entries, every one valid against glossaryEntrySchema', () => {
    expect(entries.length).toBeGreaterThanOrEqual(150)
  })

  it('keys every Chinese name (zh and zhVariants) to exactly one entry', () => {
    const owner = new Map<string, string>()
    for (const entry of entries) {
      for (const key of [entry.zh, ...(entry.zhVariants ?? [])]) {
        expect(owner.get(key), `${key} in ${entry.file} and ${owner.get(key)}`).toBeUndefined()
        owner.set(key, `${entry.file}:${entry.zh}`)
      }
    }
  })

  it('maps each ticker to one entry, and only companies and organisations have tickers', () => {
    const owner = new Map<string, string>()
    for (const entry of entries) {
      for (const ticker of entry.tickers ?? []) {
        expect(owner.get(ticker), ticker).toBeUndefined()
        owner.set(ticker, entry.zh)
        expect(['company', 'organisation'], entry.zh).toContain(entry.kind)
      }
    }
  })

  it('writes Chinese in Simplified script and English without Chinese', () => {
    for (const entry of entries) {
      for (const key of [entry.zh, ...(entry.zhVariants ?? [])]) {
        expect(key, entry.en).toMatch(HAN)
        // t2s, not toSimplified(): the latter's tw2s step turns 饿了么 into 饿了幺.
        expect(convertConfig(key, 't2s'), 'Traditional form in the glossary').toBe(key)
      }
      for (const english of [entry.en, ...(entry.enVariants ?? [])]) {
        expect(english, entry.zh).not.toMatch(HAN)
      }
    }
  })

  it('keeps the reference article pairs the duplicate check relies on', () => {
    const en = (zh: string) => entries.find((entry) => entry.zh === zh)?.en
    expect(en('阿里妈妈')).toBe('Alibaba Mama')
    expect(en('淘宝')).toBe('Taobao')
    expect(en('抖音')).toBe('Douyin')
    expect(en('互联互通')).toBe('interconnection')
    expect(entries.find((entry) => entry.tickers?.includes('PDD.US'))?.en).toBe('PDD Holdings')
  })

  it('agrees with its own specs under longest-match replacement', () => {
    // The reading the brief gives the glossary stage: longest key wins, then the earliest.
    const keys = entries
      .flatMap((entry) =>
        [entry.zh, ...(entry.zhVariants ?? [])].map((zh) => ({ zh, en: entry.en })),
      )
      .sort((a, b) => b.zh.length - a.zh.length)
    const translate = (text: string) => {
      let out = ''
      for (let at = 0; at < text.length; ) {
        const hit = keys.find((key) => text.startsWith(key.zh, at))
        out += hit ? hit.en : text[at]
        at += hit ? hit.zh.length : 1
      }
      return out
    }
    expect(specs.length).toBeGreaterThan(0)
    for (const spec of specs) expect(translate(spec.from)).toBe(spec.to)
  })
})
