import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import AjvDraft04 from 'ajv-draft-04'
/**
 * SARIF 2.1.0 output, validated twice: against the official JSON schema (last test), and, field
 * by field with the meaning mt-tidy gives them, with a zod schema written from the SARIF 2.1.0
 * specification (sections 3.13 sarifLog, 3.14 run, 3.19 toolComponent, 3.27 result, 3.28
 * location, 3.29 physicalLocation, 3.30 region, 3.49 reportingDescriptor, 3.55 fix).
 */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { clean } from '../../pipeline/clean.js'
import { sarifLevel, toSarif } from '../../pipeline/io/sarif.js'
import { ROOT, reference } from '../helpers.js'

const message = z.strictObject({ text: z.string().min(1) })
const artifactLocation = z.strictObject({ uri: z.string().min(1) })
const positive = z.number().int().min(1)
const region = z
  .strictObject({
    startLine: positive.optional(),
    startColumn: positive.optional(),
    endLine: positive.optional(),
    endColumn: positive.optional(),
    charOffset: z.number().int().min(0).optional(),
    charLength: z.number().int().min(0).optional(),
    snippet: z.strictObject({ text: z.string() }).optional(),
  })
  // §3.30.2: a region states its start as a line or as an offset.
  .refine((value) => value.startLine !== undefined || value.charOffset !== undefined)
  .refine(
    (value) =>
      value.startLine === undefined ||
      value.endLine === undefined ||
      value.endLine > value.startLine ||
      (value.endLine === value.startLine && (value.endColumn ?? 1) >= (value.startColumn ?? 1)),
  )
const level = z.enum(['none', 'note', 'warning', 'error'])
const reportingDescriptor = z.strictObject({
  id: z.string().min(1),
  name: z.string().regex(/^[A-Za-z0-9]+$/),
  shortDescription: message,
  fullDescription: message,
  defaultConfiguration: z.strictObject({ level }),
  properties: z.record(z.string(), z.unknown()),
})
const result = z.strictObject({
  ruleId: z.string().min(1),
  ruleIndex: z.number().int().min(0),
  level,
  kind: z.enum(['notApplicable', 'pass', 'fail', 'review', 'open', 'informational']),
  message,
  locations: z
    .array(z.strictObject({ physicalLocation: z.strictObject({ artifactLocation, region }) }))
    .length(1),
  fixes: z
    .array(
      z.strictObject({
        description: message,
        artifactChanges: z.array(
          z.strictObject({
            artifactLocation,
            replacements: z.array(
              z.strictObject({
                deletedRegion: region,
                insertedContent: z.strictObject({ text: z.string() }),
              }),
            ),
          }),
        ),
      }),
    )
    .optional(),
  properties: z.record(z.string(), z.unknown()),
})
const sarifLog = z.strictObject({
  $schema: z.string().url(),
  version: z.literal('2.1.0'),
  runs: z
    .array(
      z.strictObject({
        tool: z.strictObject({
          driver: z.strictObject({
            name: z.string().min(1),
            version: z.string().min(1),
            rules: z.array(reportingDescriptor),
          }),
        }),
        artifacts: z.array(
          z.strictObject({
            location: artifactLocation,
            hashes: z.record(z.string(), z.string()),
          }),
        ),
        columnKind: z.enum(['utf16CodeUnits', 'unicodeCodePoints']),
        results: z.array(result),
      }),
    )
    .length(1),
})

describe('toSarif', () => {
  const input = reference()
  const { report } = clean(input, { path: 'input/000_d23a17e316fadb1a.txt' })
  const inputs = { [report.file]: input }

  it('emits a log valid against the SARIF 2.1.0 fields it uses', () => {
    const log = sarifLog.parse(toSarif([report], inputs))
    const [run] = log.runs
    expect(run?.tool.driver.name).toBe('mt-tidy')
    expect(run?.tool.driver.version).toBe(report.tool.version)
    expect(run?.results).toHaveLength(report.edits.length + report.findings.length)
    const ids = run?.tool.driver.rules.map((rule) => rule.id) ?? []
    expect(new Set(ids).size).toBe(ids.length)
    for (const item of run?.results ?? []) expect(ids[item.ruleIndex]).toBe(item.ruleId)
  })

  it('places edits and findings by input line and column', () => {
    const log = sarifLog.parse(toSarif([report], inputs))
    const results = log.runs[0]?.results ?? []
    const lines = input.split('\n')
    const located = [...report.edits, ...report.findings]
    located.forEach((item, i) => {
      const physical = results[i]?.locations[0]?.physicalLocation
      expect(physical?.artifactLocation.uri).toBe(report.file)
      const at = physical?.region
      // The region's start, read back from the input text, is where the item starts.
      const line = lines[(at?.startLine ?? 1) - 1] ?? ''
      const text = input.slice(...item.input)
      const first = text.split('\n')[0] ?? ''
      expect(line.slice((at?.startColumn ?? 1) - 1).startsWith(first)).toBe(true)
      expect(input.slice(at?.charOffset, (at?.charOffset ?? 0) + (at?.charLength ?? 0))).toBe(text)
    })
  })

  it('maps severities to SARIF levels', () => {
    expect(['critical', 'major', 'minor', 'info'].map((s) => sarifLevel(s as 'minor'))).toEqual([
      'error',
      'error',
      'warning',
      'note',
    ])
    const log = sarifLog.parse(toSarif([report], inputs))
    const results = log.runs[0]?.results ?? []
    const items = [...report.edits, ...report.findings]
    results.forEach((item, i) => {
      expect(item.level).toBe(sarifLevel(items[i]?.severity ?? 'info'))
    })
  })

  it('still emits a valid log without the input texts, placing edits by offset', () => {
    const log = sarifLog.parse(toSarif([report]))
    const edit = log.runs[0]?.results[0]
    expect(edit?.locations[0]?.physicalLocation.region.startLine).toBeUndefined()
    expect(edit?.locations[0]?.physicalLocation.region.charOffset).toBe(report.edits[0]?.input[0])
    expect(sarifLog.parse(toSarif([])).runs[0]?.results).toEqual([])
  })

  it('is valid against the official SARIF 2.1.0 JSON schema', () => {
    // The schema as Microsoft publishes it (shipped in @microsoft/jest-sarif). It is draft-04,
    // and one of its patterns is only valid without the `u` flag.
    const schema = JSON.parse(
      readFileSync(
        join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
        'utf8',
      ),
    )
    // A CommonJS package: its class is the module's `default`.
    const validate = new AjvDraft04.default({
      strict: false,
      validateFormats: false,
      unicodeRegExp: false,
    }).compile(schema)
    const input = reference()
    const { report } = clean(input, { path: 'reference.txt' })
    const log = toSarif([report], { 'reference.txt': input }) as { version: string }
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
    expect(validate(toSarif([report]))).toBe(true)
    // The validator really checks: a log of another version is refused.
    expect(validate({ ...log, version: '2.0.0' })).toBe(false)
  })
})
