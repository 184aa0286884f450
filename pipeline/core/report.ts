/**
 * The per-article report (schema 1) and the functions that prove it lossless: from the input and
 * the edits the output is rebuilt, and from the output and the edits the input.
 */
import { createHash } from 'node:crypto'
import {
  type Edit,
  type Finding,
  type Report,
  type ReportStats,
  SEVERITIES,
  type Severity,
} from './types.js'
import { VERSION } from './version.js'

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

function count<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1
  return counts
}

export function reportStats(
  input: string,
  output: string,
  edits: readonly Edit[],
  findings: readonly Finding[],
  suppressed = 0,
): ReportStats {
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<
    Severity,
    number
  >
  for (const finding of findings) findingsBySeverity[finding.severity]++
  return {
    inputChars: input.length,
    outputChars: output.length,
    edits: edits.length,
    findings: findings.length,
    suppressed,
    editsByStage: count(edits, (edit) => edit.stage),
    findingsBySeverity,
    byCategory: count([...edits, ...findings], (item) => item.category),
  }
}

export function buildReport(parts: {
  file: string
  input: string
  output: string
  edits: Edit[]
  findings: Finding[]
  meta: Record<string, unknown>
  suppressed?: number
}): Report {
  return {
    schema: 1,
    tool: { name: 'mt-tidy', version: VERSION },
    file: parts.file,
    inputSha256: sha256(parts.input),
    outputSha256: sha256(parts.output),
    edits: parts.edits,
    findings: parts.findings,
    stats: reportStats(parts.input, parts.output, parts.edits, parts.findings, parts.suppressed),
    meta: parts.meta,
  }
}

/** Applies edits (sorted, non-overlapping, in input coordinates) to the input. */
export function applyEdits(input: string, edits: readonly Pick<Edit, 'input' | 'after'>[]): string {
  let output = ''
  let at = 0
  for (const edit of edits) {
    output += input.slice(at, edit.input[0]) + edit.after
    at = edit.input[1]
  }
  return output + input.slice(at)
}

/** Rebuilds the output from the input and the report's edits. */
export function rebuildOutput(input: string, edits: readonly Edit[]): string {
  return applyEdits(input, edits)
}

/** Rebuilds the input from the output and the report's edits. */
export function rebuildInput(output: string, edits: readonly Edit[]): string {
  let input = ''
  let at = 0
  for (const edit of edits) {
    input += output.slice(at, edit.output[0]) + edit.before
    at = edit.output[1]
  }
  return input + output.slice(at)
}
