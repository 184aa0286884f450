/**
 * Builds `Report`s for tests from an input text and a list of splices, computing before/after and
 * the input/output ranges the way the pipeline's edit log does.
 */

import { sha256 } from '../../pipeline/core/report.js'
import type {
  Category,
  Edit,
  Evidence,
  Finding,
  Point,
  Report,
  Severity,
} from '../../pipeline/core/types.js'

export interface Splice {
  start: number
  end: number
  after: string
  rule: string
  stage?: string
  category?: Category
  severity?: Severity
  reason?: string
  evidence?: Evidence
  id?: string
}

export interface FindingSpec {
  start: number
  end: number
  rule: string
  stage?: string
  category?: Category
  severity?: Severity
  reason?: string
  expected?: string[]
  evidence?: Evidence
  id?: string
}

export interface BuiltReport {
  report: Report
  inputText: string
  outputText: string
}

/** `[start, end]` of the `occurrence`-th (1-based) `needle` in `text`; throws if absent. */
export function locate(text: string, needle: string, occurrence = 1): [number, number] {
  let from = 0
  for (let seen = 1; ; seen++) {
    const index = text.indexOf(needle, from)
    if (index === -1) throw new Error(`"${needle}" occurrence ${occurrence} not found`)
    if (seen === occurrence) return [index, index + needle.length]
    from = index + 1
  }
}

function pointAt(text: string, offset: number): Point {
  let line = 1
  let lineStart = 0
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    line++
    lineStart = index + 1
  }
  return { line, column: offset - lineStart + 1, offset }
}

export function makeReport(
  inputText: string,
  splices: readonly Splice[],
  findingSpecs: readonly FindingSpec[] = [],
  file = 'input/article.txt',
): BuiltReport {
  const sorted = [...splices].sort((a, b) => a.start - b.start)
  const edits: Edit[] = []
  const parts: string[] = []
  let position = 0
  let outputLength = 0
  sorted.forEach((splice, index) => {
    if (splice.start < position || splice.end < splice.start || splice.end > inputText.length) {
      throw new Error(
        `splice ${index} [${splice.start}, ${splice.end}] overlaps or is out of range`,
      )
    }
    const unchanged = inputText.slice(position, splice.start)
    parts.push(unchanged, splice.after)
    outputLength += unchanged.length
    const stage = splice.stage ?? splice.rule.split('/')[0] ?? 'test'
    const edit: Edit = {
      id: splice.id ?? `e${index + 1}`,
      stage,
      rule: splice.rule,
      category: splice.category ?? 'Non-content',
      severity: splice.severity ?? 'minor',
      reason: splice.reason ?? `${splice.rule} changed this`,
      before: inputText.slice(splice.start, splice.end),
      after: splice.after,
      input: [splice.start, splice.end],
      output: [outputLength, outputLength + splice.after.length],
    }
    if (splice.evidence) edit.evidence = splice.evidence
    edits.push(edit)
    outputLength += splice.after.length
    position = splice.end
  })
  parts.push(inputText.slice(position))
  const outputText = parts.join('')

  /** Output offset of an input offset; inside an edit it collapses to the edit's output start. */
  const toOutput = (offset: number): number => {
    let delta = 0
    for (const edit of edits) {
      if (offset < edit.input[0]) break
      if (offset < edit.input[1]) return edit.output[0]
      delta = edit.output[1] - edit.input[1]
    }
    return offset + delta
  }

  const findings: Finding[] = findingSpecs.map((spec, index) => {
    const stage = spec.stage ?? spec.rule.split('/')[0] ?? 'test'
    const finding: Finding = {
      id: spec.id ?? `f${index + 1}`,
      stage,
      source: stage,
      rule: spec.rule,
      ruleId: spec.rule,
      category: spec.category ?? 'Linguistic conventions',
      severity: spec.severity ?? 'minor',
      reason: spec.reason ?? `${spec.rule} flagged this`,
      place: { start: pointAt(inputText, spec.start), end: pointAt(inputText, spec.end) },
      input: [spec.start, spec.end],
      output: [toOutput(spec.start), toOutput(spec.end)],
      actual: inputText.slice(spec.start, spec.end),
      expected: spec.expected ?? [],
    }
    if (spec.evidence) finding.evidence = spec.evidence
    return finding
  })

  const editsByStage: Record<string, number> = {}
  const byCategory: Record<string, number> = {}
  const findingsBySeverity: Record<Severity, number> = { info: 0, minor: 0, major: 0, critical: 0 }
  for (const edit of edits) {
    editsByStage[edit.stage] = (editsByStage[edit.stage] ?? 0) + 1
    byCategory[edit.category] = (byCategory[edit.category] ?? 0) + 1
  }
  for (const finding of findings) {
    findingsBySeverity[finding.severity]++
    byCategory[finding.category] = (byCategory[finding.category] ?? 0) + 1
  }

  const report: Report = {
    schema: 1,
    tool: { name: 'mt-tidy', version: '0.1.0-test' },
    file,
    inputSha256: sha256(inputText),
    outputSha256: sha256(outputText),
    edits,
    findings,
    stats: {
      inputChars: inputText.length,
      outputChars: outputText.length,
      edits: edits.length,
      findings: findings.length,
      editsByStage,
      suppressed: 0,
      findingsBySeverity,
      byCategory,
    },
    meta: {},
  }
  return { report, inputText, outputText }
}
