/**
 * SARIF 2.1.0 output for code-review tools (GitHub code scanning, VS Code SARIF viewer): one run
 * of mt-tidy, a rule per rule id seen, and a result per edit and per finding, placed by line and
 * column in the input file. Edits are results too, so a reviewer sees every change the tool made.
 */
import { lineStarts, pointAt } from '../core/draft.js'
import type { Report, RuleInfo, Severity } from '../core/types.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'
export const SARIF_VERSION = '2.1.0'

export type SarifLevel = 'error' | 'warning' | 'note'

/** critical and major → error, minor → warning, info → note. */
export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'critical' || severity === 'major'
    ? 'error'
    : severity === 'minor'
      ? 'warning'
      : 'note'
}

interface Region {
  startLine: number
  startColumn: number
  endLine: number
  endColumn: number
}

function region(
  start: { line: number; column: number },
  end: { line: number; column: number },
): Region {
  return {
    startLine: start.line,
    startColumn: start.column,
    endLine: end.line,
    endColumn: end.column,
  }
}

/** The category and the rule's own reason, for `tool.driver.rules`. */
function ruleDescriptor(info: RuleInfo) {
  return {
    id: info.rule,
    name: info.rule.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) =>
      next ? next.toUpperCase() : '',
    ),
    shortDescription: { text: `${info.category} (${info.stage})` },
    fullDescription: { text: info.reason },
    defaultConfiguration: { level: sarifLevel(info.severity) },
    properties: { category: info.category, stage: info.stage, severity: info.severity },
  }
}

/**
 * A SARIF log of the reports. Regions come from a finding's `place`, and for an edit from its
 * input offsets (lines counted in the input, which the report does not carry: `inputs` gives the
 * input texts by report file when the caller has them; without them an edit is placed at line 1
 * with its character offsets in `charOffset`/`charLength`).
 */
export function toSarif(
  reports: readonly Report[],
  inputs: Readonly<Record<string, string>> = {},
): object {
  const rules = new Map<string, ReturnType<typeof ruleDescriptor>>()
  const results: object[] = []
  const version = reports[0]?.tool.version ?? '0.0.0'
  for (const report of reports) {
    const input = inputs[report.file]
    const lines = input === undefined ? undefined : lineStarts(input)
    for (const edit of report.edits) {
      if (!rules.has(edit.rule)) rules.set(edit.rule, ruleDescriptor(edit))
      const [start, end] = edit.input
      const physicalLocation = {
        artifactLocation: { uri: report.file },
        region: lines
          ? {
              ...region(pointAt(lines, start), pointAt(lines, end)),
              charOffset: start,
              charLength: end - start,
            }
          : { charOffset: start, charLength: end - start },
      }
      const change =
        edit.after === '' ? `removes "${edit.before}"` : `"${edit.before}" → "${edit.after}"`
      results.push({
        ruleId: edit.rule,
        level: sarifLevel(edit.severity),
        kind: 'fail',
        message: { text: `${edit.reason} (${change})` },
        locations: [{ physicalLocation }],
        fixes: [
          {
            description: { text: 'applied by mt-tidy' },
            artifactChanges: [
              {
                artifactLocation: { uri: report.file },
                replacements: [
                  {
                    deletedRegion: { charOffset: start, charLength: end - start },
                    insertedContent: { text: edit.after },
                  },
                ],
              },
            ],
          },
        ],
        properties: {
          id: edit.id,
          category: edit.category,
          severity: edit.severity,
          applied: true,
        },
      })
    }
    for (const finding of report.findings) {
      if (!rules.has(finding.rule)) rules.set(finding.rule, ruleDescriptor(finding))
      const [start, end] = finding.input
      results.push({
        ruleId: finding.rule,
        level: sarifLevel(finding.severity),
        kind: 'fail',
        message: {
          text:
            finding.expected.length > 0
              ? `${finding.reason} (suggested: ${finding.expected.map((text) => `"${text}"`).join(', ')})`
              : finding.reason,
        },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: report.file },
              region: {
                ...region(finding.place.start, finding.place.end),
                charOffset: start,
                charLength: end - start,
                snippet: { text: finding.actual },
              },
            },
          },
        ],
        properties: {
          id: finding.id,
          category: finding.category,
          severity: finding.severity,
          applied: false,
          ...(finding.evidence ? { evidence: finding.evidence } : {}),
        },
      })
    }
  }
  const ruleList = [...rules.values()].sort((a, b) => a.id.localeCompare(b.id))
  const index = new Map(ruleList.map((rule, i) => [rule.id, i]))
  for (const result of results as { ruleId: string; ruleIndex?: number }[])
    result.ruleIndex = index.get(result.ruleId) as number
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: 'mt-tidy',
            version,
            rules: ruleList,
          },
        },
        artifacts: reports.map((report) => ({
          location: { uri: report.file },
          hashes: { 'sha-256': report.inputSha256 },
        })),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  }
}
