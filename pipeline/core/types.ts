/**
 * The shared vocabulary of mt-tidy: severities, MQM-style categories, edits, findings and the
 * per-article report. Every stage, the CLI, the HTML review report and the tests speak these types.
 */

/** Ordered as in MQM: `info` < `minor` < `major` < `critical`. */
export const SEVERITIES = ['info', 'minor', 'major', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

/**
 * MQM-Core top-level types, plus the two kinds of change a cleaning tool makes that are not
 * translation errors: removing non-content (platform chrome) and removing duplicates.
 * A subtype may follow after a slash: `Accuracy/Untranslated`, `Terminology/Inconsistent`.
 */
export const CATEGORIES = [
  'Terminology',
  'Accuracy',
  'Linguistic conventions',
  'Style',
  'Locale conventions',
  'Audience appropriateness',
  'Design and markup',
  'Non-content',
  'Duplicate',
] as const
export type TopCategory = (typeof CATEGORIES)[number]
export type Category = TopCategory | `${TopCategory}/${string}`

/** What a rule or stage says about the change or finding it makes. */
export interface RuleInfo {
  /** Stage name, e.g. `terms`. */
  stage: string
  /** Rule id, e.g. `terms/internet-plus-related`. */
  rule: string
  category: Category
  severity: Severity
  /** Why, in words an editor reads. */
  reason: string
}

/** Extra evidence a stage attaches to an edit or finding (similarity, twin paragraph, ...). */
export type Evidence = Record<string, unknown>

/**
 * One change, as recorded in the report. `input` and `output` are UTF-16 offsets:
 * `inputText.slice(...input) === before` and `outputText.slice(...output) === after`.
 */
export interface Edit extends RuleInfo {
  id: string
  before: string
  after: string
  input: [number, number]
  output: [number, number]
  evidence?: Evidence
  /** Later rules whose changes overlapped this edit and were folded into it. */
  merged?: RuleInfo[]
}

export interface Point {
  line: number
  column: number
  offset: number
}

/** A finding that changes nothing: a vfile message with MQM category and severity. */
export interface Finding extends RuleInfo {
  id: string
  /** vfile-style alias of `rule`. */
  ruleId: string
  /** vfile-style alias of `stage`. */
  source: string
  /** Where in the input file (1-based line and column). */
  place: { start: Point; end: Point }
  input: [number, number]
  /** Where the same text stands in the output (collapsed to a point if it was removed). */
  output: [number, number]
  /** The text the finding is about. */
  actual: string
  /** Suggested replacements, if any. */
  expected: string[]
  evidence?: Evidence
}

export interface ReportStats {
  inputChars: number
  outputChars: number
  edits: number
  findings: number
  editsByStage: Record<string, number>
  /** Edits and findings an earlier review rejected, silenced by the suppression file. */
  suppressed: number
  findingsBySeverity: Record<Severity, number>
  byCategory: Record<string, number>
}

/** The per-article report, `reports/<article>.json`. Versioned by `schema`. */
export interface Report {
  schema: 1
  tool: { name: 'mt-tidy'; version: string }
  file: string
  inputSha256: string
  outputSha256: string
  edits: Edit[]
  findings: Finding[]
  stats: ReportStats
  /** Metadata the stages gathered (title, source, tickers, ...). */
  meta: Record<string, unknown>
}
