import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadRules, RuleError } from '../../pipeline/rules/load.js'
import { runSpecs } from '../../pipeline/rules/specs.js'

function rulesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mt-tidy-rules-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

function loadError(files: Record<string, string>): RuleError {
  try {
    loadRules(rulesDir(files), '/')
  } catch (error) {
    expect(error).toBeInstanceOf(RuleError)
    return error as RuleError
  }
  throw new Error('expected the rules to be refused')
}

const good = `rules:
  - id: mt-term/small-program
    pattern: small program
    replace: mini program
    specs:
      - from: the small program
        to: the mini program
`

describe('rule loading', () => {
  it('loads a valid file with defaults and line numbers', () => {
    const rules = loadRules(rulesDir({ 'terms/a.yml': good }))
    expect(rules.terms).toHaveLength(1)
    expect(rules.terms[0]).toMatchObject({ id: 'mt-term/small-program', line: 2 })
    expect(rules.terms[0]?.data).toMatchObject({
      severity: 'minor',
      category: 'Terminology',
      preserveCase: true,
    })
    expect(rules.terms[0]?.specs[0]?.line).toBe(6)
  })

  it('names file, line and rule id for a bad field', () => {
    const error = loadError({
      'terms/a.yml': `${good}  - id: mt-term/bad\n    pattern: x\n    replace: y\n    severity: huge\n    specs: [{from: x, to: y}]\n`,
    })
    expect(error.file).toMatch(/terms\/a\.yml$/)
    expect(error.ruleId).toBe('mt-term/bad')
    expect(error.line).toBe(11)
    expect(error.message).toMatch(/severity/)
  })

  it('refuses invalid YAML, a rule without specs and a rule with neither replace nor message', () => {
    expect(loadError({ 'terms/a.yml': 'rules: [\n  {id: x\n' }).message).toMatch(/invalid YAML/)
    expect(
      loadError({
        'terms/a.yml': 'rules:\n  - id: a\n    pattern: x\n    replace: y\n    specs: []\n',
      }).message,
    ).toMatch(/spec/)
    expect(
      loadError({
        'terms/a.yml': 'rules:\n  - id: a\n    pattern: x\n    specs: [{from: x, to: x}]\n',
      }).message,
    ).toMatch(/replace/)
  })

  it('refuses bad regexes, duplicate ids and chained rules', () => {
    const regex =
      'rules:\n  - id: a\n    pattern: /(unclosed/\n    replace: y\n    specs: [{from: x, to: x}]\n'
    expect(loadError({ 'terms/a.yml': regex }).message).toMatch(/pattern/)
    expect(loadError({ 'terms/a.yml': good, 'terms/b.yml': good }).message).toMatch(/duplicate id/)
    const chain = `rules:
  - id: foo
    pattern: foo
    replace: bar
    specs: [{from: foo, to: bar}]
  - id: bar
    pattern: bar
    replace: baz
    specs: [{from: bar, to: baz}]
`
    const error = loadError({ 'terms/a.yml': chain })
    expect(error.ruleId).toBe('foo')
    expect(error.message).toMatch(/rewritten by rule bar/)
  })

  it('runs specs and reports failures with file and line', () => {
    const wrong = good.replace('to: the mini program', 'to: the mini-program')
    const failures = runSpecs(loadRules(rulesDir({ 'terms/a.yml': wrong })))
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({
      ruleId: 'mt-term/small-program',
      line: 6,
      actual: 'the mini program',
    })
  })

  it('validates pipeline.yml, naming the file, line and option', () => {
    const ok = loadRules(
      rulesDir({ 'pipeline.yml': 'mixedScript:\ndedupe:\n  near: { flag: 0.4, remove: 0.8 }\n' }),
    )
    expect(ok.pipeline.mixedScript).toEqual({})
    expect(ok.pipeline.dedupe?.near).toEqual({ flag: 0.4, remove: 0.8 })
    const partial = loadError({ 'pipeline.yml': 'dedupe:\n  near:\n    flag: 0.4\n' })
    expect(partial.message).toMatch(/pipeline\.yml:3: .*remove/)
    const typo = loadError({ 'pipeline.yml': 'qa:\n  disabel: [qa/repeated-word]\n' })
    expect(typo.message).toMatch(/pipeline\.yml:\d+: .*disabel/)
  })

  it('an empty rules folder loads as no rules', () => {
    const rules = loadRules(rulesDir({}))
    expect(rules.terms).toEqual([])
  })
})
