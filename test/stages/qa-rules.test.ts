import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { shippedRules } from '../../pipeline/clean.js'
import { countQaSpecs, loadQa, runQaSpecs } from '../../pipeline/rules/qa.js'
import { RuleError } from '../../pipeline/rules/yaml.js'
import { matcherFor } from '../../pipeline/stages/06-terms.js'
import { QA_CHECKS } from '../../pipeline/stages/09-qa.js'
import { ROOT, tempDir } from '../helpers.js'

const rules = loadQa(join(ROOT, 'rules'))

describe('rules/qa data', () => {
  it('passes every spec: the rule alone, the whole set, and a second run', () => {
    expect(countQaSpecs(rules)).toBeGreaterThan(80)
    expect(runQaSpecs(rules, shippedRules().glossary)).toEqual([])
  })

  it('specs every built-in check with a true and a false positive', () => {
    const specced = new Map(rules.checks.map((check) => [check.id, check.specs]))
    for (const id of Object.keys(QA_CHECKS)) {
      const specs = specced.get(id)
      expect(specs, id).toBeDefined()
      expect(
        specs?.some((spec) => spec.flagged.length > 0 || spec.to !== undefined),
        id,
      ).toBe(true)
      expect(
        specs?.some((spec) => spec.flagged.length === 0 && spec.to === undefined),
        id,
      ).toBe(true)
    }
  })

  it('does not flag a calque that a term rule already flags or fixes', () => {
    const termMatcher = matcherFor(shippedRules().terms)
    for (const calque of rules.calques) {
      for (const spec of calque.specs) {
        const overlapping = termMatcher.match(spec.from).filter((match) =>
          spec.flagged.some((text) => {
            const at = spec.from.indexOf(text)
            return at < match.end && match.start < at + text.length
          }),
        )
        expect(
          overlapping.map((match) => match.rule.id),
          `${calque.id}: ${spec.from}`,
        ).toEqual([])
      }
    }
  })

  it('refuses bad data with file, line and id', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'qa', 'calques'), { recursive: true })
    writeFileSync(
      join(dir, 'qa', 'calques', 'bad.yml'),
      [
        'rules:',
        '  - id: qa/calque/no-quiet-spec',
        '    pattern: seek increments',
        '    message: calque',
        '    expected: [seek growth]',
        '    note: test',
        '    specs:',
        '      - { from: They seek increments., flagged: [seek increments] }',
        '      - { from: They seek increments again., flagged: [seek increments] }',
        '',
      ].join('\n'),
    )
    expect(() => loadQa(dir, dir)).toThrow(RuleError)
    expect(() => loadQa(dir, dir)).toThrow(
      /qa\/calques\/bad\.yml:\d+ \(rule qa\/calque\/no-quiet-spec\): specs: no spec shows the rule staying quiet/,
    )

    const unknown = tempDir()
    mkdirSync(join(unknown, 'qa', 'checks'), { recursive: true })
    writeFileSync(
      join(unknown, 'qa', 'checks', 'x.yml'),
      'checks:\n  - id: qa/no-such-check\n    specs: [{ from: a, to: b }, { from: c }]\n',
    )
    expect(() => loadQa(unknown, unknown)).toThrow(
      /x\.yml:2 \(rule qa\/no-such-check\): no such check/,
    )

    const twice = tempDir()
    mkdirSync(join(twice, 'qa', 'articles'), { recursive: true })
    writeFileSync(
      join(twice, 'qa', 'articles', 'w.yml'),
      'words:\n  - { word: hour*, article: an }\n  - { word: Hour*, article: a }\n',
    )
    expect(() => loadQa(twice, twice)).toThrow(/w\.yml:3.*listed twice/)
  })

  it('loads an empty rule set from a folder without qa data', () => {
    expect(loadQa(tempDir())).toEqual({
      checks: [],
      calques: [],
      articles: [],
      consistencyExempt: [],
    })
  })
})
